/* SPDX-License-Identifier: MIT */
/* The one adapter to SUNDIALS CVODE: BDF + Newton with a block, KLU or dense linear solver. */
#include <cvode/cvode.h>
#include <math.h>
#include <nvector/nvector_serial.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunlinsol/sunlinsol_klu.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sunmatrix/sunmatrix_sparse.h>

#include "solver/block_solver.h"
#include "solver/cvode_krylov.h"
#include "solver/cvode_vector_ops.h"
#include "solver/kinetics.h"
#include "solver/krylov.h"
#include "solver/solver_impl.h"

#if SUNDIALS_VERSION_MAJOR >= 7
#error \
    "clusterkin's CVODE adapter targets SUNDIALS 6.x (Debian 12); port SUNContext_Create and the error handler"
#endif

/* Dimer blocks larger than this go to KLU under CK_LINSOL_AUTO (dense block LU is cubic). */
#define AUTO_MAX_BLOCK 400
#define AUTO_MAX_KEPT 2000

struct ck_solver {
  ck_network *net;
  ck_solver_options opt;
  ck_linear_solver kind; /* resolved: block, klu, dense or krylov */
  ck_kinetics kin;
  ck_block_solver *block;
  double *csc_work;     /* dense path: Jacobian values before the scatter; block path: J */
  double *metal_weight; /* ck_metal_weights_create's, for the conservation check */
  double gamma;         /* block path: CVODE's current gamma, M = I - gamma J */
  sunindextype *col_ptr, *row_idx;
  SUNContext sunctx;
  void *cvode;
  N_Vector y;
  N_Vector ele, ewt; /* failure diagnosis: estimated local errors and their weights */
  SUNMatrix a;
  SUNLinearSolver ls;
  int initialized;
  char cv_msg[CK_MSG_MAX];
  ck_solver_stats stats;
  double time_limit_s;      /* each run's wall-clock budget, 0 = none */
  double deadline_s;        /* ck_solver_set_deadline's, 0 = none */
  double deadline_budget_s; /* the budget it ends, for the message */
  double run_deadline_s;    /* this run's: the earlier of that and the run's own budget */
  int timed_out;            /* the RHS saw the deadline pass */
  long rhs_bad;             /* first species whose rate of change was not finite, -1 none */
  ck_solver_failure failure;
  ck_krylov_prec prec; /* krylov path: Jacobi preconditioner (src/solver/krylov.c) */
  ck_vector_pool pool; /* aligned data for CVODE's vectors (cvode_vector_ops.c) */
};

/* Vectors of CVODE's BDF memory, its Newton solver and linear-solver
 * interface, and our state, error and weight vectors: 19 on the block, KLU
 * and dense paths, 21 with GMRES (krylov). Any beyond the slots would take
 * SUNDIALS' own, unaligned clones. */
enum { CK_SOLVER_VECTOR_SLOTS = 24 };

/* ---- callbacks (CVODE contract: 0 ok, > 0 recoverable, < 0 fatal) ---- */

/* NaN exactly when some f[i] is NaN or infinite: every f[i] * 0.0 is 0.0 or
 * NaN, so the verdict does not depend on the order of the sum. Eight
 * partial sums side by side instead of one chain of dependent additions
 * (the compiler may not reorder a floating-point sum itself). */
static CK_VECTOR_KERNEL(double, nan_probe, (const double *f, size_t n), (f, n)) {
  double lane[8] = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int k = 0; k < 8; k++) {
      lane[k] += f[i + k] * 0.0;
    }
  }
  for (; i < n; i++) {
    lane[0] += f[i] * 0.0;
  }
  double sum = 0.0;
  for (int k = 0; k < 8; k++) {
    sum += lane[k];
  }
  return sum;
}

/* The RHS is where CVODE spends its time, so the wall-clock budget is
 * checked here (fatal: the run stops at once). A rate of change that is not
 * finite is a recoverable failure: CVODE retries with a smaller step and
 * reports CV_REPTD_RHSFUNC_ERR (or CV_FIRST_RHSFUNC_ERR) when that fails. */
static int rhs_fn(sunrealtype t, N_Vector y, N_Vector ydot, void *user) {
  (void)t;
  ck_solver *s = user;
  double t0 = s->opt.profile || s->run_deadline_s > 0.0 ? ck_clock_s() : 0.0;
  if (s->run_deadline_s > 0.0 && t0 > s->run_deadline_s) {
    s->timed_out = 1;
    return -1;
  }
  double *f = N_VGetArrayPointer(ydot);
  ck_kinetics_rhs(&s->kin, N_VGetArrayPointer(y), f);
  if (s->opt.profile) {
    s->stats.rhs_s += ck_clock_s() - t0;
  }
  if (isnan(nan_probe(f, s->kin.n))) {
    for (size_t i = 0; i < s->kin.n && s->rhs_bad < 0; i++) {
      if (!isfinite(f[i])) {
        s->rhs_bad = (long)i;
      }
    }
    return 1;
  }
  return 0;
}

static int jac_fn(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix jac, void *user, N_Vector t1,
                  N_Vector t2, N_Vector t3) {
  (void)t, (void)fy, (void)t1, (void)t2, (void)t3;
  ck_solver *s = user;
  double t0 = s->opt.profile ? ck_clock_s() : 0.0;
  const double *yv = N_VGetArrayPointer(y);
  if (s->kind == CK_LINSOL_DENSE) {
    ck_kinetics_jacobian_dense(&s->kin, yv, s->csc_work, SUNDenseMatrix_Data(jac));
  } else {
    /* SUNMatZero wipes a sparse matrix's pattern too: restore it every time. */
    size_t n = s->kin.n, nnz = s->kin.nnz;
    memcpy(SUNSparseMatrix_IndexPointers(jac), s->col_ptr, (n + 1) * sizeof(sunindextype));
    memcpy(SUNSparseMatrix_IndexValues(jac), s->row_idx, nnz * sizeof(sunindextype));
    ck_kinetics_jacobian_csc(&s->kin, yv, SUNSparseMatrix_Data(jac));
  }
  if (s->opt.profile) {
    s->stats.jac_s += ck_clock_s() - t0;
  }
  return 0;
}

/* Block path: CVODE's linear-system hook. M = I - gamma J is never formed as a
 * SUNMatrix: J lives in csc_work and the block solver scatters I - gamma J
 * itself when it factors, which saves the sparse matrix copy, zero and
 * scale-add-identity that CVLS would otherwise do at every setup. jok says
 * whether CVODE accepts the saved J (its own reuse heuristics are kept). */
static int linsys_fn(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix m, booleantype jok,
                     booleantype *jcur, sunrealtype gamma, void *user, N_Vector t1, N_Vector t2,
                     N_Vector t3) {
  (void)t, (void)fy, (void)m, (void)t1, (void)t2, (void)t3;
  ck_solver *s = user;
  if (!jok) {
    double t0 = s->opt.profile ? ck_clock_s() : 0.0;
    ck_kinetics_jacobian_csc(&s->kin, N_VGetArrayPointer(y), s->csc_work);
    if (s->opt.profile) {
      s->stats.jac_s += ck_clock_s() - t0;
    }
  }
  *jcur = !jok;
  s->gamma = gamma;
  return 0;
}

/* Krylov path: GMRES sees M = I - gamma J only through J v (exact, from the
 * reactions) and the Jacobi preconditioner; no matrix exists. */
static int prec_setup_fn(sunrealtype t, N_Vector y, N_Vector fy, booleantype jok, booleantype *jcur,
                         sunrealtype gamma, void *user) {
  (void)t, (void)fy;
  ck_solver *s = user;
  double t0 = s->opt.profile ? ck_clock_s() : 0.0;
  ck_krylov_prec_setup(&s->prec, jok ? NULL : N_VGetArrayPointer(y), gamma);
  *jcur = !jok;
  if (s->opt.profile) {
    s->stats.setup_s += ck_clock_s() - t0;
  }
  return 0;
}

static int prec_solve_fn(sunrealtype t, N_Vector y, N_Vector fy, N_Vector r, N_Vector z,
                         sunrealtype gamma, sunrealtype delta, int lr, void *user) {
  (void)t, (void)y, (void)fy, (void)gamma, (void)delta, (void)lr;
  ck_solver *s = user;
  double t0 = s->opt.profile ? ck_clock_s() : 0.0;
  ck_krylov_prec_solve(&s->prec, N_VGetArrayPointer(r), N_VGetArrayPointer(z));
  if (s->opt.profile) {
    s->stats.solve_s += ck_clock_s() - t0;
  }
  return 0;
}

static int jtimes_fn(N_Vector v, N_Vector jv, sunrealtype t, N_Vector y, N_Vector fy, void *user,
                     N_Vector tmp) {
  (void)t, (void)fy, (void)tmp;
  ck_solver *s = user;
  double t0 = s->opt.profile ? ck_clock_s() : 0.0;
  ck_kinetics_jtimes(&s->kin, N_VGetArrayPointer(y), N_VGetArrayPointer(v), N_VGetArrayPointer(jv));
  if (s->opt.profile) {
    s->stats.solve_s += ck_clock_s() - t0;
  }
  return 0;
}

static void error_fn(int code, const char *module, const char *function, char *msg, void *user) {
  (void)code, (void)module;
  ck_solver *s = user;
  snprintf(s->cv_msg, sizeof s->cv_msg, "%s: %s", function, msg);
}

/* ---- block elimination as a SUNDIALS direct linear solver ---- */

static SUNLinearSolver_Type block_gettype(SUNLinearSolver ls) {
  (void)ls;
  return SUNLINEARSOLVER_DIRECT;
}

static SUNLinearSolver_ID block_getid(SUNLinearSolver ls) {
  (void)ls;
  return SUNLINEARSOLVER_CUSTOM;
}

static int block_setup(SUNLinearSolver ls, SUNMatrix a) {
  (void)a; /* a placeholder: linsys_fn left J and gamma on the solver */
  ck_solver *s = ls->content;
  double t0 = s->opt.profile ? ck_clock_s() : 0.0;
  int fail = ck_block_solver_factor(s->block, s->csc_work, -s->gamma);
  if (s->opt.profile) {
    s->stats.setup_s += ck_clock_s() - t0;
  }
  return fail == 0 ? SUNLS_SUCCESS : fail == 1 ? SUNLS_LUFACT_FAIL : SUNLS_MEM_FAIL;
}

static int block_solve(SUNLinearSolver ls, SUNMatrix a, N_Vector x, N_Vector b, sunrealtype tol) {
  (void)a, (void)tol;
  ck_solver *s = ls->content;
  double t0 = s->opt.profile ? ck_clock_s() : 0.0;
  N_VScale(1.0, b, x);
  ck_block_solver_solve(s->block, N_VGetArrayPointer(x));
  if (s->opt.profile) {
    s->stats.solve_s += ck_clock_s() - t0;
  }
  return SUNLS_SUCCESS;
}

static int block_free(SUNLinearSolver ls) {
  ls->content = NULL; /* the ck_solver owns the block solver */
  SUNLinSolFreeEmpty(ls);
  return SUNLS_SUCCESS;
}

static SUNLinearSolver block_linear_solver(ck_solver *s) {
  SUNLinearSolver ls = SUNLinSolNewEmpty(s->sunctx);
  if (ls == NULL) {
    return NULL;
  }
  ls->content = s;
  ls->ops->gettype = block_gettype;
  ls->ops->getid = block_getid;
  ls->ops->setup = block_setup;
  ls->ops->solve = block_solve;
  ls->ops->free = block_free;
  return ls;
}

/* The block path's SUNMatrix: no data, only there because CVLS needs a
 * matrix-based solver to have one. Any operation on it is a bug, and fails. */
static SUNMatrix_ID placeholder_getid(SUNMatrix m) {
  (void)m;
  return SUNMATRIX_CUSTOM;
}

static void placeholder_destroy(SUNMatrix m) {
  SUNMatFreeEmpty(m);
}

static SUNMatrix placeholder_matrix(SUNContext sunctx) {
  SUNMatrix m = SUNMatNewEmpty(sunctx);
  if (m != NULL) {
    m->ops->getid = placeholder_getid;
    m->ops->destroy = placeholder_destroy;
  }
  return m;
}

/* ---- creation ---- */

static ck_linear_solver resolve_kind(ck_ctx *ctx, ck_solver *s) {
  ck_linear_solver want = s->opt.linear_solver;
  size_t nk = s->net->n_monomers;
  if (want == CK_LINSOL_AUTO) {
    want = (s->net->n_dimers > 0 && nk <= AUTO_MAX_KEPT) ? CK_LINSOL_BLOCK : CK_LINSOL_KLU;
  }
  if (s->opt.linear_solver == CK_LINSOL_AUTO && s->net->n_trimers > 0) {
    want = CK_LINSOL_KLU; /* D + M <-> T ties the dimer blocks together: no small blocks */
  }
  if (want == CK_LINSOL_BLOCK) {
    size_t limit = s->opt.linear_solver == CK_LINSOL_AUTO ? AUTO_MAX_BLOCK : (size_t)-1;
    s->block = ck_block_solver_create(ctx, s->kin.n, nk, s->kin.col_ptr, s->kin.row_idx, limit);
    if (s->block == NULL && s->opt.linear_solver == CK_LINSOL_AUTO &&
        ck_ctx_status(ctx) == CK_ERR_LIMIT) {
      ck_ctx_clear(ctx);
      want = CK_LINSOL_KLU;
    } else if (s->block == NULL) {
      return CK_LINSOL_AUTO; /* error already on ctx */
    }
  }
  return want;
}

static ck_status copy_pattern(ck_ctx *ctx, ck_solver *s) {
  size_t n = s->kin.n, nnz = s->kin.nnz;
  s->col_ptr = ck_calloc(ctx, n + 1, sizeof(sunindextype));
  s->row_idx = ck_calloc(ctx, nnz, sizeof(sunindextype));
  if (s->col_ptr == NULL || s->row_idx == NULL) {
    return CK_ERR_NOMEM;
  }
  for (size_t j = 0; j <= n; j++) {
    s->col_ptr[j] = s->kin.col_ptr[j];
  }
  for (size_t p = 0; p < nnz; p++) {
    s->row_idx[p] = s->kin.row_idx[p];
  }
  return CK_OK;
}

/* GMRES with the Jacobi preconditioner; no matrix (src/solver/cvode_krylov.c). */
static ck_status make_krylov_solver(ck_ctx *ctx, ck_solver *s) {
  if (ck_krylov_prec_init(ctx, &s->prec, &s->kin) != CK_OK) {
    return CK_ERR_NOMEM;
  }
  s->ls = ck_cvode_krylov_solver(s->y, s->net, s->sunctx);
  if (s->ls == NULL) {
    CK_FAIL(ctx, CK_ERR_NOMEM, "cannot create the krylov linear solver for %zu species", s->kin.n);
  }
  return CK_OK;
}

static ck_status make_linear_solver(ck_ctx *ctx, ck_solver *s) {
  sunindextype n = (sunindextype)s->kin.n;
  if (s->kind == CK_LINSOL_KRYLOV) {
    return make_krylov_solver(ctx, s);
  }
  if (s->kind != CK_LINSOL_KLU) {
    /* written by the Jacobian (jac_fn, linsys_fn) before anything reads it */
    s->csc_work = ck_malloc(ctx, (s->kin.nnz > 0 ? s->kin.nnz : 1) * sizeof(double));
  }
  if (s->kind == CK_LINSOL_DENSE) {
    s->a = SUNDenseMatrix(n, n, s->sunctx);
    s->ls = s->a != NULL ? SUNLinSol_Dense(s->y, s->a, s->sunctx) : NULL;
  } else if (s->kind == CK_LINSOL_KLU) {
    s->a = SUNSparseMatrix(n, n, (sunindextype)s->kin.nnz, CSC_MAT, s->sunctx);
    s->ls = s->a != NULL ? SUNLinSol_KLU(s->y, s->a, s->sunctx) : NULL;
    /* Trimer networks: AMD (0) instead of SUNDIALS' default COLAMD; with the
     * dense monomer rows COLAMD filled binary N=15 nearly dense (18 s vs 0.7 s). */
    if (s->ls != NULL && s->net->n_trimers > 0 && SUNLinSol_KLUSetOrdering(s->ls, 0) != 0) {
      CK_FAIL(ctx, CK_ERR_NOMEM, "cannot set the KLU ordering");
    }
  } else {
    s->a = placeholder_matrix(s->sunctx);
    s->ls = s->a != NULL ? block_linear_solver(s) : NULL;
  }
  if (s->a == NULL || s->ls == NULL || (s->kind != CK_LINSOL_KLU && s->csc_work == NULL)) {
    CK_FAIL(ctx, CK_ERR_NOMEM, "cannot create the %s linear solver for %zu species",
            ck_solver_linear_solver_name(s), s->kin.n);
  }
  return CK_OK;
}

ck_solver_options ck_solver_options_from_model(const ck_model *model) {
  ck_solver_options o = {model->simulate.rtol, model->simulate.atol_nM,
                         model->simulate.linear_solver, model->simulate.max_steps, 0};
  return o;
}

ck_solver *ck_solver_create(ck_ctx *ctx, ck_network *net, const ck_solver_options *options) {
  if (!(options->rtol > 0.0) || !(options->atol_nM > 0.0) || options->max_steps < 1) {
    ck_error_set(ctx, CK_ERR_ARG, "solver tolerances must be > 0 and max-steps >= 1");
    return NULL;
  }
  /* Refuse before allocating what the estimate says would not fit (issue 5). */
  double limit = net->memory_limit_bytes > 0.0 ? net->memory_limit_bytes : CK_MEMORY_LIMIT_DEFAULT;
  double need = ck_memory_solver_bytes((double)net->n_species, (double)net->n_monomers,
                                       (double)net->n_reactions);
  if (options->linear_solver == CK_LINSOL_KRYLOV) {
    need = ck_memory_krylov_bytes((double)net->n_species, (double)net->n_reactions);
  }
  if (need > limit) {
    ck_memory_refuse(ctx, "the solver", need, (double)net->n_species, (double)net->n_reactions,
                     limit);
    return NULL;
  }
  ck_solver *s = ck_calloc(ctx, 1, sizeof *s);
  if (s == NULL) {
    return NULL;
  }
  s->net = net;
  s->opt = *options;
  ck_status (*init)(ck_ctx *, ck_kinetics *, const ck_network *) =
      options->linear_solver == CK_LINSOL_KRYLOV ? ck_kinetics_init_rhs : ck_kinetics_init;
  if (init(ctx, &s->kin, net) != CK_OK ||
      (s->metal_weight = ck_metal_weights_create(ctx, net)) == NULL ||
      ck_vector_pool_init(ctx, &s->pool, net->n_species, CK_SOLVER_VECTOR_SLOTS) != CK_OK) {
    goto fail;
  }
  s->kind = resolve_kind(ctx, s);
  /* Only KLU's matrix needs the pattern back after each SUNMatZero (jac_fn). */
  if (s->kind == CK_LINSOL_AUTO || (s->kind == CK_LINSOL_KLU && copy_pattern(ctx, s) != CK_OK)) {
    goto fail;
  }
  if (SUNContext_Create(NULL, &s->sunctx) != 0) {
    ck_error_set(ctx, CK_ERR_NOMEM, "cannot create a SUNDIALS context");
    goto fail;
  }
  s->y = N_VNew_Serial((sunindextype)net->n_species, s->sunctx);
  s->cvode = CVodeCreate(CV_BDF, s->sunctx);
  if (s->y == NULL || s->cvode == NULL) {
    ck_error_set(ctx, CK_ERR_NOMEM, "cannot create the CVODE integrator");
    goto fail;
  }
  ck_cvode_install_vector_ops(s->y); /* before CVODE clones its work vectors */
  ck_vector_pool_use(&s->pool);
  N_Vector aligned = N_VClone(s->y); /* the state too, from the pool */
  N_VDestroy(s->y);
  s->y = aligned;
  s->ele = s->y != NULL ? N_VClone(s->y) : NULL;
  s->ewt = s->y != NULL ? N_VClone(s->y) : NULL;
  if (s->y == NULL || s->ele == NULL || s->ewt == NULL) {
    ck_error_set(ctx, CK_ERR_NOMEM, "cannot create the CVODE integrator");
    goto fail;
  }
  if (make_linear_solver(ctx, s) != CK_OK) {
    goto fail;
  }
  ck_vector_pool_use(NULL);
  return s;
fail:
  ck_vector_pool_use(NULL);
  ck_solver_free(s);
  return NULL;
}

void ck_solver_free(ck_solver *s) {
  if (s == NULL) {
    return;
  }
  if (s->cvode != NULL) {
    CVodeFree(&s->cvode);
  }
  if (s->ls != NULL) {
    SUNLinSolFree(s->ls);
  }
  if (s->a != NULL) {
    SUNMatDestroy(s->a);
  }
  if (s->ele != NULL) {
    N_VDestroy(s->ele);
  }
  if (s->ewt != NULL) {
    N_VDestroy(s->ewt);
  }
  if (s->y != NULL) {
    N_VDestroy(s->y);
  }
  if (s->sunctx != NULL) {
    SUNContext_Free(&s->sunctx);
  }
  ck_block_solver_free(s->block);
  ck_krylov_prec_destroy(&s->prec);
  ck_kinetics_destroy(&s->kin);
  free(s->csc_work);
  free(s->metal_weight);
  ck_vector_pool_destroy(&s->pool); /* after every vector using it */
  free(s->col_ptr);
  free(s->row_idx);
  free(s);
}

const char *ck_solver_linear_solver_name(const ck_solver *s) {
  switch (s->kind) {
    case CK_LINSOL_BLOCK:
      return "block";
    case CK_LINSOL_KLU:
      return "klu";
    case CK_LINSOL_DENSE:
      return "dense";
    case CK_LINSOL_KRYLOV:
      return "krylov";
    default:
      return "auto";
  }
}

ck_solver_stats ck_solver_get_stats(const ck_solver *s) {
  return s->stats;
}

ck_solver_failure ck_solver_get_failure(const ck_solver *s) {
  return s->failure;
}

ck_status ck_solver_set_time_limit(ck_solver *s, ck_ctx *ctx, double time_limit_s) {
  if (!(time_limit_s >= 0.0)) {
    CK_FAIL(ctx, CK_ERR_ARG, "the time limit must be >= 0 s, not %g", time_limit_s);
  }
  s->time_limit_s = time_limit_s;
  return CK_OK;
}

void ck_solver_set_deadline(ck_solver *s, double deadline_s, double budget_s) {
  s->deadline_s = deadline_s, s->deadline_budget_s = budget_s;
}

/* ---- running ---- */

static ck_status cv_check(ck_ctx *ctx, ck_solver *s, int flag, const char *what) {
  if (flag >= 0) {
    return CK_OK;
  }
  char *name = CVodeGetReturnFlagName(flag);
  ck_error_set(ctx, CK_ERR_SOLVER, "CVODE %s failed (%s)%s%s", what, name != NULL ? name : "?",
               s->cv_msg[0] ? ": " : "", s->cv_msg);
  free(name);
  return CK_ERR_SOLVER;
}

/* CVODE's return flags of CVode(), by what they mean to a user. */
static ck_solver_failure_kind kind_of(int flag) {
  switch (flag) {
    case CV_TOO_MUCH_WORK:
      return CK_SOLVER_TOO_MUCH_WORK;
    case CV_TOO_MUCH_ACC:
      return CK_SOLVER_TOO_MUCH_ACCURACY;
    case CV_ERR_FAILURE:
      return CK_SOLVER_ERROR_TEST;
    case CV_CONV_FAILURE:
    case CV_NLS_FAIL:
      return CK_SOLVER_CONVERGENCE;
    case CV_LINIT_FAIL:
    case CV_LSETUP_FAIL:
    case CV_LSOLVE_FAIL:
      return CK_SOLVER_LINEAR;
    case CV_RHSFUNC_FAIL:
    case CV_FIRST_RHSFUNC_ERR:
    case CV_REPTD_RHSFUNC_ERR:
    case CV_UNREC_RHSFUNC_ERR:
      return CK_SOLVER_RHS;
    default:
      return CK_SOLVER_OTHER;
  }
}

/* Step size of the failure: the last one taken, or the one tried when no
 * step succeeded yet. */
static double failure_step(ck_solver *s) {
  sunrealtype h = 0.0;
  CVodeGetLastStep(s->cvode, &h);
  if (h == 0.0) {
    CVodeGetCurrentStep(s->cvode, &h);
  }
  return h;
}

/* The species with the largest weighted local error |e_i| w_i of the last
 * attempted step (CVODE's own test quantity: the step fails when its RMS
 * norm exceeds 1). */
static long worst_local_error(ck_solver *s, double *weighted) {
  long worst = -1;
  *weighted = NAN;
  if (CVodeGetEstLocalErrors(s->cvode, s->ele) != CV_SUCCESS ||
      CVodeGetErrWeights(s->cvode, s->ewt) != CV_SUCCESS) {
    return -1;
  }
  const double *e = N_VGetArrayPointer(s->ele), *w = N_VGetArrayPointer(s->ewt);
  double best = -1.0;
  for (size_t i = 0; i < s->kin.n; i++) {
    double v = fabs(e[i] * w[i]);
    if (v > best || (isnan(v) && worst < 0)) {
      best = v, worst = (long)i;
    }
  }
  *weighted = best;
  return worst;
}

/* A failed CVode() call as a named error with time, step and worst species. */
static ck_status integration_failure(ck_ctx *ctx, ck_solver *s, int flag, double t_reached) {
  ck_solver_failure *f = &s->failure;
  f->kind = s->timed_out ? CK_SOLVER_TIME_LIMIT : kind_of(flag);
  f->cvode_flag = flag;
  f->t_s = t_reached;
  f->step_s = failure_step(s);
  if (f->kind == CK_SOLVER_RHS && s->rhs_bad >= 0) {
    f->species = s->rhs_bad, f->value = NAN;
  } else {
    f->species = worst_local_error(s, &f->value);
  }
  char *name = CVodeGetReturnFlagName(flag);
  ck_status st = ck_solver_failure_report(
      ctx, s->net, f, name != NULL ? name : "?",
      s->run_deadline_s == s->deadline_s ? s->deadline_budget_s : s->time_limit_s);
  free(name);
  if (f->kind == CK_SOLVER_OTHER && s->cv_msg[0]) { /* keep CVODE's own words for the rest */
    char ours[CK_MSG_MAX];
    snprintf(ours, sizeof ours, "%s", ck_ctx_errmsg(ctx));
    ck_error_set(ctx, st, "%s (CVODE: %s)", ours, s->cv_msg);
  }
  return st;
}

/* The smallest y[i], NaN ignored (a comparison with NaN is false): four
 * running minima side by side, which vectorise; a minimum does not depend
 * on the order it is taken in. */
static CK_VECTOR_KERNEL(double, lowest, (const double *y, size_t n), (y, n)) {
  double lane[4] = {INFINITY, INFINITY, INFINITY, INFINITY};
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    for (int k = 0; k < 4; k++) {
      lane[k] = y[i + k] < lane[k] ? y[i + k] : lane[k];
    }
  }
  for (; i < n; i++) {
    lane[0] = y[i] < lane[0] ? y[i] : lane[0];
  }
  double low = lane[0];
  for (int k = 1; k < 4; k++) {
    low = lane[k] < low ? lane[k] : low;
  }
  return low;
}

/* Concentrations at an output must not be negative beyond tolerance (see
 * CK_NEGATIVE_ATOL_FACTOR in ck_solver.h). */
static ck_status check_negative(ck_ctx *ctx, ck_solver *s, double t, const double *y,
                                double tol_nM) {
  if (!(lowest(y, s->kin.n) < -tol_nM)) { /* the usual case, without the search */
    return CK_OK;
  }
  long worst = -1;
  for (size_t i = 0; i < s->kin.n; i++) {
    if (y[i] < -tol_nM && (worst < 0 || y[i] < y[worst])) {
      worst = (long)i;
    }
  }
  if (worst < 0) {
    return CK_OK;
  }
  ck_solver_failure *f = &s->failure;
  f->kind = CK_SOLVER_NEGATIVE, f->cvode_flag = 0, f->t_s = t;
  f->step_s = s->initialized ? failure_step(s) : 0.0;
  f->species = worst, f->value = y[worst], f->tolerance_nM = tol_nM;
  return ck_solver_failure_report(ctx, s->net, f, "", 0.0);
}

/* Steps between forced refactorizations of I - gamma J (CVODE's default is 20).
 * The mass-action Jacobian drifts slowly, and CVODE still refactors when
 * gamma moves by 30 % or Newton fails to converge, so the forced refresh
 * only cost factorizations: on the paper's simulations 1-3 it removes 25-40 %
 * of them (sim3: 61 -> 37) with the same steps, Newton iterations and
 * error against a rtol 1e-12 reference. */
enum { CK_LSETUP_MAX_STEPS = 100 };

static int error_weight_fn(N_Vector y, N_Vector w, void *user) {
  const ck_solver *s = user;
  return ck_cvode_error_weights(y, w, s->opt.rtol, s->opt.atol_nM);
}

/* First run: CVodeInit and the options; later runs: CVodeReInit keeps them. */
static ck_status start(ck_ctx *ctx, ck_solver *s, double t0) {
  if (s->initialized) {
    return cv_check(ctx, s, CVodeReInit(s->cvode, t0, s->y), "re-initialisation");
  }
  ck_vector_pool_use(&s->pool); /* CVODE clones its vectors here */
  int flag = CVodeInit(s->cvode, rhs_fn, t0, s->y);
  if (flag >= 0) {
    flag = CVodeSetUserData(s->cvode, s);
  }
  if (flag >= 0) {
    flag = CVodeSetErrHandlerFn(s->cvode, error_fn, s);
  }
  if (flag >= 0) {
    flag = CVodeWFtolerances(s->cvode, error_weight_fn); /* scalar rtol and atol, one pass */
  }
  if (flag >= 0) {
    flag = CVodeSetLinearSolver(s->cvode, s->ls, s->a);
  }
  if (flag >= 0 && s->kind == CK_LINSOL_KRYLOV) {
    flag = CVodeSetPreconditioner(s->cvode, prec_setup_fn, prec_solve_fn);
    flag = flag >= 0 ? CVodeSetJacTimes(s->cvode, NULL, jtimes_fn) : flag;
    flag = flag >= 0 ? CVodeSetEpsLin(s->cvode, CK_KRYLOV_EPS_LIN) : flag;
  } else if (flag >= 0) {
    flag = s->kind == CK_LINSOL_BLOCK ? CVodeSetLinSysFn(s->cvode, linsys_fn)
                                      : CVodeSetJacFn(s->cvode, jac_fn);
  }
  if (flag >= 0) {
    flag = CVodeSetMaxNumSteps(s->cvode, s->opt.max_steps);
  }
  if (flag >= 0) { /* see CK_LSETUP_MAX_STEPS */
    flag = CVodeSetLSetupFrequency(s->cvode, CK_LSETUP_MAX_STEPS);
  }
  ck_vector_pool_use(NULL);
  s->initialized = flag >= 0;
  return cv_check(ctx, s, flag, "set-up");
}

static void collect_stats(ck_solver *s) {
  long v;
  CVodeGetNumSteps(s->cvode, &v), s->stats.steps = v;
  CVodeGetNumRhsEvals(s->cvode, &v), s->stats.rhs_evals = v;
  CVodeGetNumJacEvals(s->cvode, &v), s->stats.jac_evals = v;
  CVodeGetNumLinSolvSetups(s->cvode, &v), s->stats.lin_setups = v;
  CVodeGetNumNonlinSolvIters(s->cvode, &v), s->stats.newton_iters = v;
  CVodeGetNumNonlinSolvConvFails(s->cvode, &v), s->stats.newton_fails = v;
  CVodeGetNumErrTestFails(s->cvode, &v), s->stats.err_test_fails = v;
  CVodeGetNumLinIters(s->cvode, &v), s->stats.lin_iters = v;
  CVodeGetNumLinConvFails(s->cvode, &v), s->stats.lin_conv_fails = v;
  CVodeGetNumPrecSolves(s->cvode, &v), s->stats.prec_solves = v;
}

static ck_status check_conservation(ck_ctx *ctx, ck_solver *s, const double *total0, double t,
                                    const double *y) {
  double total[CK_MAX_METALS];
  int metal;
  ck_metal_totals_weighted(s->metal_weight, s->net->n_metals, s->kin.n, y, total);
  double err = ck_conservation_error(s->net, total0, total, &metal);
  if (!(err <= s->stats.max_conservation_error)) {
    s->stats.max_conservation_error = err;
  }
  if (!(err <= CK_CONSERVATION_RTOL)) {
    CK_FAIL(ctx, CK_ERR_CONSERVATION,
            "%s balance off by a relative %.3g at t = %g s (limit %g); tighten rtol/atol",
            s->net->metal[metal][0] ? s->net->metal[metal] : "metal", err, t, CK_CONSERVATION_RTOL);
  }
  return CK_OK;
}

ck_status ck_solver_run_observed(ck_solver *s, ck_ctx *ctx, const double *y0, double t0_s,
                                 size_t n_out, const double *t_out_s, ck_solver_observer observe,
                                 void *user) {
  size_t n = s->kin.n;
  double *y = N_VGetArrayPointer(s->y), total0[CK_MAX_METALS];
  memcpy(y, y0, n * sizeof *y);
  memset(&s->stats, 0, sizeof s->stats);
  memset(&s->failure, 0, sizeof s->failure);
  s->failure.species = -1;
  s->cv_msg[0] = '\0';
  s->timed_out = 0, s->rhs_bad = -1;
  s->run_deadline_s = s->deadline_s;
  if (s->time_limit_s > 0.0) {
    double own = ck_clock_s() + s->time_limit_s;
    s->run_deadline_s = s->run_deadline_s > 0.0 ? fmin(s->run_deadline_s, own) : own;
  }
  double sum0 = 0.0;
  for (size_t i = 0; i < n; i++) {
    sum0 += fabs(y0[i]);
  }
  double neg_tol_nM = fmax(CK_NEGATIVE_ATOL_FACTOR * s->opt.atol_nM, s->opt.rtol * sum0);
  ck_metal_totals_weighted(s->metal_weight, s->net->n_metals, n, y0, total0);
  ck_status st = start(ctx, s, t0_s);
  for (size_t k = 0; k < n_out && st == CK_OK; k++) {
    if (k > 0 ? !(t_out_s[k] > t_out_s[k - 1]) : !(t_out_s[k] >= t0_s)) {
      st = ck_error_set(ctx, CK_ERR_ARG, "output times must increase from the start time (%g s)",
                        t0_s);
      break;
    }
    if (t_out_s[k] != t0_s) { /* CVODE cannot step to its own start */
      sunrealtype t_reached;
      int flag = CVode(s->cvode, t_out_s[k], s->y, &t_reached, CV_NORMAL);
      if (flag < 0) {
        st = integration_failure(ctx, s, flag, t_reached);
        break;
      }
    }
    st = check_negative(ctx, s, t_out_s[k], y, neg_tol_nM);
    if (st == CK_OK) {
      st = check_conservation(ctx, s, total0, t_out_s[k], y);
    }
    if (st == CK_OK && observe != NULL) {
      st = observe(user, k, t_out_s[k], y);
    }
  }
  if (s->initialized) {
    collect_stats(s);
  }
  return st;
}

typedef struct store_all {
  double *y_out;
  size_t n;
} store_all;

static ck_status store_state(void *user, size_t k, double t_s, const double *y) {
  (void)t_s;
  store_all *st = user;
  memcpy(st->y_out + k * st->n, y, st->n * sizeof *y);
  return CK_OK;
}

ck_status ck_solver_run(ck_solver *s, ck_ctx *ctx, const double *y0, double t0_s, size_t n_out,
                        const double *t_out_s, double *y_out) {
  store_all st = {y_out, s->kin.n};
  return ck_solver_run_observed(s, ctx, y0, t0_s, n_out, t_out_s, store_state, &st);
}
