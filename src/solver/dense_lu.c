/* SPDX-License-Identifier: MIT */
/* Small dense LU with partial pivoting (Doolittle, row-major). */
#include "solver/dense_lu.h"

#include <math.h>

int ck_dense_lu_factor(double *a, int n, int *piv) {
  for (int k = 0; k < n; k++) {
    int p = k;
    double best = fabs(a[k * n + k]);
    for (int i = k + 1; i < n; i++) {
      double v = fabs(a[i * n + k]);
      if (v > best) {
        best = v, p = i;
      }
    }
    piv[k] = p;
    if (best == 0.0) {
      return 1;
    }
    if (p != k) {
      for (int j = 0; j < n; j++) {
        double t = a[k * n + j];
        a[k * n + j] = a[p * n + j];
        a[p * n + j] = t;
      }
    }
    double inv = 1.0 / a[k * n + k];
    for (int i = k + 1; i < n; i++) {
      double l = a[i * n + k] * inv;
      a[i * n + k] = l;
      if (l != 0.0) {
        double *ri = a + i * n, *rk = a + k * n;
        for (int j = k + 1; j < n; j++) {
          ri[j] -= l * rk[j];
        }
      }
    }
  }
  return 0;
}

void ck_dense_lu_solve(const double *a, int n, const int *piv, double *b) {
  for (int k = 0; k < n; k++) {
    if (piv[k] != k) {
      double t = b[k];
      b[k] = b[piv[k]];
      b[piv[k]] = t;
    }
  }
  for (int i = 1; i < n; i++) {
    double s = b[i];
    for (int j = 0; j < i; j++) {
      s -= a[i * n + j] * b[j];
    }
    b[i] = s;
  }
  for (int i = n - 1; i >= 0; i--) {
    double s = b[i];
    for (int j = i + 1; j < n; j++) {
      s -= a[i * n + j] * b[j];
    }
    b[i] = s / a[i * n + i];
  }
}
