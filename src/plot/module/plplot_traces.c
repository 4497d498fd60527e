/* SPDX-License-Identifier: MIT */
/* Channel traces over time (simulation lines, data markers) and t_max simulation vs experiment. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot/module/plot_impl.h"

#define DEFAULT_TRACES 6
#define MAX_TRACES 64

typedef struct traces_fig {
  const ck_plot_channels *sim, *data;
  size_t n;
  size_t sim_col[MAX_TRACES], data_col[MAX_TRACES]; /* data_col SIZE_MAX: not in data */
  const char *label[MAX_TRACES];
  double *column; /* scratch: one channel's values, max(n_times) */
  double ymax;
} traces_fig;

static size_t find_label(const ck_plot_channels *c, const char *label) {
  for (size_t i = 0; c != NULL && i < c->n_channels; i++) {
    if (strcmp(c->label[i], label) == 0) {
      return i;
    }
  }
  return SIZE_MAX;
}

static double channel_max(const ck_plot_channels *c, size_t col) {
  double m = -INFINITY;
  for (size_t k = 0; k < c->n_times; k++) {
    m = fmax(m, c->value[k * c->n_channels + col]);
  }
  return m;
}

/* The DEFAULT_TRACES channels with the largest maxima, in channel order. */
static void choose_default(traces_fig *f) {
  const ck_plot_channels *s = f->sim;
  size_t n = s->n_channels < DEFAULT_TRACES ? s->n_channels : DEFAULT_TRACES;
  char *taken = calloc(s->n_channels, 1);
  for (size_t i = 0; i < n && taken != NULL; i++) {
    size_t best = SIZE_MAX;
    for (size_t c = 0; c < s->n_channels; c++) {
      if (!taken[c] && (best == SIZE_MAX || channel_max(s, c) > channel_max(s, best))) {
        best = c;
      }
    }
    taken[best] = 1;
  }
  f->n = 0;
  for (size_t c = 0; c < s->n_channels && taken != NULL; c++) {
    if (taken[c]) {
      f->sim_col[f->n] = c;
      f->label[f->n++] = s->label[c];
    }
  }
  free(taken);
}

static void copy_column(const ck_plot_channels *c, size_t col, double *out) {
  for (size_t k = 0; k < c->n_times; k++) {
    out[k] = c->value[k * c->n_channels + col];
  }
}

static void draw_traces(const plot_page *page, void *arg) {
  traces_fig *f = arg;
  const ck_plot_channels *s = f->sim;
  ck_plot_page_title(page);
  double top = page->title[0] != '\0' ? 0.86 : 0.92;
  plot_frame fr = {0.10,     0.95,           0.11,
                   top,      s->time_s[0],   s->time_s[s->n_times - 1],
                   0.0,      f->ymax * 1.05, "bcnst",
                   "bcnstv", "time / s",     "intensity (fraction of total ion signal)",
                   NULL};
  ck_plot_frame_open(&fr);
  plot_legend_entry e[MAX_TRACES];
  for (size_t i = 0; i < f->n; i++) {
    copy_column(s, f->sim_col[i], f->column);
    ck_plot_series_line((int)i);
    ck_plot_polyline(s->n_times, s->time_s, f->column);
    pllsty(1);
    if (f->data_col[i] != SIZE_MAX) {
      copy_column(f->data, f->data_col[i], f->column);
      ck_plot_markers(f->data->n_times, f->data->time_s, f->column, ck_plot_series_marker((int)i));
    }
    e[i] = (plot_legend_entry){f->label[i], (int)i, 1, f->data_col[i] != SIZE_MAX};
  }
  ck_plot_legend(e, (int)f->n);
  ck_plot_frame_close(&fr);
}

static ck_status pick(ck_ctx *ctx, traces_fig *f, const char *const *labels, size_t n_labels) {
  if (n_labels > MAX_TRACES) {
    CK_FAIL(ctx, CK_ERR_INPUT, "traces: at most %d channels", MAX_TRACES);
  }
  if (n_labels == 0) {
    choose_default(f);
  }
  for (size_t i = 0; i < n_labels; i++) {
    f->sim_col[i] = find_label(f->sim, labels[i]);
    if (f->sim_col[i] == SIZE_MAX) {
      CK_FAIL(ctx, CK_ERR_INPUT, "traces: channel %.64s is not in the series", labels[i]);
    }
    f->label[i] = labels[i];
    f->n = n_labels;
  }
  f->ymax = 0.0;
  for (size_t i = 0; i < f->n; i++) {
    f->data_col[i] = find_label(f->data, f->label[i]);
    f->ymax = fmax(f->ymax, channel_max(f->sim, f->sim_col[i]));
    if (f->data_col[i] != SIZE_MAX) {
      f->ymax = fmax(f->ymax, channel_max(f->data, f->data_col[i]));
    }
  }
  if (!(f->ymax > 0.0) || !isfinite(f->ymax)) {
    f->ymax = 1.0;
  }
  return CK_OK;
}

ck_status ck_plot_draw_traces(ck_ctx *ctx, const ck_plot_options *opt, const ck_plot_channels *sim,
                              const ck_plot_channels *data, const char *const *labels,
                              size_t n_labels) {
  traces_fig f = {.sim = sim, .data = data};
  if (pick(ctx, &f, labels, n_labels) != CK_OK) {
    return ck_ctx_status(ctx);
  }
  size_t rows = sim->n_times;
  rows = data != NULL && data->n_times > rows ? data->n_times : rows;
  if ((f.column = ck_calloc(ctx, rows, sizeof *f.column)) == NULL) {
    return CK_ERR_NOMEM;
  }
  ck_status st = ck_plot_run(ctx, opt,
                             data != NULL ? "channel traces: simulation (lines), "
                                            "data (markers)"
                                          : "channel traces",
                             draw_traces, &f);
  free(f.column);
  return st;
}

/* ---- t_max ---------------------------------------------------------------- */

typedef struct tmax_fig {
  size_t n;
  const double *sim_s, *exp_s;
  double lo, hi;
} tmax_fig;

static void draw_tmax(const plot_page *page, void *arg) {
  const tmax_fig *f = arg;
  ck_plot_page_title(page);
  double top = page->title[0] != '\0' ? 0.86 : 0.92;
  double h = top - 0.11; /* square plot area in pixels */
  double w = h * page->height_px / page->width_px;
  plot_frame fr = {0.5 - w / 2 + 0.03,
                   0.5 + w / 2 + 0.03,
                   0.11,
                   top,
                   f->lo,
                   f->hi,
                   f->lo,
                   f->hi,
                   "bcnst",
                   "bcnstv",
                   "t#dmax#u experiment / s",
                   "t#dmax#u simulation / s",
                   NULL};
  ck_plot_frame_open(&fr);
  PLFLT d[2] = {f->lo, f->hi};
  plcol0(PLOT_GREY);
  pllsty(2);
  plline(2, d, d);
  pllsty(1);
  ck_plot_series_line(0);
  ck_plot_markers(f->n, f->exp_s, f->sim_s, ck_plot_series_marker(0));
  ck_plot_frame_close(&fr);
}

ck_status ck_plot_draw_tmax(ck_ctx *ctx, const ck_plot_options *opt, size_t n, const double *sim_s,
                            const double *exp_s) {
  tmax_fig f = {n, sim_s, exp_s, INFINITY, -INFINITY};
  size_t used = 0;
  for (size_t i = 0; i < n; i++) {
    if (isfinite(sim_s[i]) && isfinite(exp_s[i])) {
      f.lo = fmin(f.lo, fmin(sim_s[i], exp_s[i]));
      f.hi = fmax(f.hi, fmax(sim_s[i], exp_s[i]));
      used++;
    }
  }
  if (used == 0) {
    CK_FAIL(ctx, CK_ERR_INPUT, "t_max plot: no channel has both t_max values");
  }
  double pad = f.hi > f.lo ? 0.05 * (f.hi - f.lo) : 1.0;
  f.lo -= pad, f.hi += pad;
  return ck_plot_run(ctx, opt, "t#dmax#u: simulation against experiment", draw_tmax, &f);
}
