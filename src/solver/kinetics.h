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

/* Right-hand side loops: reactions grouped by the shape of their net
 * stoichiometry, so each group is a branch-free scatter with unit
 * coefficients; whatever fits no shape goes through the general loop. */
enum {
  CK_SHAPE_ISOMERIZE, /* A -> P        (exchange): reaction, A, P */
  CK_SHAPE_SPLIT,     /* A -> P + Q    (heterodimer dissociation): reaction, A, P, Q */
  CK_SHAPE_JOIN,      /* A + B -> P    (heterodimerization): reaction, A, B, P */
  CK_SHAPE_COUNT
};

typedef struct ck_general_reaction {
  int reaction, a, b; /* b < 0: unimolecular */
  int n_entries;
  int species[4];
  double coef[4];
} ck_general_reaction;

typedef struct ck_kinetics {
  const ck_network *net;
  size_t n; /* species */
  size_t n_shape[CK_SHAPE_COUNT];
  int *shape[CK_SHAPE_COUNT]; /* n_shape x (3 or 4) ints, layouts above */
  size_t n_general;
  ck_general_reaction *general;
  /* The right-hand side's own plan: a reaction and its reverse (exchange
   * A -> P with P -> A; dimerization A + B -> D with dissociation D -> A + B)
   * as one net flux, which halves the scatter into dydt; reactions without
   * a partner stay in rest[] (same layouts as shape[]) and general. */
  size_t n_iso_pair, n_bind_pair, n_rest[CK_SHAPE_COUNT];
  int *iso_pair;  /* n_iso_pair x 4: forward, reverse, A, P */
  int *bind_pair; /* n_bind_pair x 5: join, split, A, B, D */
  int *rest[CK_SHAPE_COUNT];
  /* Jacobian sparsity (CSC, every diagonal present) and its terms. */
  size_t nnz;
  int *col_ptr; /* n + 1 */
  int *row_idx; /* nnz */
  size_t n_terms;
  ck_jac_term *terms; /* dest = index into the CSC data */
} ck_kinetics;

CK_INTERNAL ck_status ck_kinetics_init(ck_ctx *ctx, ck_kinetics *kin, const ck_network *net);
/* The RHS tables only, no Jacobian terms or pattern (nnz = 0): enough for
 * the matrix-free Krylov path (src/solver/krylov.c). */
CK_INTERNAL ck_status ck_kinetics_init_rhs(ck_ctx *ctx, ck_kinetics *kin, const ck_network *net);
CK_INTERNAL void ck_kinetics_destroy(ck_kinetics *kin);
/* dy/dt at y (nM/s). */
CK_INTERNAL void ck_kinetics_rhs(ck_kinetics *kin, const double *y, double *dydt);
/* Jacobian values at y into data (CSC order of col_ptr/row_idx). */
CK_INTERNAL void ck_kinetics_jacobian_csc(const ck_kinetics *kin, const double *y, double *data);
/* Jacobian into a dense column-major n x n array; csc_work holds nnz values. */
CK_INTERNAL void ck_kinetics_jacobian_dense(const ck_kinetics *kin, const double *y,
                                            double *csc_work, double *a);

#endif /* CK_KINETICS_H */
