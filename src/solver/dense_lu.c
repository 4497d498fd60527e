/* SPDX-License-Identifier: MIT */
/* Small dense LU with partial pivoting (Doolittle, row-major). */
#include "solver/dense_lu.h"

#include <math.h>

CK_VECTOR_KERNEL(int, ck_dense_lu_factor, (double *a, int n, int *piv), (a, n, piv)) {
  for (int k = 0; k < n; k++) {
    double best;
    int p = ck_dense_pivot_row(a, n, k, n, &best);
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

CK_VECTOR_KERNEL(void, ck_dense_lu_solve, (const double *a, int n, const int *piv, double *b),
                 (a, n, piv, b)) {
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

CK_VECTOR_KERNEL(void, ck_dense_lu_solve_many,
                 (const double *a, int n, const int *piv, double *b, int m), (a, n, piv, b, m)) {
  for (int k = 0; k < n; k++) {
    if (piv[k] != k) {
      double *rk = b + (size_t)k * (size_t)m, *rp = b + (size_t)piv[k] * (size_t)m;
      for (int c = 0; c < m; c++) {
        double t = rk[c];
        rk[c] = rp[c];
        rp[c] = t;
      }
    }
  }
  for (int i = 1; i < n; i++) { /* rows of b are contiguous: each update is one vector loop */
    double *ri = b + (size_t)i * (size_t)m;
    for (int j = 0; j < i; j++) {
      double l = a[i * n + j];
      const double *rj = b + (size_t)j * (size_t)m;
      for (int c = 0; c < m && l != 0.0; c++) {
        ri[c] -= l * rj[c];
      }
    }
  }
  for (int i = n - 1; i >= 0; i--) {
    double *ri = b + (size_t)i * (size_t)m;
    for (int j = i + 1; j < n; j++) {
      double u = a[i * n + j];
      const double *rj = b + (size_t)j * (size_t)m;
      for (int c = 0; c < m && u != 0.0; c++) {
        ri[c] -= u * rj[c];
      }
    }
    double inv = 1.0 / a[i * n + i];
    for (int c = 0; c < m; c++) {
      ri[c] *= inv;
    }
  }
}
