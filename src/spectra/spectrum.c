/* SPDX-License-Identifier: MIT */
/* Ownership of spectrum series (ck_spectrum.h): creation, per-scan arrays, free. */
#include <math.h>
#include <stdlib.h>

#include "clusterkin/ck_spectrum.h"
#include "core/core_impl.h"

ck_spectrum_series *ck_spectrum_series_create(ck_ctx *ctx, size_t n_scans) {
  ck_spectrum_series *series = ck_calloc(ctx, 1, sizeof *series);
  if (!series) {
    return NULL;
  }
  if (n_scans > 0) {
    series->scans = ck_calloc(ctx, n_scans, sizeof *series->scans);
    if (!series->scans) {
      free(series);
      return NULL;
    }
  }
  series->n_scans = n_scans;
  for (size_t i = 0; i < n_scans; i++) {
    series->scans[i].time_s = NAN; /* unknown until a reader sets it */
  }
  return series;
}

ck_status ck_spectrum_alloc(ck_ctx *ctx, ck_spectrum *scan, size_t n_points) {
  if (!scan) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_spectrum_alloc: no scan");
  }
  free(scan->mz);
  free(scan->intensity);
  scan->mz = NULL;
  scan->intensity = NULL;
  scan->n_points = 0;
  if (n_points == 0) {
    return CK_OK;
  }
  scan->mz = ck_calloc(ctx, n_points, sizeof *scan->mz);
  scan->intensity = ck_calloc(ctx, n_points, sizeof *scan->intensity);
  if (!scan->mz || !scan->intensity) {
    free(scan->mz);
    free(scan->intensity);
    scan->mz = NULL;
    scan->intensity = NULL;
    return CK_ERR_NOMEM;
  }
  scan->n_points = n_points;
  return CK_OK;
}

void ck_spectrum_series_free(ck_spectrum_series *series) {
  if (!series) {
    return;
  }
  for (size_t i = 0; i < series->n_scans; i++) {
    free(series->scans[i].mz);
    free(series->scans[i].intensity);
  }
  free(series->scans);
  free(series);
}
