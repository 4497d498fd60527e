/* SPDX-License-Identifier: MIT */
/* A simulation run end to end: initial state, dead time, output grid, channels, t_max. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkin/ck_simulate.h"
#include "core/core_impl.h"

static ck_status add_species(ck_ctx *ctx, const ck_model *model, const ck_network *net,
                             int n_subunits, const int subunit[][CK_MAX_METALS], double c_nM,
                             const char *what, int line, double *y0) {
  size_t s;
  if (ck_network_find_species(net, n_subunits, subunit, &s) != CK_OK) {
    ck_error_set(ctx, CK_ERR_INPUT, "%s is not a species of this network", what);
    ck_error_locate(ctx, model->source, line);
    return CK_ERR_INPUT;
  }
  y0[s] += c_nM;
  return CK_OK;
}

ck_status ck_model_initial_state(ck_ctx *ctx, const ck_model *model, const ck_network *net,
                                 double *y0) {
  memset(y0, 0, ck_network_species_count(net) * sizeof *y0);
  for (int i = 0; i < model->n_clusters; i++) {
    const ck_cluster *c = model->clusters + i;
    int sub[1][CK_MAX_METALS];
    memcpy(sub[0], c->metal_count, sizeof sub[0]);
    if (model->n_families > 1) { /* families can share a size: name the cluster's */
      size_t s;
      if (ck_network_find_family_species(net, 1, &c->family, (const int(*)[CK_MAX_METALS])sub,
                                         &s) != CK_OK) {
        ck_error_set(ctx, CK_ERR_INPUT, "%s is not a species of this network", c->name);
        ck_error_locate(ctx, model->source, c->line);
        return CK_ERR_INPUT;
      }
      y0[s] += c->concentration_nM;
      continue;
    }
    ck_status st = add_species(ctx, model, net, 1, (const int(*)[CK_MAX_METALS])sub,
                               c->concentration_nM, c->name, c->line, y0);
    if (st != CK_OK) {
      return st;
    }
  }
  for (int i = 0; i < model->n_initial; i++) {
    const ck_initial *in = model->initial + i;
    ck_status st =
        add_species(ctx, model, net, in->n_subunits, (const int(*)[CK_MAX_METALS])in->subunit,
                    in->concentration_nM, in->label, in->line, y0);
    if (st != CK_OK) {
      return st;
    }
  }
  return CK_OK;
}

size_t ck_simulate_output_count(const ck_simulate_options *opt) {
  if (!(opt->step_s > 0.0) || !(opt->end_s >= 0.0)) {
    return 0;
  }
  return (size_t)floor(opt->end_s / opt->step_s + 1e-9) + 1;
}

void ck_series_free(ck_series *series) {
  if (series == NULL) {
    return;
  }
  free(series->time_s);
  free(series->value);
  free(series->tmax);
  free(series);
}

static ck_series *series_alloc(ck_ctx *ctx, size_t n_times, size_t n_channels) {
  ck_series *s = ck_calloc(ctx, 1, sizeof *s);
  if (s == NULL) {
    return NULL;
  }
  s->n_times = n_times, s->n_channels = n_channels;
  s->time_s = ck_calloc(ctx, n_times, sizeof(double));
  s->value = ck_calloc(ctx, n_times * n_channels, sizeof(double));
  s->tmax = ck_calloc(ctx, n_channels, sizeof(ck_tmax));
  if (s->time_s == NULL || s->value == NULL || s->tmax == NULL) {
    ck_series_free(s);
    return NULL;
  }
  return s;
}

typedef struct channel_sink {
  const ck_channels *ch;
  ck_normalize normalize;
  ck_series *series;
} channel_sink;

static ck_status store_channels(void *user, size_t k, double t_s, const double *y) {
  (void)t_s;
  channel_sink *sink = user;
  ck_channels_compute(sink->ch, y, sink->normalize,
                      sink->series->value + k * sink->series->n_channels);
  return CK_OK;
}

ck_series *ck_simulate_series(ck_ctx *ctx, const ck_model *model, ck_solver *solver,
                              const ck_network *net, const ck_channels *ch) {
  return ck_simulate_series_from(ctx, model, solver, net, ch, NULL);
}

ck_series *ck_simulate_series_from(ck_ctx *ctx, const ck_model *model, ck_solver *solver,
                                   const ck_network *net, const ck_channels *ch,
                                   const double *y0_nM) {
  const ck_simulate_options *opt = &model->simulate;
  size_t nt = ck_simulate_output_count(opt), ns = ck_network_species_count(net);
  if (nt == 0 || !(opt->dead_time_s >= 0.0)) {
    ck_error_set(ctx, CK_ERR_INPUT, "simulate needs step > 0, end >= 0 and dead-time >= 0");
    ck_error_locate(ctx, model->source, 0);
    return NULL;
  }
  ck_series *series = series_alloc(ctx, nt, ck_channels_count(ch));
  double *y0 = ck_calloc(ctx, ns, sizeof *y0);
  double *t_model = ck_calloc(ctx, nt, sizeof *t_model);
  ck_status st = (series && y0 && t_model) ? CK_OK : CK_ERR_NOMEM;
  for (size_t i = 0; st == CK_OK && y0_nM != NULL && i < ns; i++) {
    if (!(y0_nM[i] >= 0.0 && y0_nM[i] <= DBL_MAX)) {
      st = ck_error_set(ctx, CK_ERR_ARG, "initial concentration of species %zu must be finite "
                        "and >= 0 nM, not %g", i, y0_nM[i]);
    }
  }
  if (st == CK_OK && y0_nM != NULL) {
    memcpy(y0, y0_nM, ns * sizeof *y0);
  } else if (st == CK_OK) {
    st = ck_model_initial_state(ctx, model, net, y0);
  }
  for (size_t k = 0; st == CK_OK && k < nt; k++) {
    series->time_s[k] = (double)k * opt->step_s;
    t_model[k] = series->time_s[k] + opt->dead_time_s;
  }
  if (st == CK_OK && model->time_limit_s > 0.0) { /* limits: {time: ...} (issue 8) */
    st = ck_solver_set_time_limit(solver, ctx, model->time_limit_s);
  }
  if (st == CK_OK) {
    channel_sink sink = {ch, opt->normalize, series};
    st = ck_solver_run_observed(solver, ctx, y0, 0.0, nt, t_model, store_channels, &sink);
  }
  if (st == CK_OK) {
    series->normalize = opt->normalize;
    st = ck_tmax_compute(ctx, series->time_s, nt, series->value, series->n_channels, series->tmax);
  }
  free(y0), free(t_model);
  if (st != CK_OK) {
    ck_series_free(series);
    return NULL;
  }
  return series;
}
