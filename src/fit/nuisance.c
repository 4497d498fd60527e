/* SPDX-License-Identifier: MIT */
/* Per-dataset nuisance parameters fitted locally (issue 3 part 1, MODEL.md section 8):
 * the dead time and the dimer detection factor given as `{min, max}`.
 *
 * Both touch only their dataset's part of the objective, so the global
 * search over rate constants never sees them: each evaluation simulates the
 * dataset once and then minimises its part over them, a 1-D search per
 * parameter (the dimer factor nested inside the dead time). Neither needs a
 * new simulation:
 * - the dead time shifts the data onto model time; the model was simulated
 *   on a dense uniform grid covering every admissible shift and is
 *   interpolated (fit_shift_rows);
 * - the dimer factor scales the simulated dimer channels before the
 *   renormalisation (fit_scale_rows), searched in log10 (it is a ratio).
 * Everything is deterministic, so results do not depend on threads. */
#include <math.h>
#include <stdlib.h>

#include "fit/fit_impl.h"

#define DENSE_PER_SPACING 30 /* dense outputs per smallest data spacing */
#define DENSE_MIN 64         /* outputs over the whole window, at least */
#define DENSE_MAX 200000     /* a bound on memory: 200000 rows x channels */
#define SCAN_DEAD 9          /* scan points before Brent, dead time */
#define SCAN_FACTOR 7        /* and dimer factor */
#define XTOL_REL 1e-7        /* of the search range */

ck_status fit_nuisance_prepare(ck_ctx *ctx, fit_dataset *d) {
  const double *t = d->data->time_s;
  double spacing = INFINITY;
  for (size_t k = 1; k < d->n_times; k++) {
    spacing = fmin(spacing, t[k] - t[k - 1]);
  }
  double lo = t[0] + d->spec->dead_time_s.min, hi = t[d->n_times - 1] + d->spec->dead_time_s.max;
  double want = fmax(DENSE_PER_SPACING * (hi - lo) / spacing, DENSE_MIN);
  if (!(want < DENSE_MAX)) {
    ck_error_set(ctx, CK_ERR_LIMIT,
                 "a free dead time needs %.0f model outputs here (at most %d): "
                 "narrow its bounds or thin the data",
                 want, DENSE_MAX);
    ck_error_locate(ctx, d->spec->path, 0);
    return CK_ERR_LIMIT;
  }
  size_t n = (size_t)ceil(want) + 1;
  d->dense_s = ck_calloc(ctx, n, sizeof(double));
  if (d->dense_s == NULL) {
    return CK_ERR_NOMEM;
  }
  d->dense_t0_s = lo, d->dense_h_s = (hi - lo) / (double)(n - 1);
  for (size_t i = 0; i < n; i++) {
    d->dense_s[i] = lo + (double)i * d->dense_h_s;
  }
  d->dense_s[n - 1] = hi; /* exactly, whatever the rounding */
  d->n_run = n, d->t_run_s = d->dense_s;
  return CK_OK;
}

/* Brent's method on [a, b] from x (value fx): golden sections, parabolic
 * steps when they behave; *best tracks the lowest value seen. */
static double brent(fit_fn1 f, void *user, double a, double b, double x, double fx, double xtol,
                    double *f_min) {
  const double golden = 0.3819660112501051; /* (3 - sqrt 5) / 2 */
  double v = x, w = x, fv = fx, fw = fx, d = 0.0, e = 0.0;
  for (int iter = 0; iter < 100; iter++) {
    double m = 0.5 * (a + b), tol1 = fmax(xtol, 1.5e-8 * fabs(x)), tol2 = 2.0 * tol1;
    if (fabs(x - m) <= tol2 - 0.5 * (b - a)) {
      break;
    }
    int parabolic = 0;
    if (fabs(e) > tol1) {
      double r = (x - w) * (fx - fv), q = (x - v) * (fx - fw), p = (x - v) * q - (x - w) * r;
      q = 2.0 * (q - r);
      if (q > 0.0) {
        p = -p;
      } else {
        q = -q;
      }
      double e_old = e;
      e = d;
      if (fabs(p) < fabs(0.5 * q * e_old) && p > q * (a - x) && p < q * (b - x)) {
        d = p / q;
        double u = x + d;
        if (u - a < tol2 || b - u < tol2) {
          d = x < m ? tol1 : -tol1;
        }
        parabolic = 1;
      }
    }
    if (!parabolic) {
      e = x < m ? b - x : a - x;
      d = golden * e;
    }
    double u = fabs(d) >= tol1 ? x + d : x + (d > 0.0 ? tol1 : -tol1);
    double fu = f(u, user);
    fu = isnan(fu) ? INFINITY : fu;
    if (fu <= fx) {
      if (u < x) {
        b = x;
      } else {
        a = x;
      }
      v = w, fv = fw, w = x, fw = fx, x = u, fx = fu;
    } else {
      if (u < x) {
        a = u;
      } else {
        b = u;
      }
      if (fu <= fw || w == x) {
        v = w, fv = fw, w = u, fw = fu;
      } else if (fu <= fv || v == x || v == w) {
        v = u, fv = fu;
      }
    }
  }
  *f_min = fx;
  return x;
}

double fit_minimize_1d(fit_fn1 f, void *user, double lo, double hi, int n_scan, double xtol,
                       double *f_min) {
  double best_x = lo, best_f = INFINITY, step = (hi - lo) / (n_scan - 1);
  int best_i = 0;
  for (int i = 0; i < n_scan; i++) {
    double x = i == n_scan - 1 ? hi : lo + i * step, fx = f(x, user);
    fx = isnan(fx) ? INFINITY : fx;
    if (fx < best_f) { /* strict: ties go to the lower value, the same on every run */
      best_f = fx, best_x = x, best_i = i;
    }
  }
  if (isfinite(best_f)) {
    double a = best_i > 0 ? lo + (best_i - 1) * step : lo;
    double b = best_i < n_scan - 1 ? lo + (best_i + 1) * step : hi;
    double fx;
    double x = brent(f, user, a, b, best_x, best_f, xtol, &fx);
    if (fx < best_f) {
      best_f = fx, best_x = x;
    }
  }
  *f_min = best_f;
  return best_x;
}

typedef struct nuisance_search {
  const ck_fit *fit;
  const fit_dataset *d;
  fit_worker *w;
  double factor;   /* the best dimer factor of the last dead time tried */
  ck_status error; /* the first failure of the t_max computation */
} nuisance_search;

/* Part at dimer factor 10^u, the rows already shifted. */
static double part_at_factor(double u, void *user) {
  nuisance_search *s = user;
  double part;
  fit_scale_rows(s->fit, s->d, s->w, pow(10.0, u));
  ck_status st = fit_dataset_score(s->fit, s->d, s->w, &part);
  if (st != CK_OK) {
    s->error = s->error != CK_OK ? s->error : st;
    return INFINITY;
  }
  return part;
}

/* Part at the rows already shifted, the dimer factor fixed or minimised. */
static double part_best_factor(nuisance_search *s) {
  const ck_fit_nuisance *f = &s->d->spec->dimer_factor;
  if (!s->d->free_factor) {
    s->factor = f->value;
    return part_at_factor(log10(f->value), s);
  }
  double lo = log10(f->min), hi = log10(f->max), part;
  double u = fit_minimize_1d(part_at_factor, s, lo, hi, SCAN_FACTOR, XTOL_REL * (hi - lo), &part);
  s->factor = pow(10.0, u);
  return part;
}

static double part_at_dead_time(double dead_s, void *user) {
  nuisance_search *s = user;
  fit_shift_rows(s->d, s->w, dead_s);
  return part_best_factor(s);
}

ck_status fit_nuisance_optimise(const ck_fit *fit, const fit_dataset *d, fit_worker *w,
                                double *part, double *dead_s, double *factor) {
  nuisance_search s = {fit, d, w, d->spec->dimer_factor.value, CK_OK};
  const ck_fit_nuisance *dead = &d->spec->dead_time_s;
  double best;
  if (d->free_dead) {
    double lo = dead->min, hi = dead->max;
    *dead_s =
        fit_minimize_1d(part_at_dead_time, &s, lo, hi, SCAN_DEAD, XTOL_REL * (hi - lo), &best);
  } else {
    *dead_s = dead->value;
  }
  /* Once more at the chosen dead time: leaves w->sim and the factor of the optimum. */
  best = part_at_dead_time(*dead_s, &s);
  *factor = s.factor;
  *part = best;
  if (!isfinite(best)) {
    return ck_error_set(w->ctx, s.error != CK_OK ? s.error : CK_ERR_SOLVER,
                        "no finite objective for any dead time or dimer factor of %s",
                        d->spec->data);
  }
  return CK_OK;
}
