/* SPDX-License-Identifier: MIT */
/* Internals of species sets, templates and the per-scan fit (ck_deconvolve.h). */
#ifndef CK_DECONVOLVE_IMPL_H
#define CK_DECONVOLVE_IMPL_H

#include "clusterkin/ck_deconvolve.h"
#include "core/core_impl.h"

#define CK_MS_LABEL_MAX 128

struct ck_ms_species {
  size_t n, cap;
  char (*label)[CK_MS_LABEL_MAX];
  ck_formula *formula;
};

/* One species' profile tabulated on a uniform grid: density[i] at
 * lo_mz + i * step_mz, i < n; 0 outside. */
typedef struct ck_ms_template {
  double lo_mz, step_mz, hi_mz;
  /* The envelope's central 99 % of area lies in [q_lo_mz, q_hi_mz]: a
   * scan covering that range sees the species. */
  double q_lo_mz, q_hi_mz;
  size_t n;
  double *density;
} ck_ms_template;

struct ck_ms_templates {
  size_t n;
  double resolving_power;
  ck_ms_template *t;
};

/* Density of t at mz (linear interpolation; 0 outside the window). */
static inline double ck_ms_template_at(const ck_ms_template *t, double mz) {
  double u = (mz - t->lo_mz) / t->step_mz;
  if (!(u >= 0.0) || u >= (double)(t->n - 1)) {
    return 0.0;
  }
  size_t i = (size_t)u;
  double f = u - (double)i;
  return t->density[i] + f * (t->density[i + 1] - t->density[i]);
}

/* ---- one scan (scan_fit.c) --------------------------------------------- */

/* Where the fit of one scan goes: arrays of n_species (the template count). */
typedef struct ck_scan_result {
  double *abundance, *abundance_sd, *fraction, *fraction_sd;
  double shift_mz, b0, b1, centre_mz, rss;
  size_t n_points;
} ck_scan_result;

/* Fits scan with the templates flagged in observed (the others get 0 and NaN
 * uncertainties). CK_ERR_INPUT when the windows hold too few points. */
CK_INTERNAL ck_status ck_scan_fit(ck_ctx *ctx, const ck_ms_templates *tp,
                                  const unsigned char *observed, const ck_spectrum *scan,
                                  const ck_deconvolve_options *opt, ck_scan_result *out);

/* ---- non-negative least squares (nnls.c) -------------------------------- */

typedef struct ck_nnls {
  size_t cap;             /* variables this workspace holds */
  unsigned char *passive; /* 1: in the passive (free) set */
  unsigned char *banned;  /* 1: left out for this solve (would not enter usefully) */
  size_t *idx;            /* passive indices */
  double *chol;           /* cap x cap Cholesky factor of the passive block */
  double *z, *w, *rhs;
} ck_nnls;

CK_INTERNAL ck_nnls *ck_nnls_create(ck_ctx *ctx, size_t cap);
CK_INTERNAL void ck_nnls_free(ck_nnls *ws);

/* Minimises 0.5 x'Gx - h'x over x with x_j >= 0 where constrained[j]
 * (Lawson and Hanson's active-set method on the normal equations; G is p x p,
 * row-major, symmetric positive semi-definite). Variables with G_jj == 0
 * stay 0. warm != 0 starts from the passive set the workspace holds (it is
 * reduced until feasible), else from the unconstrained variables alone.
 * Returns 0, or -1 when the iteration limit was reached (x is then feasible
 * but may not be optimal). */
CK_INTERNAL int ck_nnls_solve(ck_nnls *ws, size_t p, const double *G, const double *h,
                              const unsigned char *constrained, int warm, double *x);

/* Cholesky factor of G on the workspace's passive set (in ws->chol, n x n
 * over ws->idx); returns the passive count, or (size_t)-1 if not positive
 * definite. For uncertainties after a solve. */
CK_INTERNAL size_t ck_nnls_factor_passive(ck_nnls *ws, size_t p, const double *G);
/* Solves L L' z = b in place on the factor from ck_nnls_factor_passive (n unknowns). */
CK_INTERNAL void ck_nnls_chol_solve(const double *L, size_t n, size_t stride, double *b);

#endif /* CK_DECONVOLVE_IMPL_H */
