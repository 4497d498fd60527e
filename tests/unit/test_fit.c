/* SPDX-License-Identifier: MIT */
/* Fit internals: the objective vanishes at the constants that made the data
 * (the test data of tests/data were simulated from them), grows away from
 * them, honours channel subsets and sd weights; grid indexing; the
 * chi-square quantile of the interval threshold. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ck_test.h"
#include "fit/fit_impl.h"

static const double truth[3] = {1.0e-2, 5.6e-2, 3.2e-2};

/* sim3-fit.yaml with its datasets replaced by the given YAML list. */
static ck_model *model_with_datasets(ck_ctx *ctx, const char *datasets) {
  const char *path = ck_test_data("sim3-fit.yaml");
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  char text[8192];
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = '\0';
  char *cut = strstr(text, "  datasets:");
  assert_non_null(cut);
  snprintf(cut, sizeof text - (size_t)(cut - text), "  datasets:\n%s", datasets);
  ck_model *m = ck_model_parse(ctx, text, strlen(text), path);
  if (m == NULL) {
    fail_msg("parse: %s", ck_ctx_errtext(ctx));
  }
  return m;
}

static ck_fit *make_fit(ck_ctx *ctx, ck_model *m) {
  ck_fit *fit = ck_fit_create(ctx, m);
  if (fit == NULL) {
    fail_msg("fit: %s", ck_ctx_errtext(ctx));
  }
  return fit;
}

/* Channels 0, 10, 30 and 60 of the 40:40 data, renormalised over themselves
 * (what a measurement of only those channels reports), as a CSV in dir. */
static void write_subset(const char *dir, const char *name) {
  ck_ctx *ctx = ck_ctx_create();
  ck_model *m = ck_model_load(ctx, ck_test_data("sim3-fit.yaml"));
  assert_non_null(m);
  ck_channel_data *d = ck_channel_data_load(ctx, ck_test_data("sim3-40-40.csv"), m);
  assert_non_null(d);
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  const size_t pick[4] = {60, 0, 30, 10}; /* any order */
  fprintf(f, "time_s");
  for (int j = 0; j < 4; j++) {
    fprintf(f, ",%s", d->labels[pick[j]]);
  }
  for (size_t k = 0; k < d->n_times; k++) {
    double sum = 0.0;
    for (int j = 0; j < 4; j++) {
      sum += d->value[k * d->n_channels + pick[j]];
    }
    fprintf(f, "\n%.17g", d->time_s[k]);
    for (int j = 0; j < 4; j++) {
      fprintf(f, ",%.17g", d->value[k * d->n_channels + pick[j]] / sum);
    }
  }
  fputc('\n', f);
  fclose(f);
  ck_channel_data_free(d);
  ck_model_free(m);
  ck_ctx_free(ctx);
}

static void objective_should_vanish_at_the_truth(void **state) {
  (void)state;
  char dir[] = "/tmp/ck-test-fit-XXXXXX", datasets[1024];
  assert_non_null(mkdtemp(dir));
  write_subset(dir, "subset.csv");
  snprintf(datasets, sizeof datasets,
           "    - {data: sim3-40-40.csv, concentrations: {Ag25: 40 nM, Au25: 40 nM}}\n"
           "    - {data: %s/subset.csv, concentrations: {Ag25: 40 nM, Au25: 40 nM}}\n",
           dir);
  ck_ctx *ctx = ck_ctx_create();
  ck_model *m = model_with_datasets(ctx, datasets);
  ck_fit *fit = make_fit(ctx, m);
  double obj, parts[2];
  assert_int_equal(ck_fit_objective_at(fit, ctx, truth, &obj, parts), CK_OK);
  printf("objective at the truth %.3g (parts %.3g, %.3g)\n", obj, parts[0], parts[1]);
  /* The data were simulated at rtol 1e-8 and written with %.10g: relative
   * residuals of ~1e-8 at most on the smallest channels (measured 1e-16). */
  assert_true(obj < 1e-13);
  expect_abs(parts[0] + parts[1], obj, 1e-15);
  /* The subset holds 4 of 77 channels renormalised over themselves: without
   * renormalising the model over them too, its residuals would be of order 1. */
  assert_true(parts[1] < 1e-13);
  double off[3] = {truth[0], truth[1], 1.1 * truth[2]}, obj_off, parts_off[2];
  assert_int_equal(ck_fit_objective_at(fit, ctx, off, &obj_off, parts_off), CK_OK);
  assert_true(obj_off > 1e-6);
  assert_true(parts_off[0] > 1e-8 && parts_off[1] > 1e-8);
  expect_rel(parts_off[0] + parts_off[1], obj_off, 1e-12);
  ck_fit_free(fit);
  ck_model_free(m);
  ck_ctx_free(ctx);
  char path[512];
  snprintf(path, sizeof path, "%s/subset.csv", dir);
  remove(path);
  remove(dir);
}

/* The tmax objective (paper eq. 1) counts the channels whose measured
 * maximum reaches 0.5 % of the signal, and vanishes on the data's own model. */
static void tmax_should_use_only_channels_above_threshold(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_model *m = model_with_datasets(
      ctx, "    - {data: sim3-40-40.csv, concentrations: {Ag25: 40 nM, Au25: 40 nM}}\n");
  m->fit->weight_tmax = 1.0, m->fit->weight_traces = 0.0;
  m->fit->objective = CK_FIT_OBJECTIVE_TMAX;
  m->fit->tmax_threshold = 0.005;
  ck_fit *fit = make_fit(ctx, m);
  const fit_dataset *d = fit->ds;
  size_t used = 0;
  for (size_t c = 0; c < d->n_ch; c++) {
    double best = 0.0;
    for (size_t k = 0; k < d->n_times; k++) {
      best = fmax(best, d->value[k * d->n_ch + c]); /* rows sum to 1 */
    }
    assert_int_equal(d->use_tmax[c], best >= 0.005 && d->tmax[c].at_edge >= 0);
    used += d->use_tmax[c];
  }
  assert_int_equal(used, d->n_tmax_used);
  assert_true(used > 5 && used < d->n_ch); /* some channels stay below 0.5 % */
  double obj;
  assert_int_equal(ck_fit_objective_at(fit, ctx, truth, &obj, NULL), CK_OK);
  expect_abs(obj, 0.0, 1e-6); /* s^2: same series, same t_max */
  ck_fit_free(fit);
  ck_model_free(m);
  ck_ctx_free(ctx);
}

static void grid_points_should_run_last_parameter_fastest(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_model *m = model_with_datasets(
      ctx, "    - {data: sim3-40-40.csv, concentrations: {Ag25: 40 nM, Au25: 40 nM}}\n");
  ck_fit *fit = make_fit(ctx, m);
  assert_int_equal(ck_fit_spec_grid_size(m->fit), 13 * 13 * 13);
  double x[3];
  fit_grid_point(fit, 0, x);
  expect_rel(x[0], 1e-4, 1e-15), expect_rel(x[1], 1e-4, 1e-15), expect_rel(x[2], 1e-4, 1e-15);
  fit_grid_point(fit, 1, x);
  expect_rel(x[2], pow(10.0, -4.0 + 1.0 / 3.0), 1e-12); /* the paper's grid 10^(-4 + i/3) */
  expect_rel(x[1], 1e-4, 1e-15);
  fit_grid_point(fit, 13 * 13 * 13 - 1, x);
  expect_rel(x[0], 1.0, 1e-15), expect_rel(x[1], 1.0, 1e-15), expect_rel(x[2], 1.0, 1e-15);
  fit_grid_point(fit, 2 * 169 + 5 * 13 + 7, x);
  expect_rel(x[0], pow(10.0, -4.0 + 2.0 / 3.0), 1e-12);
  expect_rel(x[1], pow(10.0, -4.0 + 5.0 / 3.0), 1e-12);
  expect_rel(x[2], pow(10.0, -4.0 + 7.0 / 3.0), 1e-12);
  ck_fit_free(fit);
  ck_model_free(m);
  ck_ctx_free(ctx);
}

/* Tabulated chi-square quantiles with one degree of freedom. */
static void chi2_quantiles_should_match_tables(void **state) {
  (void)state;
  expect_rel(fit_chi2_1_quantile(0.90), 2.705543454095404, 1e-12);
  expect_rel(fit_chi2_1_quantile(0.95), 3.841458820694124, 1e-12);
  expect_rel(fit_chi2_1_quantile(0.99), 6.634896601021214, 1e-12);
}

/* sim3-40-40.csv as an instrument with dimer detection factor 0.5 would
 * report it 12 s later: the first row dropped, times shifted down by 12 s
 * (so the dead time becomes 20 + 12 = 32 s), dimer channels halved and
 * every row renormalised to sum 1. */
static void write_shifted_scaled(const char *path) {
  ck_ctx *ctx = ck_ctx_create();
  ck_model *m = ck_model_load(ctx, ck_test_data("sim3-fit.yaml"));
  assert_non_null(m);
  ck_channel_data *d = ck_channel_data_load(ctx, ck_test_data("sim3-40-40.csv"), m);
  assert_non_null(d);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fprintf(f, "time_s");
  for (size_t c = 0; c < d->n_channels; c++) {
    fprintf(f, ",%s", d->labels[c]);
  }
  for (size_t k = 1; k < d->n_times; k++) {
    double sum = 0.0;
    for (size_t c = 0; c < d->n_channels; c++) {
      sum += d->value[k * d->n_channels + c] * (d->id[c].n_subunits == 2 ? 0.5 : 1.0);
    }
    fprintf(f, "\n%.17g", d->time_s[k] - 12.0);
    for (size_t c = 0; c < d->n_channels; c++) {
      double v = d->value[k * d->n_channels + c] * (d->id[c].n_subunits == 2 ? 0.5 : 1.0);
      fprintf(f, ",%.17g", v / sum);
    }
  }
  fputc('\n', f);
  fclose(f);
  ck_channel_data_free(d);
  ck_model_free(m);
  ck_ctx_free(ctx);
}

/* A free dead time and dimer factor (MODEL.md section 8, `{min, max}`) are
 * fitted per dataset at each evaluation: at the true rates they come back
 * as 32 s and 0.5, and the objective nearly vanishes (interpolation of the
 * dense model grid is the only error left). */
static void free_dead_time_and_dimer_factor_should_be_recovered(void **state) {
  (void)state;
  char dir[] = "/tmp/ck-test-fit-XXXXXX", datasets[1024], path[512];
  assert_non_null(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/late.csv", dir);
  write_shifted_scaled(path);
  snprintf(datasets, sizeof datasets,
           "    - {data: %s, concentrations: {Ag25: 40 nM, Au25: 40 nM},\n"
           "       dead-time: {min: 5 s, max: 60 s}, dimer-factor: {min: 0.1, max: 4}}\n"
           "    - {data: sim3-40-40.csv, concentrations: {Ag25: 40 nM, Au25: 40 nM}}\n",
           path);
  ck_ctx *ctx = ck_ctx_create();
  ck_model *m = model_with_datasets(ctx, datasets);
  ck_fit *fit = make_fit(ctx, m);
  assert_true(fit->ds[0].free_dead && fit->ds[0].free_factor);
  assert_false(fit->ds[1].free_dead || fit->ds[1].free_factor);
  double obj, parts[2], dead[2], factor[2];
  assert_int_equal(ck_fit_objective_at(fit, ctx, truth, &obj, parts), CK_OK);
  fit_worker_nuisance(fit, fit->serial, dead, factor);
  printf("dead time %.9g s, dimer factor %.9g, part %.3g\n", dead[0], factor[0], parts[0]);
  expect_abs(dead[0], 32.0, 0.05);
  expect_rel(factor[0], 0.5, 1e-3);
  assert_true(parts[0] < 1e-5); /* relative residuals: at 0.5 s off it is ~1e-3 */
  expect_abs(dead[1], 20.0, 0.0), expect_abs(factor[1], 1.0, 0.0); /* fixed ones as given */
  assert_true(parts[1] < 1e-13);
  /* Away from the true rates the local optimum cannot make up for them. */
  double off[3] = {truth[0], truth[1], 1.2 * truth[2]}, obj_off;
  assert_int_equal(ck_fit_objective_at(fit, ctx, off, &obj_off, NULL), CK_OK);
  assert_true(obj_off > 100.0 * obj + 1e-6);
  ck_fit_free(fit);
  ck_model_free(m);
  ck_ctx_free(ctx);
  remove(path);
  remove(dir);
}

/* Chi-square tail of the likelihood-ratio test (compare): tabulated 5 %
 * points and values from SciPy's chi2.sf (independent implementation). */
static void chi2_survival_should_match_tables(void **state) {
  (void)state;
  expect_rel(ck_chi2_survival(3.841458820694124, 1), 0.05, 1e-12);
  expect_rel(ck_chi2_survival(5.991464547107979, 2), 0.05, 1e-12);
  expect_rel(ck_chi2_survival(1.0, 5), 0.9625657732472964, 1e-12);
  expect_rel(ck_chi2_survival(30.0, 3), 1.3800570312932553e-06, 1e-10);
  expect_rel(ck_chi2_survival(0.5, 4), 0.9735009788392561, 1e-12);
}

static double shifted_square(double x, void *user) {
  (void)user;
  return (x - 0.3) * (x - 0.3) + (x < -0.5 ? -1.0 : 0.0); /* a lower basin far left */
}

/* The nuisance search: the scan finds the basin, Brent the minimum in it. */
static void minimize_1d_should_find_the_best_basin(void **state) {
  (void)state;
  double f, x = fit_minimize_1d(shifted_square, NULL, -0.4, 2.0, 9, 1e-9, &f);
  expect_abs(x, 0.3, 1e-7);
  expect_abs(f, 0.0, 1e-13);
  x = fit_minimize_1d(shifted_square, NULL, -1.0, 2.0, 9, 1e-9, &f); /* the far basin wins */
  assert_true(x < -0.5);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(objective_should_vanish_at_the_truth),
      cmocka_unit_test(tmax_should_use_only_channels_above_threshold),
      cmocka_unit_test(grid_points_should_run_last_parameter_fastest),
      cmocka_unit_test(chi2_quantiles_should_match_tables),
      cmocka_unit_test(free_dead_time_and_dimer_factor_should_be_recovered),
      cmocka_unit_test(chi2_survival_should_match_tables),
      cmocka_unit_test(minimize_1d_should_find_the_best_basin),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
