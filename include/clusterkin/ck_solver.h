/* SPDX-License-Identifier: MIT */
/* Integration of a network's mass-action kinetics (SUNDIALS CVODE, BDF + Newton).
 *
 * A ck_solver is a workspace for one network: create it once, run it many
 * times (a fit re-runs it with new rate constants set on the network, which
 * the solver borrows and must not outlive). One solver per thread. Every run
 * checks that each metal is conserved (MODEL.md section 2) to a relative
 * 1e-8 and fails with CK_ERR_CONSERVATION otherwise. */
#ifndef CK_SOLVER_H
#define CK_SOLVER_H

#include <stddef.h>

#include "ck_error.h"
#include "ck_export.h"
#include "ck_model.h"
#include "ck_network.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CK_CONSERVATION_RTOL 1e-8

typedef struct ck_solver ck_solver;

typedef struct ck_solver_options {
  double rtol;                    /* relative tolerance */
  double atol_nM;                 /* absolute tolerance, nM */
  ck_linear_solver linear_solver; /* CK_LINSOL_AUTO picks block elimination when it applies */
  long max_steps;                 /* internal steps allowed between two outputs */
  int profile;                    /* 1: time the RHS, Jacobian, setup and solve (for benchmarks) */
} ck_solver_options;

typedef struct ck_solver_stats {
  long steps, rhs_evals, jac_evals, lin_setups, newton_iters, newton_fails, err_test_fails;
  double max_conservation_error;         /* largest relative metal-balance error of the last run */
  double rhs_s, jac_s, setup_s, solve_s; /* wall time inside each callback, when profiling */
  /* Krylov path (0 otherwise): GMRES iterations, GMRES failures to reach its
   * tolerance in CK_KRYLOV_MAXL iterations, preconditioner solves. */
  long lin_iters, lin_conv_fails, prec_solves;
} ck_solver_stats;

/* How a run failed (issue 8). Every failure of a run is CK_ERR_SOLVER (a
 * time limit: CK_ERR_LIMIT) with a one-line message of a stable shape:
 *   integration failed: <what> (<CVODE flag>) at t = <t> s, step <h> s,
 *   worst species <label> (weighted local error <e>); <hint>
 * where <what> is ck_solver_failure_name(kind); for CK_SOLVER_NEGATIVE the
 * species part reads "worst species <label> at <y> nM" and there is no flag;
 * a time limit reads "time limit of <T> s exceeded at t = <t> s, ...".
 * ck_solver_get_failure gives the same facts as numbers. */
typedef enum ck_solver_failure_kind {
  CK_SOLVER_OK = 0,
  CK_SOLVER_TOO_MUCH_WORK,     /* max-steps internal steps without reaching the next output */
  CK_SOLVER_TOO_MUCH_ACCURACY, /* rtol/atol below what double precision can deliver */
  CK_SOLVER_ERROR_TEST,        /* local error test failed repeatedly or at the smallest step */
  CK_SOLVER_CONVERGENCE,       /* Newton iteration failed repeatedly or at the smallest step */
  CK_SOLVER_LINEAR,            /* linear solver set-up or solve failed */
  CK_SOLVER_RHS,               /* a rate of change was not finite (NaN or overflow) */
  CK_SOLVER_NEGATIVE,          /* a concentration negative beyond tolerance at an output */
  CK_SOLVER_TIME_LIMIT,        /* the run's wall-clock budget was spent */
  CK_SOLVER_OTHER              /* any other CVODE failure (its flag names it) */
} ck_solver_failure_kind;

/* A concentration y_i at an output is an error when y_i < -max(100 atol,
 * rtol sum_j |y0_j|): CVODE's own undershoot stays within a few atol, and
 * rtol of the total scales with the model (the factor 100 leaves room for
 * the accumulation of local errors over many steps). */
#define CK_NEGATIVE_ATOL_FACTOR 100.0

typedef struct ck_solver_failure {
  ck_solver_failure_kind kind;
  int cvode_flag;      /* CVODE's return flag; 0 for our own checks */
  double t_s;          /* model time the integration reached */
  double step_s;       /* last step size taken (the one tried when none was taken) */
  long species;        /* worst species (index), -1 when unknown */
  double value;        /* its weighted local error, or its concentration in nM (NEGATIVE) */
  double tolerance_nM; /* NEGATIVE: the bound it fell below (> 0) */
} ck_solver_failure;

/* Plain words for a kind: "too much work", "convergence failure", ... */
CK_API const char *ck_solver_failure_name(ck_solver_failure_kind kind);

/* Options from a model's simulate: block. */
CK_API ck_solver_options ck_solver_options_from_model(const ck_model *model);

CK_API ck_solver *ck_solver_create(ck_ctx *ctx, ck_network *net, const ck_solver_options *options);
CK_API void ck_solver_free(ck_solver *solver);

/* Integrates from y0 (nM, one value per species) at time t0_s and stores the
 * state at each of the n_out times t_out_s (increasing, >= t0_s) in
 * y_out[k * n_species + i]. On failure only the outputs before the failing
 * one are filled (a state that fails the conservation check is not stored). */
CK_API ck_status ck_solver_run(ck_solver *solver, ck_ctx *ctx, const double *y0, double t0_s,
                               size_t n_out, const double *t_out_s, double *y_out);

/* Receives the state at output k (time t_s; y in nM per species, valid only
 * during the call). Returns CK_OK to go on; any other status stops the run
 * and is returned by it (the observer records its message on its own ctx). */
typedef ck_status (*ck_solver_observer)(void *user, size_t k, double t_s, const double *y);

/* As ck_solver_run, but hands each output state to observe instead of
 * storing them all: a fit or a long run needs no n_out x n_species buffer.
 * Conservation is checked at every output before observe sees it. */
CK_API ck_status ck_solver_run_observed(ck_solver *solver, ck_ctx *ctx, const double *y0,
                                        double t0_s, size_t n_out, const double *t_out_s,
                                        ck_solver_observer observe, void *user);

/* Wall-clock budget of each later run, s (0 = none, the default): a run
 * that takes longer stops with CK_ERR_LIMIT (kind CK_SOLVER_TIME_LIMIT).
 * ck_simulate_series sets it from the model's limits: {time: ...}. */
CK_API ck_status ck_solver_set_time_limit(ck_solver *solver, ck_ctx *ctx, double time_limit_s);

/* How the last run failed (kind CK_SOLVER_OK when it did not). */
CK_API ck_solver_failure ck_solver_get_failure(const ck_solver *solver);

/* Statistics of the last run. */
CK_API ck_solver_stats ck_solver_get_stats(const ck_solver *solver);
/* Linear solver in use ("block", "klu", "dense", "krylov"). */
CK_API const char *ck_solver_linear_solver_name(const ck_solver *solver);

#ifdef __cplusplus
}
#endif
#endif /* CK_SOLVER_H */
