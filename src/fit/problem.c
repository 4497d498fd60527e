/* SPDX-License-Identifier: MIT */
/* A fit problem: datasets read, matched to the model's channels and normalised (issue 3). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkin/ck_simulate.h"
#include "fit/fit_impl.h"
#include "observe/initial_state.h"

/* State at mixing for one dataset: the model with the dataset's
 * concentrations and initial species (ck_fit_spec.h defaults). */
static ck_status dataset_initial_state(ck_ctx *ctx, const ck_model *model,
                                       const ck_fit_dataset *spec, const ck_network *net,
                                       double *y0) {
  return ck_initial_state_override(ctx, model, net, spec->concentration_nM, spec->n_initial,
                                   spec->initial, y0);
}

/* Measured values as given (MODEL.md section 8 renormalises the model over
 * the data's channels, not the data: rescaling noisy rows would couple their
 * errors), their sd weights, and the cells the traces objective uses:
 * all for absolute residuals; for relative and log residuals those above a
 * floor of 1e-4 of the largest value (below it a value is not measured, and
 * its logarithm is noise) or with an sd. */
static void take_measured(fit_dataset *d, ck_fit_weighting weighting) {
  const ck_channel_data *data = d->data;
  size_t cells = d->n_times * d->n_ch;
  double largest = 0.0;
  for (size_t i = 0; i < cells; i++) {
    d->value[i] = data->value[i];
    largest = fmax(largest, d->value[i]);
  }
  d->floor = 1e-4 * largest;
  d->n_used = 0, d->n_sd = 0;
  for (size_t k = 0; k < d->n_times; k++) {
    for (size_t c = 0; c < d->n_ch; c++) {
      size_t i = k * d->n_ch + c;
      double sd = data->sd[c] != NULL ? data->sd[c][k] : 0.0;
      d->weight[i] = sd > 0.0 ? 1.0 / (sd * sd) : 0.0;
      d->n_used +=
          weighting == CK_FIT_WEIGHTING_ABSOLUTE || d->weight[i] > 0.0 || d->value[i] > d->floor;
      d->n_sd += d->weight[i] > 0.0;
    }
  }
}

/* Channels in the tmax objective: a defined measured maximum of at least
 * threshold x the total signal of its row (issue 3: default 0.5 %). */
static ck_status choose_tmax_channels(ck_ctx *ctx, fit_dataset *d, double threshold) {
  ck_status st = ck_tmax_compute(ctx, d->data->time_s, d->n_times, d->value, d->n_ch, d->tmax);
  if (st != CK_OK) {
    return st;
  }
  d->n_tmax_used = 0;
  for (size_t c = 0; c < d->n_ch; c++) {
    double best = 0.0;
    for (size_t k = 0; k < d->n_times; k++) {
      double sum = 0.0;
      for (size_t j = 0; j < d->n_ch; j++) {
        sum += d->value[k * d->n_ch + j];
      }
      double f = sum > 0.0 ? d->value[k * d->n_ch + c] / sum : 0.0;
      best = f > best ? f : best;
    }
    d->use_tmax[c] = d->tmax[c].at_edge >= 0 && best >= threshold;
    d->n_tmax_used += d->use_tmax[c];
  }
  return CK_OK;
}

static ck_status prepare_dataset(ck_ctx *ctx, const ck_fit *fit, const ck_network *net,
                                 const ck_channels *ch, const ck_fit_dataset *spec,
                                 fit_dataset *d) {
  d->spec = spec;
  d->free_dead = !spec->dead_time_s.fixed && spec->dead_time_s.max > spec->dead_time_s.min;
  d->free_factor = !spec->dimer_factor.fixed && spec->dimer_factor.max > spec->dimer_factor.min;
  d->data = ck_channel_data_load(ctx, spec->path, fit->model);
  if (d->data == NULL) {
    return ck_ctx_status(ctx);
  }
  d->n_times = d->data->n_times, d->n_ch = d->data->n_channels;
  if (d->n_times < 3 || d->n_ch == 0) {
    ck_error_set(ctx, CK_ERR_INPUT, "a dataset needs at least 3 times and 1 channel");
    ck_error_locate(ctx, spec->path, 0);
    return CK_ERR_INPUT;
  }
  size_t nt = d->n_times, nc = d->n_ch, cells = nt * nc;
  d->t_model_s = ck_calloc(ctx, nt, sizeof(double));
  d->channel = ck_calloc(ctx, nc, sizeof(size_t));
  d->is_dimer = ck_calloc(ctx, nc, sizeof(int));
  d->value = ck_calloc(ctx, cells, sizeof(double));
  d->weight = ck_calloc(ctx, cells, sizeof(double));
  d->y0 = ck_calloc(ctx, ck_network_species_count(net), sizeof(double));
  d->tmax = ck_calloc(ctx, nc, sizeof(ck_tmax));
  d->use_tmax = ck_calloc(ctx, nc, 1);
  if (!d->t_model_s || !d->channel || !d->is_dimer || !d->value || !d->weight || !d->y0 ||
      !d->tmax || !d->use_tmax) {
    return CK_ERR_NOMEM;
  }
  ck_status st = ck_channel_data_match(ctx, d->data, ch, d->channel);
  if (st != CK_OK) {
    return st;
  }
  for (size_t c = 0; c < nc; c++) {
    d->is_dimer[c] = d->data->id[c].n_subunits == 2;
  }
  for (size_t k = 0; k < nt; k++) {
    d->t_model_s[k] = d->data->time_s[k] + spec->dead_time_s.value;
  }
  d->n_run = nt, d->t_run_s = d->t_model_s;
  if (d->free_dead && (st = fit_nuisance_prepare(ctx, d)) != CK_OK) {
    return st;
  }
  take_measured(d, fit->spec->weighting);
  st = dataset_initial_state(ctx, fit->model, spec, net, d->y0);
  if (st != CK_OK) {
    ck_error_locate(ctx, fit->model->source, spec->line);
    return st;
  }
  return choose_tmax_channels(ctx, d, fit->spec->tmax_threshold);
}

static void dataset_free(fit_dataset *d) {
  ck_channel_data_free(d->data);
  free(d->t_model_s), free(d->dense_s), free(d->channel), free(d->is_dimer), free(d->value),
      free(d->weight);
  free(d->y0), free(d->tmax), free(d->use_tmax);
}

static ck_status prepare(ck_ctx *ctx, ck_fit *fit) {
  const ck_fit_spec *spec = fit->spec;
  ck_network *net = ck_network_generate(ctx, fit->model);
  ck_channels *ch = net != NULL ? ck_channels_create(ctx, net) : NULL;
  ck_status st = ch != NULL ? CK_OK : ck_ctx_status(ctx);
  fit->ds = st == CK_OK ? ck_calloc(ctx, (size_t)spec->n_datasets, sizeof *fit->ds) : NULL;
  fit->free_param = st == CK_OK ? ck_calloc(ctx, (size_t)spec->n_params + 1, sizeof(int)) : NULL;
  if (st == CK_OK && (fit->ds == NULL || fit->free_param == NULL)) {
    st = CK_ERR_NOMEM;
  }
  for (int i = 0; st == CK_OK && i < spec->n_params; i++) {
    if (!spec->params[i].fixed) {
      fit->free_param[fit->n_free++] = i;
    }
  }
  if (st == CK_OK) {
    fit->n_model_channels = ck_channels_count(ch);
  }
  for (int d = 0; st == CK_OK && d < spec->n_datasets; d++) {
    fit->n_datasets = d + 1;
    fit_dataset *ds = fit->ds + d;
    st = prepare_dataset(ctx, fit, net, ch, spec->datasets + d, ds);
    if (st == CK_OK) {
      fit->max_times = ds->n_times > fit->max_times ? ds->n_times : fit->max_times;
      fit->max_ch = ds->n_ch > fit->max_ch ? ds->n_ch : fit->max_ch;
      fit->max_run = ds->n_run > fit->max_run ? ds->n_run : fit->max_run;
      fit->any_nuisance |= ds->free_dead || ds->free_factor;
      fit->n_residuals += spec->weight_traces > 0.0 ? ds->n_used : ds->n_tmax_used;
    }
  }
  /* Known noise (MODEL.md section 8 sd: columns everywhere): the profile
   * threshold is then absolute (fit_interval_threshold). */
  fit->known_noise = st == CK_OK && spec->weight_tmax == 0.0 && spec->weight_traces > 0.0;
  for (int d = 0; fit->known_noise && d < fit->n_datasets; d++) {
    fit->known_noise = fit->ds[d].n_sd == fit->ds[d].n_used;
  }
  ck_channels_free(ch);
  ck_network_free(net);
  return st;
}

ck_fit *ck_fit_create(ck_ctx *ctx, const ck_model *model) {
  if (model->fit == NULL) {
    ck_error_set(ctx, CK_ERR_INPUT, "the model has no fit: block");
    ck_error_locate(ctx, model->source, 0);
    return NULL;
  }
  if (model->fit->n_params > CK_FIT_MAX_PARAMS || model->fit->n_datasets > CK_FIT_MAX_DATASETS) {
    ck_error_set(ctx, CK_ERR_LIMIT, "a fit takes at most %d parameters and %d datasets",
                 CK_FIT_MAX_PARAMS, CK_FIT_MAX_DATASETS);
    ck_error_locate(ctx, model->source, model->fit->line);
    return NULL;
  }
  ck_fit *fit = ck_calloc(ctx, 1, sizeof *fit);
  if (fit == NULL) {
    return NULL;
  }
  fit->model = model;
  fit->spec = model->fit;
  if (prepare(ctx, fit) != CK_OK) {
    ck_fit_free(fit);
    return NULL;
  }
  return fit;
}

void ck_fit_free(ck_fit *fit) {
  if (fit == NULL) {
    return;
  }
  for (int d = 0; d < fit->n_datasets; d++) {
    dataset_free(fit->ds + d);
  }
  free(fit->ds);
  free(fit->free_param);
  fit_worker_free(fit->serial);
  free(fit);
}

void fit_rates_from(const ck_fit *fit, const double k[3], fit_rates *rates) {
  const ck_model *m = fit->model;
  memcpy(rates->k, k, sizeof rates->k);
  for (int p = 0; p < m->n_pairs && p < FIT_MAX_PAIRS; p++) {
    const double own[3] = {m->pairs[p].k_dim_per_nM_s, m->pairs[p].k_diss_per_s,
                           m->pairs[p].k_ex_per_s};
    for (int r = 0; r < 3; r++) {
      rates->pair[p][r] = m->pairs[p].inherits[r] ? k[r] : own[r];
    }
  }
}

void fit_rates_of(const ck_fit *fit, const double *x, fit_rates *rates) {
  const ck_fit_spec *spec = fit->spec;
  double k[3] = {fit->model->k_dim_per_nM_s, fit->model->k_diss_per_s, fit->model->k_ex_per_s};
  if (fit->model->kind == CK_MECHANISM_COLLISION_EXCHANGE) {
    k[CK_REACTION_EXCHANGE] = fit->model->k_coll_per_nM_s; /* its one constant (fit_rates) */
  }
  for (int i = 0; i < spec->n_params; i++) {
    if (spec->params[i].pair == 0) {
      k[spec->params[i].rate] = x[i];
    }
  }
  for (int i = 0; i < spec->n_ratios; i++) {
    k[spec->ratios[i].numerator] = spec->ratios[i].ratio * k[spec->ratios[i].denominator];
  }
  fit_rates_from(fit, k, rates);
  for (int i = 0; i < spec->n_params; i++) {
    int p = spec->params[i].pair - 1;
    if (p >= 0 && p < FIT_MAX_PAIRS) {
      rates->pair[p][spec->params[i].rate] = x[i];
    }
  }
}

ck_status fit_apply_rates(const ck_fit *fit, ck_network *net, const fit_rates *rates) {
  const ck_model *m = fit->model;
  if (m->kind == CK_MECHANISM_COLLISION_EXCHANGE) { /* no pairs: (yaml_model.c refuses them) */
    return ck_network_set_collision_rate(net, rates->k[CK_REACTION_EXCHANGE]);
  }
  if (m->n_pairs == 0) {
    return ck_network_set_rates(net, rates->k[0], rates->k[1], rates->k[2]);
  }
  ck_status st = CK_OK;
  for (int p = 0; st == CK_OK && p < m->n_pairs && p < FIT_MAX_PAIRS; p++) {
    if (m->pairs[p].dimerize) {
      const double *k = rates->pair[p];
      st = ck_network_set_pair_rates(net, m->pairs[p].family[0], m->pairs[p].family[1], k[0], k[1],
                                     k[2]);
    }
  }
  return st;
}

void fit_grid_point(const ck_fit *fit, size_t point, double *x) {
  const ck_fit_spec *spec = fit->spec;
  for (int i = spec->n_params - 1; i >= 0; i--) {
    size_t n = (size_t)spec->params[i].points;
    x[i] = ck_fit_param_grid_value(spec->params + i, (int)(point % n));
    point /= n;
  }
}

/* Phi^-1 by bisection on erfc: exact to rounding, and called a few times per fit. */
double fit_chi2_1_quantile(double level) {
  double p = 0.5 * (1.0 + level), lo = 0.0, hi = 40.0;
  for (int i = 0; i < 200; i++) {
    double mid = 0.5 * (lo + hi);
    if (0.5 * erfc(-mid / sqrt(2.0)) < p) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  double z = 0.5 * (lo + hi);
  return z * z;
}
