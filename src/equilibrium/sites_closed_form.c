/* SPDX-License-Identifier: MIT */
/* The closed-form equilibrium of a site model: P(x) ~ Z(x) lambda^x with
 * lambda fixed by mass balance (MODEL.md section 5).
 *
 * With statistical exchange and no dimerization scaling, dimer subunits
 * share the free monomers' distribution, so the mean atoms per cluster of
 * the whole mixture fix lambda. log lambda = u solves the convex problem
 * min_u log sum_x Z(x) exp(u.x) - u.mean (gradient E[x] - mean, Hessian
 * Cov[x]): Newton with backtracking, u of a reference metal held at 0.
 * Metals with no atoms at all are left out (their compositions get 0). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkin/ck_sites.h"
#include "network/network_impl.h"

typedef struct closed {
  size_t n;           /* compositions */
  int m;              /* metals */
  const int *x;       /* n x m */
  const double *lz;   /* log Z, -inf for excluded compositions */
  const double *mean; /* target mean atoms */
  int n_free, free[CK_MAX_METALS]; /* metals whose u is solved */
} closed;

/* log sum_x exp(lz + u.x) - u.mean, and into p the normalised distribution. */
static double objective(const closed *c, const double *u, double *p) {
  double top = -INFINITY, sum = 0.0, lin = 0.0;
  for (size_t i = 0; i < c->n; i++) {
    double t = c->lz[i];
    for (int k = 0; k < c->n_free; k++) {
      t += u[k] * c->x[i * (size_t)c->m + (size_t)c->free[k]];
    }
    p[i] = t;
    top = t > top ? t : top;
  }
  for (size_t i = 0; i < c->n; i++) {
    p[i] = isfinite(p[i]) ? exp(p[i] - top) : 0.0;
    sum += p[i];
  }
  for (size_t i = 0; i < c->n; i++) {
    p[i] /= sum;
  }
  for (int k = 0; k < c->n_free; k++) {
    lin += u[k] * c->mean[c->free[k]];
  }
  return top + log(sum) - lin;
}

/* Solves h d = g (n <= CK_MAX_METALS) by elimination with partial pivoting. */
static int solve_small(int n, double h[][CK_MAX_METALS], double *g, double *d) {
  for (int col = 0; col < n; col++) {
    int piv = col;
    for (int r = col + 1; r < n; r++) {
      piv = fabs(h[r][col]) > fabs(h[piv][col]) ? r : piv;
    }
    if (!(fabs(h[piv][col]) > 0.0)) {
      return 0;
    }
    for (int k = 0; k < n; k++) {
      double t = h[col][k];
      h[col][k] = h[piv][k], h[piv][k] = t;
    }
    double t = g[col];
    g[col] = g[piv], g[piv] = t;
    for (int r = col + 1; r < n; r++) {
      double f = h[r][col] / h[col][col];
      for (int k = col; k < n; k++) {
        h[r][k] -= f * h[col][k];
      }
      g[r] -= f * g[col];
    }
  }
  for (int r = n - 1; r >= 0; r--) {
    double s = g[r];
    for (int k = r + 1; k < n; k++) {
      s -= h[r][k] * d[k];
    }
    d[r] = s / h[r][r];
  }
  return 1;
}

/* Gradient and Hessian of the objective at the distribution p. */
static double moments(const closed *c, const double *p, double *g, double h[][CK_MAX_METALS]) {
  double e[CK_MAX_METALS] = {0}, worst = 0.0;
  for (int a = 0; a < c->n_free; a++) {
    for (size_t i = 0; i < c->n; i++) {
      e[a] += p[i] * c->x[i * (size_t)c->m + (size_t)c->free[a]];
    }
    g[a] = e[a] - c->mean[c->free[a]];
    worst = fabs(g[a]) > worst ? fabs(g[a]) : worst;
  }
  for (int a = 0; a < c->n_free; a++) {
    for (int b = 0; b < c->n_free; b++) {
      double s = 0.0;
      for (size_t i = 0; i < c->n; i++) {
        const int *x = c->x + i * (size_t)c->m;
        s += p[i] * (x[c->free[a]] - e[a]) * (x[c->free[b]] - e[b]);
      }
      h[a][b] = s;
    }
  }
  return worst;
}

static ck_status newton(ck_ctx *ctx, const closed *c, double *p, double *trial) {
  double u[CK_MAX_METALS] = {0}, un[CK_MAX_METALS], g[CK_MAX_METALS], d[CK_MAX_METALS];
  double h[CK_MAX_METALS][CK_MAX_METALS];
  double f = objective(c, u, p);
  int total = 0;
  for (int k = 0; k < c->m; k++) {
    total += c->x[k]; /* the first composition holds all N atoms */
  }
  for (int it = 0; it < 200; it++) {
    if (moments(c, p, g, h) <= 1e-13 * total) {
      return CK_OK;
    }
    if (!solve_small(c->n_free, h, g, d)) {
      break;
    }
    double step = 1.0, fn = f;
    for (int back = 0; back < 60; back++, step *= 0.5) {
      for (int k = 0; k < c->n_free; k++) {
        un[k] = u[k] - step * d[k];
      }
      fn = objective(c, un, trial);
      if (fn <= f) {
        break;
      }
    }
    if (!(fn <= f)) {
      break; /* no descent left: at the optimum to rounding */
    }
    memcpy(u, un, sizeof u);
    memcpy(p, trial, c->n * sizeof *p);
    f = fn;
  }
  double worst = moments(c, p, g, h);
  if (worst <= 1e-9 * total) {
    return CK_OK;
  }
  CK_FAIL(ctx, CK_ERR_SOLVER, "site equilibrium: mass balance not met (off by %.3g atoms)", worst);
}

size_t ck_sites_composition_count(int nuclearity, int n_metals) {
  return (size_t)ck_composition_count(nuclearity, n_metals);
}

static void log_weights(const ck_sites *sites, size_t n, int m, const int *x, const double *mean,
                        double *lz) {
  for (size_t i = 0; i < n; i++) {
    const int *xi = x + i * (size_t)m;
    lz[i] = sites != NULL ? ck_sites_log_weight(sites, m, xi) : 0.0;
    if (sites == NULL) {
      int atoms = 0;
      for (int k = 0; k < m; k++) {
        atoms += xi[k];
        lz[i] -= lgamma(xi[k] + 1.0);
      }
      lz[i] += lgamma(atoms + 1.0);
    }
    for (int k = 0; k < m; k++) {
      if (xi[k] > 0 && !(mean[k] > 0.0)) {
        lz[i] = -INFINITY;
      }
    }
  }
}

ck_status ck_sites_distribution(ck_ctx *ctx, const ck_sites *sites, int nuclearity, int n_metals,
                                const double *mean_atoms, double *p) {
  if (n_metals < 1 || n_metals > CK_MAX_METALS || nuclearity < 1) {
    CK_FAIL(ctx, CK_ERR_ARG, "site equilibrium: %d metals, nuclearity %d", n_metals, nuclearity);
  }
  if (sites != NULL && ck_sites_check(ctx, sites, nuclearity) != CK_OK) {
    return ck_ctx_status(ctx);
  }
  closed c = {.n = ck_sites_composition_count(nuclearity, n_metals), .m = n_metals,
              .mean = mean_atoms};
  int ref = -1;
  for (int k = 0; k < n_metals; k++) {
    if (!(mean_atoms[k] >= 0.0)) {
      CK_FAIL(ctx, CK_ERR_ARG, "site equilibrium: negative mean atom count");
    }
    if (mean_atoms[k] > 0.0 && ref < 0) {
      ref = k;
    } else if (mean_atoms[k] > 0.0) {
      c.free[c.n_free++] = k;
    }
  }
  if (ref < 0) {
    CK_FAIL(ctx, CK_ERR_ARG, "site equilibrium: no atoms");
  }
  int *x = ck_calloc(ctx, c.n * (size_t)n_metals, sizeof *x);
  double *lz = ck_calloc(ctx, 2 * c.n, sizeof *lz);
  ck_status st = x != NULL && lz != NULL ? CK_OK : CK_ERR_NOMEM;
  if (st == CK_OK) {
    ck_composition_enumerate(nuclearity, n_metals, x);
    log_weights(sites, c.n, n_metals, x, mean_atoms, lz);
    c.x = x, c.lz = lz;
    st = newton(ctx, &c, p, lz + c.n);
  }
  free(x);
  free(lz);
  return st;
}
