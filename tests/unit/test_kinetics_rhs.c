/* SPDX-License-Identifier: MIT */
/* The right-hand side's plan (src/solver/kinetics.c: a reaction and its
 * reverse as one net flux, unpaired reactions in their shape loops) against
 * the network's own stoichiometry (dy_i/dt = sum coef * v, MODEL.md
 * section 2), and the pair counts of the seed model derived by hand. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "network/network_impl.h"
#include "solver/kinetics.h"

static unsigned long long lcg_state = 2024;
static double uniform(void) {
  lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (double)(lcg_state >> 11) * 0x1.0p-53;
}

/* dydt summed reaction by reaction from the network's own entries
 * (ck_network_reaction_entries), and per species the sum of |terms| (the
 * scale that rounding in either sum is relative to). */
static void reference_rhs(const ck_network *net, const double *y, double *dydt, double *scale) {
  memset(dydt, 0, net->n_species * sizeof *dydt);
  memset(scale, 0, net->n_species * sizeof *scale);
  for (size_t r = 0; r < net->n_reactions; r++) {
    int sp[4], a = net->reactant[2 * r], b = net->reactant[2 * r + 1];
    double co[4], v = net->rate[r] * y[a] * (b >= 0 ? y[b] : 1.0);
    int n = ck_network_reaction_entries(net, r, sp, co);
    for (int e = 0; e < n; e++) {
      dydt[sp[e]] += co[e] * v, scale[sp[e]] += fabs(co[e] * v);
    }
  }
}

static void expect_rhs_matches(ck_network *net, const ck_kinetics *kin) {
  size_t n = net->n_species;
  double *y = calloc(n, sizeof *y), *got = calloc(n, sizeof *got);
  double *want = calloc(n, sizeof *want), *scale = calloc(n, sizeof *scale);
  for (int trial = 0; trial < 3; trial++) {
    for (size_t i = 0; i < n; i++) {
      y[i] = 40.0 * uniform() * pow(10.0, -6.0 * uniform()); /* nM, over six decades */
    }
    ck_kinetics_rhs((ck_kinetics *)kin, y, got);
    reference_rhs(net, y, want, scale);
    for (size_t i = 0; i < n; i++) {
      expect_abs(got[i], want[i], 1e-14 * scale[i] + 1e-300);
    }
  }
  free(y), free(got), free(want), free(scale);
}

/* Seed model, binary N = 25: 325 heterodimers (a pair each: dimerization +
 * dissociation), 26 homodimers (2A -> D and D -> 2A: two coefficients, so
 * the general loop), 600 exchange reactions = 300 forward/reverse pairs. */
static void seed_model_should_pair_every_reversible_reaction(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_model *model = ck_test_model(25, 2, CK_EXCHANGE_STATISTICAL, 1, 1e-2, 5.6e-2, 3.2e-2, 40, 40);
  ck_network *net = ck_network_generate(ctx, model);
  assert_non_null(net);
  ck_kinetics kin;
  assert_int_equal(ck_kinetics_init(ctx, &kin, net), CK_OK);
  assert_int_equal(kin.n_iso_pair, 300);
  assert_int_equal(kin.n_bind_pair, 325);
  assert_int_equal(kin.n_general, 2 * 26);
  for (int g = 0; g < CK_SHAPE_COUNT; g++) {
    assert_int_equal(kin.n_rest[g], 0);
  }
  expect_rhs_matches(net, &kin);
  ck_kinetics_destroy(&kin);
  ck_network_free(net);
  ck_model_free(model);
  ck_ctx_free(ctx);
}

/* Hand-built: species 0, 1 monomers, 2, 3, 4 "dimers". Reactions:
 * 2 -> 3 and 3 -> 2 (a pair), 3 -> 4 twice and 4 -> 3 once (one pair, one
 * left over), 0 + 1 -> 2 and 2 -> 0 + 1 (a pair), 0 + 1 -> 4 (no reverse),
 * 3 -> 0 + 1 (no join of its own). */
static void unpaired_reactions_should_keep_their_loops(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_network *net = ck_network_alloc(ctx, 2, 3, 1, 16);
  assert_non_null(net);
  int atoms[5] = {1, 1, 2, 2, 2};
  memcpy(net->metal_counts, atoms, sizeof atoms);
  net->k[CK_REACTION_DIMERIZATION] = 0.3;
  net->k[CK_REACTION_DISSOCIATION] = 0.7;
  net->k[CK_REACTION_EXCHANGE] = 1.1;
  ck_network_add_reaction(net, CK_REACTION_EXCHANGE, 2, -1, 3, -1, 1.0);
  ck_network_add_reaction(net, CK_REACTION_EXCHANGE, 3, -1, 4, -1, 0.5);
  ck_network_add_reaction(net, CK_REACTION_EXCHANGE, 3, -1, 2, -1, 2.0);
  ck_network_add_reaction(net, CK_REACTION_EXCHANGE, 4, -1, 3, -1, 3.0);
  ck_network_add_reaction(net, CK_REACTION_EXCHANGE, 3, -1, 4, -1, 0.25);
  ck_network_add_reaction(net, CK_REACTION_DIMERIZATION, 0, 1, 2, -1, 1.0);
  ck_network_add_reaction(net, CK_REACTION_DIMERIZATION, 1, 0, 4, -1, 1.5);
  ck_network_add_reaction(net, CK_REACTION_DISSOCIATION, 2, -1, 1, 0, 1.0);
  ck_network_add_reaction(net, CK_REACTION_DISSOCIATION, 3, -1, 0, 1, 2.0);
  ck_network_finalize(net);
  ck_kinetics kin;
  assert_int_equal(ck_kinetics_init(ctx, &kin, net), CK_OK);
  assert_int_equal(kin.n_iso_pair, 2);
  assert_int_equal(kin.n_rest[CK_SHAPE_ISOMERIZE], 1);
  assert_int_equal(kin.n_bind_pair, 1);
  assert_int_equal(kin.n_rest[CK_SHAPE_JOIN], 1);
  assert_int_equal(kin.n_rest[CK_SHAPE_SPLIT], 1);
  expect_rhs_matches(net, &kin);
  ck_kinetics_destroy(&kin);
  ck_network_free(net);
  ck_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(seed_model_should_pair_every_reversible_reaction),
      cmocka_unit_test(unpaired_reactions_should_keep_their_loops),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
