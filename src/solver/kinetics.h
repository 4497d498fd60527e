/* SPDX-License-Identifier: MIT */
/* Mass-action right-hand side and analytic Jacobian on plain arrays (no SUNDIALS). */
#ifndef CK_KINETICS_H
#define CK_KINETICS_H

#include "network/network_impl.h"

/* A Jacobian term: J[dest] += coef * rate[reaction] * y[other] (y[other] = 1 when other < 0). */
typedef struct ck_jac_term {
  size_t dest;
  int reaction;
  int other;
  double coef;
} ck_jac_term;

typedef struct ck_kinetics {
  const ck_network *net;
  size_t n;                    /* species */
  double *v;                   /* reaction rates workspace */
  /* Reactions split by order so the rate loop has no branch. */
  size_t n_bi, n_uni;
  int *bi;                     /* n_bi x 3: reaction, reactant a, reactant b */
  int *uni;                    /* n_uni x 2: reaction, reactant */
  /* Jacobian sparsity (CSC, every diagonal present) and its terms. */
  size_t nnz;
  int *col_ptr;                /* n + 1 */
  int *row_idx;                /* nnz */
  size_t n_terms;
  ck_jac_term *terms;          /* dest = index into the CSC data */
} ck_kinetics;

CK_INTERNAL ck_status ck_kinetics_init(ck_ctx *ctx, ck_kinetics *kin, const ck_network *net);
CK_INTERNAL void ck_kinetics_destroy(ck_kinetics *kin);
/* dy/dt at y (nM/s). */
CK_INTERNAL void ck_kinetics_rhs(ck_kinetics *kin, const double *y, double *dydt);
/* Jacobian values at y into data (CSC order of col_ptr/row_idx). */
CK_INTERNAL void ck_kinetics_jacobian_csc(const ck_kinetics *kin, const double *y, double *data);
/* Jacobian into a dense column-major n x n array; csc_work holds nnz values. */
CK_INTERNAL void ck_kinetics_jacobian_dense(const ck_kinetics *kin, const double *y,
                                            double *csc_work, double *a);

#endif /* CK_KINETICS_H */
