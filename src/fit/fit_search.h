/* SPDX-License-Identifier: MIT */
/* The fit's stages: grid search, refinement, profile intervals. */
#ifndef CK_FIT_SEARCH_H
#define CK_FIT_SEARCH_H

#include "fit/grid_file.h"

/* The lowest failed point a search computed and why (its simulation's message). */
typedef struct fit_grid_failure {
  size_t point; /* SIZE_MAX: none */
  char reason[CK_MSG_MAX];
} fit_grid_failure;

/* Evaluates every point not yet done; file (may be NULL) gets each row;
 * failed (may be NULL) gets the first failure. Stops with CK_ERR_LIMIT when
 * the fit's time limit passes (the point running then is not recorded). */
CK_INTERNAL ck_status fit_grid_search(ck_ctx *ctx, const ck_fit *fit, const ck_fit_options *opt,
                                      fit_grid *grid, fit_grid_file *file, long *simulations,
                                      fit_grid_failure *failed);
/* Up to max best successful points, best first; *n_best says how many. */
CK_INTERNAL ck_status fit_grid_best(ck_ctx *ctx, const fit_grid *grid, size_t *best, size_t max,
                                    size_t *n_best);

/* A point of parameter space with its objective. */
typedef struct fit_point {
  double *x; /* one value per spec parameter, fit-block order */
  double objective;
  double *parts; /* per dataset */
} fit_point;

/* Local minimisation of the free parameters from start (NLopt, log10
 * space, within the bounds); fixed: index of one more parameter to hold at
 * its start value, or -1. Returns the number of evaluations; out gets the
 * best point found (never worse than start). */
CK_INTERNAL long fit_refine(const ck_fit *fit, fit_worker *w, const double *start, int fixed,
                            fit_point *out);

/* Most points of one profile curve: two directions of at most 40 steps
 * with 10 bisections, and the optimum. */
#define FIT_PROFILE_MAX_POINTS 1001

/* A profile: its interval, its curve and the best point it met. */
typedef struct fit_profile {
  double low, high; /* NaN where a simulation on the way failed (undetermined) */
  long evaluations;
  fit_point better; /* caller-allocated; holds the optimum, replaced by any lower point */
  size_t n_curve;   /* points of curve */
  double *curve;    /* caller-allocated, 2 x FIT_PROFILE_MAX_POINTS: value, profile objective */
} fit_profile;

/* Profile-likelihood interval of free parameter i around the optimum best:
 * the others re-optimised along a walk from the optimum each way, ends where
 * the profile crosses threshold (or the bound, where the interval is open). */
CK_INTERNAL void fit_profile_interval(const ck_fit *fit, fit_worker *w, const fit_point *best,
                                      int param, double threshold, fit_profile *out);

/* The profile threshold: with every residual weighted by a measured sd
 * (known noise, traces only) S_min + w chi2_1(level), w the traces weight;
 * otherwise (noise level estimated from the fit) S_min exp(chi2_1(level) / n),
 * n the residual count, from n log(S / S_min) <= chi2_1(level). */
CK_INTERNAL double fit_interval_threshold(const ck_fit *fit, double s_min);

#endif /* CK_FIT_SEARCH_H */
