/* SPDX-License-Identifier: MIT */
/* result.json of a fit (MODEL.md section 8): byte-identical for equal inputs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "clusterkin/ck_io.h"
#include "fit/fit_impl.h"

static void json_number(FILE *f, double v) {
  if (isfinite(v)) {
    fprintf(f, "%.10g", v);
  } else {
    fputs("null", f);
  }
}

ck_status ck_fit_result_write_json(ck_ctx *ctx, const ck_fit *fit, const ck_fit_result *r,
                                   const char *generator, FILE *f) {
  const ck_fit_spec *spec = fit->spec;
  fputs("{\n  \"parameters\": {", f);
  for (int i = 0; i < spec->n_params; i++) {
    fprintf(f, "%s\n    \"%s\": ", i ? "," : "", spec->params[i].name);
    json_number(f, r->value[i]);
  }
  fputs("\n  },\n  \"objective\": ", f);
  json_number(f, r->objective);
  fputs(",\n  \"intervals\": {", f);
  int first = 1;
  for (int i = 0; i < spec->n_params; i++) {
    if (spec->params[i].fixed) {
      continue;
    }
    fprintf(f, "%s\n    \"%s\": [", first ? "" : ",", spec->params[i].name);
    json_number(f, r->interval_low[i]);
    fputs(", ", f);
    json_number(f, r->interval_high[i]);
    fputc(']', f);
    first = 0;
  }
  fprintf(f, "\n  },\n  \"interval_level\": ");
  json_number(f, spec->intervals == CK_FIT_INTERVALS_PROFILE ? spec->interval_level : NAN);
  /* What `clusterkin compare` needs for information criteria. */
  static const char *const kinds[] = {"tmax", "traces", "both"};
  static const char *const weightings[] = {"absolute", "relative", "log"};
  int k = fit->n_free;
  for (int d = 0; d < fit->n_datasets; d++) {
    k += fit->ds[d].free_dead + fit->ds[d].free_factor;
  }
  fputs(",\n  \"model\": ", f);
  ck_json_write_string(f, fit->model->source != NULL ? fit->model->source : "");
  /* The mechanism, so compare can tell nested fits (same mechanism, fewer free parameters). */
  const ck_model *m = fit->model;
  fprintf(f, ",\n  \"mechanism\": \"%s/%s/%s%s\"",
          m->kind == CK_MECHANISM_DIMER_EXCHANGE ? "dimer-exchange" : "collision-exchange",
          m->probability == CK_EXCHANGE_STATISTICAL ? "statistical" : "constant",
          m->scaling_metal >= 0 ? "metal-fraction:" : "none",
          m->scaling_metal >= 0 ? m->metal[m->scaling_metal] : "");
  fprintf(f, ",\n  \"objective_kind\": \"%s\",\n  \"weighting\": \"%s\"", kinds[spec->objective],
          weightings[spec->weighting]);
  fprintf(f, ",\n  \"known_noise\": %s,\n  \"n_residuals\": %zu,\n  \"free_parameters\": %d",
          fit->known_noise ? "true" : "false", fit->n_residuals, k);
  fputs(",\n  \"rss\": ", f);
  json_number(f, spec->weight_tmax == 0.0 ? r->objective / spec->weight_traces : NAN);
  fprintf(f, ",\n  \"optimum_from_profile\": %s", r->optimum_from_profile ? "true" : "false");
  fprintf(f, ",\n  \"simulations\": %ld,\n  \"grid_points\": %zu,\n  \"grid_failed\": %zu,\n",
          r->simulations, r->grid_points, r->grid_failed);
  fputs("  \"datasets\": [", f);
  for (int d = 0; d < fit->n_datasets; d++) {
    const ck_fit_dataset *ds = spec->datasets + d;
    fprintf(f, "%s\n    {\"data\": ", d ? "," : "");
    ck_json_write_string(f, ds->data);
    fputs(", \"objective\": ", f);
    json_number(f, r->dataset_objective[d]);
    fputs(", \"dead_time_s\": ", f);
    json_number(f, r->dead_time_s[d]);
    fputs(", \"dimer_factor\": ", f);
    json_number(f, r->dimer_factor[d]);
    fprintf(f, ", \"tmax_channels\": %zu, \"n_used\": %zu}", fit->ds[d].n_tmax_used,
            spec->weight_traces > 0.0 ? fit->ds[d].n_used : fit->ds[d].n_tmax_used);
  }
  fputs("\n  ],\n  \"generator\": ", f);
  ck_json_write_string(f, generator);
  fputs("\n}\n", f);
  if (fflush(f) != 0 || ferror(f)) {
    CK_FAIL(ctx, CK_ERR_IO, "cannot write the fit result");
  }
  return CK_OK;
}

typedef struct profile_row {
  int param;
  double value, objective;
} profile_row;

static int by_param_value(const void *a, const void *b) {
  const profile_row *x = a, *y = b;
  if (x->param != y->param) {
    return x->param < y->param ? -1 : 1;
  }
  return (x->value > y->value) - (x->value < y->value);
}

ck_status ck_fit_result_write_profiles(ck_ctx *ctx, const ck_fit *fit, const ck_fit_result *r,
                                       FILE *f) {
  profile_row *rows = ck_calloc(ctx, r->n_profile_points + 1, sizeof *rows);
  if (rows == NULL) {
    return CK_ERR_NOMEM;
  }
  for (size_t j = 0; j < r->n_profile_points; j++) {
    rows[j] = (profile_row){r->profile_param[j], r->profile_value[j], r->profile_objective[j]};
  }
  qsort(rows, r->n_profile_points, sizeof *rows, by_param_value);
  fputs("parameter,value,objective\n", f);
  for (size_t j = 0; j < r->n_profile_points; j++) {
    fprintf(f, "%s,%.17g,", fit->spec->params[rows[j].param].name, rows[j].value);
    if (isfinite(rows[j].objective)) {
      fprintf(f, "%.17g", rows[j].objective);
    }
    fputc('\n', f);
  }
  free(rows);
  if (fflush(f) != 0 || ferror(f)) {
    CK_FAIL(ctx, CK_ERR_IO, "cannot write the profile curves");
  }
  return CK_OK;
}
