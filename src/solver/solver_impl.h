/* SPDX-License-Identifier: MIT */
/* Solver internals shared by the CVODE adapter and the conservation check. */
#ifndef CK_SOLVER_IMPL_H
#define CK_SOLVER_IMPL_H

#include "clusterkin/ck_solver.h"
#include "network/network_impl.h"

/* Atoms of each metal in state y: totals[x] = sum_i count[i][x] y[i] (nM). */
CK_INTERNAL void ck_metal_totals(const ck_network *net, const double *y, double *totals);
/* Largest relative change of any metal's total against total0 (MODEL.md
 * section 2: every metal is conserved); reports the worst metal. NaN when a
 * total is NaN. */
CK_INTERNAL double ck_conservation_error(const ck_network *net, const double *total0,
                                         const double *total, int *worst_metal);

CK_INTERNAL double ck_clock_s(void);

#endif /* CK_SOLVER_IMPL_H */
