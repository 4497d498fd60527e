/* SPDX-License-Identifier: MIT */
/* Comparing fits of different mechanisms to the same data (issue 3 part 7).
 *
 * Each fit is a result.json of `clusterkin fit` (MODEL.md section 8 plus the
 * keys model, mechanism, objective_kind, known_noise, n_residuals,
 * free_parameters and rss). The likelihood is Gaussian in the traces
 * objective's residuals (absolute, relative or log, as the fit weighted them):
 * - unknown noise (no sd: columns): the variance is estimated as RSS/n, so
 *   log L = -n/2 (log(2 pi RSS / n) + 1);
 * - known noise (every residual divided by a measured sd): log L = -RSS/2,
 *   up to a constant that is the same for every model of the same data.
 * n = residuals used, k = free parameters: rate constants and the datasets'
 * fitted dead times and dimer factors. AIC = 2k - 2 log L, BIC = k log n -
 * 2 log L. The tmax objective (paper eq. 1) is no likelihood: refused.
 * Nested pairs (same mechanism, the smaller's free parameters a subset of
 * the larger's, or named by the caller) get a likelihood-ratio test:
 * D = 2 (log L_big - log L_small), chi-square with k_big - k_small degrees. */
#ifndef CK_COMPARE_H
#define CK_COMPARE_H

#include <stddef.h>
#include <stdio.h>

#include "ck_error.h"
#include "ck_export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CK_COMPARE_MAX_PARAMS 3

typedef struct ck_compare_entry {
  char *path;      /* the result file */
  char *model;     /* the model file, as the fit recorded it */
  char *mechanism; /* "dimer-exchange/statistical/metal-fraction:Au" */
  int known_noise;
  size_t n;   /* residuals */
  int k;      /* free parameters */
  double rss; /* residual sum of squares (the traces objective / its weight) */
  int n_free;
  char *free_name[CK_COMPARE_MAX_PARAMS]; /* free rate constants */
  double log_likelihood, aic, bic, delta_aic, delta_bic;
  double aic_weight; /* exp(-delta_aic / 2), normalised over the entries */
} ck_compare_entry;

typedef struct ck_compare_lrt {
  int small, big; /* entry indices (after sorting) */
  double statistic;
  int df;
  double p_value;
  int named; /* 1: the caller named the pair; 0: detected */
} ck_compare_lrt;

typedef struct ck_compare {
  int n;
  ck_compare_entry *entry; /* best AIC first */
  int n_lrt;
  ck_compare_lrt *lrt;
} ck_compare;

/* Reads the result files and ranks them. nested[2 * i], nested[2 * i + 1]:
 * indices into paths of a pair the caller declares nested (small, big);
 * n_nested may be 0. Bad or incomparable results: CK_ERR_INPUT naming the file. */
CK_API ck_compare *ck_compare_results(ck_ctx *ctx, const char *const *paths, int n_paths,
                                      const int *nested, int n_nested);
CK_API void ck_compare_free(ck_compare *cmp);

/* The ranking as CSV: result,mechanism,k,n,rss,log_likelihood,aic,bic,
 * delta_aic,delta_bic,aic_weight. */
CK_API ck_status ck_compare_write_csv(ck_ctx *ctx, const ck_compare *cmp, FILE *stream);
/* {"ranking": [...], "likelihood_ratio_tests": [...]} */
CK_API ck_status ck_compare_write_json(ck_ctx *ctx, const ck_compare *cmp, FILE *stream);

/* P(X > x) for X chi-square with df degrees of freedom. */
CK_API double ck_chi2_survival(double x, int df);

/* Writes the per-channel residuals of the fit in result_path, one CSV per
 * dataset, to dir/<result file stem>.<dataset number>.csv (see
 * ck_fit_write_residuals): the model file is re-read (as recorded, else
 * beside the result file) with the fitted rates and nuisance values. */
CK_API ck_status ck_compare_write_residuals(ck_ctx *ctx, const char *result_path, const char *dir);

#ifdef __cplusplus
}
#endif
#endif /* CK_COMPARE_H */
