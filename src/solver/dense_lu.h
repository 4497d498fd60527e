/* SPDX-License-Identifier: MIT */
/* Small dense LU with partial pivoting, row-major, for the block solver. */
#ifndef CK_DENSE_LU_H
#define CK_DENSE_LU_H

#include "core/core_impl.h"

/* Factors the n x n row-major a in place; piv records row swaps. 0 ok, 1 singular. */
CK_INTERNAL int ck_dense_lu_factor(double *a, int n, int *piv);
/* Solves with the factors, b overwritten by x. */
CK_INTERNAL void ck_dense_lu_solve(const double *a, int n, const int *piv, double *b);

/* Solves for m right-hand sides at once: b is n x m row-major, overwritten by x. */
CK_INTERNAL void ck_dense_lu_solve_many(const double *a, int n, const int *piv, double *b, int m);

#endif /* CK_DENSE_LU_H */
