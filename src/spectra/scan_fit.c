/* SPDX-License-Identifier: MIT */
/* One scan explained by templates: the points inside the templates' windows,
 * the normal equations at a trial m/z offset, non-negative least squares, the
 * offset search and the uncertainties (ck_deconvolve.h describes the model). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "spectra/deconvolve_impl.h"

static const double GOLDEN = 0.6180339887498949;

typedef struct fit {
  const ck_ms_templates *tp;
  size_t n_obs, *obs; /* fitted species (template indices) */
  size_t n_base, p;   /* baseline terms (0..2); unknowns = n_obs + n_base */
  size_t n;           /* points in the windows */
  double *x, *y, *u;  /* m/z, intensity, (m/z - centre) / half-width */
  double centre, half;
  double sum_y, sum_u, sum_uu, sum_uy, yy;
  size_t *a, *b, *off; /* per fitted species: its points [a, b) and column offset */
  double *col;
  double *G, *Gs, *h, *hs, *scale, *xs, *sol, *cov;
  unsigned char *constrained;
  ck_nnls *nnls;
  int warm;
} fit;

static void fit_free(fit *f) {
  free(f->obs);
  free(f->x);
  free(f->y);
  free(f->u);
  free(f->a);
  free(f->b);
  free(f->off);
  free(f->col);
  free(f->G);
  free(f->Gs);
  free(f->h);
  free(f->hs);
  free(f->scale);
  free(f->xs);
  free(f->sol);
  free(f->cov);
  free(f->constrained);
  ck_nnls_free(f->nnls);
}

/* The scan's points inside any fitted window widened by the largest offset. */
static ck_status select_points(ck_ctx *ctx, fit *f, const ck_spectrum *scan, double shift) {
  size_t n = scan->n_points;
  int *edge = ck_calloc(ctx, n + 1, sizeof *edge);
  if (edge == NULL) {
    return CK_ERR_NOMEM;
  }
  for (size_t k = 0; k < f->n_obs; k++) {
    const ck_ms_template *t = &f->tp->t[f->obs[k]];
    edge[ck_lower_bound(scan->mz, n, t->lo_mz - shift)]++;
    edge[ck_lower_bound(scan->mz, n, nextafter(t->hi_mz + shift, INFINITY))]--;
  }
  f->x = ck_calloc(ctx, n + 1, sizeof *f->x);
  f->y = ck_calloc(ctx, n + 1, sizeof *f->y);
  f->u = ck_calloc(ctx, n + 1, sizeof *f->u);
  if (f->x == NULL || f->y == NULL || f->u == NULL) {
    free(edge);
    return CK_ERR_NOMEM;
  }
  int depth = 0;
  for (size_t i = 0; i < n; i++) {
    depth += edge[i];
    if (depth > 0) {
      f->x[f->n] = scan->mz[i];
      f->y[f->n++] = scan->intensity[i];
    }
  }
  free(edge);
  return CK_OK;
}

static void baseline_sums(fit *f) {
  f->centre = f->n > 0 ? 0.5 * (f->x[0] + f->x[f->n - 1]) : 0.0;
  f->half = f->n > 1 ? 0.5 * (f->x[f->n - 1] - f->x[0]) : 1.0;
  for (size_t i = 0; i < f->n; i++) {
    f->u[i] = (f->x[i] - f->centre) / f->half;
    f->sum_y += f->y[i];
    f->sum_u += f->u[i];
    f->sum_uu += f->u[i] * f->u[i];
    f->sum_uy += f->u[i] * f->y[i];
    f->yy += f->y[i] * f->y[i];
  }
}

static ck_status fit_init(ck_ctx *ctx, fit *f, const ck_ms_templates *tp,
                          const unsigned char *observed, const ck_spectrum *scan,
                          const ck_deconvolve_options *opt) {
  memset(f, 0, sizeof *f);
  f->tp = tp;
  f->obs = ck_calloc(ctx, tp->n + 1, sizeof *f->obs);
  if (f->obs == NULL) {
    return CK_ERR_NOMEM;
  }
  for (size_t j = 0; j < tp->n; j++) {
    if (observed[j]) {
      f->obs[f->n_obs++] = j;
    }
  }
  f->n_base = opt->baseline == CK_BASELINE_LINEAR ? 2 : opt->baseline == CK_BASELINE_CONSTANT;
  f->p = f->n_obs + f->n_base;
  ck_status st = select_points(ctx, f, scan, opt->max_shift_mz);
  if (st != CK_OK) {
    return st;
  }
  baseline_sums(f);
  size_t p = f->p, q = p > 0 ? p : 1;
  f->a = ck_calloc(ctx, f->n_obs + 1, sizeof *f->a);
  f->b = ck_calloc(ctx, f->n_obs + 1, sizeof *f->b);
  f->off = ck_calloc(ctx, f->n_obs + 1, sizeof *f->off);
  size_t total = 0;
  for (size_t k = 0; f->off != NULL && k < f->n_obs; k++) {
    const ck_ms_template *t = &tp->t[f->obs[k]];
    f->off[k] = total;
    total += ck_lower_bound(f->x, f->n, nextafter(t->hi_mz + opt->max_shift_mz, INFINITY)) -
             ck_lower_bound(f->x, f->n, t->lo_mz - opt->max_shift_mz);
  }
  f->col = ck_calloc(ctx, total + 1, sizeof *f->col);
  f->G = ck_calloc(ctx, q * q, sizeof *f->G);
  f->Gs = ck_calloc(ctx, q * q, sizeof *f->Gs);
  f->cov = ck_calloc(ctx, q * q, sizeof *f->cov);
  f->h = ck_calloc(ctx, q, sizeof *f->h);
  f->hs = ck_calloc(ctx, q, sizeof *f->hs);
  f->scale = ck_calloc(ctx, q, sizeof *f->scale);
  f->xs = ck_calloc(ctx, q, sizeof *f->xs);
  f->sol = ck_calloc(ctx, q, sizeof *f->sol);
  f->constrained = ck_calloc(ctx, q, 1);
  f->nnls = ck_nnls_create(ctx, q);
  if (!f->a || !f->b || !f->off || !f->col || !f->G || !f->Gs || !f->cov || !f->h || !f->hs ||
      !f->scale || !f->xs || !f->sol || !f->constrained || !f->nnls) {
    return CK_ERR_NOMEM;
  }
  for (size_t k = 0; k < f->n_obs; k++) {
    f->constrained[k] = 1; /* abundances >= 0; the baseline is free */
  }
  return CK_OK;
}

/* Columns of the fitted species at offset shift, and the normal equations. */
static void normal_equations(fit *f, double shift) {
  size_t p = f->p, nb = f->n_obs;
  memset(f->G, 0, p * p * sizeof *f->G);
  memset(f->h, 0, p * sizeof *f->h);
  for (size_t k = 0; k < f->n_obs; k++) {
    const ck_ms_template *t = &f->tp->t[f->obs[k]];
    size_t a = ck_lower_bound(f->x, f->n, t->lo_mz + shift);
    size_t b = ck_lower_bound(f->x, f->n, nextafter(t->hi_mz + shift, INFINITY));
    f->a[k] = a;
    f->b[k] = b;
    double *c = f->col + f->off[k];
    double g = 0.0, hy = 0.0, s1 = 0.0, su = 0.0;
    for (size_t i = a; i < b; i++) {
      double v = ck_ms_template_at(t, f->x[i] - shift);
      c[i - a] = v;
      g += v * v;
      hy += v * f->y[i];
      s1 += v;
      su += v * f->u[i];
    }
    f->G[k * p + k] = g;
    f->h[k] = hy;
    if (f->n_base >= 1) {
      f->G[k * p + nb] = f->G[nb * p + k] = s1;
    }
    if (f->n_base == 2) {
      f->G[k * p + nb + 1] = f->G[(nb + 1) * p + k] = su;
    }
  }
  for (size_t k = 0; k < f->n_obs; k++) {
    const double *ck = f->col + f->off[k];
    for (size_t l = k + 1; l < f->n_obs; l++) {
      size_t lo = f->a[k] > f->a[l] ? f->a[k] : f->a[l];
      size_t hi = f->b[k] < f->b[l] ? f->b[k] : f->b[l];
      if (lo >= hi) {
        continue;
      }
      const double *cl = f->col + f->off[l];
      double g = 0.0;
      for (size_t i = lo; i < hi; i++) {
        g += ck[i - f->a[k]] * cl[i - f->a[l]];
      }
      f->G[k * p + l] = f->G[l * p + k] = g;
    }
  }
  if (f->n_base >= 1) {
    f->G[nb * p + nb] = (double)f->n;
    f->h[nb] = f->sum_y;
  }
  if (f->n_base == 2) {
    f->G[nb * p + nb + 1] = f->G[(nb + 1) * p + nb] = f->sum_u;
    f->G[(nb + 1) * p + nb + 1] = f->sum_uu;
    f->h[nb + 1] = f->sum_uy;
  }
}

/* Solves at offset shift; returns the residual sum of squares. Columns are
 * scaled to unit norm so that one tolerance suits every variable. */
static double evaluate(fit *f, double shift) {
  size_t p = f->p;
  normal_equations(f, shift);
  for (size_t j = 0; j < p; j++) {
    double d = f->G[j * p + j];
    f->scale[j] = d > 0.0 ? 1.0 / sqrt(d) : 0.0;
  }
  for (size_t j = 0; j < p; j++) {
    f->hs[j] = f->h[j] * f->scale[j];
    for (size_t k = 0; k < p; k++) {
      f->Gs[j * p + k] = f->G[j * p + k] * f->scale[j] * f->scale[k];
    }
  }
  ck_nnls_solve(f->nnls, p, f->Gs, f->hs, f->constrained, f->warm, f->xs);
  f->warm = 1;
  double xh = 0.0, xgx = 0.0;
  for (size_t j = 0; j < p; j++) {
    f->sol[j] = f->xs[j] * f->scale[j];
  }
  for (size_t j = 0; j < p; j++) {
    xh += f->sol[j] * f->h[j];
    double gx = 0.0;
    for (size_t k = 0; k < p; k++) {
      gx += f->G[j * p + k] * f->sol[k];
    }
    xgx += f->sol[j] * gx;
  }
  return fmax(f->yy - 2.0 * xh + xgx, 0.0);
}

/* The offset with the least residual: a grid finer than a quarter of the
 * narrowest peak (so the global minimum's basin is found), then golden
 * section inside the best grid cell. Leaves the fit evaluated there. */
static double search_shift(fit *f, double max_shift) {
  if (!(max_shift > 0.0)) {
    evaluate(f, 0.0);
    return 0.0;
  }
  double lo_mz = INFINITY;
  for (size_t k = 0; k < f->n_obs; k++) {
    lo_mz = fmin(lo_mz, f->tp->t[f->obs[k]].q_lo_mz);
  }
  double fwhm = lo_mz / f->tp->resolving_power;
  int half_cells = (int)ceil(max_shift / (0.25 * fwhm));
  double cell = max_shift / half_cells;
  double best = 0.0, best_rss = INFINITY;
  for (int i = -half_cells; i <= half_cells; i++) {
    double rss = evaluate(f, i * cell);
    if (rss < best_rss) {
      best_rss = rss;
      best = i * cell;
    }
  }
  double a = fmax(best - cell, -max_shift), b = fmin(best + cell, max_shift);
  double c = b - GOLDEN * (b - a), d = a + GOLDEN * (b - a);
  double fc = evaluate(f, c), fd = evaluate(f, d);
  while (b - a > 1e-3 * fwhm) {
    if (fc < fd) {
      b = d, d = c, fd = fc;
      c = b - GOLDEN * (b - a);
      fc = evaluate(f, c);
    } else {
      a = c, c = d, fc = fd;
      d = a + GOLDEN * (b - a);
      fd = evaluate(f, d);
    }
  }
  double s = fc < fd ? c : d;
  if (fmin(fc, fd) > best_rss) {
    s = best;
  }
  evaluate(f, s);
  return s;
}

/* Residual sum of squares from the residuals themselves (the normal
 * equations lose digits when the fit is close). CK_ERR_NOMEM when its
 * scratch fails (not a NaN rss: issue 8, allocation-failure injection). */
static ck_status direct_rss(ck_ctx *ctx, const fit *f, double *rss_out) {
  double *model = ck_calloc(ctx, f->n + 1, sizeof *model);
  if (model == NULL) {
    return CK_ERR_NOMEM;
  }
  size_t nb = f->n_obs;
  for (size_t k = 0; k < f->n_obs; k++) {
    const double *c = f->col + f->off[k];
    for (size_t i = f->a[k]; i < f->b[k]; i++) {
      model[i] += f->sol[k] * c[i - f->a[k]];
    }
  }
  double rss = 0.0;
  for (size_t i = 0; i < f->n; i++) {
    double m = model[i] + (f->n_base >= 1 ? f->sol[nb] : 0.0) +
               (f->n_base == 2 ? f->sol[nb + 1] * f->u[i] : 0.0);
    rss += (f->y[i] - m) * (f->y[i] - m);
  }
  free(model);
  *rss_out = rss;
  return CK_OK;
}

/* Covariance of the passive variables, s2 (A'A)^-1 (unscaled), into f->cov
 * over the passive indices; returns the passive count or (size_t)-1. */
static size_t passive_covariance(fit *f, double s2) {
  size_t p = f->p;
  size_t m = ck_nnls_factor_passive(f->nnls, p, f->Gs);
  if (m == (size_t)-1) {
    return m;
  }
  double *e = f->hs; /* scratch: hs is not needed after the solve */
  for (size_t a = 0; a < m; a++) {
    memset(e, 0, m * sizeof *e);
    e[a] = 1.0;
    ck_nnls_chol_solve(f->nnls->chol, m, m, e);
    for (size_t b = 0; b < m; b++) {
      size_t ia = f->nnls->idx[a], ib = f->nnls->idx[b];
      f->cov[a * m + b] = s2 * e[b] * f->scale[ia] * f->scale[ib];
    }
  }
  return m;
}

/* Variance of a species held at 0: s2 over its Schur complement against the
 * passive set, as if it were freed alone. */
static double bound_variance(fit *f, size_t j, size_t m, double s2) {
  size_t p = f->p;
  double *v = f->hs;
  for (size_t a = 0; a < m; a++) {
    double s = f->Gs[f->nnls->idx[a] * p + j];
    for (size_t k = 0; k < a; k++) {
      s -= f->nnls->chol[a * m + k] * v[k];
    }
    v[a] = s / f->nnls->chol[a * m + a];
  }
  double schur = f->Gs[j * p + j];
  for (size_t a = 0; a < m; a++) {
    schur -= v[a] * v[a];
  }
  schur = fmax(schur, 1e-12 * f->Gs[j * p + j]);
  return s2 * f->scale[j] * f->scale[j] / schur;
}

static void uncertainties(fit *f, double s2, ck_scan_result *out) {
  size_t m = passive_covariance(f, s2);
  double total = 0.0;
  for (size_t k = 0; k < f->n_obs; k++) {
    total += f->sol[k];
  }
  double sum_all = 0.0;
  for (size_t a = 0; m != (size_t)-1 && a < m; a++) {
    for (size_t b = 0; b < m; b++) {
      if (f->nnls->idx[a] < f->n_obs && f->nnls->idx[b] < f->n_obs) {
        sum_all += f->cov[a * m + b];
      }
    }
  }
  for (size_t k = 0; k < f->n_obs; k++) {
    size_t j = f->obs[k];
    double r = total > 0.0 ? f->sol[k] / total : 0.0;
    size_t a = 0;
    while (m != (size_t)-1 && a < m && f->nnls->idx[a] != k) {
      a++;
    }
    double var_a, var_r;
    if (m == (size_t)-1) {
      var_a = var_r = NAN;
    } else if (a < m) {
      double row = 0.0;
      for (size_t b = 0; b < m; b++) {
        row += f->nnls->idx[b] < f->n_obs ? f->cov[a * m + b] : 0.0;
      }
      var_a = f->cov[a * m + a];
      var_r = (var_a - 2.0 * r * row + r * r * sum_all) / (total * total);
    } else {
      var_a = bound_variance(f, k, m, s2);
      var_r = var_a / (total * total);
    }
    out->abundance[j] = f->sol[k];
    out->abundance_sd[j] = sqrt(fmax(var_a, 0.0));
    out->fraction[j] = r;
    out->fraction_sd[j] = total > 0.0 ? sqrt(fmax(var_r, 0.0)) : NAN;
  }
}

ck_status ck_scan_fit(ck_ctx *ctx, const ck_ms_templates *tp, const unsigned char *observed,
                      const ck_spectrum *scan, const ck_deconvolve_options *opt,
                      ck_scan_result *out) {
  fit f;
  ck_status st = fit_init(ctx, &f, tp, observed, scan, opt);
  if (st == CK_OK && f.n <= f.p) {
    st = ck_error_set(ctx, CK_ERR_INPUT,
                      "only %zu points inside the species' windows for %zu unknowns", f.n, f.p);
  }
  if (st != CK_OK) {
    fit_free(&f);
    return st;
  }
  for (size_t j = 0; j < tp->n; j++) {
    out->abundance[j] = out->fraction[j] = 0.0;
    out->abundance_sd[j] = out->fraction_sd[j] = NAN;
  }
  out->shift_mz = search_shift(&f, opt->max_shift_mz);
  if (direct_rss(ctx, &f, &out->rss) != CK_OK) {
    fit_free(&f);
    return CK_ERR_NOMEM;
  }
  out->n_points = f.n;
  out->centre_mz = f.centre;
  out->b0 = f.n_base >= 1 ? f.sol[f.n_obs] : 0.0;
  out->b1 = f.n_base == 2 ? f.sol[f.n_obs + 1] / f.half : 0.0;
  size_t n_free = 0;
  for (size_t j = 0; j < f.p; j++) {
    n_free += f.nnls->passive[j];
  }
  double s2 = out->rss / (double)(f.n - n_free);
  uncertainties(&f, s2, out);
  fit_free(&f);
  return CK_OK;
}
