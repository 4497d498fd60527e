/* SPDX-License-Identifier: MIT */
/* Solver internals shared by the CVODE adapter and the conservation check. */
#ifndef CK_SOLVER_IMPL_H
#define CK_SOLVER_IMPL_H

#include "clusterkin/ck_solver.h"
#include "network/network_impl.h"

/* Largest relative change of any metal's total amount over the n_out states
 * against y0 (MODEL.md section 2: every metal is conserved); reports the
 * worst metal and output index. */
CK_INTERNAL double ck_conservation_error(const ck_network *net, const double *y0, size_t n_out,
                                         const double *y_out, int *worst_metal, size_t *worst_out);

CK_INTERNAL double ck_clock_s(void);

#endif /* CK_SOLVER_IMPL_H */
