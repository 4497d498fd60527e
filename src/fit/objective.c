/* SPDX-License-Identifier: MIT */
/* The fit objective: t_max (paper eq. 1) and weighted least squares over the traces (issue 3). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fit/fit_impl.h"
#include "solver/solver_impl.h"

fit_worker *fit_worker_create(ck_ctx *ctx, const ck_fit *fit) {
  fit_worker *w = ck_calloc(ctx, 1, sizeof *w);
  if (w == NULL) {
    return NULL;
  }
  w->ctx = ck_ctx_create();
  if (w->ctx == NULL) { /* say so: the caller reports ctx's message */
    ck_error_set(ctx, CK_ERR_NOMEM, "out of memory creating a worker");
    fit_worker_free(w);
    return NULL;
  }
  w->net = ck_network_generate(ctx, fit->model);
  w->ch = w->net != NULL ? ck_channels_create(ctx, w->net) : NULL;
  if (w->ch != NULL) {
    ck_solver_options opt = ck_solver_options_from_model(fit->model);
    w->solver = ck_solver_create(ctx, w->net, &opt);
    if (w->solver != NULL) { /* a simulation running when the budget ends stops too */
      ck_solver_set_deadline(w->solver, fit->deadline_s, fit->model->time_limit_s);
    }
  }
  w->sim_all = ck_calloc(ctx, fit->n_model_channels + 1, sizeof(double));
  w->raw = ck_calloc(ctx, fit->max_run * fit->max_ch + 1, sizeof(double));
  w->shifted = ck_calloc(ctx, fit->max_times * fit->max_ch + 1, sizeof(double));
  w->sim = ck_calloc(ctx, fit->max_times * fit->max_ch + 1, sizeof(double));
  w->tmax = ck_calloc(ctx, fit->max_ch + 1, sizeof(ck_tmax));
  w->dead_time_s = ck_calloc(ctx, (size_t)fit->n_datasets + 1, sizeof(double));
  w->dimer_factor = ck_calloc(ctx, (size_t)fit->n_datasets + 1, sizeof(double));
  if (w->ctx == NULL || w->solver == NULL || w->sim_all == NULL || w->sim == NULL ||
      w->raw == NULL || w->shifted == NULL || w->tmax == NULL || w->dead_time_s == NULL ||
      w->dimer_factor == NULL) {
    fit_worker_free(w);
    return NULL;
  }
  return w;
}

void fit_worker_free(fit_worker *w) {
  if (w == NULL) {
    return;
  }
  ck_solver_free(w->solver);
  ck_channels_free(w->ch);
  ck_network_free(w->net);
  ck_ctx_free(w->ctx);
  free(w->sim_all), free(w->sim), free(w->raw), free(w->shifted), free(w->tmax);
  free(w->dead_time_s), free(w->dimer_factor);
  free(w);
}

typedef struct dataset_sink {
  const ck_fit *fit;
  const fit_dataset *d;
  fit_worker *w;
} dataset_sink;

/* The dataset's channels at output k as simulated (nM): the dimer factor
 * and the renormalisation come after (fit_scale_rows), so a fitted dimer
 * factor needs no new simulation. */
static ck_status store_dataset_channels(void *user, size_t k, double t_s, const double *y) {
  (void)t_s;
  dataset_sink *s = user;
  const fit_dataset *d = s->d;
  ck_channels_compute(s->w->ch, y, CK_NORMALIZE_NONE, s->w->sim_all);
  double *row = s->w->raw + k * d->n_ch;
  for (size_t c = 0; c < d->n_ch; c++) {
    row[c] = s->w->sim_all[d->channel[c]];
  }
  return CK_OK;
}

/* Cubic Lagrange interpolation on the dense uniform grid: error of order
 * h^4 f'''' with h a tenth of the data spacing (fit_nuisance_prepare). */
void fit_shift_rows(const fit_dataset *d, fit_worker *w, double dead_s) {
  if (d->dense_s == NULL) {
    memcpy(w->shifted, w->raw, d->n_times * d->n_ch * sizeof(double));
    return;
  }
  for (size_t k = 0; k < d->n_times; k++) {
    double s = (d->data->time_s[k] + dead_s - d->dense_t0_s) / d->dense_h_s;
    double jf = floor(s) - 1.0;
    jf = fmin(fmax(jf, 0.0), (double)(d->n_run - 4));
    size_t j = (size_t)jf;
    double u = s - jf;
    double l0 = -(u - 1.0) * (u - 2.0) * (u - 3.0) / 6.0, l1 = u * (u - 2.0) * (u - 3.0) / 2.0;
    double l2 = -u * (u - 1.0) * (u - 3.0) / 2.0, l3 = u * (u - 1.0) * (u - 2.0) / 6.0;
    const double *r0 = w->raw + j * d->n_ch;
    double *row = w->shifted + k * d->n_ch;
    for (size_t c = 0; c < d->n_ch; c++) {
      row[c] =
          l0 * r0[c] + l1 * r0[c + d->n_ch] + l2 * r0[c + 2 * d->n_ch] + l3 * r0[c + 3 * d->n_ch];
    }
  }
}

/* Dimers scaled by the dimer factor, then renormalised over the data's
 * channels like the measured values. */
void fit_scale_rows(const ck_fit *fit, const fit_dataset *d, fit_worker *w, double factor) {
  int total_ion = fit->model->simulate.normalize == CK_NORMALIZE_TOTAL_ION;
  for (size_t k = 0; k < d->n_times; k++) {
    const double *in = w->shifted + k * d->n_ch;
    double *row = w->sim + k * d->n_ch, sum = 0.0;
    for (size_t c = 0; c < d->n_ch; c++) {
      row[c] = in[c] * (d->is_dimer[c] ? factor : 1.0);
      sum += row[c];
    }
    if (total_ion) {
      double scale = sum > 0.0 ? 1.0 / sum : 0.0;
      for (size_t c = 0; c < d->n_ch; c++) {
        row[c] *= scale;
      }
    }
  }
}

/* Sum of squared residuals over the cells take_measured chose (problem.c). */
static double traces_part(const ck_fit *fit, const fit_dataset *d, const double *sim) {
  ck_fit_weighting weighting = fit->spec->weighting;
  double sum = 0.0, tiny = 1e-3 * d->floor; /* keeps log(sim) finite */
  size_t cells = d->n_times * d->n_ch;
  for (size_t i = 0; i < cells; i++) {
    double meas = d->value[i], r;
    if (d->weight[i] > 0.0) { /* a measured sd is the noise model: (sim - data) / sd */
      r = sim[i] - meas;
      sum += d->weight[i] * r * r;
      continue;
    }
    if (weighting == CK_FIT_WEIGHTING_ABSOLUTE) {
      r = sim[i] - meas;
    } else if (!(meas > d->floor)) {
      continue;
    } else if (weighting == CK_FIT_WEIGHTING_RELATIVE) {
      r = (sim[i] - meas) / meas;
    } else {
      r = log(fmax(sim[i], tiny)) - log(meas);
    }
    sum += r * r;
  }
  return sum;
}

/* Paper eq. 1 over the chosen channels. A channel the model never produces
 * has no simulated maximum: it costs the whole window squared. */
static ck_status tmax_part(const fit_dataset *d, fit_worker *w, double *out) {
  const double *t = d->data->time_s;
  ck_status st = ck_tmax_compute(w->ctx, t, d->n_times, w->sim, d->n_ch, w->tmax);
  if (st != CK_OK) {
    return st;
  }
  double window = t[d->n_times - 1] - t[0], sum = 0.0;
  for (size_t c = 0; c < d->n_ch; c++) {
    if (d->use_tmax[c]) {
      double diff = w->tmax[c].at_edge >= 0 ? w->tmax[c].t_max_s - d->tmax[c].t_max_s : window;
      sum += diff * diff;
    }
  }
  *out = sum;
  return CK_OK;
}

ck_status fit_dataset_score(const ck_fit *fit, const fit_dataset *d, fit_worker *w, double *part) {
  double sum = 0.0, tm = 0.0;
  ck_status st = CK_OK;
  if (fit->spec->weight_tmax > 0.0) {
    st = tmax_part(d, w, &tm);
    sum += fit->spec->weight_tmax * tm;
  }
  if (st == CK_OK && fit->spec->weight_traces > 0.0) {
    sum += fit->spec->weight_traces * traces_part(fit, d, w->sim);
  }
  *part = sum;
  return st;
}

ck_status fit_evaluate_dataset(const ck_fit *fit, fit_worker *w, int i, double *part) {
  const fit_dataset *d = fit->ds + i;
  dataset_sink sink = {fit, d, w};
  w->simulations++;
  ck_status st = ck_solver_run_observed(w->solver, w->ctx, d->y0, 0.0, d->n_run, d->t_run_s,
                                        store_dataset_channels, &sink);
  double dead = d->spec->dead_time_s.value, factor = d->spec->dimer_factor.value;
  *part = NAN;
  if (st == CK_OK && (d->free_dead || d->free_factor)) {
    st = fit_nuisance_optimise(fit, d, w, part, &dead, &factor);
  } else if (st == CK_OK) {
    fit_shift_rows(d, w, dead);
    fit_scale_rows(fit, d, w, factor);
    st = fit_dataset_score(fit, d, w, part);
  }
  w->dead_time_s[i] = dead, w->dimer_factor[i] = factor;
  if (st == CK_OK && !isfinite(*part)) {
    st = ck_error_set(w->ctx, CK_ERR_SOLVER, "dataset %d: the objective is not finite", i + 1);
  }
  return st;
}

ck_status fit_evaluate(const ck_fit *fit, fit_worker *w, const fit_rates *rates, double *objective,
                       double *parts) {
  ck_status st = fit_apply_rates(fit, w->net, rates);
  double total = 0.0;
  for (int i = 0; parts != NULL && i < fit->n_datasets; i++) {
    parts[i] = NAN;
  }
  for (int i = 0; st == CK_OK && i < fit->n_datasets; i++) {
    double part;
    st = fit_evaluate_dataset(fit, w, i, &part);
    if (parts != NULL && st == CK_OK) {
      parts[i] = part;
    }
    total += st == CK_OK ? part : 0.0;
  }
  *objective = st == CK_OK ? total : NAN;
  return st;
}

void fit_worker_nuisance(const ck_fit *fit, const fit_worker *w, double *dead_time_s,
                         double *dimer_factor) {
  memcpy(dead_time_s, w->dead_time_s, (size_t)fit->n_datasets * sizeof(double));
  memcpy(dimer_factor, w->dimer_factor, (size_t)fit->n_datasets * sizeof(double));
}

ck_status ck_fit_objective_at(ck_fit *fit, ck_ctx *ctx, const double rates[3], double *objective,
                              double *parts) {
  if (fit->serial == NULL && (fit->serial = fit_worker_create(ctx, fit)) == NULL) {
    return ck_ctx_status(ctx);
  }
  fit_rates all;
  fit_rates_from(fit, rates, &all);
  ck_status st = fit_evaluate(fit, fit->serial, &all, objective, parts);
  if (st != CK_OK) {
    ck_error_set(ctx, st, "%s", ck_ctx_errmsg(fit->serial->ctx));
  }
  return st;
}
