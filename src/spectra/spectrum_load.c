/* SPDX-License-Identifier: MIT */
/* ck_spectrum_series_load: the reader chosen by the file's extension, then the time offset. */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "spectra/spectrum_readers.h"

/* 1 if path ends in ".mzML" (any case). */
static int is_mzml(const char *path) {
  size_t n = strlen(path);
  return n >= 5 && strcasecmp(path + n - 5, ".mzml") == 0;
}

ck_spectrum_series *ck_spectrum_series_load(ck_ctx *ctx, const char *path,
                                            const ck_spectrum_load_options *opt) {
  if (path == NULL) {
    ck_error_set(ctx, CK_ERR_ARG, "ck_spectrum_series_load: no path");
    return NULL;
  }
  if (opt != NULL && !isfinite(opt->time_offset_s)) {
    ck_error_set(ctx, CK_ERR_ARG, "%s: time offset %g s is not finite", path, opt->time_offset_s);
    return NULL;
  }
  ck_spectrum_series *series =
      is_mzml(path) ? ck_spectrum_mzml_load(ctx, path, opt) : ck_spectrum_csv_load(ctx, path, opt);
  if (series != NULL && opt != NULL && opt->time_offset_s != 0.0) {
    for (size_t s = 0; s < series->n_scans; s++) {
      series->scans[s].time_s += opt->time_offset_s; /* NaN (unknown) stays NaN */
    }
  }
  return series;
}
