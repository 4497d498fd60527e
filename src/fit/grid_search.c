/* SPDX-License-Identifier: MIT */
/* Grid search over the log-spaced parameter grid, in parallel (ck_parallel_for).
 *
 * One worker (network, channels, integrator) per thread. A point's
 * objective depends only on the point, never on which thread ran it or in
 * what order, so the tables and the grid file sorted by point are the same
 * for any thread count. A point whose simulation fails is recorded as failed
 * (NaN) and the search goes on. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fit/fit_search.h"
#include "parallel/parallel.h"

/* Keeps the lowest failed point's reason: the same one for any thread count. */
static void note_failure(fit_grid_failure *failed, size_t p, const ck_ctx *why) {
  if (failed != NULL && (failed->point == SIZE_MAX || p < failed->point)) {
    failed->point = p;
    snprintf(failed->reason, sizeof failed->reason, "%s", ck_ctx_errmsg(why));
  }
}

/* The search, shared by its threads; lock guards failure's message, the
 * grid file, finished, sims and the progress callback. */
typedef struct grid_loop {
  ck_ctx *ctx;
  const ck_fit *fit;
  const ck_fit_options *opt;
  fit_grid *grid;
  fit_grid_file *file;
  fit_grid_failure *failed;
  const size_t *todo;
  size_t finished, total;
  long sims;
  atomic_int failure; /* read by every thread, set once */
  pthread_mutex_t lock;
} grid_loop;

typedef struct grid_thread {
  ck_ctx *local;
  fit_worker *w;
  double *x, *parts;
} grid_thread;

static void fail_setup(grid_loop *g, ck_status why, const char *detail) {
  pthread_mutex_lock(&g->lock);
  if (atomic_load(&g->failure) == CK_OK) {
    atomic_store(&g->failure, ck_error_set(g->ctx, why, "cannot set up a grid worker: %s", detail));
  }
  pthread_mutex_unlock(&g->lock);
}

static void *grid_thread_start(void *user) {
  grid_loop *g = user;
  int nd = g->fit->n_datasets, np = g->fit->spec->n_params;
  grid_thread *t = calloc(1, sizeof *t);
  if (t != NULL) {
    t->local = ck_ctx_create();
    t->w = t->local != NULL ? fit_worker_create(t->local, g->fit) : NULL;
    t->x = malloc((size_t)np * sizeof *t->x);
    t->parts = malloc((size_t)nd * sizeof *t->parts);
  }
  if (t == NULL || t->w == NULL || t->x == NULL || t->parts == NULL) {
    /* x or parts alone failing leaves local clean: still out of memory. */
    ck_status why = t != NULL && t->local != NULL ? ck_ctx_status(t->local) : CK_OK;
    fail_setup(g, why != CK_OK ? why : CK_ERR_NOMEM,
               why != CK_OK ? ck_ctx_errmsg(t->local) : "out of memory");
  }
  return t;
}

static void grid_task(void *user, void *state, size_t k) {
  grid_loop *g = user;
  grid_thread *t = state;
  if (t == NULL || t->w == NULL || t->x == NULL || t->parts == NULL ||
      atomic_load(&g->failure) != CK_OK) {
    return; /* an OpenMP loop cannot break; the failure is recorded */
  }
  const ck_fit *fit = g->fit;
  size_t p = g->todo[k];
  int nd = fit->n_datasets;
  fit_rates rates;
  double objective;
  fit_grid_point(fit, p, t->x);
  fit_rates_of(fit, t->x, &rates);
  ck_status st = fit_past_deadline(fit) ? CK_ERR_LIMIT
                                        : fit_evaluate(fit, t->w, &rates, &objective, t->parts);
  if (st == CK_ERR_LIMIT) { /* out of time: the point stays to do, for --resume */
    pthread_mutex_lock(&g->lock);
    if (atomic_load(&g->failure) == CK_OK) {
      atomic_store(&g->failure, fit_time_limit_error(g->ctx, fit, "the grid search"));
    }
    pthread_mutex_unlock(&g->lock);
    return;
  }
  int ok = st == CK_OK;
  fit_grid *grid = g->grid;
  grid->objective[p] = ok ? objective : NAN;
  memcpy(grid->parts + p * (size_t)nd, t->parts, (size_t)nd * sizeof *t->parts);
  grid->done[p] = 1;
  pthread_mutex_lock(&g->lock);
  if (g->file != NULL && atomic_load(&g->failure) == CK_OK &&
      fit_grid_file_append(g->ctx, g->file, fit, p, objective, t->parts, ok) != CK_OK) {
    atomic_store(&g->failure, ck_ctx_status(g->ctx));
  }
  g->finished++;
  if (!ok) {
    note_failure(g->failed, p, t->w->ctx);
  }
  if (g->opt->progress != NULL) {
    g->opt->progress(g->opt->progress_user, g->finished, g->total);
  }
  pthread_mutex_unlock(&g->lock);
}

static void grid_thread_finish(void *user, void *state) {
  grid_loop *g = user;
  grid_thread *t = state;
  if (t == NULL) {
    return;
  }
  if (t->w != NULL) {
    pthread_mutex_lock(&g->lock);
    g->sims += t->w->simulations;
    pthread_mutex_unlock(&g->lock);
  }
  fit_worker_free(t->w);
  ck_ctx_free(t->local);
  free(t->x), free(t->parts), free(t);
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
  grid_loop g = {.ctx = ctx, .fit = fit, .opt = opt, .grid = grid, .file = file, .failed = failed,
                 .todo = todo, .finished = grid->n_done,
                 .total = grid->n_done + n_todo, /* what this process will have done */
                 .failure = CK_OK, .lock = PTHREAD_MUTEX_INITIALIZER};
  ck_parallel_loop loop = {.first = 0, .end = n_todo, .stride = 1, .threads = opt->threads,
                           .user = &g, .start = grid_thread_start, .task = grid_task,
                           .finish = grid_thread_finish};
  ck_status st = ck_parallel_for(ctx, &loop);
  free(todo);
  *simulations += g.sims;
  if (st != CK_OK) {
    return st;
  }
  if (atomic_load(&g.failure) != CK_OK) {
    return (ck_status)atomic_load(&g.failure);
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
