/* SPDX-License-Identifier: MIT */
/* t_max per channel with parabolic refinement and edge/undefined flags (MODEL.md section 2). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkin/ck_observe.h"
#include "core/core_impl.h"

/* Vertex of the parabola through three points (t0 < t1 < t2, v1 the largest),
 * kept inside [t0, t2]; the middle point when they are collinear. */
static double parabola_vertex(double t0, double v0, double t1, double v1, double t2, double v2) {
  double d01 = (v1 - v0) / (t1 - t0), d12 = (v2 - v1) / (t2 - t1);
  double curvature = (d12 - d01) / (t2 - t0); /* second divided difference */
  if (!(curvature < 0.0)) {
    return t1;
  }
  /* p(t) = v0 + d01 (t - t0) + curvature (t - t0)(t - t1); p'(t) = 0 */
  double t = 0.5 * (t0 + t1) - d01 / (2.0 * curvature);
  return t < t0 ? t0 : (t > t2 ? t2 : t);
}

/* One pass over the series, row by row (each output time's channels are
 * contiguous): the column-by-column scans this replaced (visibility, then
 * the maximum) strode through memory. best[c] is the first time of channel
 * c's largest value, as the strict > of a forward scan finds it; the loops
 * are branch-free so they vectorize. */
static CK_VECTOR_KERNEL(void, scan_rows,
                        (const double *restrict series, size_t n_times, size_t n_channels,
                         double *restrict best_value, size_t *restrict best,
                         size_t *restrict visible),
                        (series, n_times, n_channels, best_value, best, visible)) {
  for (size_t k = 0; k < n_times; k++) {
    const double *restrict row = series + k * n_channels;
    double sum = 0.0;
    for (size_t c = 0; c < n_channels; c++) {
      sum += row[c];
    }
    double least = CK_TMAX_MIN_FRACTION * sum; /* of the row's total */
    for (size_t c = 0; c < n_channels; c++) {
      visible[c] |= (size_t)(row[c] > least);
    }
    if (k == 0) {
      memcpy(best_value, row, n_channels * sizeof *row); /* best[] starts at 0 */
      continue;
    }
    for (size_t c = 0; c < n_channels; c++) {
      int up = row[c] > best_value[c];
      best_value[c] = up ? row[c] : best_value[c];
      best[c] = up ? k : best[c];
    }
  }
}

ck_status ck_tmax_compute(ck_ctx *ctx, const double *t_s, size_t n_times, const double *series,
                          size_t n_channels, ck_tmax *out) {
  double *best_value = ck_calloc(ctx, n_channels + 1, sizeof *best_value);
  size_t *best = ck_calloc(ctx, 2 * n_channels + 1, sizeof *best); /* + visible */
  if (best_value == NULL || best == NULL) {
    free(best_value), free(best);
    return CK_ERR_NOMEM;
  }
  size_t *visible = best + n_channels;
  scan_rows(series, n_times, n_channels, best_value, best, visible);
  for (size_t c = 0; c < n_channels; c++) {
    out[c].t_max_s = NAN;
    out[c].at_edge = -1;
    if (n_times == 0 || !visible[c]) {
      continue;
    }
    size_t b = best[c];
    if (b == 0 || b == n_times - 1) {
      out[c].t_max_s = t_s[b];
      out[c].at_edge = 1;
      continue;
    }
    const double *v = series + c;
    out[c].t_max_s = parabola_vertex(t_s[b - 1], v[(b - 1) * n_channels], t_s[b],
                                     v[b * n_channels], t_s[b + 1], v[(b + 1) * n_channels]);
    out[c].at_edge = 0;
  }
  free(best_value), free(best);
  return CK_OK;
}
