/* SPDX-License-Identifier: MIT */
/* Solver internals shared by the CVODE adapter and the conservation check. */
#ifndef CK_SOLVER_IMPL_H
#define CK_SOLVER_IMPL_H

#include "clusterkin/ck_solver.h"
#include "network/network_impl.h"

/* Atoms of each metal in state y: totals[x] = sum_i count[i][x] y[i] (nM).
 * The check at every output uses ck_metal_totals_weighted instead. */
CK_INTERNAL void ck_metal_totals(const ck_network *net, const double *y, double *totals);
/* The network's metal counts as doubles, metal by metal (n_metals x
 * n_species); NULL when out of memory. */
CK_INTERNAL double *ck_metal_weights_create(ck_ctx *ctx, const ck_network *net);
/* ck_metal_totals from those weights: the check at every output. */
CK_INTERNAL void ck_metal_totals_weighted(const double *weight, int n_metals, size_t n_species,
                                          const double *y, double *totals);
/* Largest relative change of any metal's total against total0 (MODEL.md
 * section 2: every metal is conserved); reports the worst metal. NaN when a
 * total is NaN. */
CK_INTERNAL double ck_conservation_error(const ck_network *net, const double *total0,
                                         const double *total, int *worst_metal);

CK_INTERNAL double ck_clock_s(void);

/* Records the failure f of a run on ctx as the one-line message ck_solver.h
 * documents (failure.c); flag_name is CVODE's name of its flag. Returns
 * CK_ERR_SOLVER, or CK_ERR_LIMIT for a time limit. */
CK_INTERNAL ck_status ck_solver_failure_report(ck_ctx *ctx, const ck_network *net,
                                               const ck_solver_failure *f, const char *flag_name,
                                               double time_limit_s);

/* Wall-clock deadline on ck_clock_s's clock for every later run (0: none),
 * on top of ck_solver_set_time_limit's: a fit's budget spans many runs.
 * budget_s is that budget, for the message. */
CK_INTERNAL void ck_solver_set_deadline(ck_solver *solver, double deadline_s, double budget_s);

#endif /* CK_SOLVER_IMPL_H */
