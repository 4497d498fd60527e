/* SPDX-License-Identifier: MIT */
/* Installs clusterkin's serial N_Vector kernels (see cvode_vector_ops.c). */
#ifndef CK_CVODE_VECTOR_OPS_H
#define CK_CVODE_VECTOR_OPS_H

#include <sundials/sundials_nvector.h>

#include "core/core_impl.h"

CK_INTERNAL void ck_cvode_install_vector_ops(N_Vector v);

/* Aligned data for the vectors CVODE clones from v while a solver sets it
 * up (see cvode_vector_ops.c): slots vectors of length doubles. */
enum { CK_VECTOR_ALIGN = 64 };
typedef struct ck_vector_pool {
  double *block;
  size_t length, stride; /* doubles per vector, and between vectors */
  int slots, used;
} ck_vector_pool;
CK_INTERNAL ck_status ck_vector_pool_init(ck_ctx *ctx, ck_vector_pool *pool, size_t length,
                                          int slots);
CK_INTERNAL void ck_vector_pool_destroy(ck_vector_pool *pool);
/* Clones on this thread take their data from pool from now on; NULL stops. */
CK_INTERNAL void ck_vector_pool_use(ck_vector_pool *pool);
/* w = 1 / (rtol |y| + atol), CVODE's error weights; -1 if a denominator is <= 0. */
CK_INTERNAL int ck_cvode_error_weights(N_Vector y, N_Vector w, double rtol, double atol);

#endif /* CK_CVODE_VECTOR_OPS_H */
