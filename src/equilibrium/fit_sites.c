/* SPDX-License-Identifier: MIT */
/* fit-equilibrium: relative site energies fitted to equilibrium distributions
 * at several mixing ratios, against the binomial (ck_fit_equilibrium.h).
 *
 * Each evaluation is the closed form P(x) ~ Z(x) lambda^x per ratio (a few
 * compositions, a small Newton for lambda): cheap, so the profile intervals
 * re-minimise the other energies at every point without shortcuts. NLopt is
 * kept to this file and src/fit/refine.c. Parameters enter NLopt in kJ/mol,
 * where the objective's curvature is of order one. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkin/ck_equilibrium.h"
#include "clusterkin/ck_fit_equilibrium.h"
#include "core/core_impl.h"
#include "optim/nlopt_api.h"

#define BOUND_KJ (CK_EQFIT_BOUND_J_PER_MOL / 1e3)
#define FAILED 1e300

typedef struct eqfit {
  ck_ctx *ctx;
  const ck_model *model;
  const ck_eqdata *data;
  ck_sites sites;     /* working copy: energies set from the parameters */
  int n_params;
  int cls[CK_EQFIT_MAX_PARAMS], metal[CK_EQFIT_MAX_PARAMS];
  double *mean;       /* n_groups x CK_MAX_METALS: mean atoms per cluster */
  double *p;          /* per monomer */
  size_t n_monomers;
  long evaluations;
  int held;           /* parameter held fixed by a profile, -1 for none */
  double point_kJ[CK_EQFIT_MAX_PARAMS]; /* the full parameter vector */
} eqfit;

/* Residual sum of squares (percentage points) at x_kJ; fitted per row if not NULL. */
static double rss(eqfit *f, const double *x_kJ, double *fitted) {
  for (int j = 0; j < f->sites.n_classes; j++) {
    memset(f->sites.classes[j].energy_J_per_mol, 0, sizeof f->sites.classes[j].energy_J_per_mol);
  }
  for (int k = 0; k < f->n_params; k++) {
    f->sites.classes[f->cls[k]].energy_J_per_mol[f->metal[k]] = 1e3 * x_kJ[k];
  }
  f->evaluations++;
  double sum = 0.0;
  const ck_eqdata *d = f->data;
  for (int g = 0; g < d->n_groups; g++) {
    if (ck_sites_distribution(f->ctx, &f->sites, f->model->nuclearity, f->model->n_metals,
                              f->mean + (size_t)g * CK_MAX_METALS, f->p) != CK_OK) {
      return FAILED;
    }
    double listed = 0.0;
    for (int i = 0; i < d->n_rows; i++) {
      listed += d->rows[i].group == g ? f->p[d->rows[i].monomer] : 0.0;
    }
    for (int i = 0; i < d->n_rows; i++) {
      if (d->rows[i].group != g) {
        continue;
      }
      double model = listed > 0.0 ? 100.0 * f->p[d->rows[i].monomer] / listed : 0.0;
      sum += (model - d->rows[i].percent) * (model - d->rows[i].percent);
      if (fitted != NULL) {
        fitted[i] = model;
      }
    }
  }
  return sum;
}

static double objective_fn(unsigned n, const double *u, double *grad, void *data) {
  (void)grad; /* derivative-free */
  eqfit *f = data;
  double x[CK_EQFIT_MAX_PARAMS];
  memcpy(x, f->point_kJ, sizeof x);
  for (unsigned j = 0, k = 0; k < (unsigned)f->n_params; k++) {
    if ((int)k != f->held) {
      x[k] = u[j++];
    }
  }
  (void)n;
  double v = rss(f, x, NULL);
  return isfinite(v) ? v : FAILED;
}

/* Minimises over every parameter but f->held, from f->point_kJ (updated to
 * the optimum). Returns the minimum. */
static double minimise(eqfit *f) {
  unsigned n = (unsigned)(f->n_params - (f->held >= 0));
  if (n == 0) {
    return rss(f, f->point_kJ, NULL);
  }
  double u[CK_EQFIT_MAX_PARAMS], lo[CK_EQFIT_MAX_PARAMS], hi[CK_EQFIT_MAX_PARAMS];
  for (unsigned j = 0, k = 0; k < (unsigned)f->n_params; k++) {
    if ((int)k != f->held) {
      u[j] = f->point_kJ[k], lo[j] = -BOUND_KJ, hi[j] = BOUND_KJ;
      j++;
    }
  }
  /* BOBYQA needs room for its quadratic model; one dimension goes to Subplex. */
  const ck_nlopt_api *nl = ck_nlopt(NULL); /* opened by ck_eqfit_run already */
  nlopt_opt opt = nl != NULL ? nl->create(n >= 2 ? NLOPT_LN_BOBYQA : NLOPT_LN_SBPLX, n) : NULL;
  if (opt == NULL) {
    return FAILED;
  }
  nl->set_min_objective(opt, objective_fn, f);
  nl->set_lower_bounds(opt, lo);
  nl->set_upper_bounds(opt, hi);
  nl->set_initial_step1(opt, 1.0);
  nl->set_xtol_abs1(opt, 1e-7);
  nl->set_ftol_abs(opt, 1e-14);
  nl->set_maxeval(opt, 20000);
  double best = FAILED;
  nlopt_result res = nl->optimize(opt, u, &best);
  nl->destroy(opt);
  if (res < 0 && best >= FAILED) {
    return FAILED;
  }
  for (unsigned j = 0, k = 0; k < (unsigned)f->n_params; k++) {
    if ((int)k != f->held) {
      f->point_kJ[k] = u[j++];
    }
  }
  return best;
}

/* The profile RSS with parameter k held at v_kJ, from the optimum opt_kJ. */
static double profile(eqfit *f, int k, double v_kJ, const double *opt_kJ) {
  memcpy(f->point_kJ, opt_kJ, sizeof f->point_kJ);
  f->point_kJ[k] = v_kJ;
  f->held = k;
  double v = minimise(f);
  f->held = -1;
  return v;
}

/* One end of parameter k's interval (dir = +1 or -1): doubling steps until
 * the profile crosses the threshold, then bisection. */
static void interval_end(eqfit *f, int k, const double *opt_kJ, double threshold, int dir,
                         double *end_J, int *open) {
  double inside = opt_kJ[k], step = 0.25, outside = NAN;
  while (isnan(outside)) {
    double v = inside + dir * step;
    if (fabs(v) >= BOUND_KJ) {
      v = dir * BOUND_KJ;
      if (profile(f, k, v, opt_kJ) <= threshold) {
        *end_J = 1e3 * v, *open = 1;
        return;
      }
    }
    if (profile(f, k, v, opt_kJ) > threshold) {
      outside = v;
    } else {
      inside = v, step *= 2.0;
    }
  }
  for (int it = 0; it < 40 && fabs(outside - inside) > 1e-6; it++) {
    double mid = 0.5 * (inside + outside);
    *(profile(f, k, mid, opt_kJ) > threshold ? &outside : &inside) = mid;
  }
  *end_J = 1e3 * 0.5 * (inside + outside), *open = 0;
}

/* A second region of the profile below the threshold, outside [low, high]
 * (the mirror-image preference): scanned on a 0.5 kJ/mol grid, the lowest
 * point kept in p->other_J_per_mol (NaN when there is none). */
static void other_region(eqfit *f, int k, const double *opt_kJ, double threshold,
                         ck_eqfit_param *p) {
  double best = INFINITY;
  p->other_J_per_mol = NAN;
  for (double v = -50.0; v <= 50.0; v += 0.5) {
    if (1e3 * v >= p->low_J_per_mol && 1e3 * v <= p->high_J_per_mol) {
      continue;
    }
    double r = profile(f, k, v, opt_kJ);
    if (r <= threshold && r < best) {
      best = r, p->other_J_per_mol = 1e3 * v;
    }
  }
}

/* Mean atoms per cluster of each ratio's mixture (dimers count as two clusters). */
static ck_status group_means(eqfit *f, const ck_network *net, const char *a, const char *b) {
  size_t n = ck_network_species_count(net);
  double *y0 = ck_calloc(f->ctx, n, sizeof *y0);
  if (y0 == NULL) {
    return CK_ERR_NOMEM;
  }
  int nx;
  const int *counts = ck_network_metal_counts(net, &nx);
  ck_status st = CK_OK;
  for (int g = 0; g < f->data->n_groups && st == CK_OK; g++) {
    const ck_eqdata_row *row = f->data->rows;
    while (row->group != g) {
      row++;
    }
    st = ck_equilibrium_mixture(f->ctx, f->model, net, a, b, row->part_a, row->part_b, 0.0, y0);
    double clusters = 0.0, *mean = f->mean + (size_t)g * CK_MAX_METALS;
    for (size_t i = 0; i < n && st == CK_OK; i++) {
      clusters += (i < f->n_monomers ? 1.0 : 2.0) * y0[i];
      for (int x = 0; x < nx; x++) {
        mean[x] += counts[i * (size_t)nx + (size_t)x] * y0[i];
      }
    }
    for (int x = 0; x < nx && st == CK_OK; x++) {
      mean[x] /= clusters;
    }
  }
  free(y0);
  return st;
}

static ck_status check_model(ck_ctx *ctx, const ck_model *model) {
  if (model->sites == NULL) {
    CK_FAIL(ctx, CK_ERR_INPUT, "fit-equilibrium: the model declares no sites: block "
                               "(site classes and capacities)");
  }
  if (model->sites->n_classes < 2 || model->n_metals < 2) {
    CK_FAIL(ctx, CK_ERR_INPUT, "fit-equilibrium: needs two site classes and two metals at least");
  }
  if ((model->sites->n_classes - 1) * (model->n_metals - 1) > CK_EQFIT_MAX_PARAMS) {
    CK_FAIL(ctx, CK_ERR_LIMIT, "fit-equilibrium: more than %d relative energies",
            CK_EQFIT_MAX_PARAMS);
  }
  if (model->probability != CK_EXCHANGE_STATISTICAL || model->scaling_metal >= 0 ||
      model->kind != CK_MECHANISM_DIMER_EXCHANGE) {
    CK_FAIL(ctx, CK_ERR_UNSUPPORTED,
            "fit-equilibrium: the closed form P(x) ~ Z(x) lambda^x holds for dimer exchange with "
            "statistical exchange and dimerization-scaling none only");
  }
  return ck_sites_check(ctx, model->sites, model->nuclearity);
}

static void set_params(eqfit *f, ck_eqfit_result *res) {
  const ck_sites *s = f->model->sites;
  double rt = CK_GAS_CONSTANT_J_PER_MOL_K * s->temperature_K;
  for (int j = 1; j < s->n_classes; j++) {
    for (int m = 1; m < f->model->n_metals; m++) {
      ck_eqfit_param *p = res->param + f->n_params;
      snprintf(p->name, sizeof p->name, "%s.%s", s->classes[j].name, f->model->metal[m]);
      p->site_class = j, p->metal = m;
      p->start_J_per_mol = ck_sites_relative_kT(s, j, m) * rt;
      f->cls[f->n_params] = j, f->metal[f->n_params] = m;
      f->n_params++;
    }
  }
  res->n_params = f->n_params;
  res->temperature_K = s->temperature_K;
}

static void statistics(ck_eqfit_result *r) {
  double n = r->n_obs, k = r->n_params;
  r->aic_site = n * log(r->rss_site / n) + 2.0 * k;
  r->aic_binomial = n * log(r->rss_binomial / n);
  r->f_statistic = r->p_value = NAN;
  if (n > k) {
    double gain = r->rss_binomial - r->rss_site;
    r->f_statistic = (gain > 0.0 ? gain : 0.0) / k / (r->rss_site / (n - k));
    r->p_value = ck_f_upper_tail(r->f_statistic, k, n - k);
  }
}

static ck_status fit(eqfit *f, ck_eqfit_result *res) {
  double zero[CK_EQFIT_MAX_PARAMS] = {0}, start[CK_EQFIT_MAX_PARAMS] = {0};
  res->rss_binomial = rss(f, zero, res->fit_binomial);
  for (int k = 0; k < f->n_params; k++) {
    double s = 1e-3 * res->param[k].start_J_per_mol;
    start[k] = s > BOUND_KJ ? BOUND_KJ : s < -BOUND_KJ ? -BOUND_KJ : s;
  }
  /* The binomial is a stationary point (a preference acts first through
   * the narrowing, at second order; its linear part is absorbed by lambda),
   * so mirror-image minima of either sign are common: start from the
   * model's energies, the binomial point and both signs along each axis. */
  static const double axis_kJ[] = {-20.0, -8.0, -3.0, 3.0, 8.0, 20.0};
  double best = FAILED, opt[CK_EQFIT_MAX_PARAMS];
  int n_axis = (int)(sizeof axis_kJ / sizeof axis_kJ[0]);
  for (int s = -2; s < f->n_params * n_axis; s++) {
    memcpy(f->point_kJ, s == -2 ? start : zero, sizeof f->point_kJ);
    if (s >= 0) {
      f->point_kJ[s / n_axis] = axis_kJ[s % n_axis];
    }
    double v = minimise(f);
    if (v < best) {
      best = v;
      memcpy(opt, f->point_kJ, sizeof opt);
    }
  }
  if (!(best < FAILED)) {
    CK_FAIL(f->ctx, CK_ERR_SOLVER, "fit-equilibrium: the minimisation failed");
  }
  res->rss_site = rss(f, opt, res->fit_site);
  statistics(res);
  double dof = res->n_obs - res->n_params;
  double threshold = dof > 0 ? best * (1.0 + ck_f_quantile(res->level, 1.0, dof) / dof) : NAN;
  for (int k = 0; k < f->n_params; k++) {
    ck_eqfit_param *p = res->param + k;
    p->value_J_per_mol = 1e3 * opt[k];
    p->low_J_per_mol = p->high_J_per_mol = NAN;
    if (dof > 0) {
      interval_end(f, k, opt, threshold, -1, &p->low_J_per_mol, &p->low_open);
      interval_end(f, k, opt, threshold, +1, &p->high_J_per_mol, &p->high_open);
      other_region(f, k, opt, threshold, p);
    }
  }
  res->evaluations = f->evaluations;
  return CK_OK;
}

ck_eqfit_result *ck_eqfit_run(ck_ctx *ctx, const ck_model *model, const ck_network *net,
                              const ck_eqdata *data, const ck_eqfit_options *options) {
  if (check_model(ctx, model) != CK_OK || ck_nlopt(ctx) == NULL) {
    return NULL;
  }
  if (model->n_clusters < 2 && (options == NULL || options->cluster_b == NULL)) {
    ck_error_set(ctx, CK_ERR_INPUT, "fit-equilibrium: a mixing ratio needs two clusters");
    return NULL;
  }
  const char *a = options != NULL && options->cluster_a != NULL ? options->cluster_a
                                                                : model->clusters[0].name;
  const char *b = options != NULL && options->cluster_b != NULL ? options->cluster_b
                                                                : model->clusters[1].name;
  eqfit f = {.ctx = ctx, .model = model, .data = data, .sites = *model->sites, .held = -1,
             .n_monomers = ck_network_monomer_count(net)};
  ck_eqfit_result *res = ck_calloc(ctx, 1, sizeof *res);
  f.mean = ck_calloc(ctx, (size_t)data->n_groups * CK_MAX_METALS, sizeof *f.mean);
  f.p = ck_calloc(ctx, f.n_monomers, sizeof *f.p);
  ck_status st = res != NULL && f.mean != NULL && f.p != NULL ? CK_OK : CK_ERR_NOMEM;
  if (st == CK_OK) {
    res->fit_site = ck_calloc(ctx, (size_t)data->n_rows, sizeof *res->fit_site);
    res->fit_binomial = ck_calloc(ctx, (size_t)data->n_rows, sizeof *res->fit_binomial);
    st = res->fit_site != NULL && res->fit_binomial != NULL ? CK_OK : CK_ERR_NOMEM;
  }
  if (st == CK_OK) {
    res->n_obs = data->n_rows;
    res->level = options != NULL && options->level > 0.0 && options->level < 1.0
                     ? options->level
                     : 0.95;
    set_params(&f, res);
    st = group_means(&f, net, a, b);
  }
  if (st == CK_OK) {
    st = fit(&f, res);
  }
  free(f.mean);
  free(f.p);
  if (st != CK_OK) {
    ck_eqfit_result_free(res);
    return NULL;
  }
  return res;
}

void ck_eqfit_result_free(ck_eqfit_result *result) {
  if (result == NULL) {
    return;
  }
  free(result->fit_site);
  free(result->fit_binomial);
  free(result);
}
