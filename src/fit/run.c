/* SPDX-License-Identifier: MIT */
/* ck_fit_run: grid search, then refinement from the best points, then
 * profile intervals, each stage parallel over independent tasks with one
 * worker per thread (so the result is the same for any thread count). */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "fit/fit_search.h"

static void grid_free(fit_grid *g) {
  free(g->done), free(g->objective), free(g->parts);
}

static ck_status grid_alloc(ck_ctx *ctx, const ck_fit *fit, fit_grid *g) {
  memset(g, 0, sizeof *g);
  g->n_points = ck_fit_spec_grid_size(fit->spec);
  g->done = ck_calloc(ctx, g->n_points, 1);
  g->objective = ck_calloc(ctx, g->n_points, sizeof(double));
  g->parts = ck_calloc(ctx, g->n_points * (size_t)fit->n_datasets, sizeof(double));
  return g->done && g->objective && g->parts ? CK_OK : CK_ERR_NOMEM;
}

static ck_fit_result *result_alloc(ck_ctx *ctx, const ck_fit *fit) {
  ck_fit_result *r = ck_calloc(ctx, 1, sizeof *r);
  if (r == NULL) {
    return NULL;
  }
  size_t np = (size_t)fit->spec->n_params;
  r->n_params = (int)np, r->n_datasets = fit->n_datasets;
  r->value = ck_calloc(ctx, np + 1, sizeof(double));
  r->interval_low = ck_calloc(ctx, np + 1, sizeof(double));
  r->interval_high = ck_calloc(ctx, np + 1, sizeof(double));
  r->dataset_objective = ck_calloc(ctx, (size_t)fit->n_datasets, sizeof(double));
  r->dead_time_s = ck_calloc(ctx, (size_t)fit->n_datasets, sizeof(double));
  r->dimer_factor = ck_calloc(ctx, (size_t)fit->n_datasets, sizeof(double));
  if (!r->value || !r->interval_low || !r->interval_high || !r->dataset_objective ||
      !r->dead_time_s || !r->dimer_factor) {
    ck_fit_result_free(r);
    return NULL;
  }
  for (size_t i = 0; i < np; i++) {
    r->interval_low[i] = r->interval_high[i] = NAN;
  }
  return r;
}

void ck_fit_result_free(ck_fit_result *r) {
  if (r == NULL) {
    return;
  }
  free(r->value), free(r->interval_low), free(r->interval_high), free(r->dataset_objective);
  free(r->dead_time_s), free(r->dimer_factor);
  free(r);
}

static int threads_of(const ck_fit_options *opt) {
  return opt->threads > 0 ? opt->threads : omp_get_max_threads();
}

/* Refines from each start in parallel; the best refined point wins, ties
 * going to the better-ranked start. */
static ck_status refine_all(ck_ctx *ctx, const ck_fit *fit, const ck_fit_options *opt,
                            const size_t *starts, size_t n_starts, fit_point *best,
                            ck_fit_result *r) {
  int np = fit->spec->n_params, nd = fit->n_datasets;
  fit_point *found = ck_calloc(ctx, n_starts, sizeof *found);
  if (found == NULL) {
    return CK_ERR_NOMEM;
  }
  ck_status failure = CK_OK;
  long evaluations = 0, sims = 0;
#pragma omp parallel num_threads(threads_of(opt)) reduction(+ : evaluations, sims)
  {
    ck_ctx *local = ck_ctx_create();
    fit_worker *w = local != NULL ? fit_worker_create(local, fit) : NULL;
#pragma omp for schedule(dynamic, 1)
    for (size_t k = 0; k < n_starts; k++) {
      fit_point *f = found + k;
      f->x = malloc((size_t)np * sizeof(double));
      f->parts = malloc((size_t)nd * sizeof(double));
      double *x = malloc((size_t)np * sizeof(double));
      if (w == NULL || f->x == NULL || f->parts == NULL || x == NULL) {
#pragma omp critical(ck_fit_refine)
        failure = CK_ERR_NOMEM;
        free(x);
        continue;
      }
      fit_grid_point(fit, starts[k], x);
      evaluations += fit_refine(fit, w, x, -1, f);
      free(x);
    }
    if (w != NULL) {
      sims += w->simulations;
    }
    fit_worker_free(w);
    ck_ctx_free(local);
  }
  size_t win = 0;
  for (size_t k = 1; failure == CK_OK && k < n_starts; k++) {
    if (found[k].objective < found[win].objective) {
      win = k;
    }
  }
  if (failure == CK_OK) {
    memcpy(best->x, found[win].x, (size_t)np * sizeof(double));
    memcpy(best->parts, found[win].parts, (size_t)nd * sizeof(double));
    best->objective = found[win].objective;
  }
  for (size_t k = 0; k < n_starts; k++) {
    free(found[k].x), free(found[k].parts);
  }
  free(found);
  r->refine_evaluations += evaluations;
  r->simulations += sims;
  return failure == CK_OK ? CK_OK : ck_error_set(ctx, failure, "cannot set up a refinement worker");
}

/* Profile intervals of the free parameters, one task per parameter. The
 * threshold is the profile-likelihood one for least squares with unknown
 * Gaussian noise: n log(S / S_min) <= chi2_1(level), n the residual count. */
static ck_status profile_all(ck_ctx *ctx, const ck_fit *fit, const ck_fit_options *opt,
                             const fit_point *best, ck_fit_result *r) {
  double n = (double)(fit->n_residuals > 0 ? fit->n_residuals : 1);
  double threshold = best->objective * exp(fit_chi2_1_quantile(fit->spec->interval_level) / n);
  long evaluations = 0, sims = 0;
  int lost = 0;
#pragma omp parallel num_threads(threads_of(opt)) reduction(+ : evaluations, sims, lost)
  {
    ck_ctx *local = ck_ctx_create();
    fit_worker *w = local != NULL ? fit_worker_create(local, fit) : NULL;
#pragma omp for schedule(dynamic, 1)
    for (int k = 0; k < fit->n_free; k++) {
      int i = fit->free_param[k];
      lost += w == NULL;
      if (w != NULL) {
        fit_profile_interval(fit, w, best, i, threshold, r->interval_low + i, r->interval_high + i,
                             &evaluations);
      }
    }
    if (w != NULL) {
      sims += w->simulations;
    }
    fit_worker_free(w);
    ck_ctx_free(local);
  }
  r->refine_evaluations += evaluations;
  r->simulations += sims;
  return lost ? ck_error_set(ctx, CK_ERR_NOMEM, "cannot set up a worker for the profiles") : CK_OK;
}

/* The datasets' nuisance values at the optimum: the fixed ones, or for
 * free ones one more evaluation there (deterministic, so it reproduces the
 * optimum's objective; the grid file and the refinement keep only rates). */
static ck_status nuisance_at_best(ck_ctx *ctx, const ck_fit *fit, const fit_point *best,
                                  ck_fit_result *r) {
  for (int d = 0; d < fit->n_datasets; d++) {
    r->dead_time_s[d] = fit->spec->datasets[d].dead_time_s.value;
    r->dimer_factor[d] = fit->spec->datasets[d].dimer_factor.value;
  }
  if (!fit->any_nuisance) {
    return CK_OK;
  }
  ck_ctx *local = ck_ctx_create();
  fit_worker *w = local != NULL ? fit_worker_create(local, fit) : NULL;
  double rates[3], objective;
  ck_status st = w != NULL ? CK_OK : CK_ERR_NOMEM;
  if (st == CK_OK) {
    fit_rates_of(fit, best->x, rates);
    st = fit_evaluate(fit, w, rates, &objective, NULL);
    r->simulations += w->simulations;
  }
  if (st == CK_OK) {
    fit_worker_nuisance(fit, w, r->dead_time_s, r->dimer_factor);
  } else {
    ck_error_set(ctx, st, "the nuisance parameters at the optimum: %s",
                 local != NULL ? ck_ctx_errmsg(local) : "out of memory");
  }
  fit_worker_free(w);
  ck_ctx_free(local);
  return st;
}

ck_fit_result *ck_fit_run(ck_fit *fit, ck_ctx *ctx, const ck_fit_options *opt) {
  const ck_fit_spec *spec = fit->spec;
  int np = spec->n_params, nd = fit->n_datasets;
  fit_grid grid;
  memset(&grid, 0, sizeof grid);
  fit_grid_file file = {NULL, -1, 0};
  ck_fit_result *r = result_alloc(ctx, fit);
  fit_point best = {ck_calloc(ctx, (size_t)np + 1, sizeof(double)), NAN,
                    ck_calloc(ctx, (size_t)nd + 1, sizeof(double))};
  size_t *starts = ck_calloc(ctx, (size_t)spec->starts + 1, sizeof *starts), n_starts = 0;
  ck_status st = r && best.x && best.parts && starts ? grid_alloc(ctx, fit, &grid) : CK_ERR_NOMEM;
  if (st == CK_OK && opt->grid_path != NULL) {
    st = fit_grid_file_open(ctx, &file, opt->grid_path, opt->resume, fit, &grid);
    r->grid_resumed = grid.n_done;
  }
  if (st == CK_OK) {
    st = fit_grid_search(ctx, fit, opt, &grid, file.fd >= 0 ? &file : NULL, &r->simulations);
  }
  fit_grid_file_close(&file);
  if (st == CK_OK) {
    /* Count the grid's runs whether made now or read back: a resumed fit
     * reports what an uninterrupted one does. */
    r->simulations = (long)(grid.n_points * (size_t)nd);
    r->grid_points = grid.n_points;
    for (size_t p = 0; p < grid.n_points; p++) {
      r->grid_failed += isnan(grid.objective[p]);
    }
    st = fit_grid_best(ctx, &grid, starts, (size_t)spec->starts, &n_starts);
    if (st == CK_OK && n_starts == 0) {
      st = ck_error_set(ctx, CK_ERR_SOLVER, "every grid point failed to simulate");
    }
  }
  if (st == CK_OK) {
    fit_grid_point(fit, starts[0], best.x);
    best.objective = grid.objective[starts[0]];
    memcpy(best.parts, grid.parts + starts[0] * (size_t)nd, (size_t)nd * sizeof(double));
    if (spec->refine) {
      st = refine_all(ctx, fit, opt, starts, n_starts, &best, r);
    }
  }
  if (st == CK_OK && spec->intervals == CK_FIT_INTERVALS_PROFILE && fit->n_free > 0) {
    st = profile_all(ctx, fit, opt, &best, r);
  }
  if (st == CK_OK) {
    st = nuisance_at_best(ctx, fit, &best, r);
  }
  if (st == CK_OK) {
    memcpy(r->value, best.x, (size_t)np * sizeof(double));
    memcpy(r->dataset_objective, best.parts, (size_t)nd * sizeof(double));
    r->objective = best.objective;
    for (int i = 0; i < np; i++) {
      if (spec->params[i].fixed) {
        r->interval_low[i] = r->interval_high[i] = NAN;
      }
    }
  }
  grid_free(&grid);
  free(best.x), free(best.parts), free(starts);
  if (st != CK_OK) {
    ck_fit_result_free(r);
    return NULL;
  }
  return r;
}
