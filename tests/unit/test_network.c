/* SPDX-License-Identifier: MIT */
/* Network generation: species and reaction counts, exchange probabilities, labels. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "network/network_impl.h"

static ck_network *generate(ck_model *model) {
  ck_ctx *ctx = ck_ctx_create();
  ck_network *net = ck_network_generate(ctx, model);
  if (net == NULL) {
    fail_msg("generate: %s", ck_ctx_errtext(ctx));
  }
  ck_ctx_free(ctx);
  ck_model_free(model);
  return net;
}

static void expect_counts(const ck_network *net, size_t mono, size_t dimers, size_t exchange) {
  assert_int_equal(ck_network_monomer_count(net), mono);
  assert_int_equal(ck_network_dimer_count(net), dimers);
  assert_int_equal(ck_network_species_count(net), mono + dimers);
  assert_int_equal(ck_network_reaction_count_of(net, CK_REACTION_DIMERIZATION), dimers);
  assert_int_equal(ck_network_reaction_count_of(net, CK_REACTION_DISSOCIATION), dimers);
  assert_int_equal(ck_network_reaction_count_of(net, CK_REACTION_EXCHANGE), exchange);
  assert_int_equal(ck_network_reaction_count(net), 2 * dimers + exchange);
}

/* MODEL.md section 2: 26 + 351 = 377 species, 351 + 351 + 600 = 1302 reactions. */
static void seed_model_should_have_paper_counts(void **state) {
  (void)state;
  ck_network *net = generate(ck_test_model(25, 2, CK_EXCHANGE_STATISTICAL, 1, 1e-2, 5.6e-2,
                                           3.2e-2, 40, 40));
  expect_counts(net, 26, 351, 600);
  ck_network_free(net);
}

/* By hand, N = 2: monomers Ag2, AgAu, Au2; six dimers; only {Ag2,Au2} <-> {AgAu,AgAu}
 * exchange ({Ag2,AgAu} -> {AgAu,Ag2} is the same isomer). N = 3: chains with
 * Ag sum 2, 3, 4 each hold two isomers: three pairs, six directed reactions. */
static void small_models_should_have_hand_counted_sizes(void **state) {
  (void)state;
  ck_network *net = generate(ck_test_model(2, 2, CK_EXCHANGE_CONSTANT, -1, 1, 1, 1, 1, 1));
  expect_counts(net, 3, 6, 2);
  ck_network_free(net);
  net = generate(ck_test_model(3, 2, CK_EXCHANGE_STATISTICAL, -1, 1, 1, 1, 1, 1));
  expect_counts(net, 4, 10, 6);
  ck_network_free(net);
  net = generate(ck_test_model(25, 1, CK_EXCHANGE_STATISTICAL, -1, 1, 1, 1, 1, 0));
  expect_counts(net, 1, 1, 0); /* one metal: nothing to exchange */
  ck_network_free(net);
}

/* Issue 5's sizes: ternary N = 25 has C(27,2) = 351 monomers and 351*352/2 dimers. */
static void ternary_model_should_count_compositions(void **state) {
  (void)state;
  ck_model *m = ck_test_model(25, 3, CK_EXCHANGE_STATISTICAL, -1, 1, 1, 1, 1, 1);
  ck_network *net = generate(m);
  assert_int_equal(ck_network_monomer_count(net), 351);
  assert_int_equal(ck_network_dimer_count(net), 61776);
  ck_network_free(net);
}

static size_t dimer_species(const ck_network *net, int ag1, int ag2) {
  int sub[2][CK_MAX_METALS] = {{ag1, 25 - ag1}, {ag2, 25 - ag2}};
  size_t s;
  assert_int_equal(ck_network_find_species(net, 2, (const int(*)[CK_MAX_METALS])sub, &s), CK_OK);
  return s;
}

/* Rate coefficient of the exchange from one isomer to another (0 if none). */
static double exchange_rate(const ck_network *net, size_t from, size_t to) {
  double k = 0.0;
  for (size_t r = 0; r < net->n_reactions; r++) {
    if (net->kind[r] == CK_REACTION_EXCHANGE && (size_t)net->reactant[2 * r] == from &&
        (size_t)net->product[2 * r] == to) {
      k += net->rate[r];
    }
  }
  return k;
}

/* MODEL.md section 2: [(Ag24Au)(AgAu24)] -> more mixed P = 0.9216, less mixed 0.0016;
 * homodimer D{n,n} -> D{n+1,n-1}: P = 2 n (N - n) / N^2; self-maps are no reaction. */
static void statistical_exchange_should_use_paper_probabilities(void **state) {
  (void)state;
  ck_network *net = generate(ck_test_model(25, 2, CK_EXCHANGE_STATISTICAL, -1, 1, 1, 1, 1, 1));
  expect_rel(exchange_rate(net, dimer_species(net, 24, 1), dimer_species(net, 23, 2)), 0.9216, 1e-12);
  expect_rel(exchange_rate(net, dimer_species(net, 24, 1), dimer_species(net, 25, 0)), 0.0016, 1e-12);
  for (int n = 1; n < 25; n++) {
    double p = 2.0 * n * (25 - n) / 625.0;
    expect_rel(exchange_rate(net, dimer_species(net, n, n), dimer_species(net, n + 1, n - 1)), p,
               1e-12);
  }
  assert_true(exchange_rate(net, dimer_species(net, 13, 12), dimer_species(net, 12, 13)) == 0.0);
  ck_network_set_rates(net, 1, 1, 3.2e-2);
  expect_rel(exchange_rate(net, dimer_species(net, 24, 1), dimer_species(net, 23, 2)),
             0.9216 * 3.2e-2, 1e-12);
  ck_network_free(net);
}

/* Constant exchange: every directed exchange has k_ex; gold-fraction scaling:
 * f = ((N-m)+(N-n))/(2N) (paper: Ag8Au17 + Ag15Au10 -> 0.54), halved for homodimers. */
static void constant_exchange_and_scaling_should_follow_conventions(void **state) {
  (void)state;
  ck_network *net = generate(ck_test_model(25, 2, CK_EXCHANGE_CONSTANT, 1, 1e-2, 1, 3.2e-2, 1, 1));
  for (size_t r = 0; r < net->n_reactions; r++) {
    if (net->kind[r] == CK_REACTION_EXCHANGE) {
      expect_rel(net->rate[r], 3.2e-2, 1e-15);
    }
  }
  size_t d = dimer_species(net, 15, 8);
  for (size_t r = 0; r < net->n_reactions; r++) {
    if (net->kind[r] == CK_REACTION_DIMERIZATION && (size_t)net->product[2 * r] == d) {
      expect_rel(net->rate[r], 0.54e-2, 1e-12);
    }
    if (net->kind[r] == CK_REACTION_DIMERIZATION &&
        (size_t)net->product[2 * r] == dimer_species(net, 10, 10)) {
      expect_rel(net->rate[r], 0.5 * 0.6e-2, 1e-12);
    }
  }
  ck_network_free(net);
}

static void labels_should_name_every_metal(void **state) {
  (void)state;
  ck_network *net = generate(ck_test_model(25, 2, CK_EXCHANGE_STATISTICAL, -1, 1, 1, 1, 1, 1));
  char buf[64];
  ck_network_species_label(net, 0, buf, sizeof buf);
  assert_string_equal(buf, "[Ag25Au0]");
  ck_network_species_label(net, dimer_species(net, 0, 25), buf, sizeof buf);
  assert_string_equal(buf, "[Ag25Au0][Ag0Au25]");
  int need = ck_network_species_label(net, 30, buf, 4); /* truncated like snprintf */
  assert_true(need > 3);
  assert_int_equal(strlen(buf), 3);
  ck_ctx *ctx = ck_ctx_create();
  ck_channels *ch = ck_channels_create(ctx, net);
  assert_int_equal(ck_channels_count(ch), 77);
  assert_string_equal(ck_channels_label(ch, 0), "[Ag25Au0]1-");
  assert_string_equal(ck_channels_label(ch, 25), "[Ag0Au25]1-");
  assert_string_equal(ck_channels_label(ch, 26), "[Ag50Au0]2-");
  assert_string_equal(ck_channels_label(ch, 76), "[Ag0Au50]2-");
  /* [Ag25Au25]2- collects the 13 isomers with m + n = 25, each once. */
  double *y = calloc(net->n_species, sizeof *y), out[77];
  for (int m = 13; m <= 25; m++) {
    y[dimer_species(net, m, 25 - m)] = 1.0;
  }
  y[0] = 13.0;
  ck_channels_compute(ch, y, CK_NORMALIZE_NONE, out);
  expect_rel(out[26 + 25], 13.0, 1e-15);
  ck_channels_compute(ch, y, CK_NORMALIZE_TOTAL_ION, out);
  expect_rel(out[26 + 25], 0.5, 1e-15);
  expect_rel(out[0], 0.5, 1e-15);
  free(y);
  ck_channels_free(ch);
  ck_ctx_free(ctx);
  ck_network_free(net);
}

static void composition_rank_should_invert_enumeration(void **state) {
  (void)state;
  for (int m = 1; m <= 4; m++) {
    int n = 7;
    size_t count = (size_t)ck_composition_count(n, m);
    int *all = calloc(count * (size_t)m, sizeof *all);
    ck_composition_enumerate(n, m, all);
    for (size_t i = 0; i < count; i++) {
      assert_int_equal(ck_composition_rank(all + i * (size_t)m, n, m), i);
    }
    free(all);
  }
  assert_int_equal(ck_composition_count(25, 3), 351);
  assert_int_equal(ck_composition_count(144, 2), 145);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(seed_model_should_have_paper_counts),
      cmocka_unit_test(small_models_should_have_hand_counted_sizes),
      cmocka_unit_test(ternary_model_should_count_compositions),
      cmocka_unit_test(statistical_exchange_should_use_paper_probabilities),
      cmocka_unit_test(constant_exchange_and_scaling_should_follow_conventions),
      cmocka_unit_test(labels_should_name_every_metal),
      cmocka_unit_test(composition_rank_should_invert_enumeration),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
