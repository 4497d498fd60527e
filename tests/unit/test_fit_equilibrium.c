/* SPDX-License-Identifier: MIT */
/* fit-equilibrium: F distribution against published quantiles, the data
 * reader, and noise-free recovery of a known site energy. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "clusterkin/ck_fit_equilibrium.h"

/* Tables of the F distribution (5 % points): F(1,10) 4.9646, F(2,3) 9.5521,
 * F(1,39) 4.0913 (scipy.stats.f gives the same to the digits used). */
static void f_distribution_should_match_tables(void **state) {
  (void)state;
  expect_abs(ck_f_upper_tail(4.964603, 1, 10), 0.05, 1e-7);
  expect_abs(ck_f_upper_tail(9.552094, 2, 3), 0.05, 1e-7);
  expect_abs(ck_f_upper_tail(0.3, 5, 20), 0.9070758077600315, 1e-10);
  expect_rel(ck_f_upper_tail(289.2, 1, 39), 1.2323507521453199e-19, 1e-6);
  expect_rel(ck_f_quantile(0.95, 1, 39), 4.091278557999154, 1e-9);
  expect_abs(ck_f_upper_tail(0.0, 3, 7), 1.0, 0.0);
}

static const char *model_text =
    "clusters:\n"
    "  Ag7: {formula: \"[Ag7H(C6H14O2PS2)6]\", concentration: 40 nM}\n"
    "  Cu7: {formula: \"[Cu7H(C6H14O2PS2)6]\", concentration: 40 nM}\n"
    "mechanism:\n"
    "  exchange: [Ag, Cu]\n"
    "  rates: {dimerization: 1e-2 /nM/s, dissociation: 1e-1 /s, exchange: 3.2e-2 /s}\n"
    "sites:\n"
    "  temperature: 298 K\n"
    "  classes:\n"
    "    inner: {capacity: 4, energy: {Cu: %s}}\n"
    "    capping: {capacity: 3}\n";

typedef struct {
  ck_ctx *ctx;
  ck_model *model;
  ck_network *net;
} rig;

static rig rig_make(const char *inner_cu) {
  char text[1024];
  snprintf(text, sizeof text, model_text, inner_cu);
  rig r = {ck_ctx_create(), ck_test_parse_ok(text), NULL};
  r.net = ck_network_generate(r.ctx, r.model);
  assert_non_null(r.net);
  return r;
}

static void rig_free(rig *r) {
  ck_network_free(r->net);
  ck_model_free(r->model);
  ck_ctx_free(r->ctx);
}

static void expect_data_error(rig *r, const char *csv, int line, const char *word) {
  ck_eqdata *d = ck_eqdata_parse(r->ctx, r->model, r->net, csv, "data.csv");
  if (d != NULL) {
    ck_eqdata_free(d);
    fail_msg("accepted: %s", csv);
  }
  if (ck_ctx_errline(r->ctx) != line || strstr(ck_ctx_errmsg(r->ctx), word) == NULL) {
    fail_msg("expected line %d \"%s\", got %d: %s", line, word, ck_ctx_errline(r->ctx),
             ck_ctx_errmsg(r->ctx));
  }
  assert_string_equal(ck_ctx_errfile(r->ctx), "data.csv");
}

static void data_reader_should_parse_and_refuse(void **state) {
  (void)state;
  rig r = rig_make("0");
  ck_eqdata *d = ck_eqdata_parse(r.ctx, r.model, r.net,
                                 "# comment\nratio,composition,percent\n"
                                 "1:6,[Ag4Cu3],12.5\n1:6,Cu3Ag4,10\n2:12, Ag7 ,0\n1:1,CuAg6,3\n",
                                 "data.csv");
  assert_non_null(d);
  assert_int_equal(d->n_rows, 4);
  assert_int_equal(d->n_groups, 2); /* 1:6 and 2:12 are one ratio */
  assert_int_equal(d->rows[1].composition[0], 4);
  assert_int_equal(d->rows[1].composition[1], 3);
  assert_int_equal(d->rows[2].group, 0);
  assert_int_equal(d->rows[3].composition[1], 1);
  assert_int_equal(d->rows[0].line, 3);
  ck_eqdata_free(d);
  expect_data_error(&r, "ratio,comp,percent\n", 1, "header");
  expect_data_error(&r, "ratio,composition,percent\n1-6,Ag7,3\n", 2, "A:B");
  expect_data_error(&r, "ratio,composition,percent\n1:6,Ag6,3\n", 2, "exchangeable atoms");
  expect_data_error(&r, "ratio,composition,percent\n1:6,Au7,3\n", 2, "exchange metals");
  expect_data_error(&r, "ratio,composition,percent\n1:6,Ag7,-3\n", 2, "percent");
  expect_data_error(&r, "ratio,composition,percent\n1:6,Ag7\n", 2, "three fields");
  expect_data_error(&r, "ratio,composition,percent\n", 0, "no data rows");
  rig_free(&r);
}

/* Noise-free data from the library's own closed form at eps = -3 kJ/mol
 * (a Cu atom costs 3 kJ/mol more in an inner site) are fitted back to
 * -3 kJ/mol with a tight interval around it, and the binomial loses. */
static void noise_free_energy_should_be_recovered(void **state) {
  (void)state;
  rig r = rig_make("3 kJ/mol");
  char csv[4096];
  size_t at = (size_t)snprintf(csv, sizeof csv, "ratio,composition,percent\n");
  const int ratios[][2] = {{1, 3}, {1, 1}, {3, 1}};
  for (int k = 0; k < 3; k++) {
    double sum = ratios[k][0] + ratios[k][1];
    double p[8], mean[2] = {7.0 * ratios[k][0] / sum, 7.0 * ratios[k][1] / sum};
    assert_int_equal(ck_sites_distribution(r.ctx, r.model->sites, 7, 2, mean, p), CK_OK);
    for (int i = 0; i < 8; i++) {
      at += (size_t)snprintf(csv + at, sizeof csv - at, "%d:%d,[Ag%dCu%d],%.12f\n", ratios[k][0],
                             ratios[k][1], 7 - i, i, 100.0 * p[i]);
    }
  }
  ck_eqdata *d = ck_eqdata_parse(r.ctx, r.model, r.net, csv, "synthetic.csv");
  assert_non_null(d);
  ck_eqfit_result *res = ck_eqfit_run(r.ctx, r.model, r.net, d, NULL);
  if (res == NULL) {
    fail_msg("fit: %s", ck_ctx_errtext(r.ctx));
  }
  assert_int_equal(res->n_params, 1);
  assert_string_equal(res->param[0].name, "capping.Cu");
  expect_abs(res->param[0].value_J_per_mol, -3000.0, 1.0);
  assert_true(res->param[0].low_J_per_mol <= -3000.0 && res->param[0].high_J_per_mol >= -3000.0);
  assert_true(res->param[0].high_J_per_mol - res->param[0].low_J_per_mol < 10.0);
  assert_true(res->rss_site < 1e-8 * res->rss_binomial);
  assert_true(res->p_value < 1e-6);
  ck_eqfit_result_free(res);
  ck_eqdata_free(d);
  rig_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(f_distribution_should_match_tables),
      cmocka_unit_test(data_reader_should_parse_and_refuse),
      cmocka_unit_test(noise_free_energy_should_be_recovered),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
