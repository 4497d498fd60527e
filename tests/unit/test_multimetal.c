/* SPDX-License-Identifier: MIT */
/* Any number of exchangeable metals (issue 5, item 1): ternary networks, their
 * multinomial equilibrium, and channel labels that parse back. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "network/network_impl.h"

/* Ternary Ag/Au/Cu, N = 4, statistical exchange, f = 1, unequal amounts. */
static const char *ternary_text =
    "clusters:\n"
    "  Ag4: {formula: \"[Ag4(SCH3)3]-\", concentration: 20 nM}\n"
    "  Au4: {formula: \"[Au4(SCH3)3]-\", concentration: 30 nM}\n"
    "  Cu4: {formula: \"[Cu4(SCH3)3]-\", concentration: 50 nM}\n"
    "mechanism:\n"
    "  kind: KIND\n"
    "  exchange: [Ag, Au, Cu]\n"
    "  rates: {dimerization: 1e-2, dissociation: 1e-1, exchange: 3.2e-2}\n";

static ck_model *ternary(const char *kind) {
  char text[1024];
  const char *at = strstr(ternary_text, "KIND");
  snprintf(text, sizeof text, "%.*s%s%s", (int)(at - ternary_text), ternary_text, kind, at + 4);
  return ck_test_parse_ok(text);
}

/* Multinomial probability of composition c of n atoms with metal fractions p. */
static double multinomial(const int *c, int m, int n, const double *p) {
  double l = lgamma(n + 1.0);
  for (int x = 0; x < m; x++) {
    l += c[x] * log(p[x]) - lgamma(c[x] + 1.0);
  }
  return exp(l);
}

/* Detailed balance of statistical exchange holds for any number of metals:
 * the monomers end multinomial(N; p) with p the overall metal fractions
 * (0.2, 0.3, 0.5), and each dimer isomer D{i,j} is (2 - delta_ij) x_i x_j of
 * all dimers. Collision exchange ends the same for monomers. Counts by hand:
 * C(6,2) = 15 monomers, 15*16/2 = 120 dimers. */
static void ternary_statistical_exchange_should_end_multinomial(void **state) {
  (void)state;
  const char *kinds[2] = {"dimer-exchange", "collision-exchange"};
  const double p[3] = {0.2, 0.3, 0.5};
  for (int k = 0; k < 2; k++) {
    ck_model *model = ternary(kinds[k]);
    ck_network *net = ck_test_generate(model);
    size_t nm = ck_network_monomer_count(net);
    assert_int_equal(nm, 15);
    assert_int_equal(ck_network_dimer_count(net), k == 0 ? 120 : 0);
    ck_solver_options o = {1e-11, 1e-16, CK_LINSOL_AUTO, 1000000, 0};
    double t[1] = {1e6}, x[15];
    double *y = ck_test_simulate(model, net, 1, t, &o, NULL);
    for (size_t i = 0; i < nm; i++) {
      x[i] = multinomial(net->composition + 3 * i, 3, 4, p);
    }
    ck_test_expect_exchange_equilibrium(net, y, x, 1e-8);
    free(y);
    ck_network_free(net);
    ck_model_free(model);
  }
}

/* Every channel label of a ternary model parses back to its own composition
 * and charge (MODEL.md section 8: every exchange metal in model order), and
 * labels in another order or with a metal missing are refused. */
static void ternary_channel_labels_should_parse_back(void **state) {
  (void)state;
  ck_model *model = ternary("dimer-exchange");
  ck_ctx *ctx = ck_ctx_create();
  ck_network *net = ck_network_generate(ctx, model);
  ck_channels *ch = ck_channels_create(ctx, net);
  assert_non_null(ch);
  /* 15 monomer channels and C(10,2) = 45 dimer sum formulas */
  assert_int_equal(ck_channels_count(ch), 15 + 45);
  for (size_t c = 0; c < ck_channels_count(ch); c++) {
    ck_channel_id id;
    const char *label = ck_channels_label(ch, c);
    assert_int_equal(ck_channel_label_parse(ctx, model, label, &id), CK_OK);
    char again[64];
    int at = snprintf(again, sizeof again, "[Ag%dAu%dCu%d]%d-", id.composition[0],
                      id.composition[1], id.composition[2], -id.charge);
    assert_true(at < (int)sizeof again);
    assert_string_equal(again, label);
    assert_int_equal(id.n_subunits, c < 15 ? 1 : 2);
  }
  ck_channel_id id;
  assert_int_equal(ck_channel_label_parse(ctx, model, "[Ag1Au1Cu2]1-", &id), CK_OK);
  assert_int_equal(ck_channel_label_parse(ctx, model, "[Ag8Au9Cu8]1-", &id), CK_ERR_INPUT);
  assert_int_equal(ck_channel_label_parse(ctx, model, "[Au1Ag1Cu2]1-", &id), CK_ERR_INPUT);
  assert_int_equal(ck_channel_label_parse(ctx, model, "[Ag2Au2]1-", &id), CK_ERR_INPUT);
  ck_channels_free(ch);
  ck_network_free(net);
  ck_ctx_free(ctx);
  ck_model_free(model);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(ternary_statistical_exchange_should_end_multinomial),
      cmocka_unit_test(ternary_channel_labels_should_parse_back),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
