/* SPDX-License-Identifier: MIT */
/* Matrix-free pieces of the Krylov (GMRES) linear solver (issue 5, item 5):
 * exact Jacobian-vector products and a Jacobi preconditioner, on plain arrays
 * (the CVODE adapter wraps them as SUNDIALS callbacks). */
#ifndef CK_KRYLOV_H
#define CK_KRYLOV_H

#include "solver/kinetics.h"

/* GMRES settings (documented in docs/model-file.md, linear-solver: krylov). */
#define CK_KRYLOV_MAXL 30 /* Krylov vectors per linear solve (SPGMR maxl), no restarts */
/* CVODE's linear-solve tolerance factor: GMRES stops when the preconditioned
 * residual is below eps_lin times the Newton tolerance. CVODE's default, 0.05,
 * let the inexact corrections double the BDF steps on the large networks
 * (ternary N = 25: 669 steps and 724 RHS + 2297 J v, against 378 and 415 +
 * 1928 at 0.005); sim3 pays 25% more J v at 0.005. The metal balance does not
 * depend on it: ck_krylov_conserve restores it after every solve. */
#define CK_KRYLOV_EPS_LIN 0.005

/* Jacobi preconditioner for M = I - gamma J: keeps diag(J) from the last
 * Jacobian evaluation and 1 / (1 - gamma J_ii). Mass action makes every J_ii
 * <= 0 (a species only consumes itself), so 1 - gamma J_ii >= 1 for gamma > 0:
 * the preconditioner never fails. */
typedef struct ck_krylov_prec {
  const ck_kinetics *kin;
  double *diag; /* J_ii at the state of the last evaluation, 1/s */
  double *inv;  /* 1 / (1 - gamma J_ii) */
} ck_krylov_prec;

CK_INTERNAL ck_status ck_krylov_prec_init(ck_ctx *ctx, ck_krylov_prec *p, const ck_kinetics *kin);
CK_INTERNAL void ck_krylov_prec_destroy(ck_krylov_prec *p);
/* Re-evaluates diag(J) at y when y != NULL (else keeps the saved one), then
 * forms 1 / (1 - gamma diag). */
CK_INTERNAL void ck_krylov_prec_setup(ck_krylov_prec *p, const double *y, double gamma);
/* z = P^-1 r (z may be r). */
CK_INTERNAL void ck_krylov_prec_solve(const ck_krylov_prec *p, const double *r, double *z);

/* diag[i] = d(dy_i/dt)/dy_i at y, from the reaction list (no matrix). */
CK_INTERNAL void ck_kinetics_jacobian_diagonal(const ck_kinetics *kin, const double *y,
                                               double *diag);
/* jv = J(y) v, exact, in one pass over the reactions (the cost of one RHS).
 * Every reaction conserves atoms, so jv does too: sum_i count_i jv_i = 0. */
CK_INTERNAL void ck_kinetics_jtimes(const ck_kinetics *kin, const double *y, const double *v,
                                    double *jv);

/* Adds to x the smallest correction, in the norm sum_i (w_i dx_i)^2 (w = NULL:
 * unit weights), that makes its metal totals sum_i count[i][m] x_i equal
 * target[m] for every metal m (MODEL.md section 2). GMRES stops at a residual
 * tolerance, and the residual's component along a conservation law moves
 * the metal balance; since c^T (I - gamma J) = c^T for every conserved c, the
 * exact solution of M x = b has the totals of b, which this restores. A metal
 * no species carries is left alone. */
CK_INTERNAL void ck_krylov_conserve(const ck_network *net, const double *w, const double *target,
                                    double *x);

#endif /* CK_KRYLOV_H */
