/* SPDX-License-Identifier: MIT */
/* ck_fit_run: grid search, then refinement from the best points, then
 * profile intervals, each stage parallel over independent tasks with one
 * worker per thread (so the result is the same for any thread count). */
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fit/fit_search.h"
#include "mpi/mpi_world.h"
#include "optim/nlopt_api.h"
#include "parallel/parallel.h"
#include "solver/solver_impl.h"

int fit_past_deadline(const ck_fit *fit) {
  return fit->deadline_s > 0.0 && ck_clock_s() > fit->deadline_s;
}

ck_status fit_time_limit_error(ck_ctx *ctx, const ck_fit *fit, const char *during) {
  CK_FAIL(ctx, CK_ERR_LIMIT,
          "time limit of %g s exceeded during %s; finished grid points are kept in the grid file "
          "(--grid-out; continue with --resume); raise it with limits: {time: ...} or --time-limit",
          fit->model->time_limit_s, during);
}

/* After a stage: out of time is an error even when the stage's own
 * evaluations (refinement, profiles) absorbed it as failed points. */
static ck_status check_time(ck_ctx *ctx, const ck_fit *fit, ck_status st, const char *stage) {
  return st == CK_OK && fit_past_deadline(fit) ? fit_time_limit_error(ctx, fit, stage) : st;
}

static void grid_free(fit_grid *g) {
  free(g->done), free(g->objective), free(g->parts);
}

static ck_status grid_alloc(ck_ctx *ctx, const ck_fit *fit, fit_grid *g) {
  memset(g, 0, sizeof *g);
  g->n_points = ck_fit_spec_grid_size(fit->spec);
  g->done = ck_calloc(ctx, g->n_points, 1);
  g->objective = ck_calloc(ctx, g->n_points, sizeof(double));
  g->parts = ck_calloc(ctx, g->n_points * (size_t)fit->n_datasets, sizeof(double));
  g->stride = 1, g->offset = 0, g->end = g->n_points;
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
  free(r->profile_param), free(r->profile_value), free(r->profile_objective);
  free(r);
}

/* The MPI ranks agree on a stage's outcome: every rank fails when one does
 * (the failing rank holds the message; the others say where it came from). */
static ck_status agree(ck_ctx *ctx, const ck_mpi_ops *mpi, ck_status st) {
  int ok = st == CK_OK;
  if (mpi == NULL) {
    return st;
  }
  if (mpi->min_int(&ok) != 0) {
    return ck_error_set(ctx, CK_ERR_IO, "MPI: a collective call failed");
  }
  if (!ok && st == CK_OK) {
    st = ck_error_set(ctx, CK_ERR_SOLVER, "another MPI rank failed (rank 0 reports why)");
  }
  return st;
}

/* Every rank gets rows computed by rank i % size (no-op alone). */
static ck_status share(ck_ctx *ctx, const ck_mpi_ops *mpi, double *rows, size_t n, size_t len) {
  if (mpi != NULL && mpi->share_rows(rows, n, len) != 0) {
    return ck_error_set(ctx, CK_ERR_IO, "MPI: cannot exchange results between ranks");
  }
  return CK_OK;
}

/* A refinement or profile stage, shared by its threads: each task writes
 * only its own row. */
typedef struct stage_loop {
  const ck_fit *fit;
  double *rows;
  size_t len;                   /* doubles per row */
  const size_t *starts;         /* refinement: the grid points to start from */
  const fit_point *best;        /* profiles: the optimum, */
  double threshold;             /* and the objective's rise that bounds an interval */
  size_t curve_at;              /* profiles: where a row's curve begins */
  atomic_int threads_without_worker;
} stage_loop;

/* One thread's worker and scratch point. */
typedef struct stage_thread {
  ck_ctx *local;
  fit_worker *w;
  double *x;
  fit_point f;
} stage_thread;

static int thread_ready(const stage_thread *t) {
  return t != NULL && t->w != NULL && t->x != NULL && t->f.x != NULL && t->f.parts != NULL;
}

static void *stage_thread_start(void *user) {
  stage_loop *s = user;
  size_t np = (size_t)s->fit->spec->n_params, nd = (size_t)s->fit->n_datasets;
  stage_thread *t = calloc(1, sizeof *t);
  if (t != NULL) {
    t->local = ck_ctx_create();
    t->w = t->local != NULL ? fit_worker_create(t->local, s->fit) : NULL;
    t->x = malloc(np * sizeof(double));
    t->f = (fit_point){malloc(np * sizeof(double)), INFINITY, malloc(nd * sizeof(double))};
  }
  if (!thread_ready(t)) {
    atomic_fetch_add(&s->threads_without_worker, 1);
  }
  return t;
}

static void stage_thread_finish(void *user, void *state) {
  (void)user;
  stage_thread *t = state;
  if (t != NULL) {
    fit_worker_free(t->w);
    ck_ctx_free(t->local);
    free(t->x), free(t->f.x), free(t->f.parts), free(t);
  }
}

/* Runs task over this rank's share (k % size == rank) of n tasks on opt's
 * threads; a thread that could not set up its worker fails the stage, with
 * "cannot set up <worker>". */
static ck_status run_stage(ck_ctx *ctx, const ck_fit_options *opt, stage_loop *s, size_t n,
                           void (*task)(void *, void *, size_t), const char *worker) {
  int rank, size;
  ck_mpi_world(&rank, &size);
  ck_parallel_loop loop = {.first = (size_t)rank, .end = n, .stride = (size_t)size,
                           .threads = opt->threads, .user = s, .start = stage_thread_start,
                           .task = task, .finish = stage_thread_finish};
  ck_status st = ck_parallel_for(ctx, &loop);
  if (st == CK_OK && atomic_load(&s->threads_without_worker) > 0) {
    st = ck_error_set(ctx, CK_ERR_NOMEM, "cannot set up %s", worker);
  }
  return st;
}

/* Refinement from start k: its row is x (np), objective, parts (nd),
 * evaluations, simulations. */
static void refine_task(void *user, void *state, size_t k) {
  stage_loop *s = user;
  stage_thread *t = state;
  if (!thread_ready(t)) {
    return;
  }
  const ck_fit *fit = s->fit;
  int np = fit->spec->n_params, nd = fit->n_datasets;
  long before = t->w->simulations;
  double *row = s->rows + k * s->len;
  fit_grid_point(fit, s->starts[k], t->x);
  long evaluations = fit_refine(fit, t->w, t->x, -1, &t->f);
  memcpy(row, t->f.x, (size_t)np * sizeof(double));
  row[np] = t->f.objective;
  memcpy(row + np + 1, t->f.parts, (size_t)nd * sizeof(double));
  row[np + 1 + nd] = (double)evaluations;
  row[np + 2 + nd] = (double)(t->w->simulations - before);
}

/* Refines from each start in parallel (this rank's starts: k % size ==
 * rank); the best refined point wins, ties going to the better-ranked start.
 * A start's row: x (np), objective, parts (nd), evaluations, simulations. */
static ck_status refine_all(ck_ctx *ctx, const ck_fit *fit, const ck_fit_options *opt,
                            const size_t *starts, size_t n_starts, fit_point *best,
                            ck_fit_result *r) {
  int np = fit->spec->n_params, nd = fit->n_datasets, rank, size;
  const ck_mpi_ops *mpi = ck_mpi_world(&rank, &size);
  size_t len = (size_t)np + (size_t)nd + 3;
  double *rows = ck_calloc(ctx, n_starts * len + 1, sizeof *rows);
  if (rows == NULL) {
    return agree(ctx, mpi, CK_ERR_NOMEM);
  }
  stage_loop s = {.fit = fit, .rows = rows, .len = len, .starts = starts};
  ck_status st = agree(ctx, mpi, run_stage(ctx, opt, &s, n_starts, refine_task,
                                           "a refinement worker"));
  if (st == CK_OK) {
    st = share(ctx, mpi, rows, n_starts, len);
  }
  if (st == CK_OK) {
    size_t win = 0;
    for (size_t k = 0; k < n_starts; k++) {
      const double *row = rows + k * len;
      if (row[np] < rows[win * len + np]) {
        win = k;
      }
      r->refine_evaluations += (long)row[np + 1 + nd];
      r->simulations += (long)row[np + 2 + nd];
    }
    memcpy(best->x, rows + win * len, (size_t)np * sizeof(double));
    best->objective = rows[win * len + np];
    memcpy(best->parts, rows + win * len + np + 1, (size_t)nd * sizeof(double));
  }
  free(rows);
  return st;
}

/* The profile of free parameter k: its row is low, high, evaluations,
 * simulations, the lowest point met (objective, x, parts), the curve
 * (count, points). */
static void profile_task(void *user, void *state, size_t k) {
  stage_loop *s = user;
  stage_thread *t = state;
  if (!thread_ready(t)) {
    return;
  }
  const ck_fit *fit = s->fit;
  const fit_point *best = s->best;
  int np = fit->spec->n_params, nd = fit->n_datasets;
  double *row = s->rows + k * s->len;
  fit_profile pr = {
      NAN, NAN, 0, {row + 5, best->objective, row + 5 + np}, 0, row + s->curve_at + 1};
  long before = t->w->simulations;
  memcpy(pr.better.x, best->x, (size_t)np * sizeof(double));
  memcpy(pr.better.parts, best->parts, (size_t)nd * sizeof(double));
  fit_profile_interval(fit, t->w, best, fit->free_param[k], s->threshold, &pr);
  row[0] = pr.low, row[1] = pr.high;
  row[2] = (double)pr.evaluations, row[3] = (double)(t->w->simulations - before);
  row[4] = pr.better.objective, row[s->curve_at] = (double)pr.n_curve;
}

/* Profile intervals of the free parameters, one task per parameter (this
 * rank's: k % size == rank). A row: low, high, evaluations, simulations,
 * the lowest point met (objective, x, parts), the curve (count, points). */
static ck_status profile_all(ck_ctx *ctx, const ck_fit *fit, const ck_fit_options *opt,
                             const fit_point *best, double threshold, ck_fit_result *r,
                             fit_point *better) {
  int rank, size, np = fit->spec->n_params, nd = fit->n_datasets;
  const ck_mpi_ops *mpi = ck_mpi_world(&rank, &size);
  size_t curve_at = 5 + (size_t)np + (size_t)nd, len = curve_at + 1 + 2 * FIT_PROFILE_MAX_POINTS;
  size_t n = (size_t)fit->n_free;
  double *rows = ck_calloc(ctx, n * len + 1, sizeof *rows);
  if (rows == NULL) {
    return agree(ctx, mpi, CK_ERR_NOMEM);
  }
  stage_loop s = {.fit = fit, .rows = rows, .len = len, .best = best, .threshold = threshold,
                  .curve_at = curve_at};
  ck_status st = agree(ctx, mpi, run_stage(ctx, opt, &s, n, profile_task,
                                           "a worker for the profiles"));
  if (st == CK_OK) {
    st = share(ctx, mpi, rows, n, len);
  }
  size_t n_points = 0;
  for (size_t k = 0; st == CK_OK && k < n; k++) {
    n_points += (size_t)rows[k * len + curve_at];
  }
  free(r->profile_param), free(r->profile_value), free(r->profile_objective);
  r->profile_param = st == CK_OK ? ck_calloc(ctx, n_points + 1, sizeof(int)) : NULL;
  r->profile_value = st == CK_OK ? ck_calloc(ctx, n_points + 1, sizeof(double)) : NULL;
  r->profile_objective = st == CK_OK ? ck_calloc(ctx, n_points + 1, sizeof(double)) : NULL;
  r->n_profile_points = 0;
  if (st == CK_OK && (!r->profile_param || !r->profile_value || !r->profile_objective)) {
    st = CK_ERR_NOMEM;
  }
  for (size_t k = 0; st == CK_OK && k < n; k++) {
    const double *row = rows + k * len;
    int i = fit->free_param[k];
    r->interval_low[i] = row[0], r->interval_high[i] = row[1];
    r->refine_evaluations += (long)row[2];
    r->simulations += (long)row[3];
    if (row[4] < better->objective) { /* ties keep the earlier parameter's */
      better->objective = row[4];
      memcpy(better->x, row + 5, (size_t)np * sizeof(double));
      memcpy(better->parts, row + 5 + np, (size_t)nd * sizeof(double));
    }
    for (size_t j = 0; j < (size_t)row[curve_at]; j++) {
      r->profile_param[r->n_profile_points] = i;
      r->profile_value[r->n_profile_points] = row[curve_at + 1 + 2 * j];
      r->profile_objective[r->n_profile_points++] = row[curve_at + 2 + 2 * j];
    }
  }
  free(rows);
  return st;
}

/* Profiles around best. A profile point below the optimum (likely when
 * refine: false leaves the grid's best point) becomes the optimum; when it
 * is lower by a noticeable share of the threshold's rise, the profiles are
 * redone around it (at most twice more), so intervals always belong to the
 * reported optimum up to that share. */
static ck_status profile_stage(ck_ctx *ctx, const ck_fit *fit, const ck_fit_options *opt,
                               fit_point *best, ck_fit_result *r) {
  int np = fit->spec->n_params, nd = fit->n_datasets;
  fit_point better = {ck_calloc(ctx, (size_t)np + 1, sizeof(double)), best->objective,
                      ck_calloc(ctx, (size_t)nd + 1, sizeof(double))};
  ck_status st = better.x != NULL && better.parts != NULL ? CK_OK : CK_ERR_NOMEM;
  for (int round = 0; st == CK_OK && round < 3; round++) {
    double threshold = fit_interval_threshold(fit, best->objective);
    better.objective = best->objective;
    st = profile_all(ctx, fit, opt, best, threshold, r, &better);
    if (st != CK_OK || !(better.objective < best->objective)) {
      break;
    }
    double gain = best->objective - better.objective, rise = threshold - best->objective;
    memcpy(best->x, better.x, (size_t)np * sizeof(double));
    memcpy(best->parts, better.parts, (size_t)nd * sizeof(double));
    best->objective = better.objective;
    r->optimum_from_profile = 1;
    if (!(gain > 1e-3 * rise)) {
      break;
    }
  }
  free(better.x), free(better.parts);
  return st;
}

/* Before an MPI grid: rank 0 alone opens (and with resume reads) the grid
 * file; every rank learns the outcome and the points already done. */
static ck_status grid_open_shared(ck_ctx *ctx, const ck_fit *fit, const ck_fit_options *opt,
                                  const ck_mpi_ops *mpi, int rank, fit_grid *grid,
                                  fit_grid_file *file) {
  int nd = fit->n_datasets, st = CK_OK;
  if (rank == 0 && opt->grid_path != NULL) {
    st = fit_grid_file_open(ctx, file, opt->grid_path, opt->resume, fit, grid);
  }
  if (mpi->bcast(&st, sizeof st) != 0 || mpi->bcast(grid->done, grid->n_points) != 0 ||
      mpi->bcast(grid->objective, grid->n_points * sizeof(double)) != 0 ||
      mpi->bcast(grid->parts, grid->n_points * (size_t)nd * sizeof(double)) != 0) {
    return ck_error_set(ctx, CK_ERR_IO, "MPI: cannot share the grid file's points");
  }
  if (st != CK_OK && rank != 0) {
    return ck_error_set(ctx, (ck_status)st, "rank 0 cannot use the grid file (it reports why)");
  }
  grid->n_done = 0;
  for (size_t p = 0; p < grid->n_points; p++) {
    grid->n_done += grid->done[p];
  }
  return (ck_status)st;
}

/* After an MPI round (points begin <= p < grid->end, begin a multiple of
 * the number of ranks): every rank gets the round's points; rank 0 appends
 * the other ranks' new ones to the grid file (its own went in as they
 * finished). */
static ck_status grid_merge_shared(ck_ctx *ctx, const ck_fit *fit, const ck_mpi_ops *mpi, int rank,
                                   fit_grid *grid, fit_grid_file *file, size_t begin) {
  size_t nd = (size_t)fit->n_datasets, len = nd + 1, n = grid->end - begin;
  double *rows = ck_calloc(ctx, n * len + 1, sizeof *rows);
  unsigned char *was_done = ck_calloc(ctx, n + 1, 1);
  /* This first agreement pairs with the one a rank whose search failed
   * makes in grid_stage: then every rank stops here. */
  ck_status st = agree(ctx, mpi, rows != NULL && was_done != NULL ? CK_OK : CK_ERR_NOMEM);
  if (st != CK_OK) {
    free(rows), free(was_done);
    return st;
  }
  memcpy(was_done, grid->done + begin, n);
  for (size_t i = 0; i < n; i++) {
    rows[i * len] = grid->objective[begin + i];
    memcpy(rows + i * len + 1, grid->parts + (begin + i) * nd, nd * sizeof(double));
  }
  st = share(ctx, mpi, rows, n, len); /* row i is rank (begin + i) % size's */
  for (size_t i = 0, p = begin; st == CK_OK && i < n; i++, p++) {
    grid->objective[p] = rows[i * len];
    memcpy(grid->parts + p * nd, rows + i * len + 1, nd * sizeof(double));
    grid->done[p] = 1;
    grid->n_done += !was_done[i];
    if (rank == 0 && file->fd >= 0 && !was_done[i] && p % grid->stride != 0) {
      st = fit_grid_file_append(ctx, file, fit, p, grid->objective[p], grid->parts + p * nd,
                                !isnan(grid->objective[p]));
    }
  }
  free(rows), free(was_done);
  return agree(ctx, mpi, st); /* rank 0's appends may have failed */
}

/* Grid points per rank in one MPI round: after each round rank 0 writes
 * every rank's rows, so a killed MPI fit loses at most one round; more
 * points per round wait less on the slowest rank. */
enum { CK_FIT_MPI_ROUND_PER_RANK = 64 };

/* The grid stage: alone, or under MPI in rounds of which each rank computes
 * its share and then merges. */
static ck_status grid_stage(ck_ctx *ctx, const ck_fit *fit, const ck_fit_options *opt,
                            fit_grid *grid, ck_fit_result *r, fit_grid_failure *failed) {
  int rank, size;
  const ck_mpi_ops *mpi = ck_mpi_world(&rank, &size);
  fit_grid_file file = {.path = NULL, .fd = -1};
  ck_status st;
  if (mpi == NULL) {
    st = opt->grid_path != NULL
             ? fit_grid_file_open(ctx, &file, opt->grid_path, opt->resume, fit, grid)
             : CK_OK;
    r->grid_resumed = grid->n_done;
    if (st == CK_OK) {
      st = fit_grid_search(ctx, fit, opt, grid, file.fd >= 0 ? &file : NULL, &r->simulations,
                           failed);
    }
    fit_grid_file_close(&file);
    return st;
  }
  st = grid_open_shared(ctx, fit, opt, mpi, rank, grid, &file);
  grid->stride = (size_t)size, grid->offset = (size_t)rank;
  r->grid_resumed = grid->n_done;
  size_t round = (size_t)size * CK_FIT_MPI_ROUND_PER_RANK;
  for (size_t begin = 0; st == CK_OK && begin < grid->n_points; begin += round) {
    grid->end = grid->n_points - begin > round ? begin + round : grid->n_points;
    st = fit_grid_search(ctx, fit, opt, grid, file.fd >= 0 ? &file : NULL, &r->simulations,
                         failed);
    if (st == CK_OK) {
      st = grid_merge_shared(ctx, fit, mpi, rank, grid, &file, begin);
    } else {
      agree(ctx, mpi, st); /* the others learn of the failure */
    }
  }
  grid->end = grid->n_points;
  fit_grid_file_close(&file);
  return st;
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
  fit_rates rates;
  double objective;
  ck_status st = w != NULL ? CK_OK : CK_ERR_NOMEM;
  if (st == CK_OK) {
    fit_rates_of(fit, best->x, &rates);
    st = fit_evaluate(fit, w, &rates, &objective, NULL);
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
  ck_fit_result *r = result_alloc(ctx, fit);
  fit_point best = {ck_calloc(ctx, (size_t)np + 1, sizeof(double)), NAN,
                    ck_calloc(ctx, (size_t)nd + 1, sizeof(double))};
  size_t *starts = ck_calloc(ctx, (size_t)spec->starts + 1, sizeof *starts), n_starts = 0;
  ck_status st = r && best.x && best.parts && starts ? grid_alloc(ctx, fit, &grid) : CK_ERR_NOMEM;
  fit_grid_failure *failed = ck_calloc(ctx, 1, sizeof *failed);
  st = failed != NULL ? st : CK_ERR_NOMEM;
  if (st == CK_OK && ck_nlopt(ctx) == NULL) { /* the refinement's: known before the grid */
    st = ck_ctx_status(ctx);
  }
  fit->deadline_s = fit->model->time_limit_s > 0.0 ? ck_clock_s() + fit->model->time_limit_s : 0.0;
  if (st == CK_OK) {
    failed->point = SIZE_MAX;
    st = grid_stage(ctx, fit, opt, &grid, r, failed);
    r->grid_failure_point = failed->point;
    snprintf(r->grid_failure, sizeof r->grid_failure, "%s", failed->reason);
  }
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
      st = failed->point == SIZE_MAX
               ? ck_error_set(ctx, CK_ERR_SOLVER, "every grid point failed to simulate")
               : ck_error_set(ctx, CK_ERR_SOLVER,
                              "every grid point failed to simulate (point %zu: %s)", failed->point,
                              failed->reason);
    }
  }
  if (st == CK_OK) {
    fit_grid_point(fit, starts[0], best.x);
    best.objective = grid.objective[starts[0]];
    memcpy(best.parts, grid.parts + starts[0] * (size_t)nd, (size_t)nd * sizeof(double));
    if (spec->refine) {
      st = check_time(ctx, fit, refine_all(ctx, fit, opt, starts, n_starts, &best, r),
                      "the refinement");
    }
  }
  if (st == CK_OK && spec->intervals == CK_FIT_INTERVALS_PROFILE && fit->n_free > 0) {
    st = check_time(ctx, fit, profile_stage(ctx, fit, opt, &best, r), "the profile intervals");
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
  free(best.x), free(best.parts), free(starts), free(failed);
  if (st != CK_OK) {
    ck_fit_result_free(r);
    return NULL;
  }
  return r;
}
