/* SPDX-License-Identifier: MIT */
/* Installs clusterkin's serial N_Vector kernels (see cvode_vector_ops.c). */
#ifndef CK_CVODE_VECTOR_OPS_H
#define CK_CVODE_VECTOR_OPS_H

#include <sundials/sundials_nvector.h>

#include "core/core_impl.h"

CK_INTERNAL void ck_cvode_install_vector_ops(N_Vector v);
/* w = 1 / (rtol |y| + atol), CVODE's error weights; -1 if a denominator is <= 0. */
CK_INTERNAL int ck_cvode_error_weights(N_Vector y, N_Vector w, double rtol, double atol);

#endif /* CK_CVODE_VECTOR_OPS_H */
