/* SPDX-License-Identifier: MIT */
/* `clusterkin compare`: fits of different mechanisms to the same data ranked
 * by AIC and BIC, likelihood-ratio tests of nested pairs, per-channel
 * residuals (issue 3 part 7; the likelihood is stated in ck_compare.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkin/ck_compare.h"
#include "clusterkin/ck_fit.h"
#include "clusterkin/ck_io.h"
#include "fit/fit_impl.h"
#include "fit/result_read.h"

/* Regularised upper incomplete gamma Q(a, x): the series of P below a + 1,
 * Lentz's continued fraction of Q above (Numerical Recipes' split). */
static double gamma_q(double a, double x) {
  if (!(x > 0.0)) {
    return 1.0;
  }
  double log_front = a * log(x) - x - lgamma(a);
  if (x < a + 1.0) {
    double term = 1.0 / a, sum = term;
    for (int n = 1; n < 1000 && fabs(term) > 1e-17 * fabs(sum); n++) {
      term *= x / (a + n);
      sum += term;
    }
    return 1.0 - exp(log_front) * sum;
  }
  double tiny = 1e-300, b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
  for (int i = 1; i < 1000; i++) {
    double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    d = fabs(d) < tiny ? tiny : d;
    c = b + an / c;
    c = fabs(c) < tiny ? tiny : c;
    d = 1.0 / d;
    double delta = d * c;
    h *= delta;
    if (fabs(delta - 1.0) < 1e-16) {
      break;
    }
  }
  return exp(log_front) * h;
}

double ck_chi2_survival(double x, int df) {
  return df > 0 ? gamma_q(0.5 * df, 0.5 * x) : NAN;
}

static int free_subset(const ck_compare_entry *small, const ck_compare_entry *big) {
  for (int i = 0; i < small->n_free; i++) {
    int found = 0;
    for (int j = 0; j < big->n_free; j++) {
      found |= strcmp(small->free_name[i], big->free_name[j]) == 0;
    }
    if (!found) {
      return 0;
    }
  }
  return 1;
}

static int by_aic(const void *a, const void *b) {
  const ck_compare_entry *x = a, *y = b;
  if (x->aic != y->aic) {
    return x->aic < y->aic ? -1 : 1;
  }
  return strcmp(x->path, y->path);
}

static ck_status take(ck_ctx *ctx, const char *path, const fit_record *rec, ck_compare_entry *e) {
  if (strcmp(rec->objective_kind, "traces") != 0) {
    ck_error_set(ctx, CK_ERR_INPUT,
                 "objective %s: information criteria need the traces objective (least squares); "
                 "tmax (paper eq. 1) is not a likelihood",
                 rec->objective_kind);
    ck_error_locate(ctx, path, 0);
    return CK_ERR_INPUT;
  }
  if (!(rec->rss > 0.0) || rec->n_residuals == 0) {
    ck_error_set(ctx, CK_ERR_INPUT, "no positive residual sum of squares (rss) to compare");
    ck_error_locate(ctx, path, 0);
    return CK_ERR_INPUT;
  }
  e->path = strdup(path), e->model = strdup(rec->model), e->mechanism = strdup(rec->mechanism);
  if (e->path == NULL || e->model == NULL || e->mechanism == NULL) {
    return ck_error_set(ctx, CK_ERR_NOMEM, "out of memory");
  }
  e->known_noise = rec->known_noise, e->n = rec->n_residuals, e->k = rec->free_parameters;
  e->rss = rec->rss;
  for (int i = 0; i < rec->n_free; i++) {
    if ((e->free_name[e->n_free++] = strdup(rec->free_name[i])) == NULL) {
      return ck_error_set(ctx, CK_ERR_NOMEM, "out of memory");
    }
  }
  double n = (double)e->n;
  e->log_likelihood = e->known_noise
                          ? -0.5 * e->rss
                          : -0.5 * n * (log(2.0 * 3.14159265358979323846 * e->rss / n) + 1.0);
  e->aic = 2.0 * e->k - 2.0 * e->log_likelihood;
  e->bic = e->k * log(n) - 2.0 * e->log_likelihood;
  return CK_OK;
}

/* Results are comparable only on the same data: same datasets, same count
 * of residuals, same noise model. */
static ck_status check_same_data(ck_ctx *ctx, const char *path, const fit_record *a,
                                 const fit_record *b, const ck_compare_entry *ea,
                                 const ck_compare_entry *eb) {
  int same = a->n_datasets == b->n_datasets && ea->n == eb->n && ea->known_noise == eb->known_noise;
  for (int d = 0; same && d < a->n_datasets; d++) {
    same = strcmp(a->data[d], b->data[d]) == 0;
  }
  if (!same) {
    ck_error_set(ctx, CK_ERR_INPUT,
                 "not fitted to the same data as the first result (datasets, residual count "
                 "%zu vs %zu, or noise model differ)",
                 eb->n, ea->n);
    ck_error_locate(ctx, path, 0);
    return CK_ERR_INPUT;
  }
  return CK_OK;
}

static void add_lrt(ck_compare *c, int small, int big, int named) {
  const ck_compare_entry *s = c->entry + small, *b = c->entry + big;
  ck_compare_lrt *t = c->lrt + c->n_lrt++;
  t->small = small, t->big = big, t->named = named;
  t->df = b->k - s->k;
  t->statistic = fmax(2.0 * (b->log_likelihood - s->log_likelihood), 0.0);
  t->p_value = ck_chi2_survival(t->statistic, t->df);
}

ck_compare *ck_compare_results(ck_ctx *ctx, const char *const *paths, int n_paths,
                               const int *nested, int n_nested) {
  ck_compare *c = ck_calloc(ctx, 1, sizeof *c);
  fit_record *rec = c != NULL ? ck_calloc(ctx, (size_t)n_paths + 1, sizeof *rec) : NULL;
  if (c == NULL || rec == NULL) {
    free(c);
    return NULL;
  }
  c->entry = ck_calloc(ctx, (size_t)n_paths + 1, sizeof *c->entry);
  size_t max_lrt = (size_t)n_paths * (size_t)n_paths + (size_t)n_nested + 1;
  c->lrt = ck_calloc(ctx, max_lrt, sizeof *c->lrt);
  ck_status st = c->entry != NULL && c->lrt != NULL ? CK_OK : CK_ERR_NOMEM;
  for (int i = 0; st == CK_OK && i < n_paths; i++) {
    st = fit_record_read(ctx, paths[i], rec + i);
    c->n = i + 1;
    if (st == CK_OK) {
      st = take(ctx, paths[i], rec + i, c->entry + i);
    }
    if (st == CK_OK && i > 0) {
      st = check_same_data(ctx, paths[i], rec, rec + i, c->entry, c->entry + i);
    }
  }
  for (int i = 0; st == CK_OK && i < n_nested; i++) {
    int s = nested[2 * i], b = nested[2 * i + 1];
    if (s < 0 || b < 0 || s >= n_paths || b >= n_paths || c->entry[s].k >= c->entry[b].k) {
      st = ck_error_set(ctx, CK_ERR_INPUT,
                        "a nested pair needs two of the results, the first with fewer free "
                        "parameters");
    }
  }
  if (st == CK_OK) {
    /* Pairs by path before sorting moves them: named ones, then detected ones. */
    for (int i = 0; i < n_nested; i++) {
      add_lrt(c, nested[2 * i], nested[2 * i + 1], 1);
    }
    for (int s = 0; s < n_paths; s++) {
      for (int b = 0; b < n_paths; b++) {
        const ck_compare_entry *es = c->entry + s, *eb = c->entry + b;
        int already = 0;
        for (int i = 0; i < n_nested; i++) {
          already |= nested[2 * i] == s && nested[2 * i + 1] == b;
        }
        if (!already && s != b && es->k < eb->k && strcmp(es->mechanism, eb->mechanism) == 0 &&
            free_subset(es, eb)) {
          add_lrt(c, s, b, 0);
        }
      }
    }
    /* Rank by AIC; the test pairs follow their entries to the sorted places. */
    int *rank_of = ck_calloc(ctx, (size_t)n_paths + 1, sizeof(int));
    ck_compare_entry *sorted = ck_calloc(ctx, (size_t)n_paths + 1, sizeof *sorted);
    if (rank_of == NULL || sorted == NULL) {
      st = CK_ERR_NOMEM;
    } else {
      memcpy(sorted, c->entry, (size_t)n_paths * sizeof *sorted);
      qsort(sorted, (size_t)n_paths, sizeof *sorted, by_aic);
      for (int i = 0; i < n_paths; i++) {
        for (int j = 0; j < n_paths; j++) {
          if (sorted[j].path == c->entry[i].path) {
            rank_of[i] = j;
          }
        }
      }
      memcpy(c->entry, sorted, (size_t)n_paths * sizeof *sorted);
      for (int i = 0; i < c->n_lrt; i++) {
        c->lrt[i].small = rank_of[c->lrt[i].small], c->lrt[i].big = rank_of[c->lrt[i].big];
      }
      double best_bic = INFINITY, weights = 0.0;
      for (int i = 0; i < n_paths; i++) {
        best_bic = fmin(best_bic, c->entry[i].bic);
      }
      for (int i = 0; i < n_paths; i++) {
        ck_compare_entry *e = c->entry + i;
        e->delta_aic = e->aic - c->entry[0].aic, e->delta_bic = e->bic - best_bic;
        weights += exp(-0.5 * e->delta_aic);
      }
      for (int i = 0; i < n_paths; i++) {
        c->entry[i].aic_weight = exp(-0.5 * c->entry[i].delta_aic) / weights;
      }
    }
    free(rank_of), free(sorted);
  }
  for (int i = 0; i < n_paths; i++) {
    fit_record_free(rec + i);
  }
  free(rec);
  if (st != CK_OK) {
    ck_compare_free(c);
    return NULL;
  }
  return c;
}

void ck_compare_free(ck_compare *c) {
  if (c == NULL) {
    return;
  }
  for (int i = 0; c->entry != NULL && i < c->n; i++) {
    ck_compare_entry *e = c->entry + i;
    free(e->path), free(e->model), free(e->mechanism);
    for (int j = 0; j < e->n_free; j++) {
      free(e->free_name[j]);
    }
  }
  free(c->entry), free(c->lrt), free(c);
}

static void csv_field(FILE *f, const char *s) {
  if (strpbrk(s, ",\"\n") == NULL) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"') {
      fputc('"', f);
    }
    fputc(*s, f);
  }
  fputc('"', f);
}

ck_status ck_compare_write_csv(ck_ctx *ctx, const ck_compare *c, FILE *f) {
  fputs("result,mechanism,k,n,rss,log_likelihood,aic,bic,delta_aic,delta_bic,aic_weight\n", f);
  for (int i = 0; i < c->n; i++) {
    const ck_compare_entry *e = c->entry + i;
    csv_field(f, e->path);
    fputc(',', f);
    csv_field(f, e->mechanism);
    fprintf(f, ",%d,%zu,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.6g\n", e->k, e->n, e->rss,
            e->log_likelihood, e->aic, e->bic, e->delta_aic, e->delta_bic, e->aic_weight);
  }
  if (fflush(f) != 0 || ferror(f)) {
    CK_FAIL(ctx, CK_ERR_IO, "cannot write the comparison");
  }
  return CK_OK;
}

ck_status ck_compare_write_json(ck_ctx *ctx, const ck_compare *c, FILE *f) {
  fputs("{\n  \"ranking\": [", f);
  for (int i = 0; i < c->n; i++) {
    const ck_compare_entry *e = c->entry + i;
    fprintf(f, "%s\n    {\"result\": ", i ? "," : "");
    ck_json_write_string(f, e->path);
    fputs(", \"mechanism\": ", f);
    ck_json_write_string(f, e->mechanism);
    fprintf(f,
            ", \"k\": %d, \"n\": %zu, \"rss\": %.10g, \"log_likelihood\": %.10g, \"aic\": %.10g, "
            "\"bic\": %.10g, \"delta_aic\": %.10g, \"delta_bic\": %.10g, \"aic_weight\": %.6g}",
            e->k, e->n, e->rss, e->log_likelihood, e->aic, e->bic, e->delta_aic, e->delta_bic,
            e->aic_weight);
  }
  fputs("\n  ],\n  \"likelihood_ratio_tests\": [", f);
  for (int i = 0; i < c->n_lrt; i++) {
    const ck_compare_lrt *t = c->lrt + i;
    fprintf(f, "%s\n    {\"nested\": ", i ? "," : "");
    ck_json_write_string(f, c->entry[t->small].path);
    fputs(", \"within\": ", f);
    ck_json_write_string(f, c->entry[t->big].path);
    fprintf(f, ", \"statistic\": %.10g, \"df\": %d, \"p_value\": %.6g, \"named\": %s}",
            t->statistic, t->df, t->p_value, t->named ? "true" : "false");
  }
  fputs("\n  ]\n}\n", f);
  if (fflush(f) != 0 || ferror(f)) {
    CK_FAIL(ctx, CK_ERR_IO, "cannot write the comparison");
  }
  return CK_OK;
}

/* The model file as recorded (relative to the current directory), else
 * beside the result file. */
static ck_model *load_recorded_model(ck_ctx *ctx, const char *result_path, const char *model) {
  FILE *probe = fopen(model, "r");
  if (probe != NULL || model[0] == '/') {
    if (probe != NULL) {
      fclose(probe);
    }
    return ck_model_load(ctx, model);
  }
  const char *slash = strrchr(result_path, '/');
  char path[CK_PATH_MAX];
  snprintf(path, sizeof path, "%.*s/%s", slash != NULL ? (int)(slash - result_path) : 1,
           slash != NULL ? result_path : ".", model);
  return ck_model_load(ctx, path);
}

static ck_status write_dataset_residuals(ck_ctx *ctx, ck_fit *fit, const fit_rates *rates, int d,
                                         const char *dir, const char *stem) {
  char path[CK_PATH_MAX];
  snprintf(path, sizeof path, "%s/%s.%d.csv", dir, stem, d + 1);
  ck_output *out = ck_output_open(ctx, path);
  if (out == NULL) {
    return ck_ctx_status(ctx);
  }
  ck_status st = fit_write_residuals(ctx, fit, rates, d, ck_output_stream(out));
  if (st != CK_OK) {
    ck_output_abort(out);
    return st;
  }
  return ck_output_commit(ctx, out);
}

ck_status ck_compare_write_residuals(ck_ctx *ctx, const char *result_path, const char *dir) {
  fit_record rec;
  ck_status st = fit_record_read(ctx, result_path, &rec);
  if (st != CK_OK) {
    return st;
  }
  ck_model *model = load_recorded_model(ctx, result_path, rec.model);
  ck_fit *fit = NULL;
  st = model != NULL ? CK_OK : ck_ctx_status(ctx);
  if (st == CK_OK && (model->fit == NULL || model->fit->n_datasets != rec.n_datasets ||
                      model->fit->n_params != rec.n_params)) {
    st = ck_error_set(ctx, CK_ERR_INPUT, "the model file %s no longer matches this result",
                      rec.model);
    ck_error_locate(ctx, result_path, 0);
  }
  double x[CK_FIT_MAX_PARAMS] = {0};
  fit_rates rates;
  for (int i = 0; st == CK_OK && i < rec.n_params; i++) {
    st = strcmp(model->fit->params[i].name, rec.param_name[i]) == 0
             ? CK_OK
             : ck_error_set(ctx, CK_ERR_INPUT, "parameter %s is not in the model file %s",
                            rec.param_name[i], rec.model);
    x[i] = rec.param_value[i];
  }
  for (int d = 0; st == CK_OK && d < rec.n_datasets; d++) { /* the fitted values, held */
    ck_fit_dataset *ds = model->fit->datasets + d;
    ds->dead_time_s.fixed = ds->dimer_factor.fixed = 1;
    ds->dead_time_s.value = ds->dead_time_s.min = ds->dead_time_s.max = rec.dead_time_s[d];
    ds->dimer_factor.value = ds->dimer_factor.min = ds->dimer_factor.max = rec.dimer_factor[d];
  }
  if (st == CK_OK && (fit = ck_fit_create(ctx, model)) == NULL) {
    st = ck_ctx_status(ctx);
  }
  if (st == CK_OK) {
    fit_rates_of(fit, x, &rates);
    const char *base = strrchr(result_path, '/');
    char stem[256];
    snprintf(stem, sizeof stem, "%s", base != NULL ? base + 1 : result_path);
    char *dot = strrchr(stem, '.');
    if (dot != NULL && strcmp(dot, ".json") == 0) {
      *dot = '\0';
    }
    for (int d = 0; st == CK_OK && d < rec.n_datasets; d++) {
      st = write_dataset_residuals(ctx, fit, &rates, d, dir, stem);
    }
  }
  ck_fit_free(fit);
  ck_model_free(model);
  fit_record_free(&rec);
  return st;
}
