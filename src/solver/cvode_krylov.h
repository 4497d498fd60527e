/* SPDX-License-Identifier: MIT */
/* SUNDIALS SPGMR wrapped so that every solution keeps the metal balance. */
#ifndef CK_CVODE_KRYLOV_H
#define CK_CVODE_KRYLOV_H

#include <sundials/sundials_linearsolver.h>

#include "network/network_impl.h"

/* Left-preconditioned GMRES (SPGMR, modified Gram-Schmidt, CK_KRYLOV_MAXL
 * vectors) whose solutions are corrected by ck_krylov_conserve in CVODE's
 * error-weight norm. Behaves as SPGMR towards CVODE; NULL when out of memory.
 * net is borrowed and must outlive the solver. */
CK_INTERNAL SUNLinearSolver ck_cvode_krylov_solver(N_Vector y, const ck_network *net,
                                                   SUNContext sunctx);

#endif /* CK_CVODE_KRYLOV_H */
