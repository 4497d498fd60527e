/* SPDX-License-Identifier: MIT */
/* Isotope-labelled exchange metals (issue 5, items 1 and 6): 107Ag25 + 109Ag25
 * formulas and masses, patterns with the label fixed, labels "[107Ag12
 * 109Ag13]1-" that parse back, and the binomial end of isotope exchange. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "network/network_impl.h"

/* AME2020 atomic masses (u) as published, independent of the element table. */
#define MASS_107AG 106.905092
#define MASS_109AG 108.904756

static ck_model *isotope_model(const char *exchange, const char *clusters, const char *extra) {
  char text[2048];
  snprintf(text, sizeof text,
           "clusters:\n%s"
           "mechanism:\n"
           "  exchange: %s\n"
           "  rates: {dimerization: 1e-2, dissociation: 1e-1, exchange: 3.2e-2}\n%s",
           clusters, exchange, extra);
  return ck_test_parse_ok(text);
}

static const char *ag_clusters =
    "  A: {formula: \"[107Ag8(SCH3)6]-\", concentration: 40 nM}\n"
    "  B: {formula: \"[109Ag8(SCH3)6]-\", concentration: 20 nM}\n";

/* "107Ag" and "109Ag" are those isotopes at their published masses; a pure
 * isotope's average mass is its monoisotopic mass; 25 atoms of 109Ag weigh
 * 25 x (108.904756 - 106.905092) u more than 25 of 107Ag, ligands alike. */
static void isotope_formula_should_have_exact_isotope_masses(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_formula f, g;
  double m = 0.0, avg = 0.0, mono = 0.0, mz7 = 0.0, mz9 = 0.0;
  assert_int_equal(ck_formula_parse(ctx, "[107Ag25(C8H9S)18]-", &f), CK_OK);
  assert_int_equal(ck_formula_count(&f, "107Ag"), 25);
  assert_int_equal(ck_formula_count(&f, "109Ag"), 0);
  assert_int_equal(ck_formula_count(&f, "Ag"), 25);
  assert_int_equal(f.charge, -1);
  assert_int_equal(ck_formula_parse(ctx, "107Ag", &g), CK_OK);
  assert_int_equal(ck_formula_average_mass_da(ctx, &g, NULL, &m), CK_OK);
  expect_abs(m, MASS_107AG, 1e-6);
  assert_int_equal(ck_formula_parse(ctx, "109Ag", &g), CK_OK);
  assert_int_equal(ck_formula_monoisotopic_mass_da(ctx, &g, NULL, &m), CK_OK);
  expect_abs(m, MASS_109AG, 1e-6);
  assert_int_equal(ck_formula_parse(ctx, "[107Ag25]", &g), CK_OK);
  assert_int_equal(ck_formula_average_mass_da(ctx, &g, NULL, &avg), CK_OK);
  assert_int_equal(ck_formula_monoisotopic_mass_da(ctx, &g, NULL, &mono), CK_OK);
  expect_abs(avg, 25 * MASS_107AG, 25e-6);
  expect_abs(mono, avg, 1e-9);
  assert_int_equal(ck_formula_average_mz(ctx, &f, NULL, &mz7), CK_OK);
  assert_int_equal(ck_formula_parse(ctx, "[109Ag25(C8H9S)18]-", &g), CK_OK);
  assert_int_equal(ck_formula_average_mz(ctx, &g, NULL, &mz9), CK_OK);
  expect_abs(mz9 - mz7, 25 * (MASS_109AG - MASS_107AG), 5e-5);
  ck_ctx_free(ctx);
}

/* With 107Ag fixed at 100 %, the lightest isotopologue of [107Ag25(C8H9S)18]-
 * has probability 0.9893^144 x 0.999885^162 x 0.9499^18 (12C, 1H, 32S,
 * CIAAW 2013), about 0.0827; natural silver would multiply it by
 * 0.51839^25 ~ 7e-8. Its m/z is the monoisotopic one. */
static void isotope_pattern_should_hold_the_label_fixed(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_formula f;
  double mono_mz = 0.0;
  assert_int_equal(ck_formula_parse(ctx, "[107Ag25(C8H9S)18]-", &f), CK_OK);
  assert_int_equal(ck_formula_monoisotopic_mz(ctx, &f, NULL, &mono_mz), CK_OK);
  ck_isotope_pattern *p = ck_isotope_pattern_compute(ctx, &f, NULL, 0.999);
  assert_non_null(p);
  const double *mz = ck_isotope_pattern_mz(p), *prob = ck_isotope_pattern_probability(p);
  size_t lightest = 0;
  for (size_t i = 1; i < ck_isotope_pattern_size(p); i++) {
    lightest = mz[i] < mz[lightest] ? i : lightest;
  }
  expect_abs(mz[lightest], mono_mz, 1e-6);
  double expected = pow(0.9893, 144) * pow(0.999885, 162) * pow(0.9499, 18);
  expect_rel(prob[lightest], expected, 1e-9);
  /* only the ligands spread it: every peak within 18 x 4 + 144 + 162 neutrons */
  for (size_t i = 0; i < ck_isotope_pattern_size(p); i++) {
    assert_true(mz[i] - mono_mz < 40.0);
  }
  ck_isotope_pattern_free(p);
  ck_ctx_free(ctx);
}

/* The label of a composition as the README describes it, written here by hand. */
static void spaced_label(const char *const *symbols, const int *counts, int n, int charge,
                         char *buf, size_t size) {
  size_t at = (size_t)snprintf(buf, size, "[");
  for (int x = 0; x < n; x++) {
    at += (size_t)snprintf(buf + at, size - at, "%s%s%d", x > 0 ? " " : "", symbols[x], counts[x]);
  }
  snprintf(buf + at, size - at, "]%d-", -charge);
}

/* Every channel of a model parses back to its composition and is written
 * again the same: isotope metals only, isotopes beside an element, and an
 * element fixed beside isotopes (counted in the label). */
static void check_round_trip(ck_model *model, const char *const *symbols, int n_symbols,
                             const int *fixed_per_subunit, size_t expected_channels) {
  ck_ctx *ctx = ck_ctx_create();
  ck_network *net = ck_network_generate(ctx, model);
  assert_non_null(net);
  ck_channels *ch = ck_channels_create(ctx, net);
  assert_non_null(ch);
  assert_int_equal(ck_channels_count(ch), expected_channels);
  for (size_t c = 0; c < ck_channels_count(ch); c++) {
    ck_channel_id id;
    const char *label = ck_channels_label(ch, c);
    if (ck_channel_label_parse(ctx, model, label, &id) != CK_OK) {
      fail_msg("%s: %s", label, ck_ctx_errtext(ctx));
    }
    int counts[CK_MAX_METALS + 1];
    for (int x = 0; x < n_symbols; x++) {
      counts[x] =
          (x < model->n_metals ? id.composition[x] : 0) + id.n_subunits * fixed_per_subunit[x];
    }
    char again[128];
    spaced_label(symbols, counts, n_symbols, id.charge, again, sizeof again);
    assert_string_equal(again, label);
  }
  ck_channels_free(ch);
  ck_network_free(net);
  ck_ctx_free(ctx);
}

static void isotope_labels_should_round_trip(void **state) {
  (void)state;
  ck_model *model = isotope_model("[107Ag, 109Ag]", ag_clusters, "");
  const char *ag[] = {"107Ag", "109Ag"};
  const int no_fixed[3] = {0, 0, 0};
  check_round_trip(model, ag, 2, no_fixed, 9 + 17); /* N = 8: 9 monomer, 17 dimer channels */
  ck_ctx *ctx = ck_ctx_create();
  ck_channel_id id;
  assert_int_equal(ck_channel_label_parse(ctx, model, "[107Ag3 109Ag5]1-", &id), CK_OK);
  assert_int_equal(id.composition[0], 3);
  assert_int_equal(id.composition[1], 5);
  assert_int_equal(id.n_subunits, 1);
  static const char *const refused[] = {
      "[107Ag3109Ag5]1-",  "[107Ag3  109Ag5]1-", "[ 107Ag3 109Ag5]1-", "[107Ag3 109Ag5 ]1-",
      "[109Ag5 107Ag3]1-", "[Ag3 Ag5]1-",        "[107Ag3 109Ag5]1",   "[107Ag8 109Ag0] 1-"};
  for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
    assert_int_equal(ck_channel_label_parse(ctx, model, refused[i], &id), CK_ERR_INPUT);
  }
  ck_ctx_free(ctx);
  ck_model_free(model);

  /* isotopes beside an element: every term spaced; C(6,2) = 15 and C(10,2) = 45 */
  model = isotope_model("[107Ag, 109Ag, Au]",
                        "  A: {formula: \"[107Ag4(SCH3)3]-\", concentration: 10 nM}\n"
                        "  B: {formula: \"[109Ag4(SCH3)3]-\", concentration: 10 nM}\n"
                        "  C: {formula: \"[Au4(SCH3)3]-\", concentration: 10 nM}\n",
                        "");
  const char *mixed[] = {"107Ag", "109Ag", "Au"};
  check_round_trip(model, mixed, 3, no_fixed, 15 + 45);
  ck_model_free(model);

  /* a natural Au centre that never moves, counted after the isotopes */
  model = isotope_model("[107Ag, 109Ag]",
                        "  A: {formula: \"[Au(107Ag)4(SCH3)3]-\", concentration: 10 nM, "
                        "fixed: {Au: 1}}\n"
                        "  B: {formula: \"[Au(109Ag)4(SCH3)3]-\", concentration: 10 nM, "
                        "fixed: {Au: 1}}\n",
                        "");
  const char *centre[] = {"107Ag", "109Ag", "Au"};
  const int au_fixed[3] = {0, 0, 1};
  check_round_trip(model, centre, 3, au_fixed, 5 + 9);
  ck_model_free(model);

  /* a fixed 107Ag centre beside exchanging elements spaces their labels too */
  model = isotope_model("[Au, Cu]",
                        "  A: {formula: \"[107AgAu4(SCH3)3]-\", concentration: 10 nM, "
                        "fixed: {107Ag: 1}}\n"
                        "  B: {formula: \"[107AgCu4(SCH3)3]-\", concentration: 10 nM, "
                        "fixed: {107Ag: 1}}\n",
                        "");
  const char *labelled_centre[] = {"Au", "Cu", "107Ag"};
  check_round_trip(model, labelled_centre, 3, au_fixed, 5 + 9);
  ck_model_free(model);
}

/* Element labels keep MODEL.md section 8's form, without spaces. */
static void element_labels_should_stay_unspaced(void **state) {
  (void)state;
  ck_model *model = ck_test_parse_ok(
      "clusters:\n"
      "  Ag25: {formula: \"[Ag25(C8H9S)18]-\", concentration: 40 nM}\n"
      "  Au25: {formula: \"[Au25(C8H9S)18]-\", concentration: 40 nM}\n"
      "mechanism:\n"
      "  exchange: [Ag, Au]\n"
      "  rates: {dimerization: 1e-2, dissociation: 1e-1, exchange: 3.2e-2}\n");
  ck_ctx *ctx = ck_ctx_create();
  ck_network *net = ck_network_generate(ctx, model);
  ck_channels *ch = ck_channels_create(ctx, net);
  assert_non_null(ch);
  assert_string_equal(ck_channels_label(ch, 0), "[Ag25Au0]1-");
  assert_string_equal(ck_channels_label(ch, 13), "[Ag12Au13]1-");
  assert_string_equal(ck_channels_label(ch, 26), "[Ag50Au0]2-");
  ck_channel_id id;
  assert_int_equal(ck_channel_label_parse(ctx, model, "[Ag12 Au13]1-", &id), CK_ERR_INPUT);
  ck_channels_free(ch);
  ck_network_free(net);
  ck_ctx_free(ctx);
  ck_model_free(model);
}

/* Binomial probability of k of n. */
static double binomial(int n, int k, double p) {
  return exp(lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0) + k * log(p) +
             (n - k) * log1p(-p));
}

/* Statistical exchange of 107Ag for 109Ag is Ag/Au exchange under other
 * names: 40 nM 107Ag8 + 20 nM 109Ag8 end binomial(8, 2/3) in 107Ag over the
 * monomers, and each dimer D{i,j} holds (2 - delta_ij) x_i x_j of the dimers. */
static void isotope_exchange_should_end_binomial(void **state) {
  (void)state;
  ck_model *model = isotope_model("[107Ag, 109Ag]", ag_clusters, "");
  ck_network *net = ck_test_generate(model);
  size_t nm = ck_network_monomer_count(net);
  assert_int_equal(nm, 9);
  assert_int_equal(ck_network_dimer_count(net), 45);
  ck_solver_options o = {1e-11, 1e-16, CK_LINSOL_AUTO, 1000000, 0};
  double t[1] = {1e6}, x[9];
  double *y = ck_test_simulate(model, net, 1, t, &o, NULL);
  for (size_t i = 0; i < nm; i++) {
    x[i] = binomial(8, net->composition[2 * i], 2.0 / 3.0);
  }
  ck_test_expect_exchange_equilibrium(net, y, x, 1e-8);
  free(y);
  ck_network_free(net);
  ck_model_free(model);
}

/* The formula of channel [107Ag3 109Ag5]1- holds both labels: its average
 * m/z is that of "[(107Ag)3(109Ag)5(SCH3)6]-" written by hand. */
static void channel_formulas_should_keep_the_labels(void **state) {
  (void)state;
  ck_model *model = isotope_model("[107Ag, 109Ag]", ag_clusters, "");
  ck_ctx *ctx = ck_ctx_create();
  ck_network *net = ck_network_generate(ctx, model);
  ck_channels *ch = ck_channels_create(ctx, net);
  ck_ms_species *set = ck_ms_species_from_model(ctx, model, ch);
  if (set == NULL) {
    fail_msg("species: %s", ck_ctx_errtext(ctx));
  }
  assert_int_equal(ck_ms_species_count(set), 26);
  size_t k = 5; /* decreasing 107Ag: 8, 7, ..., 3 */
  assert_string_equal(ck_ms_species_label(set, k), "[107Ag3 109Ag5]1-");
  ck_formula by_hand;
  double got = 0.0, want = 0.0;
  assert_int_equal(ck_formula_parse(ctx, "[(107Ag)3(109Ag)5(SCH3)6]-", &by_hand), CK_OK);
  assert_int_equal(ck_formula_average_mz(ctx, ck_ms_species_formula(set, k), NULL, &got), CK_OK);
  assert_int_equal(ck_formula_average_mz(ctx, &by_hand, NULL, &want), CK_OK);
  expect_rel(got, want, 1e-12);
  assert_int_equal(ck_formula_count(ck_ms_species_formula(set, k), "109Ag"), 5);
  ck_ms_species_free(set);
  ck_channels_free(ch);
  ck_network_free(net);
  ck_ctx_free(ctx);
  ck_model_free(model);
}

/* `initial:` names isotope compositions as labels write them or as formulas,
 * and dimers by their subunits; each lands on its own species. */
static void initial_species_should_take_isotope_labels(void **state) {
  (void)state;
  ck_model *model =
      isotope_model("[107Ag, 109Ag]", ag_clusters,
                    "initial: {\"[107Ag3 109Ag5]\": 1 nM, \"[(107Ag)2(109Ag)6]\": 2 nM,\n"
                    "          \"[B][107Ag8 109Ag0]\": 3 nM}\n");
  ck_ctx *ctx = ck_ctx_create();
  ck_network *net = ck_network_generate(ctx, model);
  size_t n = ck_network_species_count(net), species = 0;
  double *y0 = calloc(n, sizeof *y0);
  assert_int_equal(ck_model_initial_state(ctx, model, net, y0), CK_OK);
  const int sub[2][CK_MAX_METALS] = {{0, 8}, {8, 0}};
  const int three[1][CK_MAX_METALS] = {{3, 5}}, two[1][CK_MAX_METALS] = {{2, 6}};
  assert_int_equal(ck_network_find_species(net, 1, three, &species), CK_OK);
  expect_abs(y0[species], 1.0, 1e-12);
  assert_int_equal(ck_network_find_species(net, 1, two, &species), CK_OK);
  expect_abs(y0[species], 2.0, 1e-12);
  assert_int_equal(ck_network_find_species(net, 2, sub, &species), CK_OK);
  expect_abs(y0[species], 3.0, 1e-12);
  free(y0);
  ck_network_free(net);
  ck_ctx_free(ctx);
  ck_model_free(model);
}

/* An element cannot exchange both as itself and as labels; labels must be
 * stable isotopes written as formulas write them. */
static void bad_isotope_metals_should_be_refused(void **state) {
  (void)state;
  const char *head =
      "clusters:\n"
      "  A: {formula: \"[107Ag8(SCH3)6]-\", concentration: 40 nM}\n"
      "  B: {formula: \"[Ag8(SCH3)6]-\", concentration: 20 nM}\n"
      "mechanism:\n"
      "  rates: {dimerization: 1e-2, dissociation: 1e-1, exchange: 3.2e-2}\n"
      "  exchange: ";
  static const struct {
    const char *exchange, *word;
  } cases[] = {
      {"[Ag, 107Ag]", "not both"},        {"[107Ag, Ag]", "not both"},
      {"[110Ag, Ag]", "stable isotope"},  {"[Ag1, 107Ag]", "unknown metal"},
      {"[(107Ag), Au]", "unknown metal"}, {"[107Ag, 107Ag]", "appears twice"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char text[1024];
    snprintf(text, sizeof text, "%s%s\n", head, cases[i].exchange);
    ck_test_expect_model_error(text, CK_ERR_INPUT, 6, cases[i].word);
  }
  /* fixed atoms follow the same rule: natural Ag beside exchanging 107Ag */
  ck_test_expect_model_error(
      "clusters:\n"
      "  A: {formula: \"[Ag(107Ag)8(SCH3)6]-\", concentration: 40 nM, fixed: {Ag: 1}}\n"
      "mechanism:\n"
      "  rates: {dimerization: 1e-2, dissociation: 1e-1, exchange: 3.2e-2}\n"
      "  exchange: [107Ag, 109Ag]\n",
      CK_ERR_INPUT, 2, "not both");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(isotope_formula_should_have_exact_isotope_masses),
      cmocka_unit_test(isotope_pattern_should_hold_the_label_fixed),
      cmocka_unit_test(isotope_labels_should_round_trip),
      cmocka_unit_test(element_labels_should_stay_unspaced),
      cmocka_unit_test(isotope_exchange_should_end_binomial),
      cmocka_unit_test(channel_formulas_should_keep_the_labels),
      cmocka_unit_test(initial_species_should_take_isotope_labels),
      cmocka_unit_test(bad_isotope_metals_should_be_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
