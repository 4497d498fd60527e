/* SPDX-License-Identifier: MIT */
/* t_max per channel with parabolic refinement and edge/undefined flags (MODEL.md section 2). */
#include <math.h>
#include <stdlib.h>

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

static int channel_visible(const double *series, size_t n_times, size_t n_channels, size_t c,
                           const double *total) {
  for (size_t k = 0; k < n_times; k++) {
    if (series[k * n_channels + c] > CK_TMAX_MIN_FRACTION * total[k]) {
      return 1;
    }
  }
  return 0;
}

ck_status ck_tmax_compute(ck_ctx *ctx, const double *t_s, size_t n_times, const double *series,
                          size_t n_channels, ck_tmax *out) {
  double *total = ck_calloc(ctx, n_times, sizeof *total);
  if (total == NULL) {
    return CK_ERR_NOMEM;
  }
  for (size_t k = 0; k < n_times; k++) {
    for (size_t c = 0; c < n_channels; c++) {
      total[k] += series[k * n_channels + c];
    }
  }
  for (size_t c = 0; c < n_channels; c++) {
    out[c].t_max_s = NAN;
    out[c].at_edge = -1;
    if (n_times == 0 || !channel_visible(series, n_times, n_channels, c, total)) {
      continue;
    }
    size_t best = 0;
    for (size_t k = 1; k < n_times; k++) {
      if (series[k * n_channels + c] > series[best * n_channels + c]) {
        best = k;
      }
    }
    if (best == 0 || best == n_times - 1) {
      out[c].t_max_s = t_s[best];
      out[c].at_edge = 1;
      continue;
    }
    const double *v = series + c;
    out[c].t_max_s = parabola_vertex(t_s[best - 1], v[(best - 1) * n_channels], t_s[best],
                                     v[best * n_channels], t_s[best + 1], v[(best + 1) * n_channels]);
    out[c].at_edge = 0;
  }
  free(total);
  return CK_OK;
}
