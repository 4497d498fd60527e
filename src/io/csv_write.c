/* SPDX-License-Identifier: MIT */
/* Writers of the channel CSV and the t_max CSV (MODEL.md section 8). */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "clusterkin/ck_io.h"
#include "core/core_impl.h"

/* 10 significant digits: beyond the default rtol 1e-8, short enough to read. */
#define VALUE_FORMAT "%.10g"

static ck_status stream_status(ck_ctx *ctx, FILE *stream, const char *what) {
  if (ferror(stream)) {
    CK_FAIL(ctx, CK_ERR_IO, "cannot write the %s: %s", what, strerror(errno));
  }
  return CK_OK;
}

ck_status ck_series_write_csv(ck_ctx *ctx, const ck_series *series, const ck_channels *ch,
                              FILE *stream) {
  fputs("time_s", stream);
  for (size_t c = 0; c < series->n_channels; c++) {
    fprintf(stream, ",%s", ck_channels_label(ch, c));
  }
  fputc('\n', stream);
  for (size_t k = 0; k < series->n_times; k++) {
    fprintf(stream, VALUE_FORMAT, series->time_s[k]);
    const double *row = series->value + k * series->n_channels;
    for (size_t c = 0; c < series->n_channels; c++) {
      fprintf(stream, "," VALUE_FORMAT, row[c]);
    }
    fputc('\n', stream);
  }
  return stream_status(ctx, stream, "channel series");
}

ck_status ck_tmax_write_csv(ck_ctx *ctx, const ck_series *series, const ck_channels *ch,
                            FILE *stream) {
  fputs("channel,t_max_s,at_edge\n", stream);
  for (size_t c = 0; c < series->n_channels; c++) {
    const ck_tmax *t = series->tmax + c;
    if (t->at_edge < 0) {
      fprintf(stream, "%s,,-1\n", ck_channels_label(ch, c));
    } else {
      fprintf(stream, "%s," VALUE_FORMAT ",%d\n", ck_channels_label(ch, c), t->t_max_s, t->at_edge);
    }
  }
  return stream_status(ctx, stream, "t_max table");
}
