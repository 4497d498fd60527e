/* SPDX-License-Identifier: MIT */
/* Writers of the channel CSV and the t_max CSV (MODEL.md section 8). */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkin/ck_io.h"
#include "core/core_impl.h"
#include "io/format_number.h"

/* Numbers are written as "%.10g" (ck_format_g10, identical bytes, faster):
 * 10 significant digits, beyond the default rtol 1e-8, short enough to read. */

static ck_status stream_status(ck_ctx *ctx, FILE *stream, const char *what) {
  if (ferror(stream)) {
    CK_FAIL(ctx, CK_ERR_IO, "cannot write the %s: %s", what, strerror(errno));
  }
  return CK_OK;
}

/* Times on the output grid are mostly whole seconds: those below 10^9 are
 * written as the integer "%.10g" makes of them, without the general path. */
static size_t put_time(double t, char *out) {
  if (t >= 1.0 && t < 1e9 && t == (double)(uint32_t)t) {
    char digits[10];
    size_t k = sizeof digits;
    for (uint32_t u = (uint32_t)t; u != 0; u /= 10) {
      digits[--k] = (char)('0' + u % 10);
    }
    memcpy(out, digits + k, sizeof digits - k);
    return sizeof digits - k;
  }
  return (size_t)ck_format_g10(t, out);
}

ck_status ck_series_write_csv(ck_ctx *ctx, const ck_series *series, const ck_channels *ch,
                              FILE *stream) {
  /* One buffer for the header and then each row, each written at once: a
   * stdio call per number (each taking the stream's lock) cost as much as the
   * formatting, and fprintf per label a third of the header's. */
  size_t header_bytes = sizeof "time_s\n";
  for (size_t c = 0; c < series->n_channels; c++) {
    header_bytes += 1 + strlen(ck_channels_label(ch, c));
  }
  size_t row_bytes = (series->n_channels + 1) * (CK_G10_MAX + 1) + 1;
  char *line = ck_calloc(ctx, header_bytes > row_bytes ? header_bytes : row_bytes, 1);
  if (line == NULL) {
    return CK_ERR_NOMEM;
  }
  size_t n = sizeof "time_s" - 1;
  memcpy(line, "time_s", n);
  for (size_t c = 0; c < series->n_channels; c++) {
    const char *label = ck_channels_label(ch, c);
    size_t len = strlen(label);
    line[n++] = ',';
    memcpy(line + n, label, len);
    n += len;
  }
  line[n++] = '\n';
  fwrite(line, 1, n, stream);
  for (size_t k = 0; k < series->n_times; k++) {
    n = put_time(series->time_s[k], line);
    n += ck_format_g10_row(series->value + k * series->n_channels, series->n_channels, line + n);
    line[n++] = '\n';
    fwrite(line, 1, n, stream);
  }
  free(line);
  return stream_status(ctx, stream, "channel series");
}

ck_status ck_tmax_write_csv(ck_ctx *ctx, const ck_series *series, const ck_channels *ch,
                            FILE *stream) {
  fputs("channel,t_max_s,at_edge\n", stream);
  /* Each line assembled here and written at once: three fprintf calls a line
   * cost more than the whole table's numbers. It holds a label (shorter than
   * CK_CHANNEL_LABEL_MAX), ",number,flag\n" and the formatter's slack. */
  char line[CK_CHANNEL_LABEL_MAX + CK_G10_MAX + 16];
  for (size_t c = 0; c < series->n_channels; c++) {
    const ck_tmax *t = series->tmax + c;
    const char *label = ck_channels_label(ch, c);
    size_t n = strnlen(label, CK_CHANNEL_LABEL_MAX - 1);
    memcpy(line, label, n);
    line[n++] = ',';
    if (t->at_edge < 0) {
      memcpy(line + n, ",-1\n", 4);
      n += 4;
    } else {
      n += (size_t)ck_format_g10(t->t_max_s, line + n);
      line[n++] = ',';
      line[n++] = t->at_edge > 0 ? '1' : '0'; /* ck_observe.h: 1 at an edge, 0 inside */
      line[n++] = '\n';
    }
    fwrite(line, 1, n, stream);
  }
  return stream_status(ctx, stream, "t_max table");
}
