/* SPDX-License-Identifier: MIT */
/* Collision exchange (MODEL.md section 3): counts, equilibrium, and the
 * fast-dissociation limit of the dimer-exchange mechanism. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "network/network_impl.h"

static ck_model *collision_model(int n, int n_metals, ck_exchange_probability prob, double k_c,
                                 double c_a, double c_b) {
  ck_model *m = ck_test_model(n, n_metals, prob, -1, 0, 0, 0, c_a, c_b);
  m->kind = CK_MECHANISM_COLLISION_EXCHANGE;
  m->k_coll_per_nM_s = k_c;
  return m;
}

/* One collision per dimer-exchange reaction: D{a,b} -> D{a',b'} and
 * M_a + M_b -> M_a' + M_b' come from the same swaps (600 for binary N = 25,
 * MODEL.md section 2); no dimers, no dimerization or dissociation. By hand,
 * N = 2: {Ag2, Au2} <-> {AgAu, AgAu} only, two reactions. */
static void collision_network_should_mirror_dimer_exchanges(void **state) {
  (void)state;
  int sizes[3][2] = {{25, 2}, {2, 2}, {5, 3}};
  for (int k = 0; k < 3; k++) {
    ck_model *cm = collision_model(sizes[k][0], sizes[k][1], CK_EXCHANGE_STATISTICAL, 1e-4, 1, 1);
    ck_model *dm =
        ck_test_model(sizes[k][0], sizes[k][1], CK_EXCHANGE_STATISTICAL, -1, 1, 1, 1, 1, 1);
    ck_network *c = ck_test_generate(cm), *d = ck_test_generate(dm);
    assert_int_equal(ck_network_dimer_count(c), 0);
    assert_int_equal(ck_network_monomer_count(c), ck_network_monomer_count(d));
    assert_int_equal(ck_network_reaction_count_of(c, CK_REACTION_DIMERIZATION), 0);
    assert_int_equal(ck_network_reaction_count_of(c, CK_REACTION_DISSOCIATION), 0);
    assert_int_equal(ck_network_reaction_count(c),
                     ck_network_reaction_count_of(d, CK_REACTION_EXCHANGE));
    if (k == 0) {
      assert_int_equal(ck_network_reaction_count(c), 600);
    } else if (k == 1) {
      assert_int_equal(ck_network_reaction_count(c), 2);
    }
    assert_int_equal(ck_network_mechanism(c), CK_MECHANISM_COLLISION_EXCHANGE);
    assert_int_equal(ck_network_set_rates(c, 1, 1, 1), CK_ERR_UNSUPPORTED);
    assert_int_equal(ck_network_set_collision_rate(d, 1), CK_ERR_UNSUPPORTED);
    ck_network_free(c), ck_network_free(d);
    ck_model_free(cm), ck_model_free(dm);
  }
}

/* Rate coefficients by hand, binary N = 2 with k_c = 3: Ag2 + Au2 -> 2 AgAu
 * with P = (2/2)(2/2) = 1; 2 AgAu -> Ag2 + Au2 is a homo-encounter, v =
 * (k_c/2) P [AgAu]^2 with P = (1/2)(1/2) summed over the two labelled swaps
 * (Ag of the first for Au of the second and the reverse) = 1/2. */
static void collision_rates_should_follow_the_dimer_limit(void **state) {
  (void)state;
  ck_model *m = collision_model(2, 2, CK_EXCHANGE_STATISTICAL, 3.0, 1, 1);
  ck_network *net = ck_test_generate(m);
  assert_int_equal(net->n_reactions, 2);
  for (size_t r = 0; r < 2; r++) {
    if (net->reactant[2 * r] == net->reactant[2 * r + 1]) {
      assert_int_equal(net->reactant[2 * r], 1);
      expect_rel(net->rate[r], 3.0 * 0.5 * 0.5, 1e-15);
    } else {
      expect_rel(net->rate[r], 3.0, 1e-15);
    }
  }
  assert_int_equal(ck_network_set_collision_rate(net, 2.0), CK_OK);
  expect_rel(net->rate[0] + net->rate[1], 2.0 * 1.25, 1e-15);
  ck_network_free(net);
  ck_model_free(m);
}

static double binomial(int n, int k, double p) {
  return exp(lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0) + k * log(p) +
             (n - k) * log1p(-p));
}

/* Statistical collision exchange satisfies the same detailed balance as the
 * dimer mechanism: the monomers end binomial(N, p), p = total Ag fraction,
 * and every metal is conserved (the solver checks it at each output). */
static void statistical_collision_should_end_binomial(void **state) {
  (void)state;
  ck_model *m = collision_model(6, 2, CK_EXCHANGE_STATISTICAL, 1e-3, 30, 50);
  ck_network *net = ck_test_generate(m);
  double t[1] = {1e6};
  double *y = ck_test_simulate(m, net, 1, t, NULL, NULL);
  double total = 0.0, ag = 0.0;
  for (int i = 0; i < 7; i++) {
    total += y[i];
    ag += (6 - i) * y[i]; /* species i holds 6 - i Ag */
  }
  expect_rel(total, 80.0, 1e-9);
  expect_rel(ag, 6 * 30.0, 1e-9);
  for (int i = 0; i < 7; i++) {
    expect_abs(y[i] / total, binomial(6, 6 - i, 30.0 / 80.0), 1e-7);
  }
  free(y);
  ck_network_free(net);
  ck_model_free(m);
}

/* Largest difference over the outputs between the normalised monomer
 * distributions of the two runs. */
static double max_distribution_gap(const double *a, size_t na, const double *b, size_t nb,
                                   size_t nm, size_t n_out) {
  double gap = 0.0;
  for (size_t k = 0; k < n_out; k++) {
    double sa = 0.0, sb = 0.0;
    for (size_t i = 0; i < nm; i++) {
      sa += a[k * na + i], sb += b[k * nb + i];
    }
    for (size_t i = 0; i < nm; i++) {
      gap = fmax(gap, fabs(a[k * na + i] / sa - b[k * nb + i] / sb));
    }
  }
  return gap;
}

/* The limit. With c the total monomer concentration, d1 = k_dim c / k_diss
 * (share of material held in dimers) and d2 = k_ex / k_diss (chance of a
 * second exchange before the dimer falls apart), the dimer model's exchange
 * flux is the collision flux k_c P [M_a][M_b] times (1 + O(d1)) (its free
 * monomers are depleted by the dimers) times (1 + O(d2)) (k_ex P / (k_diss +
 * k_ex P) per encounter instead of k_ex P / k_diss), and it lags by 1/k_diss,
 * O(d1 d2) relative to the exchange time 1/(k_c c). The normalised monomer
 * distributions therefore differ by C (d1 + d2) with C of order the
 * distribution's total change (<= 1): first order. Asserted: the gap is
 * below (d1 + d2) / 2 (measured: C = 0.16), far below the change itself, and halves (ratio 0.5 +-
 * 0.1) when d1 and d2 are both halved (k_diss x4, k_ex/k_diss /2, k_c fixed). */
static void collision_should_be_the_fast_dissociation_limit(void **state) {
  (void)state;
  const double k_c = 1e-5, c = 100.0; /* exchange time 1/(k_c c) = 1000 s */
  enum { N_OUT = 40 };
  double t[N_OUT];
  for (int k = 0; k < N_OUT; k++) {
    t[k] = 100.0 * (k + 1);
  }
  ck_model *cm = collision_model(4, 2, CK_EXCHANGE_STATISTICAL, k_c, c / 2, c / 2);
  ck_network *cn = ck_test_generate(cm);
  double *yc = ck_test_simulate(cm, cn, N_OUT, t, NULL, NULL);
  size_t nm = ck_network_monomer_count(cn);
  double change = 0.0; /* how far the distribution moves: x(0) = (1/2, 0, 0, 0, 1/2) */
  for (size_t i = 0; i < nm; i++) {
    double s = 0.0;
    for (size_t j = 0; j < nm; j++) {
      s += yc[(N_OUT - 1) * nm + j];
    }
    double x0 = (i == 0 || i == nm - 1) ? 0.5 : 0.0;
    change = fmax(change, fabs(yc[(N_OUT - 1) * nm + i] / s - x0));
  }
  double gap[2], d[2];
  for (int h = 0; h < 2; h++) {
    double k_diss = 100.0 * (h == 0 ? 1.0 : 4.0), eps = h == 0 ? 1e-2 : 5e-3;
    double k_ex = eps * k_diss, k_dim = k_c * k_diss / k_ex;
    d[h] = k_dim * c / k_diss + eps;
    assert_true(k_dim * c / k_diss <= 1e-3);
    ck_model *dm =
        ck_test_model(4, 2, CK_EXCHANGE_STATISTICAL, -1, k_dim, k_diss, k_ex, c / 2, c / 2);
    ck_network *dn = ck_test_generate(dm);
    double *yd = ck_test_simulate(dm, dn, N_OUT, t, NULL, NULL);
    gap[h] = max_distribution_gap(yd, ck_network_species_count(dn), yc, nm, nm, N_OUT);
    free(yd);
    ck_network_free(dn);
    ck_model_free(dm);
  }
  ck_test_expect_collision_limit("collision limit", change, 0.3, gap, d);
  free(yc);
  ck_network_free(cn);
  ck_model_free(cm);
}

/* The model file: kind collision-exchange takes rates.collision only. */
static void model_file_should_read_the_collision_rate(void **state) {
  (void)state;
  const char *text =
      "clusters:\n"
      "  Ag25: {formula: \"[Ag25(C8H9S)18]-\", concentration: 40 nM}\n"
      "  Au25: {formula: \"[Au25(C8H9S)18]-\", concentration: 40 nM}\n"
      "mechanism:\n"
      "  kind: collision-exchange\n"
      "  exchange: [Ag, Au]\n"
      "  rates: {collision: 2e-3 /uM/s}\n";
  ck_model *m = ck_test_parse_ok(text);
  assert_int_equal(m->kind, CK_MECHANISM_COLLISION_EXCHANGE);
  expect_rel(m->k_coll_per_nM_s, 2e-6, 1e-14);
  ck_model_free(m);
  ck_test_expect_model_error(
      "clusters:\n"
      "  Ag25: {formula: \"[Ag25(C8H9S)18]-\", concentration: 40 nM}\n"
      "  Au25: {formula: \"[Au25(C8H9S)18]-\", concentration: 40 nM}\n"
      "mechanism:\n"
      "  kind: collision-exchange\n"
      "  exchange: [Ag, Au]\n"
      "  rates: {collision: 1e-3, exchange: 3.2e-2 /s}\n",
      CK_ERR_INPUT, 7, "not both");
  m = ck_test_parse_ok(
      "clusters:\n"
      "  Ag25: {formula: \"[Ag25(C8H9S)18]-\", concentration: 40 nM}\n"
      "  Au25: {formula: \"[Au25(C8H9S)18]-\", concentration: 40 nM}\n"
      "mechanism:\n"
      "  kind: collision-exchange\n"
      "  exchange: [Ag, Au]\n"
      "  rates: {dimerization: 1e-2, dissociation: 5 /s, exchange: 2e-2}\n");
  expect_rel(m->k_coll_per_nM_s, 1e-2 * 2e-2 / 5, 1e-14); /* k_dim k_ex / k_diss */
  ck_model_free(m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(collision_network_should_mirror_dimer_exchanges),
      cmocka_unit_test(collision_rates_should_follow_the_dimer_limit),
      cmocka_unit_test(statistical_collision_should_end_binomial),
      cmocka_unit_test(collision_should_be_the_fast_dissociation_limit),
      cmocka_unit_test(model_file_should_read_the_collision_rate),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
