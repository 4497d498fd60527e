/* SPDX-License-Identifier: MIT */
/* Tight loops for the serial N_Vector operations CVODE calls every step.
 *
 * Part of the CVODE adapter (SUNDIALS types only, no other module sees them).
 * Debian's libsundials kernels spend about 20 instructions per element; these
 * compile to vectorised loops. CVODE clones its work vectors from the state
 * vector, ops table included, so installing them on one vector covers all.
 * Semantics follow the SUNDIALS 6 N_Vector documentation, aliasing included
 * (z may be x or y; Z[i] may be Y[i]; z may be X[0]). */
#include "solver/cvode_vector_ops.h"

#include <math.h>
#include <nvector/nvector_serial.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_impl.h"

#define DATA(v) NV_DATA_S(v)
#define LEN(v) ((size_t)NV_LENGTH_S(v))

/* CVODE's predictor alone calls this q(q+1)/2 times a step (up to 15) with
 * a = b = 1: that case is a plain sum (1 * x is exactly x, so the result is
 * the same), unrolled so the loop is loads, adds and stores only. */
static CK_ALIGNED_KERNEL(void, linear_sum,
                         (sunrealtype a, N_Vector x, sunrealtype b, N_Vector y, N_Vector z),
                         (a, x, b, y, z)) {
  const sunrealtype *xd = DATA(x), *yd = DATA(y);
  sunrealtype *zd = DATA(z);
  size_t n = LEN(z);
  if (a == 1.0 && b == 1.0) {
#pragma GCC unroll 4
    for (size_t i = 0; i < n; i++) {
      zd[i] = xd[i] + yd[i];
    }
    return;
  }
  for (size_t i = 0; i < n; i++) {
    zd[i] = a * xd[i] + b * yd[i];
  }
}

static CK_ALIGNED_KERNEL(void, const_fill, (sunrealtype c, N_Vector z), (c, z)) {
  sunrealtype *zd = DATA(z);
  for (size_t i = 0, n = LEN(z); i < n; i++) {
    zd[i] = c;
  }
}

static CK_ALIGNED_KERNEL(void, scale, (sunrealtype c, N_Vector x, N_Vector z), (c, x, z)) {
  const sunrealtype *xd = DATA(x);
  sunrealtype *zd = DATA(z);
  for (size_t i = 0, n = LEN(z); i < n; i++) {
    zd[i] = c * xd[i];
  }
}

static CK_ALIGNED_KERNEL(void, abs_value, (N_Vector x, N_Vector z), (x, z)) {
  const sunrealtype *xd = DATA(x);
  sunrealtype *zd = DATA(z);
  for (size_t i = 0, n = LEN(z); i < n; i++) {
    zd[i] = fabs(xd[i]);
  }
}

static CK_ALIGNED_KERNEL(void, inverse, (N_Vector x, N_Vector z), (x, z)) {
  const sunrealtype *xd = DATA(x);
  sunrealtype *zd = DATA(z);
  for (size_t i = 0, n = LEN(z); i < n; i++) {
    zd[i] = 1.0 / xd[i];
  }
}

static CK_ALIGNED_KERNEL(void, add_const, (N_Vector x, sunrealtype b, N_Vector z), (x, b, z)) {
  const sunrealtype *xd = DATA(x);
  sunrealtype *zd = DATA(z);
  for (size_t i = 0, n = LEN(z); i < n; i++) {
    zd[i] = xd[i] + b;
  }
}

static CK_ALIGNED_KERNEL(void, product, (N_Vector x, N_Vector y, N_Vector z), (x, y, z)) {
  const sunrealtype *xd = DATA(x), *yd = DATA(y);
  sunrealtype *zd = DATA(z);
  for (size_t i = 0, n = LEN(z); i < n; i++) {
    zd[i] = xd[i] * yd[i];
  }
}

/* Eight partial sums (two AVX registers) instead of one: a single running
 * sum is a chain of dependent additions, about 4 cycles each, which made
 * this the slowest vector kernel although it has the fewest instructions.
 * The partial sums are combined in a fixed order, so the result does not
 * depend on the machine, only on n. */
static inline __attribute__((always_inline)) sunrealtype square_sum(N_Vector x, N_Vector w) {
  const sunrealtype *xd = DATA(x), *wd = DATA(w);
  sunrealtype part[8] = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  size_t n = LEN(x), i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int k = 0; k < 8; k++) {
      sunrealtype p = xd[i + k] * wd[i + k];
      part[k] += p * p;
    }
  }
  for (int k = 0; i < n; i++, k++) {
    sunrealtype p = xd[i] * wd[i];
    part[k] += p * p;
  }
  return ((part[0] + part[4]) + (part[1] + part[5])) + ((part[2] + part[6]) + (part[3] + part[7]));
}

static CK_ALIGNED_KERNEL(sunrealtype, weighted_square_sum, (N_Vector x, N_Vector w), (x, w)) {
  return square_sum(x, w);
}

/* Through the inline sum, not the kernel: a call to weighted_square_sum
 * would be an indirect one to whichever version the resolver chose. */
static CK_ALIGNED_KERNEL(sunrealtype, weighted_rms_norm, (N_Vector x, N_Vector w), (x, w)) {
  return sqrt(square_sum(x, w) / (sunrealtype)LEN(x));
}

static CK_ALIGNED_KERNEL(int, linear_combination,
                         (int nv, sunrealtype *c, N_Vector *xv, N_Vector z), (nv, c, xv, z)) {
  sunrealtype *zd = DATA(z);
  size_t n = LEN(z);
  int first = 0;
  if (xv[0] == z) { /* z = c0 z + sum c_k x_k: scale in place first */
    for (size_t i = 0; i < n && c[0] != 1.0; i++) {
      zd[i] *= c[0];
    }
    first = 1;
  } else {
    const sunrealtype *x0 = DATA(xv[0]);
    for (size_t i = 0; i < n; i++) {
      zd[i] = c[0] * x0[i];
    }
    first = 1;
  }
  for (int k = first; k < nv; k++) {
    const sunrealtype *xk = DATA(xv[k]);
    sunrealtype ck = c[k];
    for (size_t i = 0; i < n; i++) {
      zd[i] += ck * xk[i];
    }
  }
  return 0;
}

static CK_ALIGNED_KERNEL(int, scale_add_multi,
                         (int nv, sunrealtype *a, N_Vector x, N_Vector *yv, N_Vector *zv),
                         (nv, a, x, yv, zv)) {
  const sunrealtype *xd = DATA(x);
  size_t n = LEN(x);
  for (int k = 0; k < nv; k++) {
    const sunrealtype *yd = DATA(yv[k]);
    sunrealtype *zd = DATA(zv[k]), ak = a[k];
    for (size_t i = 0; i < n; i++) {
      zd[i] = ak * xd[i] + yd[i];
    }
  }
  return 0;
}

/* GMRES (linear-solver: krylov) orthogonalises with one dot product per basis
 * vector. Four partial sums let the loop vectorise without -ffast-math; the
 * summation order differs from SUNDIALS' by rounding only. */
static CK_ALIGNED_KERNEL(sunrealtype, dot_prod, (N_Vector x, N_Vector y), (x, y)) {
  const sunrealtype *xd = DATA(x), *yd = DATA(y);
  size_t n = LEN(x), i = 0;
  sunrealtype s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  for (; i + 4 <= n; i += 4) {
    s0 += xd[i] * yd[i];
    s1 += xd[i + 1] * yd[i + 1];
    s2 += xd[i + 2] * yd[i + 2];
    s3 += xd[i + 3] * yd[i + 3];
  }
  for (; i < n; i++) {
    s0 += xd[i] * yd[i];
  }
  return (s0 + s1) + (s2 + s3);
}

static CK_ALIGNED_KERNEL(void, divide, (N_Vector x, N_Vector y, N_Vector z), (x, y, z)) {
  const sunrealtype *xd = DATA(x), *yd = DATA(y);
  sunrealtype *zd = DATA(z);
  for (size_t i = 0, n = LEN(z); i < n; i++) {
    zd[i] = xd[i] / yd[i];
  }
}

/* Z[k] = c[k] X[k] (Z[k] may be X[k]): CVODE rescales its history with it. */
static CK_ALIGNED_KERNEL(int, scale_vector_array,
                         (int nv, sunrealtype *c, N_Vector *xv, N_Vector *zv), (nv, c, xv, zv)) {
  for (int k = 0; k < nv; k++) {
    const sunrealtype *xd = DATA(xv[k]);
    sunrealtype *zd = DATA(zv[k]), ck = c[k];
    for (size_t i = 0, n = LEN(zv[k]); i < n; i++) {
      zd[i] = ck * xd[i];
    }
  }
  return 0;
}

/* CVODE's weights for scalar tolerances, w = 1 / (rtol |y| + atol), in one
 * pass: CVODE's own cvEwtSetSS makes five passes a step (abs, scale, add,
 * min, inverse) with the same arithmetic, so the weights are the same. */
CK_ALIGNED_KERNEL(int, ck_cvode_error_weights, (N_Vector y, N_Vector w, double rtol, double atol),
                  (y, w, rtol, atol)) {
  const sunrealtype *yd = DATA(y);
  sunrealtype *wd = DATA(w);
  int bad = 0;
  for (size_t i = 0, n = LEN(y); i < n; i++) {
    sunrealtype t = rtol * fabs(yd[i]) + atol;
    bad |= t <= 0.0;
    wd[i] = 1.0 / t;
  }
  return bad ? -1 : 0;
}

/* CVODE clones its work vectors (history, weights, corrections) from the
 * state vector. While a solver sets CVODE up, clones take their data from
 * that solver's pool: one block, each vector on a 64-byte boundary (malloc's
 * 16-byte alignment makes every other 32-byte AVX access span two cache
 * lines: 4 % of a sim3 simulation). The pool is allocated, and its failure
 * reported, before CVODE runs: SUNDIALS 6's N_VClone dereferences a NULL
 * clone, so a clone must not fail here. Beyond the pool, or outside set-up,
 * SUNDIALS' own clone takes over. */
static _Thread_local ck_vector_pool *pool_in_use;

ck_status ck_vector_pool_init(ck_ctx *ctx, ck_vector_pool *pool, size_t length, int slots) {
  pool->stride = (length * sizeof(double) + CK_VECTOR_ALIGN - 1) / CK_VECTOR_ALIGN *
                 (CK_VECTOR_ALIGN / sizeof(double));
  pool->length = length, pool->slots = slots, pool->used = 0;
  /* Not zeroed: SUNDIALS' own vectors (N_VNew_Serial) are plain malloc, so
   * CVODE writes each before it reads it, and the kernels above stay within
   * the length (the padding between vectors is never read). */
  pool->block = ck_malloc(
      ctx, (pool->stride * (size_t)slots + CK_VECTOR_ALIGN / sizeof(double)) * sizeof(double));
  return pool->block != NULL ? CK_OK : CK_ERR_NOMEM;
}

void ck_vector_pool_destroy(ck_vector_pool *pool) {
  free(pool->block);
  pool->block = NULL;
}

void ck_vector_pool_use(ck_vector_pool *pool) {
  pool_in_use = pool;
}

static N_Vector clone_from_pool(N_Vector w) {
  ck_vector_pool *pool = pool_in_use;
  if (pool == NULL || pool->block == NULL || pool->used >= pool->slots || LEN(w) != pool->length) {
    return N_VClone_Serial(w);
  }
  N_Vector v = N_VCloneEmpty_Serial(w);
  if (v == NULL) {
    return NULL;
  }
  uintptr_t first =
      ((uintptr_t)pool->block + CK_VECTOR_ALIGN - 1) & ~(uintptr_t)(CK_VECTOR_ALIGN - 1);
  NV_DATA_S(v) = (sunrealtype *)first + pool->stride * (size_t)pool->used++;
  NV_OWN_DATA_S(v) = SUNFALSE; /* the pool's owner frees it, after CVODE */
  return v;
}

void ck_cvode_install_vector_ops(N_Vector v) {
  N_VEnableFusedOps_Serial(v, SUNTRUE); /* enables the fused slots we fill below */
  v->ops->nvclone = clone_from_pool;
  v->ops->nvlinearsum = linear_sum;
  v->ops->nvconst = const_fill;
  v->ops->nvscale = scale;
  v->ops->nvabs = abs_value;
  v->ops->nvinv = inverse;
  v->ops->nvaddconst = add_const;
  v->ops->nvprod = product;
  v->ops->nvwsqrsumlocal = weighted_square_sum;
  v->ops->nvwrmsnorm = weighted_rms_norm;
  v->ops->nvlinearcombination = linear_combination;
  v->ops->nvscaleaddmulti = scale_add_multi;
  v->ops->nvdotprod = dot_prod;
  v->ops->nvdotprodlocal = dot_prod;
  v->ops->nvdiv = divide;
  v->ops->nvscalevectorarray = scale_vector_array;
}
