/* SPDX-License-Identifier: MIT */
/* Fitting rate constants to measured channel series (issue 3, MODEL.md sections 2 and 8).
 *
 * A ck_fit is a prepared problem: the model, its fit: block (ck_fit_spec.h)
 * and every dataset read, matched to the model's channels and normalised as
 * the model's output. ck_fit_run then
 *   1. evaluates the objective at every point of the log-spaced grid, in
 *      parallel (OpenMP, one integrator per thread; the result does not
 *      depend on the thread count), appending each finished point to the grid
 *      file at once, and on resume skipping the points already there;
 *   2. refines from the best grid points with NLopt (derivative-free, bounded,
 *      in log10 of the rate constants), when the fit block asks for it;
 *   3. computes profile-likelihood intervals, when asked.
 * Rate constants are in internal units throughout: 1/(nM s) and 1/s. */
#ifndef CK_FIT_H
#define CK_FIT_H

#include <stddef.h>
#include <stdio.h>

#include "ck_error.h"
#include "ck_export.h"
#include "ck_fit_spec.h"
#include "ck_model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ck_fit ck_fit;

/* Called from one thread at a time as grid points finish (done of total). */
typedef void (*ck_fit_progress_fn)(void *user, size_t done, size_t total);

typedef struct ck_fit_options {
  int threads;                 /* OpenMP threads; 0 = the OpenMP default */
  const char *grid_path;       /* grid CSV (MODEL.md section 8), or NULL for none */
  int resume;                  /* 1: keep the points already in grid_path and skip them */
  ck_fit_progress_fn progress; /* may be NULL */
  void *progress_user;
} ck_fit_options;

typedef struct ck_fit_result {
  int n_params;         /* fit-block parameters, fixed ones included */
  double *value;        /* best value of each, internal units */
  double *interval_low; /* profile-likelihood interval; NaN when not computed */
  double *interval_high;
  double objective; /* at the best point */
  int n_datasets;
  double *dataset_objective; /* each dataset's part at the best point */
  double *dead_time_s;       /* each dataset's dead time (fixed, or fitted locally) */
  double *dimer_factor;      /* each dataset's dimer factor (fixed, or fitted locally) */
  long simulations;          /* ODE runs in this call (one per dataset per evaluation) */
  size_t grid_points;        /* points of the grid */
  size_t grid_resumed;       /* of those, read back from the grid file */
  size_t grid_failed;        /* points where a simulation failed (recorded, not dropped) */
  size_t grid_failure_point; /* the lowest failed point computed in this call (SIZE_MAX: none; */
  char grid_failure[512];    /*   the grid file keeps only "failed") and why, as one line */
  long refine_evaluations;   /* objective evaluations of the refinement */
  int optimum_from_profile;  /* 1: a profile point beat the grid/refined optimum and became it */
  size_t n_profile_points;   /* the profile curves, one entry per profile point: */
  int *profile_param;        /*   the profiled parameter (index into the fit-block parameters) */
  double *profile_value;     /*   its value, internal units */
  double *profile_objective; /*   the objective with the others re-optimised (NaN: failed) */
} ck_fit_result;

/* Prepares the fit of model (which must hold a fit: block) and reads its
 * datasets. NULL on failure, with the file and line on ctx. The model must
 * outlive the fit. */
CK_API ck_fit *ck_fit_create(ck_ctx *ctx, const ck_model *model);
CK_API void ck_fit_free(ck_fit *fit);

/* Runs grid, refinement and intervals as the fit block says. */
CK_API ck_fit_result *ck_fit_run(ck_fit *fit, ck_ctx *ctx, const ck_fit_options *options);
CK_API void ck_fit_result_free(ck_fit_result *result);

/* result.json of MODEL.md section 8; generator names the program ("clusterkin 0.2.0"). */
CK_API ck_status ck_fit_result_write_json(ck_ctx *ctx, const ck_fit *fit,
                                          const ck_fit_result *result, const char *generator,
                                          FILE *stream);

/* The profile curves as CSV, header `parameter,value,objective`, one row
 * per profile point, by parameter (fit-block order) then value. */
CK_API ck_status ck_fit_result_write_profiles(ck_ctx *ctx, const ck_fit *fit,
                                              const ck_fit_result *result, FILE *stream);

/* Objective at one set of rate constants (1/(nM s), 1/s, 1/s; for a
 * collision-exchange model rates[2] is k_c in 1/(nM s), the others unused), each
 * dataset's free dead time and dimer factor minimised locally; parts[d] (may be NULL) gets each
 * dataset's share. For tests and scripting; not thread-safe on one fit. */
CK_API ck_status ck_fit_objective_at(ck_fit *fit, ck_ctx *ctx, const double rates[3],
                                     double *objective, double *parts);

/* Residuals of dataset (0-based) at rates, as the objective compares them
 * (model renormalised over the data's channels, dimer factor applied; free
 * nuisance parameters fitted locally, fixed ones as given): CSV `time_s`
 * then one column per data channel holding simulated - measured. */
CK_API ck_status ck_fit_write_residuals(ck_ctx *ctx, ck_fit *fit, const double rates[3],
                                        int dataset, FILE *stream);

/* MPI (issue 3 part 5). ck_fit_mpi_launched: 1 when mpirun started this
 * process (OMPI_COMM_WORLD_SIZE is set). ck_fit_mpi_start opens the MPI
 * module and initialises MPI (about 0.4 s, so only when launched); from then
 * on ck_fit_run splits the grid points (point index modulo the rank count),
 * the refinement starts and the profiles across the ranks, and every rank
 * ends with the same result. Only rank 0 writes the grid file; with resume,
 * rank 0 reads it and every rank skips the points already there. Every rank
 * must call ck_fit_run (collective). ck_fit_mpi_stop finalises MPI. */
CK_API int ck_fit_mpi_launched(void);
CK_API ck_status ck_fit_mpi_start(ck_ctx *ctx, int *rank, int *size);
CK_API void ck_fit_mpi_stop(void);

#ifdef __cplusplus
}
#endif
#endif /* CK_FIT_H */
