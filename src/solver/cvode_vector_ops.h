/* SPDX-License-Identifier: MIT */
/* Installs clusterkin's serial N_Vector kernels (see cvode_vector_ops.c). */
#ifndef CK_CVODE_VECTOR_OPS_H
#define CK_CVODE_VECTOR_OPS_H

#include <sundials/sundials_nvector.h>

#include "core/core_impl.h"

CK_INTERNAL void ck_cvode_install_vector_ops(N_Vector v);

#endif /* CK_CVODE_VECTOR_OPS_H */
