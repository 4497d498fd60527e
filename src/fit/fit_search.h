/* SPDX-License-Identifier: MIT */
/* The fit's stages: grid search, refinement, profile intervals. */
#ifndef CK_FIT_SEARCH_H
#define CK_FIT_SEARCH_H

#include "fit/grid_file.h"

/* Evaluates every point not yet done; file (may be NULL) gets each row. */
CK_INTERNAL ck_status fit_grid_search(ck_ctx *ctx, const ck_fit *fit, const ck_fit_options *opt,
                                      fit_grid *grid, fit_grid_file *file, long *simulations);
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

/* Profile-likelihood interval of free parameter i around the optimum best;
 * an end is NaN when a simulation on the way failed (undetermined). */
CK_INTERNAL void fit_profile_interval(const ck_fit *fit, fit_worker *w, const fit_point *best,
                                      int param, double threshold, double *low, double *high,
                                      long *evaluations);

#endif /* CK_FIT_SEARCH_H */
