/* SPDX-License-Identifier: MIT */
/* Several cluster families and the pairs: block (issue 5, item 2): counts by
 * hand, heterodimer exchange probabilities, stable dimers, exchange switched
 * off, conservation per family and per metal, labels that parse back. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "network/network_impl.h"

/* Family A: 2 exchangeable atoms, 3-; family B: 1 atom, 1- (tiny N so every
 * species and reaction can be counted by hand). */
#define TINY_CLUSTERS                                                        \
  "clusters:\n"                                                              \
  "  A: {formula: \"[Ag2(C6H4S2)2]3-\", concentration: 10 nM}\n"             \
  "  B: {formula: \"[Au(C8H9S)2]-\", concentration: 6 nM}\n"                 \
  "mechanism:\n"                                                             \
  "  exchange: [Ag, Au]\n"                                                   \
  "  rates: {dimerization: 1e-2, dissociation: 1e-1, exchange: 5e-2}\n"      \
  "simulate: {end: 400 s, step: 20 s, normalize: none, rtol: 1e-9, atol: 1e-14}\n"

static const char *all_pairs = TINY_CLUSTERS "pairs:\n  - {between: all}\n";

static const char *stable_hetero = TINY_CLUSTERS
    "pairs:\n"
    "  - {between: all, dimerize: false}\n"
    "  - {between: [A, B], stable: true}\n"; /* an entry implies dimerize: true */

static const char *no_exchange = TINY_CLUSTERS
    "pairs:\n"
    "  - {between: all, exchange: false}\n";

typedef struct run {
  ck_ctx *ctx;
  ck_model *model;
  ck_network *net;
  size_t n_out, ns;
  double *y; /* n_out x ns */
} run;

static run simulate(const char *text) {
  run r = {0};
  r.ctx = ck_ctx_create();
  r.model = ck_test_parse_ok(text);
  r.net = ck_network_generate(r.ctx, r.model);
  assert_non_null(r.net);
  r.ns = ck_network_species_count(r.net);
  r.n_out = ck_simulate_output_count(&r.model->simulate);
  double *t = calloc(r.n_out, sizeof *t);
  double *y0 = calloc(r.ns, sizeof *y0);
  r.y = calloc(r.n_out * r.ns, sizeof *r.y);
  for (size_t k = 0; k < r.n_out; k++) {
    t[k] = (double)k * r.model->simulate.step_s;
  }
  assert_int_equal(ck_model_initial_state(r.ctx, r.model, r.net, y0), CK_OK);
  ck_solver_options opt = ck_solver_options_from_model(r.model);
  ck_solver *s = ck_solver_create(r.ctx, r.net, &opt);
  assert_non_null(s);
  assert_int_equal(ck_solver_run(s, r.ctx, y0, 0.0, r.n_out, t, r.y), CK_OK);
  ck_solver_free(s);
  free(t), free(y0);
  return r;
}

static void run_free(run *r) {
  free(r->y);
  ck_network_free(r->net);
  ck_model_free(r->model);
  ck_ctx_free(r->ctx);
}

static size_t species(const ck_network *net, int n_sub, int fa, int a_ag, int fb, int b_ag) {
  int fam[2] = {fa, fb};
  int n[2] = {net->fam[fa].nuclearity, net->fam[fb].nuclearity};
  int sub[2][CK_MAX_METALS] = {{a_ag, n[0] - a_ag}, {b_ag, n[1] - b_ag}};
  size_t s = 0;
  assert_int_equal(ck_network_find_family_species(net, n_sub, fam, sub, &s), CK_OK);
  return s;
}

/* Rate factor of the exchange reaction from -> to (0 when there is none). */
static double exchange_factor(const ck_network *net, size_t from, size_t to) {
  for (size_t r = 0; r < net->n_reactions; r++) {
    if (net->kind[r] == CK_REACTION_EXCHANGE && net->reactant[2 * r] == (int)from &&
        net->product[2 * r] == (int)to) {
      return net->factor[r];
    }
  }
  return 0.0;
}

/* A (N=2): 3 monomers, B (N=1): 2. Dimers AA 3*4/2 = 6, AB 3*2 = 6, BB 2*3/2
 * = 3. Exchange: AA as binary N = 2 (only {2,0} <-> {1,1}: 2); BB none (the
 * only swap maps {1,0} onto itself); AB: (2,0)->(1,1) P = 2/2*1/1,
 * (1,0)->(0,1) P = 1/2*1, (1,1)->(2,0) P = 1/2*1, (0,1)->(1,0) P = 2/2*1. */
static void tiny_heterodimer_network_should_match_the_hand_count(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_model *m = ck_test_parse_ok(all_pairs);
  assert_int_equal(m->n_families, 2);
  assert_int_equal(m->n_pairs, 3);
  ck_network *net = ck_network_generate(ctx, m);
  assert_non_null(net);
  assert_int_equal(ck_network_family_count(net), 2);
  assert_int_equal(ck_network_monomer_count(net), 5);
  assert_int_equal(ck_network_dimer_count(net), 15);
  assert_int_equal(ck_network_reaction_count_of(net, CK_REACTION_DIMERIZATION), 15);
  assert_int_equal(ck_network_reaction_count_of(net, CK_REACTION_DISSOCIATION), 15);
  assert_int_equal(ck_network_reaction_count_of(net, CK_REACTION_EXCHANGE), 6);
  expect_rel(exchange_factor(net, species(net, 2, 0, 2, 1, 0), species(net, 2, 0, 1, 1, 1)), 1.0,
             1e-15);
  expect_rel(exchange_factor(net, species(net, 2, 0, 1, 1, 0), species(net, 2, 0, 0, 1, 1)), 0.5,
             1e-15);
  expect_rel(exchange_factor(net, species(net, 2, 0, 1, 1, 1), species(net, 2, 0, 2, 1, 0)), 0.5,
             1e-15);
  expect_rel(exchange_factor(net, species(net, 2, 0, 0, 1, 1), species(net, 2, 0, 1, 1, 0)), 1.0,
             1e-15);
  /* the homodimer class of A is binary N = 2: P({2,0} -> {1,1}) = (2/2)(2/2) */
  expect_rel(exchange_factor(net, species(net, 2, 0, 2, 0, 0), species(net, 2, 0, 1, 0, 1)), 1.0,
             1e-15);
  /* the subunit order of a heterodimer does not matter to the lookup */
  assert_int_equal(species(net, 2, 1, 1, 0, 0), species(net, 2, 0, 0, 1, 1));
  char label[128];
  ck_network_species_label(net, species(net, 2, 0, 1, 1, 0), label, sizeof label);
  assert_string_equal(label, "[Ag1Au1][Ag0Au1]");
  ck_network_free(net);
  ck_model_free(m);
  ck_ctx_free(ctx);
}

/* Channels: monomers of A (3, charge 3-), of B (2, 1-), dimers AA (5 totals
 * over 4 atoms, 6-), AB (4 over 3 atoms, 4-), BB (3 over 2 atoms, 2-). Every
 * label parses back to its class, and the simulated CSV reads back. */
static void family_channels_should_parse_back(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_model *m = ck_test_parse_ok(all_pairs);
  ck_network *net = ck_network_generate(ctx, m);
  ck_channels *ch = ck_channels_create(ctx, net);
  assert_non_null(ch);
  assert_int_equal(ck_channels_count(ch), 3 + 2 + 5 + 4 + 3);
  assert_string_equal(ck_channels_label(ch, 0), "[Ag2Au0]3-");
  assert_string_equal(ck_channels_label(ch, 3), "[Ag1Au0]1-");
  assert_string_equal(ck_channels_label(ch, 5), "[Ag4Au0]6-");
  assert_string_equal(ck_channels_label(ch, 10), "[Ag3Au0]4-");
  assert_string_equal(ck_channels_label(ch, 14), "[Ag2Au0]2-");
  static const int subunits[] = {1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
  static const int charges[] = {-3, -3, -3, -1, -1, -6, -6, -6, -6, -6, -4, -4, -4, -4, -2, -2, -2};
  for (size_t c = 0; c < ck_channels_count(ch); c++) {
    ck_channel_id id;
    assert_int_equal(ck_channel_label_parse(ctx, m, ck_channels_label(ch, c), &id), CK_OK);
    assert_int_equal(id.n_subunits, subunits[c]);
    assert_int_equal(id.charge, charges[c]);
  }
  ck_channel_id id;
  assert_int_equal(ck_channel_label_parse(ctx, m, "[Ag2Au0]2-", &id), CK_OK); /* BB, not A */
  assert_int_equal(id.n_subunits, 2);
  assert_int_equal(ck_channel_label_parse(ctx, m, "[Ag2Au0]1-", &id), CK_ERR_INPUT);
  assert_non_null(strstr(ck_ctx_errmsg(ctx), "neither a monomer"));
  /* A data file with a subset of the columns matches the model's channels. */
  const char *csv = "time_s,[Ag3Au0]4-,[Ag1Au0]1-\n0,0.5,0.5\n";
  ck_channel_data *data = ck_channel_data_parse(ctx, csv, strlen(csv), "d.csv", m);
  assert_non_null(data);
  size_t of[2];
  assert_int_equal(ck_channel_data_match(ctx, data, ch, of), CK_OK);
  assert_int_equal(of[0], 10);
  assert_int_equal(of[1], 3);
  ck_channel_data_free(data);
  ck_channels_free(ch);
  ck_network_free(net);
  ck_model_free(m);
  ck_ctx_free(ctx);
}

/* Subunits of each family, and atoms of each metal, per unit volume. */
static void totals(const ck_network *net, const double *y, double family[2], double metal[2]) {
  family[0] = family[1] = metal[0] = metal[1] = 0.0;
  for (size_t s = 0; s < net->n_species; s++) {
    int f[2];
    int n = ck_network_species_families(net, s, f);
    for (int k = 0; k < n; k++) {
      family[f[k]] += y[s];
    }
    metal[0] += net->metal_counts[2 * s] * y[s];
    metal[1] += net->metal_counts[2 * s + 1] * y[s];
  }
}

static void each_family_and_metal_should_be_conserved(void **state) {
  (void)state;
  run r = simulate(all_pairs);
  double fam0[2], met0[2], fam[2], met[2];
  totals(r.net, r.y, fam0, met0);
  expect_rel(fam0[0], 10.0, 1e-15);
  expect_rel(fam0[1], 6.0, 1e-15);
  expect_rel(met0[0], 20.0, 1e-15); /* Ag: 10 nM x 2 */
  expect_rel(met0[1], 6.0, 1e-15);  /* Au: 6 nM x 1 */
  for (size_t k = 1; k < r.n_out; k++) {
    totals(r.net, r.y + k * r.ns, fam, met);
    expect_rel(fam[0], fam0[0], 1e-9);
    expect_rel(fam[1], fam0[1], 1e-9);
    expect_rel(met[0], met0[0], 1e-9);
    expect_rel(met[1], met0[1], 1e-9);
  }
  /* exchange did happen: B monomers that carry Ag */
  expect_rel(r.y[(r.n_out - 1) * r.ns + species(r.net, 1, 1, 1, 1, 1)] > 1e-3 ? 1.0 : 0.0, 1.0, 0);
  run_free(&r);
}

/* Only A + B dimerize, and the dimer never falls apart: dimers accumulate
 * monotonically, monomers never come back, and no dissociation exists. */
static void stable_pair_should_accumulate_dimers_monotonically(void **state) {
  (void)state;
  run r = simulate(stable_hetero);
  assert_int_equal(ck_network_reaction_count_of(r.net, CK_REACTION_DISSOCIATION), 0);
  assert_int_equal(ck_network_dimer_count(r.net), 6); /* the AB class only */
  double prev_dimers = -1.0, prev_monomers = INFINITY;
  for (size_t k = 0; k < r.n_out; k++) {
    double mono = 0.0, dim = 0.0;
    for (size_t s = 0; s < r.ns; s++) {
      *(s < r.net->n_monomers ? &mono : &dim) += r.y[k * r.ns + s];
    }
    assert_true(dim >= prev_dimers - 1e-12);
    assert_true(mono <= prev_monomers + 1e-12);
    prev_dimers = dim, prev_monomers = mono;
  }
  /* 6 nM of B binds 6 nM of A for good: 4 nM of A left over at the end, up to
   * the tail of the second-order decay (k c t = 1e-2 * 4 * 400: e^-16 scale) */
  double mono_a = 0.0;
  for (size_t s = 0; s < 3; s++) {
    mono_a += r.y[(r.n_out - 1) * r.ns + s];
  }
  expect_abs(mono_a, 4.0, 1e-3);
  expect_abs(prev_dimers, 6.0, 1e-3);
  run_free(&r);
}

/* exchange: false: every species that is not a pure starting subunit or
 * their dimers stays empty. */
static void exchange_off_should_keep_compositions(void **state) {
  (void)state;
  run r = simulate(no_exchange);
  assert_int_equal(ck_network_reaction_count_of(r.net, CK_REACTION_EXCHANGE), 0);
  size_t a = species(r.net, 1, 0, 2, 0, 2), b = species(r.net, 1, 1, 0, 1, 0);
  size_t keep[5] = {a, b, species(r.net, 2, 0, 2, 0, 2), species(r.net, 2, 0, 2, 1, 0),
                    species(r.net, 2, 1, 0, 1, 0)};
  for (size_t k = 0; k < r.n_out; k++) {
    for (size_t s = 0; s < r.ns; s++) {
      int kept = 0;
      for (int i = 0; i < 5; i++) {
        kept |= s == keep[i];
      }
      if (!kept) {
        expect_abs(r.y[k * r.ns + s], 0.0, 1e-12);
      }
    }
  }
  double last_dimer = r.y[(r.n_out - 1) * r.ns + keep[3]];
  assert_true(last_dimer > 0.1); /* A + B did dimerize */
  run_free(&r);
}

/* dissociation: 0 for one family (no pairs: block): a stable homodimer. */
static void single_family_stable_dimer_should_not_dissociate(void **state) {
  (void)state;
  run r = simulate("clusters:\n"
                   "  Ag25: {formula: \"[Ag25(C8H9S)18]-\", concentration: 4 nM}\n"
                   "  Au25: {formula: \"[Au25(C8H9S)18]-\", concentration: 4 nM}\n"
                   "mechanism:\n"
                   "  exchange: [Ag, Au]\n"
                   "  rates: {dimerization: 1e-2, dissociation: 0, exchange: 3.2e-2}\n"
                   "simulate: {end: 600 s, step: 30 s, normalize: none}\n");
  double prev = INFINITY;
  for (size_t k = 0; k < r.n_out; k++) {
    double mono = 0.0;
    for (size_t s = 0; s < r.net->n_monomers; s++) {
      mono += r.y[k * r.ns + s];
    }
    assert_true(mono <= prev + 1e-12);
    prev = mono;
  }
  /* second order with nothing coming back: c(t) = c0 / (1 + k c0 t), each
   * dimer taking two monomers (v = (k/2) c^2 per ordered pair, 2 consumed). */
  expect_rel(prev, 8.0 / (1.0 + 1e-2 * 8.0 * 600.0), 1e-5);
  run_free(&r);
}

/* Setting one pair's constants on a generated network gives the network
 * generated with them: every reaction's description (its rate included)
 * agrees; other pairs keep theirs; a pair that does not dimerize is refused. */
static void pair_rates_should_match_regeneration(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_model *a = ck_test_parse_ok(all_pairs);
  ck_model *b = ck_test_parse_ok(TINY_CLUSTERS
                                 "pairs:\n  - {between: all}\n"
                                 "  - {between: [A, B], rates: {dimerization: 3e-3, "
                                 "dissociation: 7e-2, exchange: 2e-3}}\n");
  ck_network *na = ck_network_generate(ctx, a), *nb = ck_network_generate(ctx, b);
  assert_non_null(na);
  assert_non_null(nb);
  assert_int_equal(ck_network_set_pair_rates(na, 1, 0, 3e-3, 7e-2, 2e-3), CK_OK);
  assert_int_equal(ck_network_reaction_count(na), ck_network_reaction_count(nb));
  for (size_t r = 0; r < ck_network_reaction_count(na); r++) {
    char da[256], db[256];
    ck_network_reaction_describe(na, r, da, sizeof da);
    ck_network_reaction_describe(nb, r, db, sizeof db);
    assert_string_equal(da, db);
  }
  assert_int_equal(ck_network_set_rates(na, 1, 1, 1), CK_ERR_UNSUPPORTED);
  assert_int_equal(ck_network_set_pair_rates(na, 0, 1, -1.0, 0, 0), CK_ERR_ARG);
  ck_network_free(nb);
  ck_model_free(b);
  b = ck_test_parse_ok(stable_hetero);
  nb = ck_network_generate(ctx, b);
  assert_non_null(nb);
  assert_int_equal(ck_network_set_pair_rates(nb, 0, 0, 1e-2, 1e-1, 1e-2), CK_ERR_ARG);
  ck_network_free(na), ck_network_free(nb);
  ck_model_free(a), ck_model_free(b);
  ck_ctx_free(ctx);
}

static void pairs_block_errors_should_be_named(void **state) {
  (void)state;
  ck_test_expect_model_error(TINY_CLUSTERS "pairs:\n  - {between: [A, C]}\n", CK_ERR_INPUT, 9,
                             "\"C\" is not a cluster name");
  ck_test_expect_model_error(TINY_CLUSTERS "pairs:\n  - {between: [A]}\n", CK_ERR_INPUT, 9,
                             "two cluster names");
  ck_test_expect_model_error(TINY_CLUSTERS
                             "pairs:\n  - {between: all, stable: true, rates: {dissociation: 1}}\n",
                             CK_ERR_INPUT, 9, "stable pair does not dissociate");
  ck_test_expect_model_error(TINY_CLUSTERS "pairs:\n  - {between: all, dimerise: true}\n",
                             CK_ERR_INPUT, 9, "dimerise");
  /* [Ag25]- and [AuAg24]- with a fixed Au that also exchanges: same labels */
  ck_test_expect_model_error(
      "clusters:\n"
      "  Ag25: {formula: \"[Ag25(C8H9S)18]-\", concentration: 1}\n"
      "  AuAg24: {formula: \"[Au2Ag23(C8H9S)18]-\", concentration: 1, fixed: {Au: 1}}\n"
      "mechanism:\n"
      "  exchange: [Ag, Au]\n"
      "  rates: {dimerization: 1e-2, dissociation: 1e-1, exchange: 3.2e-2}\n"
      "pairs:\n  - {between: all}\n",
      CK_ERR_UNSUPPORTED, 0, "channel labels would coincide");
  /* a pair's own rate as a fit parameter: the pair must have that constant */
  ck_test_expect_model_error(TINY_CLUSTERS
                             "pairs:\n  - {between: all, stable: true}\n"
                             "fit:\n  objective: traces\n  parameters:\n"
                             "    dissociation.A+A: {min: 1e-3, max: 1, points: 2}\n",
                             CK_ERR_INPUT, 13, "that pair is stable");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(tiny_heterodimer_network_should_match_the_hand_count),
      cmocka_unit_test(family_channels_should_parse_back),
      cmocka_unit_test(each_family_and_metal_should_be_conserved),
      cmocka_unit_test(stable_pair_should_accumulate_dimers_monotonically),
      cmocka_unit_test(exchange_off_should_keep_compositions),
      cmocka_unit_test(single_family_stable_dimer_should_not_dissociate),
      cmocka_unit_test(pair_rates_should_match_regeneration),
      cmocka_unit_test(pairs_block_errors_should_be_named),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
