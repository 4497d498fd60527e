/* SPDX-License-Identifier: MIT */
/* Tests of the accessors bindings use instead of mirroring structs: model
 * fields, initial state with other cluster concentrations, simulation from a
 * given state, version. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"

/* A small Ag/Au model (N = 3) with an initial dimer, so the initial: block
 * has to survive the override of the cluster concentrations. */
static const char *model_text =
    "name: access test\n"
    "clusters:\n"
    "  Ag3: {formula: \"[Ag3(C8H9S)2]-\", concentration: 40 nM}\n"
    "  Au3: {formula: \"[Au3(C8H9S)2]-\", concentration: 30 nM}\n"
    "initial: {\"[Ag3][Au3]\": 2 nM}\n"
    "mechanism:\n"
    "  exchange: [Ag, Au]\n"
    "  rates: {dimerization: 1e-2, dissociation: 5.6e-2, exchange: 3.2e-2}\n"
    "simulate: {end: 100 s, step: 10 s, normalize: none}\n";

static void accessors_should_read_the_model_fields(void **state) {
  (void)state;
  ck_model *m = ck_test_parse_ok(model_text);
  assert_string_equal(ck_model_name(m), "access test");
  assert_string_equal(ck_model_source(m), m->source);
  assert_int_equal(ck_model_cluster_count(m), 2);
  assert_string_equal(ck_model_cluster_name(m, 1), "Au3");
  assert_string_equal(ck_model_cluster_formula(m, 0), "[Ag3(C8H9S)2]-");
  expect_rel(ck_model_cluster_concentration_nM(m, 1), 30.0, 0.0);
  assert_null(ck_model_cluster_name(m, 2));
  assert_null(ck_model_cluster_formula(m, -1));
  assert_true(isnan(ck_model_cluster_concentration_nM(m, 2)));
  assert_int_equal(ck_model_has_fit(m), 0);
  assert_int_equal(ck_model_cluster_count(NULL), 0);
  ck_model_free(m);
}

/* Cluster i's monomer species: [Ag3Au0] is 0, [Ag0Au3] the last monomer. */
static size_t monomer_of(const ck_network *net, int ag, int au) {
  int sub[1][CK_MAX_METALS] = {{ag, au}};
  size_t s = 0;
  assert_int_equal(ck_network_find_species(net, 1, (const int(*)[CK_MAX_METALS])sub, &s), CK_OK);
  return s;
}

static void initial_state_with_should_replace_only_cluster_concentrations(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_model *m = ck_test_parse_ok(model_text);
  ck_network *net = ck_network_generate(ctx, m);
  assert_non_null(net);
  size_t ns = ck_network_species_count(net);
  double *y_model = calloc(ns, sizeof(double)), *y_with = calloc(ns, sizeof(double));
  const double c[2] = {100.0, 60.0};
  assert_int_equal(ck_model_initial_state(ctx, m, net, y_model), CK_OK);
  assert_int_equal(ck_model_initial_state_with(ctx, m, net, c, y_with), CK_OK);
  size_t ag = monomer_of(net, 3, 0), au = monomer_of(net, 0, 3);
  expect_rel(y_model[ag], 40.0, 0.0);
  expect_rel(y_with[ag], 100.0, 0.0);
  expect_rel(y_with[au], 60.0, 0.0);
  double dimer_model = 0.0, dimer_with = 0.0;
  for (size_t i = 0; i < ns; i++) {
    if (i != ag && i != au) {
      dimer_model += y_model[i];
      dimer_with += y_with[i];
    }
  }
  expect_rel(dimer_model, 2.0, 0.0); /* the initial: dimer, kept */
  expect_rel(dimer_with, 2.0, 0.0);
  expect_rel(ck_model_cluster_concentration_nM(m, 0), 40.0, 0.0); /* model untouched */
  /* A negative concentration is refused, naming the cluster. */
  const double bad[2] = {-1.0, 60.0};
  assert_int_equal(ck_model_initial_state_with(ctx, m, net, bad, y_with), CK_ERR_ARG);
  assert_non_null(strstr(ck_ctx_errmsg(ctx), "Ag3"));
  free(y_model), free(y_with);
  ck_network_free(net);
  ck_model_free(m);
  ck_ctx_free(ctx);
}

/* Starting from the model's own state gives the same bits as ck_simulate_series. */
static void series_from_should_equal_series_for_the_model_state(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_model *m = ck_test_parse_ok(model_text);
  ck_network *net = ck_network_generate(ctx, m);
  ck_channels *ch = ck_channels_create(ctx, net);
  ck_solver_options opt = ck_solver_options_from_model(m);
  ck_solver *solver = ck_solver_create(ctx, net, &opt);
  assert_non_null(solver);
  size_t ns = ck_network_species_count(net);
  double *y0 = calloc(ns, sizeof(double));
  assert_int_equal(ck_model_initial_state(ctx, m, net, y0), CK_OK);
  ck_series *a = ck_simulate_series(ctx, m, solver, net, ch);
  ck_series *b = ck_simulate_series_from(ctx, m, solver, net, ch, y0);
  assert_non_null(a);
  assert_non_null(b);
  assert_int_equal(a->n_times, 11);
  assert_int_equal(b->n_times, a->n_times);
  assert_memory_equal(a->value, b->value, a->n_times * a->n_channels * sizeof(double));
  /* Total metal in nM is conserved from the given state: 3 x (40 + 30 + 2 x 2). */
  const double *last = b->value + (b->n_times - 1) * b->n_channels;
  double metal_nM = 0.0;
  for (size_t c = 0; c < b->n_channels; c++) {
    metal_nM += (c < ck_network_monomer_count(net) ? 3.0 : 6.0) * last[c];
  }
  expect_rel(metal_nM, 3.0 * (40.0 + 30.0 + 2.0 * 2.0), 1e-8);
  /* A negative or NaN start is refused. */
  y0[0] = NAN;
  assert_null(ck_simulate_series_from(ctx, m, solver, net, ch, y0));
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_ARG);
  ck_series_free(a), ck_series_free(b);
  free(y0);
  ck_solver_free(solver);
  ck_channels_free(ch);
  ck_network_free(net);
  ck_model_free(m);
  ck_ctx_free(ctx);
}

static void version_should_be_the_project_version(void **state) {
  (void)state;
  assert_string_equal(ck_version(), CK_VERSION);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(accessors_should_read_the_model_fields),
      cmocka_unit_test(initial_state_with_should_replace_only_cluster_concentrations),
      cmocka_unit_test(series_from_should_equal_series_for_the_model_state),
      cmocka_unit_test(version_should_be_the_project_version),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
