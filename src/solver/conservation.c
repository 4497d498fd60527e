/* SPDX-License-Identifier: MIT */
/* Metal balance: every run must conserve the atoms of each metal (MODEL.md section 2). */
#include <math.h>
#include <time.h>

#include "solver/solver_impl.h"

void ck_metal_totals(const ck_network *net, const double *y, double *totals) {
  int m = net->n_metals;
  for (int x = 0; x < m; x++) {
    totals[x] = 0.0;
  }
  const int *counts = net->metal_counts;
  if (m == 2) { /* binary: runs at every output, so let it vectorise */
    double t0 = 0.0, t1 = 0.0;
    for (size_t i = 0; i < net->n_species; i++) {
      t0 += counts[2 * i] * y[i];
      t1 += counts[2 * i + 1] * y[i];
    }
    totals[0] = t0, totals[1] = t1;
    return;
  }
  for (size_t i = 0; i < net->n_species; i++, counts += m) {
    for (int x = 0; x < m; x++) {
      totals[x] += counts[x] * y[i];
    }
  }
}

double ck_conservation_error(const ck_network *net, const double *total0, const double *total,
                             int *worst_metal) {
  double all = 0.0, worst = 0.0;
  for (int x = 0; x < net->n_metals; x++) {
    all += total0[x];
  }
  *worst_metal = 0;
  for (int x = 0; x < net->n_metals; x++) {
    /* A metal absent at the start is measured against all atoms present. */
    double ref = total0[x] > 0.0 ? total0[x] : all;
    double err = ref > 0.0 ? fabs(total[x] - total0[x]) / ref : 0.0;
    if (!(err <= worst)) { /* NaN counts as worst */
      worst = err, *worst_metal = x;
    }
  }
  return worst;
}

double ck_clock_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
