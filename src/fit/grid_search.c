/* SPDX-License-Identifier: MIT */
/* Grid search over the log-spaced parameter grid, in parallel (OpenMP).
 *
 * One worker (network, channels, integrator) per thread. A point's
 * objective depends only on the point, never on which thread ran it or in
 * what order, so the tables and the grid file sorted by point are the same
 * for any thread count. A point whose simulation fails is recorded as failed
 * (NaN) and the search goes on. */
#include <math.h>
#include <omp.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fit/fit_search.h"

/* Keeps the lowest failed point's reason: the same one for any thread count. */
static void note_failure(fit_grid_failure *failed, size_t p, const ck_ctx *why) {
  if (failed != NULL && (failed->point == SIZE_MAX || p < failed->point)) {
    failed->point = p;
    snprintf(failed->reason, sizeof failed->reason, "%s", ck_ctx_errmsg(why));
  }
}

ck_status fit_grid_search(ck_ctx *ctx, const ck_fit *fit, const ck_fit_options *opt, fit_grid *grid,
                          fit_grid_file *file, long *simulations, fit_grid_failure *failed) {
  size_t n_todo = 0, *todo = ck_calloc(ctx, grid->n_points - grid->n_done + 1, sizeof *todo);
  if (todo == NULL) {
    return CK_ERR_NOMEM;
  }
  for (size_t p = 0; p < grid->n_points; p++) {
    if (!grid->done[p] && p % grid->stride == grid->offset && p < grid->end) { /* this rank's share */
      todo[n_todo++] = p;
    }
  }
  size_t total = grid->n_done + n_todo; /* what this process will have done */
  atomic_int failure = CK_OK;           /* read by every thread, set once */
  size_t finished = grid->n_done;
  long sims = 0;
  int nd = fit->n_datasets, np = fit->spec->n_params;
#pragma omp parallel num_threads(opt->threads > 0 ? opt->threads : omp_get_max_threads()) \
    reduction(+ : sims)
  {
    ck_ctx *local = ck_ctx_create();
    fit_worker *w = local != NULL ? fit_worker_create(local, fit) : NULL;
    double *x = malloc((size_t)np * sizeof *x), *parts = malloc((size_t)nd * sizeof *parts);
    if (w == NULL || x == NULL || parts == NULL) {
#pragma omp critical(ck_fit_grid)
      if (atomic_load(&failure) == CK_OK) {
        /* x or parts alone failing leaves local clean: still out of memory. */
        ck_status why = local != NULL ? ck_ctx_status(local) : CK_OK;
        atomic_store(&failure, ck_error_set(ctx, why != CK_OK ? why : CK_ERR_NOMEM,
                                            "cannot set up a grid worker: %s",
                                            why != CK_OK ? ck_ctx_errmsg(local) : "out of memory"));
      }
    }
#pragma omp for schedule(dynamic, 1)
    for (size_t k = 0; k < n_todo; k++) {
      if (w == NULL || x == NULL || parts == NULL || atomic_load(&failure) != CK_OK) {
        continue; /* an OpenMP loop cannot break; the failure is recorded */
      }
      size_t p = todo[k];
      fit_rates rates;
      double objective;
      fit_grid_point(fit, p, x);
      fit_rates_of(fit, x, &rates);
      ck_status st =
          fit_past_deadline(fit) ? CK_ERR_LIMIT : fit_evaluate(fit, w, &rates, &objective, parts);
      if (st == CK_ERR_LIMIT) { /* out of time: the point stays to do, for --resume */
#pragma omp critical(ck_fit_grid)
        if (atomic_load(&failure) == CK_OK) {
          atomic_store(&failure, fit_time_limit_error(ctx, fit, "the grid search"));
        }
        continue;
      }
      int ok = st == CK_OK;
      grid->objective[p] = ok ? objective : NAN;
      memcpy(grid->parts + p * (size_t)nd, parts, (size_t)nd * sizeof *parts);
      grid->done[p] = 1;
#pragma omp critical(ck_fit_grid)
      {
        if (file != NULL && atomic_load(&failure) == CK_OK &&
            fit_grid_file_append(ctx, file, fit, p, objective, parts, ok) != CK_OK) {
          atomic_store(&failure, ck_ctx_status(ctx));
        }
        finished++;
        if (!ok) {
          note_failure(failed, p, w->ctx);
        }
        if (opt->progress != NULL) {
          opt->progress(opt->progress_user, finished, total);
        }
      }
    }
    if (w != NULL) {
      sims += w->simulations;
    }
    fit_worker_free(w);
    ck_ctx_free(local);
    free(x), free(parts);
  }
  free(todo);
  *simulations += sims;
  if (atomic_load(&failure) != CK_OK) {
    return (ck_status)atomic_load(&failure);
  }
  if (grid->stride == 1) { /* else the ranks' shares are merged by the caller */
    grid->n_done = grid->n_points;
  }
  return CK_OK;
}

typedef struct ranked {
  double objective;
  size_t point;
} ranked;

/* Ascending objective, failed points last, ties by point: a total order, so
 * the best points do not depend on the order the search finished them. */
static int by_objective(const void *a, const void *b) {
  const ranked *x = a, *y = b;
  int nx = isnan(x->objective), ny = isnan(y->objective);
  if (nx != ny) {
    return nx - ny;
  }
  if (!nx && x->objective != y->objective) {
    return x->objective < y->objective ? -1 : 1;
  }
  return (x->point > y->point) - (x->point < y->point);
}

ck_status fit_grid_best(ck_ctx *ctx, const fit_grid *grid, size_t *best, size_t max,
                        size_t *n_best) {
  ranked *order = ck_calloc(ctx, grid->n_points + 1, sizeof *order);
  *n_best = 0;
  if (order == NULL) {
    return CK_ERR_NOMEM;
  }
  for (size_t p = 0; p < grid->n_points; p++) {
    order[p] = (ranked){grid->objective[p], p};
  }
  qsort(order, grid->n_points, sizeof *order, by_objective);
  size_t n = 0;
  while (n < max && n < grid->n_points && !isnan(order[n].objective)) {
    best[n] = order[n].point;
    n++;
  }
  free(order);
  *n_best = n;
  return CK_OK;
}
