/* SPDX-License-Identifier: MIT */
/* Small dense LU with partial pivoting, row-major, for the block solver. */
#ifndef CK_DENSE_LU_H
#define CK_DENSE_LU_H

#include <math.h>

#include "core/core_impl.h"

/* Partial pivoting's choice at step k: the row i >= k of the row-major a
 * (leading dimension ld, n rows) with the largest |a[i][k]|, the first on a
 * tie; *best is that magnitude (0.0: singular). Inline, so it is built for
 * each target of the kernels that call it. */
static inline int ck_dense_pivot_row(const double *a, int ld, int k, int n, double *best) {
  int p = k;
  *best = fabs(a[k * ld + k]);
  for (int i = k + 1; i < n; i++) {
    double v = fabs(a[i * ld + k]);
    if (v > *best) {
      *best = v, p = i;
    }
  }
  return p;
}

/* Factors the n x n row-major a in place; piv records row swaps. 0 ok, 1 singular. */
CK_INTERNAL int ck_dense_lu_factor(double *a, int n, int *piv);
/* Solves with the factors, b overwritten by x. */
CK_INTERNAL void ck_dense_lu_solve(const double *a, int n, const int *piv, double *b);

/* Solves for m right-hand sides at once: b is n x m row-major, overwritten by x. */
CK_INTERNAL void ck_dense_lu_solve_many(const double *a, int n, const int *piv, double *b, int m);

#endif /* CK_DENSE_LU_H */
