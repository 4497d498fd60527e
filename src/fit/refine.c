/* SPDX-License-Identifier: MIT */
/* Refinement (NLopt, derivative-free, bounded, in log10 of the rate
 * constants) and profile-likelihood intervals (issue 3, part 4).
 *
 * Log space because the constants span decades and the objective is close
 * to a function of their logarithms; BOBYQA builds a quadratic model from
 * few evaluations, which suits a smooth objective costing one ODE run per
 * dataset (Subplex in one dimension, where BOBYQA has no room to work). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fit/fit_search.h"
#include "optim/nlopt_api.h"

#define FAILED_OBJECTIVE 1e300 /* a point whose simulation fails: worse than any */

typedef struct refine_state {
  const ck_fit *fit;
  fit_worker *w;
  double *x; /* full parameter vector, free entries set from u */
  int n_free;
  int *free; /* spec parameter index of each free coordinate */
  long evaluations;
  fit_point *best;
} refine_state;

static double objective_fn(unsigned n, const double *u, double *grad, void *data) {
  (void)grad; /* derivative-free */
  refine_state *s = data;
  for (unsigned j = 0; j < n; j++) {
    s->x[s->free[j]] = pow(10.0, u[j]);
  }
  fit_rates rates;
  double objective, *parts = malloc((size_t)s->fit->n_datasets * sizeof *parts);
  if (parts == NULL) {
    return FAILED_OBJECTIVE;
  }
  fit_rates_of(s->fit, s->x, &rates);
  s->evaluations++;
  if (fit_evaluate(s->fit, s->w, &rates, &objective, parts) != CK_OK || !isfinite(objective)) {
    free(parts);
    return FAILED_OBJECTIVE;
  }
  if (objective < s->best->objective) {
    s->best->objective = objective;
    memcpy(s->best->x, s->x, (size_t)s->fit->spec->n_params * sizeof *s->x);
    memcpy(s->best->parts, parts, (size_t)s->fit->n_datasets * sizeof *parts);
  }
  free(parts);
  return objective;
}

/* Half a grid spacing in decades: the scale on which the grid left doubt. */
static double initial_step(const ck_fit_param *p) {
  double decades = log10(p->max / p->min);
  double step = p->points > 1 ? 0.5 * decades / (p->points - 1) : 0.25 * decades;
  return step > 1e-3 ? step : 1e-3;
}

long fit_refine(const ck_fit *fit, fit_worker *w, const double *start, int fixed, fit_point *out) {
  const ck_fit_spec *spec = fit->spec;
  int np = spec->n_params, free_idx[CK_FIT_MAX_PARAMS], n = 0;
  double x[CK_FIT_MAX_PARAMS], u[CK_FIT_MAX_PARAMS] = {0}, lo[CK_FIT_MAX_PARAMS];
  double hi[CK_FIT_MAX_PARAMS], step[CK_FIT_MAX_PARAMS];
  memcpy(x, start, (size_t)np * sizeof *x);
  /* Until an evaluation succeeds, out is the start with an infinite objective. */
  memcpy(out->x, start, (size_t)np * sizeof *x);
  for (int d = 0; d < fit->n_datasets; d++) {
    out->parts[d] = NAN;
  }
  for (int k = 0; k < fit->n_free; k++) {
    int i = fit->free_param[k];
    if (i == fixed) {
      continue;
    }
    const ck_fit_param *p = spec->params + i;
    free_idx[n] = i;
    lo[n] = log10(p->min), hi[n] = log10(p->max);
    u[n] = fmin(fmax(log10(x[i]), lo[n]), hi[n]);
    step[n] = initial_step(p);
    n++;
  }
  out->objective = INFINITY;
  refine_state s = {fit, w, x, n, free_idx, 0, out};
  objective_fn((unsigned)n, u, NULL, &s); /* the start itself: out is never worse */
  if (n == 0) {
    return s.evaluations;
  }
  const ck_nlopt_api *nl = ck_nlopt(w->ctx); /* opened by ck_fit_run already */
  nlopt_opt opt = nl != NULL ? nl->create(n >= 2 ? NLOPT_LN_BOBYQA : NLOPT_LN_SBPLX, (unsigned)n)
                             : NULL;
  if (opt == NULL) {
    return s.evaluations;
  }
  nl->set_lower_bounds(opt, lo);
  nl->set_upper_bounds(opt, hi);
  nl->set_initial_step(opt, step);
  nl->set_min_objective(opt, objective_fn, &s);
  nl->set_xtol_abs1(opt, 1e-6);
  nl->set_ftol_rel(opt, 1e-12);
  nl->set_maxeval(opt, 300 * (n + 1));
  double f;
  nl->optimize(opt, u, &f); /* any stop leaves the best point seen in out */
  nl->destroy(opt);
  return s.evaluations;
}

/* Profile objective at log10 value v of parameter i: the others re-optimised,
 * warm-started from (and updating) at; the point joins the curve, and
 * replaces out->better when lower. */
static double profile_at(const ck_fit *fit, fit_worker *w, int i, double v, fit_point *at,
                         fit_profile *out) {
  int np = fit->spec->n_params, nd = fit->n_datasets;
  at->x[i] = pow(10.0, v);
  fit_point next = {malloc((size_t)np * sizeof(double)), INFINITY,
                    malloc((size_t)nd * sizeof(double))};
  if (next.x == NULL || next.parts == NULL) {
    free(next.x), free(next.parts);
    return INFINITY;
  }
  out->evaluations += fit_refine(fit, w, at->x, i, &next);
  memcpy(at->x, next.x, (size_t)np * sizeof(double));
  at->objective = next.objective;
  if (out->n_curve < FIT_PROFILE_MAX_POINTS) {
    out->curve[2 * out->n_curve] = at->x[i];
    out->curve[2 * out->n_curve + 1] = isfinite(next.objective) ? next.objective : NAN;
    out->n_curve++;
  }
  if (next.objective < out->better.objective) {
    memcpy(out->better.x, next.x, (size_t)np * sizeof(double));
    memcpy(out->better.parts, next.parts, (size_t)nd * sizeof(double));
    out->better.objective = next.objective;
  }
  free(next.x), free(next.parts);
  return at->objective;
}

/* Walks from the optimum in one direction with growing steps until the
 * profile crosses the threshold (then bisects the crossing) or the bound is
 * reached (the interval is open there: the bound is reported). */
static double profile_end(const ck_fit *fit, fit_worker *w, const fit_point *best, int i,
                          double threshold, int dir, fit_profile *out) {
  const ck_fit_param *p = fit->spec->params + i;
  double bound = dir > 0 ? log10(p->max) : log10(p->min);
  double inside = log10(best->x[i]), h = 0.02;
  fit_point at = {malloc((size_t)fit->spec->n_params * sizeof(double)), best->objective, NULL};
  if (at.x == NULL) {
    return NAN;
  }
  memcpy(at.x, best->x, (size_t)fit->spec->n_params * sizeof(double));
  double result = bound;
  for (int step = 0; step < 40; step++) {
    double v = inside + dir * h;
    if (dir * (v - bound) >= 0.0) {
      v = bound;
    }
    double s = profile_at(fit, w, i, v, &at, out);
    if (!isfinite(s)) { /* every simulation there failed: the end is undetermined */
      result = NAN;
      break;
    }
    if (s > threshold) {
      double outside = v;
      for (int b = 0; b < 10 && isfinite(result); b++) {
        double mid = 0.5 * (inside + outside), sm = profile_at(fit, w, i, mid, &at, out);
        if (!isfinite(sm)) {
          result = NAN;
        } else if (sm > threshold) {
          outside = mid;
        } else {
          inside = mid;
        }
      }
      if (isfinite(result)) {
        result = 0.5 * (inside + outside);
      }
      break;
    }
    inside = v;
    if (v == bound) {
      break;
    }
    h *= 2.0;
  }
  free(at.x);
  return isfinite(result) ? pow(10.0, result) : NAN;
}

void fit_profile_interval(const ck_fit *fit, fit_worker *w, const fit_point *best, int param,
                          double threshold, fit_profile *out) {
  out->evaluations = 0;
  out->n_curve = 1; /* the optimum itself */
  out->curve[0] = best->x[param], out->curve[1] = best->objective;
  out->low = profile_end(fit, w, best, param, threshold, -1, out);
  out->high = profile_end(fit, w, best, param, threshold, +1, out);
}

double fit_interval_threshold(const ck_fit *fit, double s_min) {
  double chi2 = fit_chi2_1_quantile(fit->spec->interval_level);
  if (fit->known_noise) {
    return s_min + fit->spec->weight_traces * chi2;
  }
  double n = (double)(fit->n_residuals > 0 ? fit->n_residuals : 1);
  return s_min * exp(chi2 / n);
}
