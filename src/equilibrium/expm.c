/* SPDX-License-Identifier: MIT */
/* Matrix exponential by scaling and squaring with the degree-13 Pade
 * approximant (Higham, SIAM J. Matrix Anal. Appl. 26, 2005: theta_13 = 5.37). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_impl.h"
#include "clusterkin/ck_equilibrium.h"
#include "solver/dense_lu.h"

static const double pade13[14] = {64764752532480000.0, 32382376266240000.0, 7771770303897600.0,
                                  1187353796428800.0,  129060195264000.0,   10559470521600.0,
                                  670442572800.0,      33522128640.0,       1323241920.0,
                                  40840800.0,          960960.0,            16380.0,
                                  182.0,               1.0};
#define THETA13 5.371920351148152

/* c = a b, all n x n row-major. */
static void matmul(const double *a, const double *b, double *c, size_t n) {
  memset(c, 0, n * n * sizeof *c);
  for (size_t i = 0; i < n; i++) {
    for (size_t k = 0; k < n; k++) {
      double aik = a[i * n + k];
      if (aik != 0.0) {
        for (size_t j = 0; j < n; j++) {
          c[i * n + j] += aik * b[k * n + j];
        }
      }
    }
  }
}

/* out = c6 A6 + c4 A4 + c2 A2 + c0 I. */
static void combine(double *out, const double *a2, const double *a4, const double *a6,
                    const double *c, size_t n) {
  for (size_t i = 0; i < n * n; i++) {
    out[i] = c[3] * a6[i] + c[2] * a4[i] + c[1] * a2[i];
  }
  for (size_t i = 0; i < n; i++) {
    out[i * n + i] += c[0];
  }
}

static double norm1(const double *a, size_t n) {
  double best = 0.0;
  for (size_t j = 0; j < n; j++) {
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
      s += fabs(a[i * n + j]);
    }
    best = fmax(best, s);
  }
  return best;
}

ck_status ck_matrix_expm(ck_ctx *ctx, const double *a_in, size_t n, double t, double *out) {
  size_t nn = n * n;
  double *w = ck_calloc(ctx, 7 * nn + 1, sizeof *w);
  int *piv = ck_calloc(ctx, n + 1, sizeof *piv);
  if (w == NULL || piv == NULL) {
    free(w), free(piv);
    return CK_ERR_NOMEM;
  }
  double *a = w, *a2 = w + nn, *a4 = w + 2 * nn, *a6 = w + 3 * nn, *u = w + 4 * nn,
         *v = w + 5 * nn, *tmp = w + 6 * nn;
  double nrm = norm1(a_in, n) * fabs(t);
  int s = nrm > THETA13 ? (int)ceil(log2(nrm / THETA13)) : 0;
  double scale = t * ldexp(1.0, -s);
  for (size_t i = 0; i < nn; i++) {
    a[i] = a_in[i] * scale;
  }
  matmul(a, a, a2, n), matmul(a2, a2, a4, n), matmul(a4, a2, a6, n);
  const double *b = pade13;
  /* U = A [A6 (b13 A6 + b11 A4 + b9 A2) + b7 A6 + b5 A4 + b3 A2 + b1 I] */
  double cu_hi[4] = {0.0, b[9], b[11], b[13]}, cu_lo[4] = {b[1], b[3], b[5], b[7]};
  combine(tmp, a2, a4, a6, cu_hi, n);
  matmul(a6, tmp, u, n);
  combine(tmp, a2, a4, a6, cu_lo, n);
  for (size_t i = 0; i < nn; i++) {
    tmp[i] += u[i];
  }
  matmul(a, tmp, u, n);
  /* V = A6 (b12 A6 + b10 A4 + b8 A2) + b6 A6 + b4 A4 + b2 A2 + b0 I */
  double cv_hi[4] = {0.0, b[8], b[10], b[12]}, cv_lo[4] = {b[0], b[2], b[4], b[6]};
  combine(tmp, a2, a4, a6, cv_hi, n);
  matmul(a6, tmp, v, n);
  combine(tmp, a2, a4, a6, cv_lo, n);
  for (size_t i = 0; i < nn; i++) {
    v[i] += tmp[i];
    tmp[i] = v[i] - u[i]; /* (V - U) X = V + U */
    out[i] = v[i] + u[i];
  }
  ck_status st = CK_OK;
  if (ck_dense_lu_factor(tmp, (int)n, piv) != 0) {
    st = ck_error_set(ctx, CK_ERR_SOLVER, "matrix exponential: singular Pade denominator");
  } else {
    ck_dense_lu_solve_many(tmp, (int)n, piv, out, (int)n);
    for (int k = 0; k < s; k++) {
      memcpy(a, out, nn * sizeof *a);
      matmul(a, a, out, n);
    }
  }
  free(w), free(piv);
  return st;
}
