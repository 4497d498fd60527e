/* SPDX-License-Identifier: MIT */
/* Metal balance: every run must conserve the atoms of each metal (MODEL.md section 2). */
#include <math.h>
#include <time.h>

#include "solver/solver_impl.h"

static double metal_total(const ck_network *net, const double *y, int x) {
  const int *counts = net->metal_counts;
  int m = net->n_metals;
  double s = 0.0;
  for (size_t i = 0; i < net->n_species; i++) {
    s += counts[i * (size_t)m + (size_t)x] * y[i];
  }
  return s;
}

double ck_conservation_error(const ck_network *net, const double *y0, size_t n_out,
                             const double *y_out, int *worst_metal, size_t *worst_out) {
  double total0[CK_MAX_METALS], all = 0.0, worst = 0.0;
  for (int x = 0; x < net->n_metals; x++) {
    total0[x] = metal_total(net, y0, x);
    all += total0[x];
  }
  *worst_metal = 0, *worst_out = 0;
  for (size_t k = 0; k < n_out; k++) {
    for (int x = 0; x < net->n_metals; x++) {
      /* A metal absent at the start is measured against all atoms present. */
      double ref = total0[x] > 0.0 ? total0[x] : all;
      double err = ref > 0.0 ? fabs(metal_total(net, y_out + k * net->n_species, x) - total0[x]) / ref
                             : 0.0;
      if (!(err <= worst)) { /* NaN counts as worst */
        worst = err, *worst_metal = x, *worst_out = k;
      }
    }
  }
  return worst;
}

double ck_clock_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
