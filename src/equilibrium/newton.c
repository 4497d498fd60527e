/* SPDX-License-Identifier: MIT */
/* Damped Newton on the steady-state equations with the conservation laws in
 * place of as many dependent rows (MODEL.md section 2: each metal is
 * conserved; with several families more, see conservation.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "equilibrium/equilibrium_impl.h"
#include "solver/dense_lu.h"

#define MAX_ITERATIONS 100
#define MAX_HALVINGS 40
#define STEP_RTOL 1e-12   /* converged: every Newton step below this relative size */
#define ROUNDING_MERIT 1e-13 /* scaled residual at rounding level: converged */
#define ABS_FLOOR 1e-13       /* species below this share of the atoms: absolute step test */
#define MAX_STALLS 5          /* consecutive tiny damped steps before giving up */

typedef struct work {
  ck_eq_view *v;
  const ck_eq_laws *laws;
  int *pivot; /* species whose row is replaced by law k */
  const double *totals;
  double atoms;
  double *f, *scale, *m, *col, *csc, *dy, *trial;
  int *piv;
} work;

/* Pivots among the monomers with elimination, so the balance rows restricted
 * to the pivot columns are nonsingular: then the dropped rows of f are
 * combinations of the kept ones (L S = 0). Each balance replaces the row of
 * the monomer holding most of that metal: a scarce species fixed by a
 * balance would be a small difference of large totals. */
static ck_status choose_pivots(ck_ctx *ctx, work *w, const double *y) {
  size_t nm = w->v->n_monomers;
  int nx = w->laws->n;
  double *l = ck_calloc(ctx, (size_t)nx * nm + 1, sizeof *l);
  if (l == NULL) {
    return CK_ERR_NOMEM;
  }
  for (int x = 0; x < nx; x++) {
    for (size_t i = 0; i < nm; i++) {
      l[(size_t)x * nm + i] = w->laws->row[(size_t)x * w->v->n + i];
    }
  }
  ck_status st = CK_OK;
  for (int x = 0; x < nx && st == CK_OK; x++) {
    size_t best = 0;
    double best_score = -1.0, l_max = 0.0;
    for (size_t i = 0; i < nm; i++) {
      l_max = fmax(l_max, fabs(l[(size_t)x * nm + i]));
    }
    for (size_t i = 0; i < nm; i++) {
      /* Rounding left by the elimination is no pivot, whatever the amount. */
      double a = fabs(l[(size_t)x * nm + i]);
      double score = a > 1e-9 * l_max ? a * (y[i] + 1e-300) : -0.5;
      if (score > best_score) {
        best = i, best_score = score;
      }
    }
    double p = l[(size_t)x * nm + best];
    if (!(fabs(p) > 1e-9 * l_max)) {
      st = ck_error_set(ctx, CK_ERR_UNSUPPORTED, "equilibrium: conservation laws are dependent");
      break;
    }
    w->pivot[x] = (int)best;
    for (int z = x + 1; z < nx; z++) {
      double r = l[(size_t)z * nm + best] / p;
      for (size_t i = 0; i < nm; i++) {
        l[(size_t)z * nm + i] -= r * l[(size_t)x * nm + i];
      }
    }
  }
  free(l);
  return st;
}

/* F(y): dy/dt with the pivot rows replaced by metal balance residuals. */
static void residual(work *w, const double *y, double *f) {
  ck_kinetics_rhs(&w->v->kin, y, f);
  for (int x = 0; x < w->laws->n; x++) {
    const double *row = w->laws->row + (size_t)x * w->v->n;
    double t = -w->totals[x];
    for (size_t i = 0; i < w->v->n; i++) {
      t += row[i] * y[i];
    }
    f[w->pivot[x]] = t;
  }
}

static double merit(const work *w, const double *f) {
  double s = 0.0;
  for (size_t i = 0; i < w->v->n; i++) {
    double r = f[i] * w->scale[i];
    s += r * r;
  }
  return sqrt(s);
}

/* Row-major Newton matrix at y; row scales from the gross flux through each
 * species (sum_j |J_ij| y_j), so the merit weighs every species alike. */
static void newton_matrix(work *w, const double *y) {
  size_t n = w->v->n;
  ck_kinetics_jacobian_dense(&w->v->kin, y, w->csc, w->col);
  double gross_max = 0.0;
  for (size_t i = 0; i < n; i++) {
    double g = 0.0;
    for (size_t j = 0; j < n; j++) {
      double a = w->col[j * n + i];
      w->m[i * n + j] = a;
      g += fabs(a) * y[j];
    }
    w->scale[i] = g;
    gross_max = fmax(gross_max, g);
  }
  for (size_t i = 0; i < n; i++) {
    w->scale[i] = 1.0 / (w->scale[i] + 1e-14 * gross_max + 1e-300);
  }
  for (int x = 0; x < w->laws->n; x++) {
    size_t p = (size_t)w->pivot[x];
    memcpy(w->m + p * n, w->laws->row + (size_t)x * n, n * sizeof *w->m);
    w->scale[p] = 1.0 / w->atoms;
  }
}

/* Backtracking along dy. A decrease moves a concentration to y exp(alpha
 * dy / y): the same first-order step as y + alpha dy, but never below zero.
 * Returns the accepted step length, 0 if none. */
static double line_search(work *w, double *y, double f_norm) {
  size_t n = w->v->n;
  for (int h = 0; h < MAX_HALVINGS; h++) {
    double alpha = ldexp(1.0, -h);
    for (size_t i = 0; i < n; i++) {
      double d = alpha * w->dy[i];
      w->trial[i] = d >= 0.0 ? y[i] + d : (y[i] > 0.0 ? y[i] * exp(d / y[i]) : 0.0);
    }
    residual(w, w->trial, w->f);
    if (merit(w, w->f) <= (1.0 - 1e-4 * alpha) * f_norm) {
      memcpy(y, w->trial, n * sizeof *y);
      return alpha;
    }
  }
  return 0.0;
}

/* Largest step relative to the value (or to ABS_FLOOR of the atoms for values
 * near 0, where only an absolute accuracy means anything). */
static double step_size(const work *w, const double *y) {
  double s = 0.0;
  for (size_t i = 0; i < w->v->n; i++) {
    s = fmax(s, fabs(w->dy[i]) / (fabs(y[i]) + ABS_FLOOR * w->atoms));
  }
  return s;
}

static ck_status iterate(ck_ctx *ctx, work *w, double *y, ck_eq_newton_result *res) {
  size_t n = w->v->n;
  int stalls = 0;
  for (int it = 0; it < MAX_ITERATIONS; it++) {
    res->iterations = it + 1;
    newton_matrix(w, y);
    residual(w, y, w->f);
    double f_norm = merit(w, w->f);
    for (size_t i = 0; i < n; i++) {
      w->dy[i] = -w->f[i];
    }
    if (ck_dense_lu_factor(w->m, (int)n, w->piv) != 0) {
      CK_FAIL(ctx, CK_ERR_SOLVER,
              "equilibrium: singular steady-state equations (a conserved quantity beyond the "
              "metal totals, or no interior steady state)");
    }
    ck_dense_lu_solve(w->m, (int)n, w->piv, w->dy);
    double step = step_size(w, y);
    if (!isfinite(step)) {
      CK_FAIL(ctx, CK_ERR_SOLVER, "equilibrium: Newton step not finite");
    }
    if (step <= STEP_RTOL) {
      for (size_t i = 0; i < n; i++) {
        y[i] = fmax(y[i] + w->dy[i], 0.0);
      }
      return CK_OK;
    }
    /* Residual at rounding level: what step remains is rounding in the
     * smallest species, which their own equations cannot resolve. */
    if (f_norm <= ROUNDING_MERIT * sqrt((double)n) && step <= 1e-6) {
      return CK_OK;
    }
    double alpha = line_search(w, y, f_norm);
    stalls = alpha < 1e-4 ? stalls + 1 : 0;
    if (alpha == 0.0 || stalls == MAX_STALLS) {
      CK_FAIL(ctx, CK_ERR_SOLVER, "equilibrium: Newton %s (residual %.3g)",
              alpha == 0.0 ? "line search failed" : "stalled", f_norm);
    }
  }
  CK_FAIL(ctx, CK_ERR_SOLVER, "equilibrium: Newton did not converge in %d iterations",
          MAX_ITERATIONS);
}

ck_status ck_eq_newton(ck_ctx *ctx, ck_eq_view *v, const ck_eq_laws *laws, const double *totals,
                       double atoms_nM, double *y, ck_eq_newton_result *res) {
  work w = {.v = v, .laws = laws, .totals = totals, .atoms = atoms_nM};
  size_t n = v->n;
  res->iterations = 0;
  if (!(w.atoms > 0.0)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "equilibrium: the mixture holds no metal atoms");
  }
  w.pivot = ck_calloc(ctx, (size_t)laws->n + 1, sizeof *w.pivot);
  ck_status st = w.pivot == NULL ? CK_ERR_NOMEM : choose_pivots(ctx, &w, y);
  if (st != CK_OK) {
    free(w.pivot);
    return st;
  }
  if (st != CK_OK) {
    return st;
  }
  w.f = ck_calloc(ctx, n, sizeof *w.f);
  w.scale = ck_calloc(ctx, n, sizeof *w.scale);
  w.dy = ck_calloc(ctx, n, sizeof *w.dy);
  w.trial = ck_calloc(ctx, n, sizeof *w.trial);
  w.m = ck_calloc(ctx, n * n, sizeof *w.m);
  w.col = ck_calloc(ctx, n * n, sizeof *w.col);
  w.csc = ck_calloc(ctx, v->kin.nnz + 1, sizeof *w.csc);
  w.piv = ck_calloc(ctx, n, sizeof *w.piv);
  if (w.f == NULL || w.scale == NULL || w.dy == NULL || w.trial == NULL || w.m == NULL ||
      w.col == NULL || w.csc == NULL || w.piv == NULL) {
    st = CK_ERR_NOMEM;
  } else {
    st = iterate(ctx, &w, y, res);
  }
  if (st == CK_OK) { /* report the scaled residual of the solution */
    newton_matrix(&w, y);
    residual(&w, y, w.f);
    res->residual = 0.0;
    for (size_t i = 0; i < n; i++) {
      res->residual = fmax(res->residual, fabs(w.f[i]) * w.scale[i]);
    }
  }
  free(w.f), free(w.scale), free(w.dy), free(w.trial), free(w.m), free(w.col), free(w.csc);
  free(w.piv), free(w.pivot);
  return st;
}
