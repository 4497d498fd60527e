/* SPDX-License-Identifier: MIT */
/* Fixed atoms (issue 5, item 3): a central dopant carried along, never exchanged,
 * counted in channel labels that parse back. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "network/network_impl.h"

/* [AuAg24]- and [Au25]- with the centre Au fixed: 24 exchangeable atoms each. */
static const char *gold_centre =
    "clusters:\n"
    "  AuAg24: {formula: \"[AuAg24(C8H9S)18]-\", concentration: 40 nM, fixed: {Au: 1}}\n"
    "  Au25: {formula: \"[Au25(C8H9S)18]-\", concentration: 40 nM, fixed: {Au: 1}}\n"
    "initial:\n"
    "  \"[Ag24Au1][Ag0Au25]\": 1 nM\n"
    "mechanism:\n"
    "  exchange: [Ag, Au]\n"
    "  rates: {dimerization: 1e-2, dissociation: 1e-1, exchange: 3.2e-2}\n";

/* The same dopant where gold does not exchange at all: Ag/Cu around one Au. */
static const char *foreign_centre =
    "clusters:\n"
    "  AuAg24: {formula: \"[AuAg24(C8H9S)18]-\", concentration: 40 nM, fixed: {Au: 1}}\n"
    "  AuCu24: {formula: \"[AuCu24(C8H9S)18]-\", concentration: 40 nM, fixed: {Au: 1}}\n"
    "mechanism:\n"
    "  exchange: [Ag, Cu]\n"
    "  rates: {dimerization: 1e-2, dissociation: 1e-1, exchange: 3.2e-2}\n";

static double binomial(int n, int k, double p) {
  return exp(lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0) + k * log(p) +
             (n - k) * log1p(-p));
}

static void fixed_atoms_should_leave_the_exchangeable_composition(void **state) {
  (void)state;
  ck_model *m = ck_test_parse_ok(gold_centre);
  assert_int_equal(m->nuclearity, 24);
  assert_int_equal(m->n_fixed, 1);
  assert_string_equal(m->fixed_metal[0], "Au");
  assert_int_equal(m->clusters[0].metal_count[0], 24);
  assert_int_equal(m->clusters[0].metal_count[1], 0);
  assert_int_equal(m->clusters[1].metal_count[1], 24);
  assert_int_equal(m->initial[0].subunit[0][0], 24); /* [Ag24Au1]: the Au is the fixed one */
  assert_int_equal(m->initial[0].subunit[0][1], 0);
  ck_model_free(m);
  ck_test_expect_model_error(
      "clusters:\n"
      "  AuAg24: {formula: \"[AuAg24(C8H9S)18]-\", concentration: 40 nM, fixed: {Au: 1}}\n"
      "  Au25: {formula: \"[Au25(C8H9S)18]-\", concentration: 40 nM}\n"
      "mechanism:\n"
      "  exchange: [Ag, Au]\n"
      "  rates: {dimerization: 1e-2, dissociation: 1e-1, exchange: 3.2e-2}\n",
      CK_ERR_UNSUPPORTED, 3, "fixed atoms");
  ck_test_expect_model_error(
      "clusters:\n"
      "  AuAg24: {formula: \"[AuAg24(C8H9S)18]-\", concentration: 40 nM, fixed: {Pt: 1}}\n"
      "mechanism:\n"
      "  exchange: [Ag, Au]\n"
      "  rates: {dimerization: 1e-2, dissociation: 1e-1, exchange: 3.2e-2}\n",
      CK_ERR_INPUT, 2, "formula");
}

/* Every channel label counts the fixed gold (1 per subunit) and parses back
 * to the exchangeable composition. */
static void labels_should_count_fixed_atoms_and_parse_back(void **state) {
  (void)state;
  const char *texts[2] = {gold_centre, foreign_centre};
  const char *first[2] = {"[Ag24Au1]1-", "[Ag24Cu0Au1]1-"};
  const char *first_dimer[2] = {"[Ag48Au2]2-", "[Ag48Cu0Au2]2-"};
  for (int k = 0; k < 2; k++) {
    ck_model *m = ck_test_parse_ok(texts[k]);
    ck_ctx *ctx = ck_ctx_create();
    ck_network *net = ck_network_generate(ctx, m);
    ck_channels *ch = ck_channels_create(ctx, net);
    assert_non_null(ch);
    assert_int_equal(ck_network_monomer_count(net), 25);
    assert_int_equal(ck_channels_count(ch), 25 + 49);
    assert_string_equal(ck_channels_label(ch, 0), first[k]);
    assert_string_equal(ck_channels_label(ch, 25), first_dimer[k]);
    for (size_t c = 0; c < ck_channels_count(ch); c++) {
      ck_channel_id id;
      assert_int_equal(ck_channel_label_parse(ctx, m, ck_channels_label(ch, c), &id), CK_OK);
      assert_int_equal(id.composition[0] + id.composition[1], c < 25 ? 24 : 48);
      size_t s;
      if (c < 25) { /* the monomer channel is its species */
        assert_int_equal(
            ck_network_find_species(net, 1, (const int(*)[CK_MAX_METALS])id.composition, &s),
            CK_OK);
        assert_int_equal(s, c);
      }
    }
    ck_channel_id id;
    assert_int_equal(ck_channel_label_parse(ctx, m, k == 0 ? "[Ag25Au0]1-" : "[Ag25Cu0]1-", &id),
                     CK_ERR_INPUT);
    assert_int_equal(ck_channel_label_parse(ctx, m, k == 0 ? "[Ag23Au2]2-" : "[Ag24Cu0Au2]1-", &id),
                     CK_ERR_INPUT);
    char label[64];
    ck_network_species_label(net, 0, label, sizeof label);
    assert_string_equal(label, k == 0 ? "[Ag24Au1]" : "[Ag24Cu0Au1]");
    ck_channels_free(ch);
    ck_network_free(net);
    ck_ctx_free(ctx);
    ck_model_free(m);
  }
}

/* Never exchanged: with statistical exchange the monomers end binomial over
 * the 24 exchangeable sites, p = 1/2 (if the centre moved it would be over
 * 25 sites with p = 25/50 ... and [Ag25] would appear); and no species ever
 * holds fewer Au than its fixed ones (its label starts at Au1 per subunit) —
 * the gold channel totals stay 40 nM x (24 + 1) + 40 nM x 1 in Au atoms. */
static void fixed_atoms_should_never_move(void **state) {
  (void)state;
  ck_model *m = ck_test_parse_ok(gold_centre);
  ck_ctx *ctx = ck_ctx_create();
  ck_network *net = ck_network_generate(ctx, m);
  size_t n = ck_network_species_count(net), nm = ck_network_monomer_count(net);
  ck_solver_options o = {1e-10, 1e-16, CK_LINSOL_AUTO, 1000000, 0};
  ck_solver *solver = ck_solver_create(ctx, net, &o);
  double *y0 = calloc(n, sizeof *y0), *y = calloc(2 * n, sizeof *y), t[2] = {100.0, 1e6};
  assert_int_equal(ck_model_initial_state(ctx, m, net, y0), CK_OK);
  assert_int_equal(ck_solver_run(solver, ctx, y0, 0.0, 2, t, y), CK_OK);
  ck_channels *ch = ck_channels_create(ctx, net);
  double *chan = calloc(ck_channels_count(ch), sizeof *chan);
  for (int k = 0; k < 2; k++) {
    ck_channels_compute(ch, y + (size_t)k * n, CK_NORMALIZE_NONE, chan);
    double au_atoms = 0.0, clusters = 0.0;
    for (size_t c = 0; c < ck_channels_count(ch); c++) {
      ck_channel_id id;
      assert_int_equal(ck_channel_label_parse(ctx, m, ck_channels_label(ch, c), &id), CK_OK);
      au_atoms += chan[c] * (id.composition[1] + id.n_subunits); /* label Au = exch. + fixed */
      clusters += chan[c] * id.n_subunits;
    }
    expect_rel(clusters, 82.0, 1e-8); /* 40 + 40 nM clusters, plus the 1 nM initial dimer */
    expect_rel(au_atoms, 41.0 * 25 + 41.0 * 1, 1e-8);
  }
  double mono = 0.0;
  for (size_t i = 0; i < nm; i++) {
    mono += y[n + i];
  }
  for (size_t i = 0; i < nm; i++) {
    expect_abs(y[n + i] / mono, binomial(24, 24 - (int)i, 0.5), 1e-8);
  }
  free(chan);
  ck_channels_free(ch);
  free(y0), free(y);
  ck_solver_free(solver);
  ck_network_free(net);
  ck_ctx_free(ctx);
  ck_model_free(m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(fixed_atoms_should_leave_the_exchangeable_composition),
      cmocka_unit_test(labels_should_count_fixed_atoms_and_parse_back),
      cmocka_unit_test(fixed_atoms_should_never_move),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
