/* SPDX-License-Identifier: MIT */
/* Tests of model files: the examples field by field, defaults, initial labels, every error. */
#include <string.h>

#include "ck_test.h"
#include "clusterkin/ck_model.h"

/* Lines 1-3 and 4-6 of most inline models. */
#define CLUSTERS                                                    \
  "clusters:\n"                                                     \
  "  Ag25: {formula: \"[Ag25(C8H9S)18]-\", concentration: 40 nM}\n" \
  "  Au25: {formula: \"[Au25(C8H9S)18]-\", concentration: 40 nM}\n"
#define MECHANISM          \
  "mechanism:\n"           \
  "  exchange: [Ag, Au]\n" \
  "  rates: {dimerization: 1e-2, dissociation: 5.6e-2, exchange: 3.2e-2}\n"

static void expect_error(const char *text, int line, const char *word) {
  ck_test_expect_model_error(text, CK_ERR_INPUT, line, word);
}

/* The fields every example shares (MODEL.md section 2, Table 1 settings). */
static void check_example_common(const ck_model *m) {
  assert_int_equal(m->n_metals, 2);
  assert_string_equal(m->metal[0], "Ag");
  assert_string_equal(m->metal[1], "Au");
  assert_int_equal(m->nuclearity, 25);
  assert_int_equal(m->charge, -1);
  assert_int_equal(m->n_clusters, 2);
  const ck_cluster *ag = &m->clusters[0], *au = &m->clusters[1];
  assert_string_equal(ag->name, "Ag25");
  assert_string_equal(ag->formula, "[Ag25(C8H9S)18]-");
  assert_int_equal(ag->charge, -1);
  assert_int_equal(ag->metal_count[0], 25);
  assert_int_equal(ag->metal_count[1], 0);
  assert_int_equal(ag->nuclearity, 25);
  expect_rel(ag->concentration_nM, 40.0, 1e-15);
  assert_int_equal(ag->line, 6);
  assert_string_equal(au->name, "Au25");
  assert_string_equal(au->formula, "[Au25(C8H9S)18]-");
  assert_int_equal(au->metal_count[0], 0);
  assert_int_equal(au->metal_count[1], 25);
  expect_rel(au->concentration_nM, 40.0, 1e-15);
  assert_int_equal(au->line, 7);
  assert_int_equal(m->n_initial, 0);
  assert_int_equal(m->kind, CK_MECHANISM_DIMER_EXCHANGE);
  expect_rel(m->k_ex_per_s, 3.2e-2, 1e-15);
  expect_rel(m->simulate.dead_time_s, 20.0, 1e-15);
  expect_rel(m->simulate.end_s, 3240.0, 1e-15);
  expect_rel(m->simulate.step_s, 10.0, 1e-15);
  assert_int_equal(m->simulate.normalize, CK_NORMALIZE_TOTAL_ION);
  expect_rel(m->simulate.rtol, 1e-8, 1e-15);
  expect_rel(m->simulate.atol_nM, 1e-12, 1e-15);
  assert_int_equal(m->simulate.linear_solver, CK_LINSOL_AUTO);
  assert_int_equal(m->simulate.max_steps, 1000000);
  assert_int_equal(m->has_fit_block, 0);
}

static ck_model *load_example(const char *name) {
  ck_ctx *ctx = ck_ctx_create();
  ck_model *m = ck_model_load(ctx, ck_test_example(name));
  if (m == NULL) {
    fail_msg("%s", ck_ctx_errtext(ctx));
  }
  ck_ctx_free(ctx);
  assert_string_equal(m->source, ck_test_example(name));
  return m;
}

static void example_sim1_should_load_constant_exchange(void **state) {
  (void)state;
  ck_model *m = load_example("ag25-au25-sim1.yaml");
  check_example_common(m);
  assert_string_equal(m->name, "Ag25 + Au25, simulation 1");
  assert_int_equal(m->probability, CK_EXCHANGE_CONSTANT);
  assert_int_equal(m->scaling_metal, -1);
  expect_rel(m->k_dim_per_nM_s, 3.2e-3, 1e-15);
  expect_rel(m->k_diss_per_s, 3.2e-2, 1e-15);
  ck_model_free(m);
}

static void example_sim2_should_load_statistical_exchange(void **state) {
  (void)state;
  ck_model *m = load_example("ag25-au25-sim2.yaml");
  check_example_common(m);
  assert_string_equal(m->name, "Ag25 + Au25, simulation 2");
  assert_int_equal(m->probability, CK_EXCHANGE_STATISTICAL);
  assert_int_equal(m->scaling_metal, -1);
  expect_rel(m->k_dim_per_nM_s, 1e-2, 1e-15);
  expect_rel(m->k_diss_per_s, 1e-1, 1e-15);
  ck_model_free(m);
}

static void example_sim3_should_load_gold_fraction_scaling(void **state) {
  (void)state;
  ck_model *m = load_example("ag25-au25-sim3.yaml");
  check_example_common(m);
  assert_string_equal(m->name, "Ag25 + Au25, simulation 3");
  assert_int_equal(m->probability, CK_EXCHANGE_STATISTICAL);
  assert_int_equal(m->scaling_metal, 1);
  expect_rel(m->k_dim_per_nM_s, 1e-2, 1e-15);
  expect_rel(m->k_diss_per_s, 5.6e-2, 1e-15);
  ck_model_free(m);
}

static void missing_optional_blocks_should_give_defaults(void **state) {
  (void)state;
  ck_model *m = ck_test_parse_ok(CLUSTERS MECHANISM);
  ck_simulate_options d = ck_simulate_options_default();
  assert_string_equal(m->name, "test.yaml");
  assert_string_equal(m->source, "models/test.yaml");
  assert_int_equal(m->kind, CK_MECHANISM_DIMER_EXCHANGE);
  assert_int_equal(m->probability, CK_EXCHANGE_STATISTICAL);
  assert_int_equal(m->scaling_metal, -1);
  assert_int_equal(m->n_initial, 0);
  assert_null(m->initial);
  assert_int_equal(m->has_fit_block, 0);
  expect_abs(d.dead_time_s, 0.0, 0.0);
  expect_rel(d.end_s, 3600.0, 0.0);
  expect_rel(d.step_s, 10.0, 0.0);
  expect_rel(d.rtol, 1e-8, 0.0);
  expect_rel(d.atol_nM, 1e-12, 0.0);
  assert_int_equal(d.normalize, CK_NORMALIZE_TOTAL_ION);
  assert_int_equal(d.linear_solver, CK_LINSOL_AUTO);
  assert_int_equal(d.max_steps, 1000000);
  assert_memory_equal(&m->simulate, &d, sizeof d);
  ck_model_free(m);
}

static void simulate_block_should_read_every_option(void **state) {
  (void)state;
  ck_model *m =
      ck_test_parse_ok(CLUSTERS MECHANISM
                       "simulate:\n"
                       "  dead-time: 0.5 min\n"
                       "  end: 54 min\n"
                       "  step: 500 ms\n"
                       "  normalize: none\n"
                       "  rtol: 1e-6\n"
                       "  atol: 1e-3 pM\n"
                       "  linear-solver: klu\n"
                       "  max-steps: 5000\n"
                       "fit: {objective: tmax, parameters: {exchange: {min: 1e-3, max: 1, "
                       "points: 4}}, datasets: [{data: d.csv}]}\n");
  expect_rel(m->simulate.dead_time_s, 30.0, 1e-15);
  expect_rel(m->simulate.end_s, 3240.0, 1e-15);
  expect_rel(m->simulate.step_s, 0.5, 1e-15);
  assert_int_equal(m->simulate.normalize, CK_NORMALIZE_NONE);
  expect_rel(m->simulate.rtol, 1e-6, 1e-15);
  expect_rel(m->simulate.atol_nM, 1e-6, 1e-14);
  assert_int_equal(m->simulate.linear_solver, CK_LINSOL_KLU);
  assert_int_equal(m->simulate.max_steps, 5000);
  assert_int_equal(m->has_fit_block, 1);
  ck_model_free(m);
}

static void mechanism_should_read_kind_and_rate_units(void **state) {
  (void)state;
  ck_model *m = ck_test_parse_ok("name: units\n" CLUSTERS
                                 "mechanism:\n"
                                 "  kind: collision-exchange\n"
                                 "  exchange: [Au, Ag]\n"
                                 "  exchange-probability: constant\n"
                                 "  dimerization-scaling: {metal-fraction: Ag}\n"
                                 "  rates:\n"
                                 "    dimerization: 1e5 /M/s\n"
                                 "    dissociation: \"1.92 /min\"\n"
                                 "    exchange: 0\n");
  assert_string_equal(m->name, "units");
  assert_int_equal(m->kind, CK_MECHANISM_COLLISION_EXCHANGE);
  assert_int_equal(m->probability, CK_EXCHANGE_CONSTANT);
  assert_string_equal(m->metal[0], "Au");
  assert_int_equal(m->scaling_metal, 1);
  assert_int_equal(m->clusters[0].metal_count[0], 0); /* Ag25 in metal order Au, Ag */
  assert_int_equal(m->clusters[0].metal_count[1], 25);
  expect_rel(m->k_dim_per_nM_s, 1e-4, 1e-14);
  expect_rel(m->k_diss_per_s, 3.2e-2, 1e-14);
  expect_abs(m->k_ex_per_s, 0.0, 0.0);
  ck_model_free(m);
}

static void initial_labels_should_resolve_to_compositions(void **state) {
  (void)state;
  ck_model *m = ck_test_parse_ok(CLUSTERS MECHANISM
                                 "initial:\n"
                                 "  Au25: 1 nM\n"
                                 "  \"[Ag25]\": 2\n"
                                 "  \"[Au25]2\": 3 nM\n"
                                 "  \"[Ag25][Au25]\": 0.004 uM\n"
                                 "  Au12Ag13: 5\n"
                                 "  \"[AuAg24][Ag25]\": 6\n"
                                 "  \"[Ag13Au12]2\": 0\n");
  assert_int_equal(m->n_initial, 7);
  const ck_initial *in = m->initial;
  static const int expected[7][2][2] = {
      {{0, 25}, {0, 0}},  {{25, 0}, {0, 0}},  {{0, 25}, {0, 25}},   {{25, 0}, {0, 25}},
      {{13, 12}, {0, 0}}, {{24, 1}, {25, 0}}, {{13, 12}, {13, 12}},
  };
  static const int subunits[7] = {1, 1, 2, 2, 1, 2, 2};
  static const double nM[7] = {1, 2, 3, 4, 5, 6, 0};
  for (int i = 0; i < 7; i++) {
    assert_int_equal(in[i].n_subunits, subunits[i]);
    assert_int_equal(in[i].line, 8 + i);
    expect_abs(in[i].concentration_nM, nM[i], 1e-12);
    for (int s = 0; s < subunits[i]; s++) {
      assert_int_equal(in[i].subunit[s][0], expected[i][s][0]);
      assert_int_equal(in[i].subunit[s][1], expected[i][s][1]);
    }
  }
  assert_string_equal(in[2].label, "[Au25]2");
  assert_string_equal(in[4].label, "Au12Ag13");
  ck_model_free(m);
}

static void malformed_yaml_should_report_libyaml_problem_and_line(void **state) {
  (void)state;
  expect_error("name: x\n- item\n", 2, "did not find expected key");
  expect_error(CLUSTERS MECHANISM "simulate: {end: 3240 s\n", 8, "invalid YAML");
  expect_error(CLUSTERS MECHANISM "initial:\n  [Au25]2: 1 nM\n", 8, "invalid YAML");
  expect_error("name: \xff\n", 1, "invalid YAML");
  expect_error("clusters: *nowhere\n", 1, "undefined alias");
  expect_error("---\nname: a\n---\nname: b\n", 4, "more than one YAML document");
  expect_error("", 0, "empty model file");
  expect_error("# only a comment\n", 0, "empty model file");
}

static void unknown_key_should_be_named_with_the_allowed_ones(void **state) {
  (void)state;
  expect_error(CLUSTERS MECHANISM "simulat: {end: 10}\n", 7, "unknown key \"simulat\"");
  expect_error(CLUSTERS MECHANISM "simulat: {end: 10}\n", 7, "allowed: name, clusters");
  expect_error(CLUSTERS "mechanism:\n  exchange: [Ag, Au]\n  rate: {}\n", 6,
               "unknown key \"rate\" in mechanism");
  expect_error("clusters:\n  Ag25: {formula: \"[Ag25(C8H9S)18]-\", conc: 40 nM}\n" MECHANISM, 2,
               "unknown key \"conc\" in clusters.Ag25 (allowed: formula, concentration)");
  expect_error(CLUSTERS
               "mechanism:\n  exchange: [Ag, Au]\n"
               "  rates: {dimerization: 1, dissociation: 1, exchange: 1, exchnage: 1}\n",
               6, "unknown key \"exchnage\" in mechanism.rates");
  expect_error(CLUSTERS MECHANISM "simulate:\n  end: 10\n  ned: 3\n", 9,
               "unknown key \"ned\" in simulate");
  expect_error(CLUSTERS
               "mechanism:\n  exchange: [Ag, Au]\n  dimerization-scaling: {fraction: Au}\n"
               "  rates: {dimerization: 1, dissociation: 1, exchange: 1}\n",
               6, "unknown key \"fraction\"");
}

static void wrong_node_type_should_be_reported(void **state) {
  (void)state;
  expect_error("- clusters\n", 1, "expected a mapping, found a sequence");
  expect_error("clusters: [Ag25, Au25]\n" MECHANISM, 1, "clusters: expected a mapping");
  expect_error(CLUSTERS "mechanism:\n  exchange: Ag\n", 5,
               "mechanism.exchange: expected a sequence");
  expect_error(CLUSTERS "mechanism:\n  exchange: [Ag, Au]\n  rates:\n", 6,
               "mechanism.rates: expected a mapping, found an empty value");
  expect_error(CLUSTERS MECHANISM "simulate: {end: [1, 2]}\n", 7,
               "simulate.end: expected a single value, found a sequence");
  expect_error(CLUSTERS MECHANISM "fit: 3\n", 7, "fit: expected a mapping");
  expect_error("name: [a]\n" CLUSTERS MECHANISM, 1, "name: expected a single value");
}

static void duplicate_key_should_be_reported(void **state) {
  (void)state;
  expect_error(CLUSTERS "  Ag25: {formula: \"[Ag25(C8H9S)18]-\", concentration: 1}\n" MECHANISM, 4,
               "duplicate key \"Ag25\" in clusters (first on line 2)");
  expect_error(CLUSTERS "mechanism:\n  exchange: [Ag, Au]\n  exchange: [Ag]\n", 6,
               "duplicate key \"exchange\" in mechanism");
  expect_error(CLUSTERS MECHANISM "simulate: {end: 1, end: 2}\n", 7, "duplicate key \"end\"");
}

static void missing_required_key_should_be_reported_at_the_parent(void **state) {
  (void)state;
  expect_error("# header\n\n" CLUSTERS, 3, "missing required key \"mechanism\" in the model");
  expect_error(MECHANISM, 1, "missing required key \"clusters\"");
  expect_error(CLUSTERS "mechanism:\n  exchange: [Ag, Au]\n", 5, "missing required key \"rates\"");
  expect_error(CLUSTERS "mechanism:\n  rates: {dimerization: 1, dissociation: 1, exchange: 1}\n", 5,
               "missing required key \"exchange\"");
  expect_error(CLUSTERS
               "mechanism:\n  exchange: [Ag, Au]\n"
               "  rates: {dimerization: 1, exchange: 1}\n",
               6, "missing required key \"dissociation\" in mechanism.rates");
  expect_error("clusters:\n  Ag25: {concentration: 40 nM}\n" MECHANISM, 2,
               "missing required key \"formula\" in clusters.Ag25");
  expect_error("clusters:\n  Ag25: {formula: \"[Ag25(C8H9S)18]-\"}\n" MECHANISM, 2,
               "missing required key \"concentration\"");
  expect_error("clusters: {}\n" MECHANISM, 1, "at least one cluster");
  expect_error(CLUSTERS "mechanism:\n  exchange: []\n  rates: {}\n", 5, "at least one metal");
}

static void bad_enum_value_should_list_the_allowed_ones(void **state) {
  (void)state;
  expect_error(CLUSTERS MECHANISM "simulate: {normalize: total}\n", 7,
               "simulate.normalize: unknown value \"total\" (allowed: total-ion, none)");
  expect_error(CLUSTERS "mechanism:\n  kind: dimer\n  exchange: [Ag, Au]\n", 5,
               "allowed: dimer-exchange, collision-exchange");
  expect_error(CLUSTERS "mechanism:\n  exchange: [Ag, Au]\n  exchange-probability: binomial\n", 6,
               "allowed: statistical, constant");
  expect_error(CLUSTERS MECHANISM "simulate: {linear-solver: lapack}\n", 7,
               "allowed: auto, block, klu, dense");
  expect_error(CLUSTERS "mechanism:\n  exchange: [Ag, Au]\n  dimerization-scaling: gold\n", 6,
               "expected none or {metal-fraction: METAL}");
}

static void unit_error_should_be_located_at_the_value(void **state) {
  (void)state;
  expect_error(
      "clusters:\n  Ag25: {formula: \"[Ag25(C8H9S)18]-\", concentration: 40 s}\n" MECHANISM, 2,
      "clusters.Ag25.concentration: \"40 s\": unit \"s\" is a time");
  expect_error(CLUSTERS
               "mechanism:\n  exchange: [Ag, Au]\n  rates:\n    dimerization: 1e-2 /s\n"
               "    dissociation: 1\n    exchange: 1\n",
               7, "mechanism.rates.dimerization");
  expect_error(CLUSTERS MECHANISM "simulate:\n  end: 3240 xyz\n", 8, "unknown unit \"xyz\"");
  expect_error(CLUSTERS MECHANISM "simulate:\n  rtol: 1e-8 s\n", 8, "plain number");
  expect_error(CLUSTERS MECHANISM "simulate:\n  step: fast\n", 8, "not a number");
  expect_error(CLUSTERS
               "mechanism:\n  exchange: [Ag, Au]\n"
               "  rates: {dimerization: 1, dissociation: 1, exchange: 1e999}\n",
               6, "not a finite number");
}

static void out_of_range_value_should_be_rejected(void **state) {
  (void)state;
  expect_error(
      "clusters:\n  Ag25: {formula: \"[Ag25(C8H9S)18]-\", concentration: -1 nM}\n" MECHANISM, 2,
      "clusters.Ag25.concentration must not be negative");
  expect_error(CLUSTERS
               "mechanism:\n  exchange: [Ag, Au]\n"
               "  rates: {dimerization: 1, dissociation: -1e-2, exchange: 1}\n",
               6, "mechanism.rates.dissociation must not be negative");
  expect_error(CLUSTERS MECHANISM "simulate: {step: 0 s}\n", 7, "greater than 0");
  expect_error(CLUSTERS MECHANISM "simulate: {end: -1}\n", 7, "simulate.end must not be negative");
  expect_error(CLUSTERS MECHANISM "simulate: {dead-time: -1}\n", 7, "dead-time");
  expect_error(CLUSTERS MECHANISM "simulate: {rtol: 0}\n", 7, "simulate.rtol must be greater");
  expect_error(CLUSTERS MECHANISM "simulate: {atol: 0 nM}\n", 7, "simulate.atol must be greater");
  expect_error(CLUSTERS MECHANISM "simulate: {max-steps: 0}\n", 7, "max-steps");
  expect_error(CLUSTERS MECHANISM "simulate: {max-steps: 2.5}\n", 7, "whole number");
  expect_error(CLUSTERS MECHANISM "initial: {Au25: -2 nM}\n", 7,
               "initial.Au25 must not be negative");
}

static void bad_formula_should_be_located_at_the_formula(void **state) {
  (void)state;
  expect_error("clusters:\n  Ag25: {formula: \"[Ag25(C8H9S18]-\", concentration: 40}\n" MECHANISM,
               2, "clusters.Ag25.formula: formula \"[Ag25(C8H9S18]-\", column 6");
  expect_error("clusters:\n  Ag25:\n    concentration: 40\n    formula: \"[Qq25]-\"\n" MECHANISM, 4,
               "unknown element \"Qq\"");
}

static void exchange_metal_should_be_known_and_used(void **state) {
  (void)state;
  expect_error(CLUSTERS
               "mechanism:\n  exchange:\n    - Ag\n    - Pt\n"
               "  rates: {dimerization: 1, dissociation: 1, exchange: 1}\n",
               7, "unknown metal \"Pt\" in exchange");
  expect_error(CLUSTERS "mechanism:\n  exchange: [Ag, Xx]\n", 5,
               "unknown metal \"Xx\" in exchange");
  expect_error(CLUSTERS "mechanism:\n  exchange: [Ag, Au, Ag]\n", 5, "\"Ag\" appears twice");
  expect_error(CLUSTERS "mechanism:\n  exchange: [H, He, Li, Be, B, C, N, O, F]\n", 5,
               "more than 8 metals");
  expect_error(CLUSTERS
               "mechanism:\n  exchange: [Ag, Au]\n  dimerization-scaling: {metal-fraction: Pt}\n",
               6, "\"Pt\" is not one of the exchange metals Ag, Au");
}

static void cluster_family_should_be_uniform(void **state) {
  (void)state;
  expect_error(CLUSTERS "  Cu25: {formula: \"[Cu25(C8H9S)18]-\", concentration: 1}\n" MECHANISM, 4,
               "cluster Cu25 has no atoms of the exchangeable metals Ag, Au");
  ck_test_expect_model_error(
      CLUSTERS "  Au24: {formula: \"[Au24(C8H9S)18]-\", concentration: 1}\n" MECHANISM,
      CK_ERR_UNSUPPORTED, 4, "different nuclearity or charge");
  ck_test_expect_model_error(CLUSTERS
                             "  Au25n: {formula: \"Au25(C8H9S)18\", concentration: 1}\n" MECHANISM,
                             CK_ERR_UNSUPPORTED, 4, "several cluster families");
}

static void bad_initial_label_should_be_named(void **state) {
  (void)state;
  expect_error(CLUSTERS MECHANISM "initial: {\"[Pt25]2\": 1 nM}\n", 7,
               "unknown cluster or composition \"Pt25\" in initial species \"[Pt25]2\"");
  expect_error(CLUSTERS MECHANISM "initial:\n  Ag13Cu12: 1\n", 8, "\"Ag13Cu12\"");
  expect_error(CLUSTERS MECHANISM "initial:\n  \"[Ag25]-\": 1\n", 8, "write a monomer");
  expect_error(CLUSTERS MECHANISM "initial:\n  \"[Au25]3\": 1\n", 8, "homodimer as [Au25]2");
  expect_error(CLUSTERS MECHANISM "initial:\n  \"[Au25][Ag25\": 1\n", 8, "heterodimer");
  expect_error(CLUSTERS MECHANISM "initial:\n  \"[]2\": 1\n", 8, "unknown cluster");
  expect_error(CLUSTERS MECHANISM "initial:\n  \"[Ag13Au13]\": 1\n", 8,
               "has 26 metal atoms, but the clusters have 25");
  expect_error(CLUSTERS MECHANISM "initial:\n  \"[Au25]\": 1\n  Au25: 2\n", 9,
               "is the same species as \"[Au25]\" (line 8)");
  expect_error(CLUSTERS MECHANISM "initial:\n  \"[Au25][Ag25]\": 1\n  \"[Ag25][Au25]\": 2\n", 9,
               "same species");
}

static void unreadable_file_should_give_an_io_error(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  assert_null(ck_model_load(ctx, "/nonexistent/model.yaml"));
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_IO);
  assert_string_equal(ck_ctx_errfile(ctx), "/nonexistent/model.yaml");
  assert_non_null(strstr(ck_ctx_errmsg(ctx), "No such file"));
  assert_null(ck_model_load(ctx, NULL));
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_ARG);
  assert_null(ck_model_parse(ctx, NULL, 0, NULL));
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_ARG);
  ck_model_free(NULL);
  ck_ctx_free(ctx);
}

static void parse_without_source_should_name_it_string(void **state) {
  (void)state;
  const char *text = CLUSTERS MECHANISM;
  ck_model *m = ck_model_parse(NULL, text, strlen(text), NULL);
  assert_non_null(m);
  assert_string_equal(m->source, "<string>");
  assert_string_equal(m->name, "<string>");
  ck_model_free(m);
  ck_ctx *ctx = ck_ctx_create();
  assert_null(ck_model_parse(ctx, "mechanism: 1\n", 13, NULL));
  assert_string_equal(ck_ctx_errfile(ctx), "<string>");
  ck_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(example_sim1_should_load_constant_exchange),
      cmocka_unit_test(example_sim2_should_load_statistical_exchange),
      cmocka_unit_test(example_sim3_should_load_gold_fraction_scaling),
      cmocka_unit_test(missing_optional_blocks_should_give_defaults),
      cmocka_unit_test(simulate_block_should_read_every_option),
      cmocka_unit_test(mechanism_should_read_kind_and_rate_units),
      cmocka_unit_test(initial_labels_should_resolve_to_compositions),
      cmocka_unit_test(malformed_yaml_should_report_libyaml_problem_and_line),
      cmocka_unit_test(unknown_key_should_be_named_with_the_allowed_ones),
      cmocka_unit_test(wrong_node_type_should_be_reported),
      cmocka_unit_test(duplicate_key_should_be_reported),
      cmocka_unit_test(missing_required_key_should_be_reported_at_the_parent),
      cmocka_unit_test(bad_enum_value_should_list_the_allowed_ones),
      cmocka_unit_test(unit_error_should_be_located_at_the_value),
      cmocka_unit_test(out_of_range_value_should_be_rejected),
      cmocka_unit_test(bad_formula_should_be_located_at_the_formula),
      cmocka_unit_test(exchange_metal_should_be_known_and_used),
      cmocka_unit_test(cluster_family_should_be_uniform),
      cmocka_unit_test(bad_initial_label_should_be_named),
      cmocka_unit_test(unreadable_file_should_give_an_io_error),
      cmocka_unit_test(parse_without_source_should_name_it_string),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
