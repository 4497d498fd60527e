/* SPDX-License-Identifier: MIT */
/* The steady state of a model: Newton from a mass-action guess, a stiff
 * integration into Newton's basin when that fails, and the detailed-balance
 * verdict that decides between "equilibrium" and "steady state". */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkin/ck_simulate.h"
#include "clusterkin/ck_solver.h"
#include "equilibrium/equilibrium_impl.h"

/* Model times (s after mixing) at which the fallback integration hands its
 * state to Newton, earliest first. */
static const double fallback_s[] = {1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
#define N_FALLBACK (sizeof fallback_s / sizeof fallback_s[0])

static double atoms_of(const ck_equilibrium *eq);

typedef struct states {
  size_t n, filled;
  double *y; /* N_FALLBACK x n */
} states;

static ck_status keep_state(void *user, size_t k, double t_s, const double *y) {
  (void)t_s;
  states *s = user;
  memcpy(s->y + k * s->n, y, s->n * sizeof *y);
  s->filled = k + 1;
  return CK_OK;
}

/* Integrates from y0 and retries Newton from each stored state in turn. */
static ck_status fallback(ck_ctx *ctx, const ck_model *model, ck_network *net, ck_eq_view *v,
                          const ck_eq_laws *laws, const double *y0, const double *totals, double *y,
                          ck_equilibrium *eq) {
  states s = {v->n, 0, ck_calloc(ctx, N_FALLBACK * v->n, sizeof(double))};
  if (s.y == NULL) {
    return CK_ERR_NOMEM;
  }
  ck_solver_options opt = ck_solver_options_from_model(model);
  ck_solver *solver = ck_solver_create(ctx, net, &opt);
  ck_status st = ck_ctx_status(ctx);
  if (solver != NULL) {
    /* A failure late in the run still leaves the earlier states to try. */
    ck_solver_run_observed(solver, ctx, y0, 0.0, N_FALLBACK, fallback_s, keep_state, &s);
    st = ck_error_set(ctx, CK_ERR_SOLVER, "equilibrium: no steady state found");
  }
  for (size_t k = 0; k < s.filled; k++) {
    memcpy(y, s.y + k * v->n, v->n * sizeof *y);
    ck_eq_newton_result res;
    ck_ctx_clear(ctx);
    st = ck_eq_newton(ctx, v, laws, totals, atoms_of(eq), y, &res);
    eq->newton_iterations += res.iterations;
    eq->integrated_s = fallback_s[k];
    if (st == CK_OK) {
      eq->residual = res.residual;
      break;
    }
  }
  ck_solver_free(solver);
  free(s.y);
  return st;
}

static double atoms_of(const ck_equilibrium *eq) {
  double atoms = 0.0;
  for (int x = 0; x < eq->n_metals; x++) {
    atoms += eq->metal_total_nM[x];
  }
  return atoms;
}

static void metal_totals(const ck_network *net, const double *y, double *totals, int *nx) {
  const int *counts = ck_network_metal_counts(net, nx);
  size_t n = ck_network_species_count(net);
  for (int x = 0; x < *nx; x++) {
    totals[x] = 0.0;
    for (size_t i = 0; i < n; i++) {
      totals[x] += counts[i * (size_t)*nx + (size_t)x] * y[i];
    }
  }
}

/* Stable dimers (no dissociation, MODEL.md section 3) bind monomers for
 * good: how much of each ends up bound depends on the path, not only on the
 * conserved totals, so there is no state to solve for. */
static ck_status refuse_stable(ck_ctx *ctx, const ck_model *model) {
  if (model->kind != CK_MECHANISM_DIMER_EXCHANGE) {
    return CK_OK;
  }
  for (int k = 0; k < model->n_pairs; k++) {
    const ck_pair *p = &model->pairs[k];
    if (p->dimerize && p->k_dim_per_nM_s > 0.0 && !(p->k_diss_per_s > 0.0)) {
      const char *a = model->families != NULL ? model->families[p->family[0]].name : "?";
      const char *b = model->families != NULL ? model->families[p->family[1]].name : "?";
      CK_FAIL(ctx, CK_ERR_UNSUPPORTED,
              "equilibrium: dimers of %.40s + %.40s are stable (no dissociation): how much ends "
              "up bound depends on the path, not only on the conserved totals; simulate to "
              "long times instead",
              a, b);
    }
  }
  if (model->n_pairs == 0 && model->k_dim_per_nM_s > 0.0 && !(model->k_diss_per_s > 0.0)) {
    CK_FAIL(ctx, CK_ERR_UNSUPPORTED,
            "equilibrium: the dimers are stable (dissociation 0): how much ends up bound "
            "depends on the path, not only on the conserved totals; simulate to long times "
            "instead");
  }
  return CK_OK;
}

static ck_status solve(ck_ctx *ctx, const ck_model *model, ck_network *net, const double *y0,
                       ck_equilibrium *eq) {
  ck_eq_view v;
  ck_eq_laws laws;
  double *totals = NULL;
  ck_status st = ck_eq_view_init(ctx, &v, net);
  if (st != CK_OK) {
    return st;
  }
  st = ck_eq_laws_init(ctx, &laws, &v, net);
  if (st != CK_OK) {
    ck_eq_view_destroy(&v);
    return st;
  }
  metal_totals(net, y0, eq->metal_total_nM, &eq->n_metals);
  totals = ck_calloc(ctx, (size_t)laws.n + 1, sizeof *totals);
  st = totals == NULL ? CK_ERR_NOMEM : CK_OK;
  if (st == CK_OK) {
    ck_eq_laws_totals(&laws, y0, totals);
    st = ck_eq_start_guess(ctx, &v, net, &laws, y0, eq->y_nM);
  }
  if (st == CK_OK) {
    ck_eq_newton_result res;
    st = ck_eq_newton(ctx, &v, &laws, totals, atoms_of(eq), eq->y_nM, &res);
    eq->newton_iterations = res.iterations, eq->residual = res.residual;
    if (st != CK_OK && st != CK_ERR_NOMEM && st != CK_ERR_INPUT) {
      st = fallback(ctx, model, net, &v, &laws, y0, totals, eq->y_nM, eq);
    }
  }
  if (st == CK_OK) {
    int paired;
    st = ck_eq_detailed_balance(ctx, &v, eq->y_nM, &paired, &eq->balance_residual);
    eq->detailed_balance = paired && eq->balance_residual <= CK_DETAILED_BALANCE_RTOL;
  }
  free(totals);
  ck_eq_laws_destroy(&laws);
  ck_eq_view_destroy(&v);
  return st;
}

ck_equilibrium *ck_equilibrium_solve(ck_ctx *ctx, const ck_model *model, ck_network *net,
                                     const double *y0_nM) {
  size_t n = ck_network_species_count(net);
  if (n > CK_EQUILIBRIUM_MAX_SPECIES) {
    ck_error_set(ctx, CK_ERR_LIMIT,
                 "equilibrium: %zu species exceed the dense Newton solver's limit of %d", n,
                 CK_EQUILIBRIUM_MAX_SPECIES);
    return NULL;
  }
  ck_equilibrium *eq = ck_calloc(ctx, 1, sizeof *eq);
  double *y0 = ck_calloc(ctx, n + 1, sizeof *y0);
  if (eq == NULL || y0 == NULL || (eq->y_nM = ck_calloc(ctx, n + 1, sizeof *eq->y_nM)) == NULL) {
    free(y0);
    ck_equilibrium_free(eq);
    return NULL;
  }
  eq->n_species = n;
  eq->n_monomers = ck_network_monomer_count(net);
  ck_status st = y0_nM != NULL ? (memcpy(y0, y0_nM, n * sizeof *y0), CK_OK)
                               : ck_model_initial_state(ctx, model, net, y0);
  for (size_t i = 0; i < n && st == CK_OK; i++) {
    if (!(y0[i] >= 0.0) || !isfinite(y0[i])) {
      st = ck_error_set(ctx, CK_ERR_INPUT, "equilibrium: initial concentrations must be >= 0");
    }
  }
  if (st == CK_OK) {
    st = refuse_stable(ctx, model);
  }
  if (st == CK_OK) {
    st = solve(ctx, model, net, y0, eq);
  }
  free(y0);
  if (st != CK_OK) {
    ck_equilibrium_free(eq);
    return NULL;
  }
  return eq;
}

void ck_equilibrium_free(ck_equilibrium *eq) {
  if (eq == NULL) {
    return;
  }
  free(eq->y_nM);
  free(eq);
}

const char *ck_equilibrium_state_name(const ck_equilibrium *eq) {
  return eq->detailed_balance ? "equilibrium" : "steady state";
}
