/* SPDX-License-Identifier: MIT */
/* Solver failures as one line a chemist can act on (issue 8): what failed, when, where.
 *
 * cvode_driver.c classifies CVODE's flag and collects the facts (time,
 * step, worst species); this file turns them into the message whose shape
 * ck_solver.h documents. No SUNDIALS here: the flag name comes in as text. */
#include <stdio.h>

#include "solver/solver_impl.h"

const char *ck_solver_failure_name(ck_solver_failure_kind kind) {
  switch (kind) {
    case CK_SOLVER_OK:
      return "no failure";
    case CK_SOLVER_TOO_MUCH_WORK:
      return "too much work";
    case CK_SOLVER_TOO_MUCH_ACCURACY:
      return "too much accuracy requested";
    case CK_SOLVER_ERROR_TEST:
      return "error test failure";
    case CK_SOLVER_CONVERGENCE:
      return "convergence failure";
    case CK_SOLVER_LINEAR:
      return "linear solver failure";
    case CK_SOLVER_RHS:
      return "RHS failure";
    case CK_SOLVER_NEGATIVE:
      return "negative concentration beyond tolerance";
    case CK_SOLVER_TIME_LIMIT:
      return "time limit exceeded";
    default:
      return "CVODE failure";
  }
}

/* What to try next, by kind. */
static const char *hint(ck_solver_failure_kind kind) {
  switch (kind) {
    case CK_SOLVER_TOO_MUCH_WORK:
      return "raise simulate: max-steps, or check the rate constants";
    case CK_SOLVER_TOO_MUCH_ACCURACY:
      return "loosen simulate: rtol/atol";
    case CK_SOLVER_NEGATIVE:
      return "tighten simulate: rtol/atol";
    case CK_SOLVER_RHS:
      return "check the rate constants and initial concentrations for overflow or NaN";
    default:
      return "tighten simulate: rtol/atol or check the rate constants";
  }
}

/* The worst-species clause: label and its number, or nothing known. */
static void species_clause(const ck_network *net, const ck_solver_failure *f, char *buf,
                           size_t size) {
  char label[160];
  if (f->species < 0 || (size_t)f->species >= net->n_species) {
    snprintf(buf, size, "worst species unknown");
    return;
  }
  ck_network_species_label(net, (size_t)f->species, label, sizeof label);
  if (f->kind == CK_SOLVER_NEGATIVE) {
    snprintf(buf, size, "worst species %s at %.6g nM (tolerance -%.3g nM)", label, f->value,
             f->tolerance_nM);
  } else if (f->kind == CK_SOLVER_RHS) {
    snprintf(buf, size, "worst species %s (rate of change not finite)", label);
  } else {
    snprintf(buf, size, "worst species %s (weighted local error %.3g)", label, f->value);
  }
}

ck_status ck_solver_failure_report(ck_ctx *ctx, const ck_network *net, const ck_solver_failure *f,
                                   const char *flag_name, double time_limit_s) {
  char species[256];
  species_clause(net, f, species, sizeof species);
  if (f->kind == CK_SOLVER_TIME_LIMIT) {
    CK_FAIL(ctx, CK_ERR_LIMIT,
            "time limit of %g s exceeded at t = %.6g s, step %.3g s; raise it with "
            "limits: {time: ...} or --time-limit",
            time_limit_s, f->t_s, f->step_s);
  }
  if (f->kind == CK_SOLVER_NEGATIVE) {
    CK_FAIL(ctx, CK_ERR_SOLVER, "integration failed: %s at t = %.6g s, step %.3g s, %s; %s",
            ck_solver_failure_name(f->kind), f->t_s, f->step_s, species, hint(f->kind));
  }
  CK_FAIL(ctx, CK_ERR_SOLVER, "integration failed: %s (%s) at t = %.6g s, step %.3g s, %s; %s",
          ck_solver_failure_name(f->kind), flag_name, f->t_s, f->step_s, species, hint(f->kind));
}
