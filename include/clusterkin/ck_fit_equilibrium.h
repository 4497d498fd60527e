/* SPDX-License-Identifier: MIT */
/* Fitting site free energies to equilibrium distributions measured at several
 * mixing ratios (MODEL.md section 5), and testing them against the binomial.
 *
 * Data (CSV, '#' comment lines allowed): header `ratio,composition,percent`;
 * one row per (mixing ratio, composition):
 *   ratio        "1:6": parts of cluster A and cluster B mixed (the pair of
 *                clusters is named in ck_eqfit_options, default the first
 *                two clusters of the model)
 *   composition  a monomer over the exchange metals, "[Ag4Cu3]", "Cu3Ag4",
 *                "Ag7" (a symbol without a count means 1, a missing metal 0)
 *   percent      the composition's share of the clusters at equilibrium, in
 *                percent; per ratio the model is renormalised over the
 *                compositions listed for that ratio (so a ratio may list a
 *                subset; listed values should sum to about 100)
 *
 * Model: P(x) ~ Z(x) lambda^x (ck_sites.h) with lambda fixed by the atoms of
 * the mixture (ck_equilibrium_mixture), exact for statistical exchange with
 * dimerization scaling none. The fitted parameters are the identifiable
 * relative energies eps_jm (class j >= 1, metal m >= 1; ck_sites.h), named
 * "class.metal": eps of "capping.Cu" = [E(capping,Cu) - E(capping,Ag)] -
 * [E(inner,Cu) - E(inner,Ag)] with inner the first class and Ag the first
 * exchange metal; negative = Cu prefers capping sites more than Ag does.
 * The binomial model is eps = 0 (no free parameter).
 *
 * Statistics: residuals in percentage points; RSS of both models; AIC =
 * n ln(RSS/n) + 2k; the F-test of the nested models F = ((RSS_b - RSS_s)/k)
 * / (RSS_s/(n - k)) with its p-value (approximate: each ratio's percentages
 * sum to 100); profile intervals: the set where the profile RSS stays below
 * RSS_min (1 + F_{1,n-k}(level) / (n - k)), the exact region for a linear
 * model. Minimisation: NLopt (BOBYQA; Subplex in one dimension), from
 * several starts: the binomial is a stationary point (a preference first
 * narrows the distribution, at second order in eps; the first-order part is
 * absorbed by lambda), so the sign of eps is identified only through the
 * unequal capacities and a mirror-image minimum often exists. A profile
 * region of that other sign is reported (other_J_per_mol).
 *
 * Ownership: _load and _run return owned objects freed with the matching
 * _free (NULL allowed). Model and network are borrowed for the call. */
#ifndef CK_FIT_EQUILIBRIUM_H
#define CK_FIT_EQUILIBRIUM_H

#include <stddef.h>

#include "ck_error.h"
#include "ck_export.h"
#include "ck_model.h"
#include "ck_network.h"
#include "ck_sites.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CK_EQFIT_MAX_PARAMS 16
#define CK_EQFIT_BOUND_J_PER_MOL 1e5 /* |eps| <= 100 kJ/mol (about 40 RT) */

typedef struct ck_eqdata_row {
  double part_a, part_b;                 /* mixing ratio A:B */
  int composition[CK_MAX_METALS];        /* model metal order */
  size_t monomer;                        /* network monomer index */
  double percent;
  int group;                             /* rows of one ratio share a group, first seen first */
  int line;                              /* in the CSV */
} ck_eqdata_row;

typedef struct ck_eqdata {
  char *source;
  int n_rows, n_groups;
  ck_eqdata_row *rows;
} ck_eqdata;

/* Reads the CSV against the model's metals and the network's monomers. */
CK_API ck_eqdata *ck_eqdata_load(ck_ctx *ctx, const ck_model *model, const ck_network *net,
                                 const char *path);
CK_API ck_eqdata *ck_eqdata_parse(ck_ctx *ctx, const ck_model *model, const ck_network *net,
                                  const char *text, const char *source);
CK_API void ck_eqdata_free(ck_eqdata *data);

typedef struct ck_eqfit_options {
  const char *cluster_a, *cluster_b; /* NULL: the model's first two clusters */
  double level;                      /* interval level, default 0.95 */
} ck_eqfit_options;

typedef struct ck_eqfit_param {
  char name[2 * CK_SITE_NAME_MAX];  /* "capping.Cu" */
  int site_class, metal;
  double start_J_per_mol;           /* the model's relative energy */
  double value_J_per_mol;
  double low_J_per_mol, high_J_per_mol; /* profile interval; +-CK_EQFIT_BOUND at a bound */
  int low_open, high_open;              /* 1: the interval reaches the search bound */
  /* The profile also stays below the interval's threshold elsewhere (a
   * mirror-image preference the data cannot rule out): the best such value
   * on a 0.5 kJ/mol grid over +-50 kJ/mol; NaN when there is none. */
  double other_J_per_mol;
} ck_eqfit_param;

typedef struct ck_eqfit_result {
  int n_params;
  ck_eqfit_param param[CK_EQFIT_MAX_PARAMS];
  double temperature_K;
  int n_obs;
  double rss_site, rss_binomial;    /* percentage points squared */
  double aic_site, aic_binomial;
  double f_statistic, p_value;      /* NaN when n_obs <= n_params */
  double level;
  long evaluations;
  double *fit_site, *fit_binomial;  /* model percent per data row (renormalised) */
} ck_eqfit_result;

CK_API ck_eqfit_result *ck_eqfit_run(ck_ctx *ctx, const ck_model *model, const ck_network *net,
                                     const ck_eqdata *data, const ck_eqfit_options *options);
CK_API void ck_eqfit_result_free(ck_eqfit_result *result);

/* Upper tail P(F >= f) of the F distribution with d1, d2 degrees of freedom,
 * and its quantile: the f with P(F <= f) = p. */
CK_API double ck_f_upper_tail(double f, double d1, double d2);
CK_API double ck_f_quantile(double p, double d1, double d2);

#ifdef __cplusplus
}
#endif
#endif /* CK_FIT_EQUILIBRIUM_H */
