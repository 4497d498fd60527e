/* SPDX-License-Identifier: MIT */
/* Non-negative least squares on the normal equations: Lawson and Hanson's
 * active-set method (Solving Least Squares Problems, 1974, ch. 23), with
 * some variables free of the bound (a baseline) and an optional warm start.
 * The systems are small (tens of species), so each passive-set solve is a
 * fresh dense Cholesky factorisation. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "spectra/deconvolve_impl.h"

/* A pivot below this fraction of its diagonal entry means the passive
 * columns are (numerically) dependent. */
#define PIVOT_FLOOR 1e-12

ck_nnls *ck_nnls_create(ck_ctx *ctx, size_t cap) {
  ck_nnls *ws = ck_calloc(ctx, 1, sizeof *ws);
  if (ws == NULL) {
    return NULL;
  }
  size_t c = cap > 0 ? cap : 1;
  ws->cap = cap;
  ws->passive = ck_calloc(ctx, c, 1);
  ws->banned = ck_calloc(ctx, c, 1);
  ws->idx = ck_calloc(ctx, c, sizeof *ws->idx);
  ws->chol = ck_calloc(ctx, c * c, sizeof *ws->chol);
  ws->z = ck_calloc(ctx, c, sizeof *ws->z);
  ws->w = ck_calloc(ctx, c, sizeof *ws->w);
  ws->rhs = ck_calloc(ctx, c, sizeof *ws->rhs);
  if (!ws->passive || !ws->banned || !ws->idx || !ws->chol || !ws->z || !ws->w || !ws->rhs) {
    ck_nnls_free(ws);
    return NULL;
  }
  return ws;
}

void ck_nnls_free(ck_nnls *ws) {
  if (ws == NULL) {
    return;
  }
  free(ws->passive);
  free(ws->banned);
  free(ws->idx);
  free(ws->chol);
  free(ws->z);
  free(ws->w);
  free(ws->rhs);
  free(ws);
}

size_t ck_nnls_factor_passive(ck_nnls *ws, size_t p, const double *G) {
  size_t n = 0;
  for (size_t j = 0; j < p; j++) {
    if (ws->passive[j]) {
      ws->idx[n++] = j;
    }
  }
  double *L = ws->chol;
  for (size_t a = 0; a < n; a++) {
    for (size_t b = 0; b <= a; b++) {
      double s = G[ws->idx[a] * p + ws->idx[b]];
      for (size_t k = 0; k < b; k++) {
        s -= L[a * n + k] * L[b * n + k];
      }
      if (a == b) {
        double diag = G[ws->idx[a] * p + ws->idx[a]];
        if (!(s > PIVOT_FLOOR * diag)) {
          return (size_t)-1;
        }
        L[a * n + a] = sqrt(s);
      } else {
        L[a * n + b] = s / L[b * n + b];
      }
    }
  }
  return n;
}

void ck_nnls_chol_solve(const double *L, size_t n, size_t stride, double *b) {
  for (size_t a = 0; a < n; a++) {
    double s = b[a];
    for (size_t k = 0; k < a; k++) {
      s -= L[a * stride + k] * b[k];
    }
    b[a] = s / L[a * stride + a];
  }
  for (size_t a = n; a-- > 0;) {
    double s = b[a];
    for (size_t k = a + 1; k < n; k++) {
      s -= L[k * stride + a] * b[k];
    }
    b[a] = s / L[a * stride + a];
  }
}

/* z = the unconstrained minimiser on the passive set (0 elsewhere); -1 if singular. */
static int solve_passive(ck_nnls *ws, size_t p, const double *G, const double *h) {
  size_t n = ck_nnls_factor_passive(ws, p, G);
  if (n == (size_t)-1) {
    return -1;
  }
  for (size_t a = 0; a < n; a++) {
    ws->rhs[a] = h[ws->idx[a]];
  }
  ck_nnls_chol_solve(ws->chol, n, n, ws->rhs);
  memset(ws->z, 0, p * sizeof *ws->z);
  for (size_t a = 0; a < n; a++) {
    ws->z[ws->idx[a]] = ws->rhs[a];
  }
  return 0;
}

/* Index of a constrained passive variable with z <= 0, or p if none. */
static size_t first_infeasible(const ck_nnls *ws, size_t p, const unsigned char *constrained) {
  for (size_t j = 0; j < p; j++) {
    if (ws->passive[j] && constrained[j] && !(ws->z[j] > 0.0)) {
      return j;
    }
  }
  return p;
}

/* A feasible start: the passive set (warm, or the free variables alone)
 * shrunk until its unconstrained solution is positive; x = that solution. */
static int start(ck_nnls *ws, size_t p, const double *G, const double *h,
                 const unsigned char *constrained, int warm, double *x) {
  for (size_t j = 0; j < p; j++) {
    int usable = G[j * p + j] > 0.0;
    ws->banned[j] = !usable;
    ws->passive[j] = usable && (!constrained[j] || (warm && ws->passive[j]));
  }
  for (;;) {
    if (solve_passive(ws, p, G, h) != 0) {
      if (!warm) {
        return -1; /* the free variables alone are dependent */
      }
      warm = 0; /* fall back to a cold start */
      for (size_t j = 0; j < p; j++) {
        ws->passive[j] = !ws->banned[j] && !constrained[j];
      }
      continue;
    }
    size_t j = first_infeasible(ws, p, constrained);
    if (j == p) {
      break;
    }
    for (; j < p; j++) {
      if (ws->passive[j] && constrained[j] && !(ws->z[j] > 0.0)) {
        ws->passive[j] = 0;
      }
    }
  }
  memcpy(x, ws->z, p * sizeof *x);
  return 0;
}

/* Moves from x towards z until the first constrained variable hits 0, and
 * drops the variables that did from the passive set. */
static void step_to_boundary(ck_nnls *ws, size_t p, const unsigned char *constrained, double *x) {
  double alpha = 1.0;
  size_t hit = p;
  for (size_t j = 0; j < p; j++) {
    if (ws->passive[j] && constrained[j] && !(ws->z[j] > 0.0)) {
      double a = x[j] / (x[j] - ws->z[j]);
      if (a < alpha || hit == p) {
        alpha = a;
        hit = j;
      }
    }
  }
  for (size_t j = 0; j < p; j++) {
    if (ws->passive[j]) {
      x[j] += alpha * (ws->z[j] - x[j]);
    }
  }
  for (size_t j = 0; j < p; j++) {
    if (ws->passive[j] && constrained[j] && (j == hit || !(x[j] > 0.0))) {
      x[j] = 0.0;
      ws->passive[j] = 0;
    }
  }
}

int ck_nnls_solve(ck_nnls *ws, size_t p, const double *G, const double *h,
                  const unsigned char *constrained, int warm, double *x) {
  if (start(ws, p, G, h, constrained, warm, x) != 0) {
    memset(x, 0, p * sizeof *x);
    return -1;
  }
  double hmax = 0.0;
  for (size_t j = 0; j < p; j++) {
    hmax = fmax(hmax, fabs(h[j]));
  }
  const double tol = 1e-11 * hmax;
  for (size_t iter = 0; iter < 3 * p + 30; iter++) {
    size_t t = p;
    for (size_t j = 0; j < p; j++) { /* gradient of the objective's negative */
      if (ws->passive[j] || ws->banned[j] || !constrained[j]) {
        continue;
      }
      double w = h[j];
      for (size_t k = 0; k < p; k++) {
        w -= G[j * p + k] * x[k];
      }
      ws->w[j] = w;
      if (w > tol && (t == p || w > ws->w[t])) {
        t = j;
      }
    }
    if (t == p) {
      return 0; /* Kuhn-Tucker conditions hold */
    }
    ws->passive[t] = 1;
    for (int first = 1;; first = 0) {
      if (solve_passive(ws, p, G, h) != 0 || (first && !(ws->z[t] > 0.0))) {
        /* t cannot enter usefully (dependent, or rounding makes it
         * non-positive): leave it out for this solve, Lawson-Hanson's
         * guard against cycling. */
        ws->passive[t] = 0;
        ws->banned[t] = 1;
        if (!first && solve_passive(ws, p, G, h) != 0) {
          return -1;
        }
        break;
      }
      if (first_infeasible(ws, p, constrained) == p) {
        memcpy(x, ws->z, p * sizeof *x);
        break;
      }
      step_to_boundary(ws, p, constrained, x);
    }
  }
  return -1;
}
