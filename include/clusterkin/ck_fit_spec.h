/* SPDX-License-Identifier: MIT */
/* What to fit, how to score it, and against which data: the `fit:` block of a model file.
 *
 * MODEL.md section 8 (model file, "Fit block extras"). A ck_fit_spec is plain
 * data read together with its model: ck_model.fit points to it (NULL when the
 * file has no fit block) and ck_model_free releases it with every string and
 * array it holds. Values are in internal units (nM, s, 1/s, 1/(nM s)); a
 * field whose unit depends on the rate it belongs to says so through a
 * ck_quantity_kind. The README's "Fit block" section documents the syntax.
 *
 *   fit:
 *     objective: tmax                     # traces, or {tmax: 1e-6, traces: 1}
 *     weighting: relative                 # traces residuals; absolute (default), log
 *     tmax-threshold: 0.5 %               # tmax leaves out channels below it
 *     parameters:                         # rate names as under mechanism.rates
 *       dimerization: {min: 1e-4 /nM/s, max: 1 /nM/s, points: 13}
 *       exchange.Ag29+AuAg24: {min: 1e-4, max: 1, points: 5}   # one pair's (pairs:)
 *       exchange: {fixed: 3.2e-2 /s}
 *     constraints: {ratio: {dissociation/exchange: 1.75}}
 *     refine: true
 *     starts: 3
 *     intervals: profile
 *     interval-level: 0.9
 *     datasets:
 *       - data: exp-40-40.csv             # relative to the model file
 *         concentrations: {Ag25: 40 nM, Au25: 40 nM}
 *         initial: {"[Au25]2": 2 nM}
 *         dead-time: {min: 10 s, max: 30 s}
 *         dimer-factor: 1
 */
#ifndef CK_FIT_SPEC_H
#define CK_FIT_SPEC_H

#include <stddef.h>

#include "ck_export.h"
#include "ck_model.h"
#include "ck_network.h"
#include "ck_units.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CK_FIT_MAX_POINTS 100000         /* grid points of one parameter */
#define CK_FIT_MAX_GRID_POINTS 100000000 /* grid points of all parameters together */
#define CK_FIT_MAX_STARTS 1000000        /* grid points refined from */
#define CK_FIT_DEFAULT_STARTS 3
#define CK_FIT_DEFAULT_TMAX_THRESHOLD 0.005 /* 0.5 % of the total signal (issue 3) */
#define CK_FIT_DEFAULT_INTERVAL_LEVEL 0.9

/* The objective is weight_tmax * tmax + weight_traces * traces, summed over
 * the datasets; a part whose weight is 0 is not computed. `objective: tmax`
 * and `objective: traces` give weight 1 to that part and 0 to the other;
 * `objective: {tmax: w1, traces: w2}` gives both weights (kind BOTH when both
 * are > 0, else the kind of the one that is). */
typedef enum ck_fit_objective {
  CK_FIT_OBJECTIVE_TMAX = 0, /* paper eq. 1: sum over channels of (t_max,sim - t_max,exp)^2, s^2 */
  CK_FIT_OBJECTIVE_TRACES,   /* least squares over every measured intensity */
  CK_FIT_OBJECTIVE_BOTH      /* the weighted sum of the two */
} ck_fit_objective;

/* Residuals of the traces objective (r = simulated - measured, per channel and time). */
typedef enum ck_fit_weighting {
  CK_FIT_WEIGHTING_ABSOLUTE = 0, /* r: constant noise */
  CK_FIT_WEIGHTING_RELATIVE,     /* r / measured: noise proportional to the signal */
  CK_FIT_WEIGHTING_LOG           /* log(simulated) - log(measured): lognormal noise */
} ck_fit_weighting;

typedef enum ck_fit_intervals {
  CK_FIT_INTERVALS_PROFILE = 0, /* profile-likelihood interval per parameter */
  CK_FIT_INTERVALS_NONE
} ck_fit_intervals;

/* A rate constant named in fit.parameters. value, min and max are in the
 * rate's internal unit: 1/(nM s) for dimerization (unit =
 * CK_QTY_RATE_SECOND_ORDER), 1/s for dissociation and exchange
 * (CK_QTY_RATE_FIRST_ORDER); in a collision-exchange model the one parameter
 * is "collision", k_c in 1/(nM s), with rate CK_REACTION_EXCHANGE. A fixed
 * parameter has min = max = value and points = 1, so
 * ck_fit_param_grid_value treats both kinds alike. */
typedef struct ck_fit_param {
  const char *name;      /* key under mechanism.rates ("dimerization"), or for one pair of
                            families "exchange.A+B" (owned by the spec) */
  ck_reaction_kind rate; /* which constant (ck_network_set_rates order) */
  ck_quantity_kind unit; /* unit of value, min and max (see above) */
  int fixed;             /* 1: held at value; 0: searched from min to max */
  double value;          /* the fixed value (>= 0) */
  double min, max;       /* bounds, 0 < min <= max (min = max = value when fixed) */
  int points;            /* log-spaced grid points from min to max, >= 1 */
  int line;              /* of its key in the model file */
  /* 0: the mechanism's rate, which moves every pair that inherits it
   * (ck_pair.inherits); k > 0: ck_model.pairs[k - 1]'s own constant. */
  int pair;
  char *own_name;        /* NULL, or the storage of name when the spec owns it */
} ck_fit_param;

/* fit.constraints.ratio: k[numerator] = ratio * k[denominator] at every
 * point. The numerator is not a fit parameter (it follows the denominator);
 * no rate is the numerator of two ratios or both numerator and denominator. */
typedef struct ck_fit_ratio {
  ck_reaction_kind numerator, denominator;
  double ratio;          /* in the quotient's internal unit: */
  ck_quantity_kind unit; /* CK_QTY_INVERSE_CONCENTRATION (1/nM: dimerization over a
                            first-order rate), CK_QTY_CONCENTRATION (nM: the reverse) or
                            CK_QTY_DIMENSIONLESS (two first-order rates) */
  int line;
} ck_fit_ratio;

/* A per-dataset nuisance parameter: a value, or bounds to fit it within.
 * When fitted, value is the midpoint of the bounds (a starting point). */
typedef struct ck_fit_nuisance {
  int fixed; /* 1: held at value; 0: fitted within [min, max] */
  double value;
  double min, max; /* min = max = value when fixed */
  int line;        /* 0 when not written (the default) */
} ck_fit_nuisance;

/* One measured dataset: a channel CSV and the state it started from.
 * Defaults: concentrations = the clusters: block; initial = the model's
 * initial: block; dead time = simulate.dead-time; dimer factor 1. A dataset
 * that gives `concentrations` puts every cluster it does not name at 0 nM;
 * one that gives `initial` replaces the model's initial species (`{}` for
 * none). */
typedef struct ck_fit_dataset {
  char *data;               /* the file as written in the fit block */
  char *path;               /* data resolved against the model file's directory */
  double *concentration_nM; /* at mixing, one per cluster in ck_model order */
  int n_initial;
  ck_initial *initial;          /* further species at mixing, as in ck_model */
  ck_fit_nuisance dead_time_s;  /* model time = experimental time + dead time */
  ck_fit_nuisance dimer_factor; /* multiplies the simulated dimer channels (> 0) */
  int line;                     /* of the dataset's entry */
} ck_fit_dataset;

struct ck_fit_spec {
  ck_fit_objective objective;
  double weight_tmax, weight_traces; /* >= 0, see ck_fit_objective */
  ck_fit_weighting weighting;        /* default absolute */
  double tmax_threshold;             /* fraction of the total signal (default 0.005) */

  int n_params;
  ck_fit_param *params; /* fit-block order: the parameter columns of grid.csv */
  int n_ratios;
  ck_fit_ratio *ratios;

  int refine;                 /* NLopt refinement after the grid (default 1) */
  int starts;                 /* best grid points refined from (default 3) */
  ck_fit_intervals intervals; /* default profile */
  double interval_level;      /* confidence level in (0, 1) (default 0.9) */

  int n_datasets;
  ck_fit_dataset *datasets; /* at least one */
  int line;                 /* where the fit: block's entries start */
};

/* Value of grid point i (0 <= i < points) of p: min * (max/min)^(i/(points-1)),
 * exactly min and max at the ends; the geometric mean of min and max (the
 * fixed value for a fixed parameter) when points = 1. NaN for i out of range. */
CK_API double ck_fit_param_grid_value(const ck_fit_param *p, int i);

/* Number of grid points: the product of the parameters' points. */
CK_API size_t ck_fit_spec_grid_size(const ck_fit_spec *spec);

/* Releases spec and everything it holds; NULL is a no-op. ck_model_free calls it. */
CK_API void ck_fit_spec_free(ck_fit_spec *spec);

#ifdef __cplusplus
}
#endif
#endif /* CK_FIT_SPEC_H */
