/* SPDX-License-Identifier: MIT */
/* Metal balance: every run must conserve the atoms of each metal (MODEL.md section 2). */
#include <math.h>
#include <time.h>

#include "core/core_impl.h"
#include "solver/solver_impl.h"

void ck_metal_totals(const ck_network *net, const double *y, double *totals) {
  int m = net->n_metals;
  const int *counts = net->metal_counts;
  for (int x = 0; x < m; x++) {
    totals[x] = 0.0;
  }
  for (size_t i = 0; i < net->n_species; i++, counts += m) {
    for (int x = 0; x < m; x++) {
      totals[x] += counts[x] * y[i];
    }
  }
}

double *ck_metal_weights_create(ck_ctx *ctx, const ck_network *net) {
  size_t n = net->n_species;
  int m = net->n_metals;
  double *w = ck_calloc(ctx, n * (size_t)(m > 0 ? m : 1), sizeof *w);
  for (size_t i = 0; w != NULL && i < n; i++) {
    for (int x = 0; x < m; x++) {
      w[(size_t)x * n + i] = (double)net->metal_counts[i * (size_t)m + x];
    }
  }
  return w;
}

/* Eight partial sums per metal (two AVX registers, so two chains of
 * additions in flight) combined in a fixed order: the totals do not depend
 * on the machine. Over contiguous doubles this is a load and a multiply-add
 * per species and metal; the interleaved integer counts took a conversion
 * and shuffles as well. */
CK_VECTOR_KERNEL(void, ck_metal_totals_weighted,
                 (const double *weight, int m, size_t n, const double *y, double *totals),
                 (weight, m, n, y, totals)) {
  for (int x = 0; x < m; x++) {
    const double *w = weight + (size_t)x * n;
    double part[8] = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      for (int k = 0; k < 8; k++) {
        part[k] += w[i + k] * y[i + k];
      }
    }
    for (int k = 0; i < n; i++, k++) {
      part[k] += w[i] * y[i];
    }
    totals[x] =
        ((part[0] + part[4]) + (part[1] + part[5])) + ((part[2] + part[6]) + (part[3] + part[7]));
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
