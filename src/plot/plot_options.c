/* SPDX-License-Identifier: MIT */
/* Plot options checked without PLplot: format from the extension, size, channel views.
 *
 * These run in libclusterkin itself, so a bad option is reported before the
 * plot module (and PLplot with it) is ever loaded. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clusterkin/ck_plot.h"
#include "core/core_impl.h"

ck_status ck_plot_format_from_path(ck_ctx *ctx, const char *path, ck_plot_format *out) {
  if (path == NULL || out == NULL) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_plot_format_from_path: NULL argument");
  }
  const char *dot = strrchr(path, '.');
  const char *slash = strrchr(path, '/');
  if (dot != NULL && (slash == NULL || dot > slash)) {
    static const char *const ext[] = {".png", ".svg", ".pdf"};
    for (int f = 0; f < 3; f++) {
      if (strcasecmp(dot, ext[f]) == 0) {
        *out = (ck_plot_format)f;
        return CK_OK;
      }
    }
  }
  CK_FAIL(ctx, CK_ERR_INPUT, "%.200s: plot file name must end in .png, .svg or .pdf", path);
}

static int parse_px(const char *s, char stop, const char **end) {
  char *e;
  if (*s < '0' || *s > '9') {
    return -1;
  }
  long v = strtol(s, &e, 10);
  if (*e != stop || v > CK_PLOT_MAX_PX) {
    return -1;
  }
  *end = e;
  return (int)v;
}

ck_status ck_plot_size_parse(ck_ctx *ctx, const char *text, ck_plot_options *opt) {
  if (text == NULL || opt == NULL) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_plot_size_parse: NULL argument");
  }
  const char *p = text;
  int w = parse_px(p, 'x', &p);
  int h = w < 0 ? -1 : parse_px(p + 1, '\0', &p);
  if (w < CK_PLOT_MIN_PX || h < CK_PLOT_MIN_PX) {
    CK_FAIL(ctx, CK_ERR_INPUT, "plot size \"%.40s\" is not WIDTHxHEIGHT with both in %d..%d", text,
            CK_PLOT_MIN_PX, CK_PLOT_MAX_PX);
  }
  opt->width_px = w;
  opt->height_px = h;
  return CK_OK;
}

static int size_ok(int px) {
  return px == 0 || (px >= CK_PLOT_MIN_PX && px <= CK_PLOT_MAX_PX);
}

ck_status ck_plot_options_check(ck_ctx *ctx, const ck_plot_options *opt) {
  ck_plot_format format;
  if (opt == NULL) {
    CK_FAIL(ctx, CK_ERR_ARG, "plot: NULL options");
  }
  ck_status st = ck_plot_format_from_path(ctx, opt->path, &format);
  if (st != CK_OK) {
    return st;
  }
  if (!size_ok(opt->width_px) || !size_ok(opt->height_px)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "plot size %dx%d: both must lie in %d..%d", opt->width_px,
            opt->height_px, CK_PLOT_MIN_PX, CK_PLOT_MAX_PX);
  }
  return CK_OK;
}

ck_plot_channels ck_plot_channels_from_data(const ck_channel_data *data) {
  ck_plot_channels v = {0};
  if (data != NULL) {
    v.n_times = data->n_times;
    v.time_s = data->time_s;
    v.n_channels = data->n_channels;
    v.label = (const char *const *)data->labels;
    v.id = data->id;
    v.value = data->value;
  }
  return v;
}
