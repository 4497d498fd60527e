/* SPDX-License-Identifier: MIT */
/* Opt-in trimers (issue 5 item 7; src/network/trimers.c): counts by
 * enumeration, labels that parse back, conservation, the k_tri = 0 limit and
 * the detailed-balance equilibrium in closed form. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "network/network_impl.h"

static void with_trimers(ck_model *m, double k_tri, double k_tri_diss, int exchange) {
  m->trimers.enabled = 1;
  m->trimers.k_tri_per_nM_s = k_tri;
  m->trimers.k_tri_diss_per_s = k_tri_diss;
  m->trimers.exchange = exchange;
}

/* ---- counts by brute force (binary) ------------------------------------- */

/* Binary monomer states are the Ag counts a = N..0 (species N - a). A trimer
 * is a sorted triple of Ag counts; its key packs them in base N + 1. */
static long key_of(int a, int b, int c, int base) {
  int s[3] = {a, b, c};
  for (int i = 0; i < 3; i++) {
    for (int j = i + 1; j < 3; j++) {
      if (s[j] < s[i]) {
        int t = s[i];
        s[i] = s[j], s[j] = t;
      }
    }
  }
  return ((long)s[0] * base + s[1]) * base + s[2];
}

/* Distinct product trimers of {x[0], x[1], x[2]}: one Ag moves from one
 * subunit to another (and an Au back), the result differing from the start. */
static int exchange_products_by_hand(const int x[3], int n) {
  long seen[12];
  int count = 0;
  long self = key_of(x[0], x[1], x[2], n + 1);
  for (int from = 0; from < 3; from++) {
    for (int to = 0; to < 3; to++) {
      if (from == to || x[from] == 0 || x[to] == n) {
        continue;
      }
      int y[3] = {x[0], x[1], x[2]};
      y[from]--, y[to]++;
      long k = key_of(y[0], y[1], y[2], n + 1);
      int dup = k == self;
      for (int i = 0; i < count; i++) {
        dup |= seen[i] == k;
      }
      if (!dup) {
        seen[count++] = k;
      }
    }
  }
  return count;
}

/* Trimers are the multisets of three of the n = N + 1 monomer states,
 * C(n + 2, 3); formation and dissociation reactions pair a trimer with each
 * distinct subunit composition that can leave, n C(n + 1, 2) in all; exchange
 * reactions counted by moving atoms by hand. Ternary: C(n + 2, 3) over the
 * C(N + 2, 2) compositions. */
static void trimer_counts_should_match_enumeration(void **state) {
  (void)state;
  int sizes[] = {1, 2, 3, 6};
  for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
    int n_atoms = sizes[s];
    ck_model *m = ck_test_model(n_atoms, 2, CK_EXCHANGE_STATISTICAL, -1, 1, 1, 1, 1, 1);
    with_trimers(m, 1, 1, 1);
    ck_network *net = ck_test_generate(m);
    size_t trimers = 0, distinct = 0, exchange = 0;
    for (int a = n_atoms; a >= 0; a--) {
      for (int b = a; b >= 0; b--) {
        for (int c = b; c >= 0; c--) {
          int x[3] = {a, b, c};
          trimers++;
          distinct += 1 + (b != a) + (c != b);
          exchange += (size_t)exchange_products_by_hand(x, n_atoms);
        }
      }
    }
    size_t n = (size_t)n_atoms + 1;
    assert_int_equal(trimers, n * (n + 1) * (n + 2) / 6);
    assert_int_equal(ck_network_trimer_count(net), trimers);
    assert_int_equal(ck_network_species_count(net), n + n * (n + 1) / 2 + trimers);
    assert_int_equal(ck_network_reaction_count_of(net, CK_REACTION_TRIMERIZATION), distinct);
    assert_int_equal(distinct, n * n * (n + 1) / 2);
    assert_int_equal(ck_network_reaction_count_of(net, CK_REACTION_TRIMER_DISSOCIATION), distinct);
    assert_int_equal(ck_network_reaction_count_of(net, CK_REACTION_TRIMER_EXCHANGE), exchange);
    /* the dimer part is the dimer network's */
    ck_model *plain = ck_test_model(n_atoms, 2, CK_EXCHANGE_STATISTICAL, -1, 1, 1, 1, 1, 1);
    ck_network *d = ck_test_generate(plain);
    assert_int_equal(ck_network_reaction_count_of(net, CK_REACTION_EXCHANGE),
                     ck_network_reaction_count_of(d, CK_REACTION_EXCHANGE));
    ck_network_free(d), ck_model_free(plain);
    ck_network_free(net), ck_model_free(m);
  }
  /* binary N = 25 (the paper's case) and ternary N = 2 (6 monomers: 56 trimers) */
  ck_model *m = ck_test_model(25, 2, CK_EXCHANGE_STATISTICAL, -1, 1, 1, 1, 1, 1);
  with_trimers(m, 1, 1, 1);
  ck_network *net = ck_test_generate(m);
  assert_int_equal(ck_network_trimer_count(net), 3276);
  assert_int_equal(ck_network_reaction_count_of(net, CK_REACTION_TRIMERIZATION), 26 * 351);
  ck_network_free(net), ck_model_free(m);
  m = ck_test_model(2, 3, CK_EXCHANGE_STATISTICAL, -1, 1, 1, 1, 1, 1);
  with_trimers(m, 1, 1, 0);
  net = ck_test_generate(m);
  assert_int_equal(ck_network_trimer_count(net), 56);
  assert_int_equal(ck_network_reaction_count_of(net, CK_REACTION_TRIMER_EXCHANGE), 0);
  ck_network_free(net), ck_model_free(m);
}

/* The estimate counts trimers exactly and bounds their reactions. */
static void estimate_should_count_trimers(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_model *m = ck_test_model(6, 2, CK_EXCHANGE_CONSTANT, -1, 1, 1, 1, 1, 1);
  with_trimers(m, 1, 1, 1);
  ck_memory_estimate e;
  assert_int_equal(ck_network_estimate_memory(ctx, m, &e), CK_OK);
  ck_network *net = ck_test_generate(m);
  expect_rel(e.trimers, 84.0, 0.0); /* C(9, 3) */
  expect_rel(e.species, (double)ck_network_species_count(net), 0.0);
  assert_true(e.reactions >= (double)ck_network_reaction_count(net));
  ck_network_free(net), ck_model_free(m), ck_ctx_free(ctx);
}

/* The size guard names the knob; the memory guard still applies past it. */
static void size_guard_should_refuse_large_trimer_networks(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_model *m = ck_test_model(144, 2, CK_EXCHANGE_STATISTICAL, -1, 1, 1, 1, 1, 1);
  with_trimers(m, 1, 1, 1); /* 145 states: 518665 trimers, above the default 200000 */
  assert_null(ck_network_generate(ctx, m));
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_LIMIT);
  assert_non_null(strstr(ck_ctx_errmsg(ctx), "max-species"));
  assert_non_null(strstr(ck_ctx_errmsg(ctx), "518665"));
  m->trimers.max_species = 1e6;
  m->memory_limit_bytes = 64.0 * 1048576.0;
  assert_null(ck_network_generate(ctx, m));
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_LIMIT);
  assert_non_null(strstr(ck_ctx_errmsg(ctx), "memory limit"));
  m->memory_limit_bytes = 0.0;
  m->kind = CK_MECHANISM_COLLISION_EXCHANGE;
  m->nuclearity = 4;
  assert_null(ck_network_generate(ctx, m));
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_UNSUPPORTED);
  ck_model_free(m), ck_ctx_free(ctx);
}

/* ---- labels ---------------------------------------------------------- */

/* "[Ag2Au1][Ag1Au2][Ag0Au3]" into subunit compositions; returns how many. */
static int parse_species_label(const char *label, int sub[3][CK_MAX_METALS]) {
  int n = 0, used = 0;
  while (*label == '[' && n < 3 &&
         sscanf(label, "[Ag%dAu%d]%n", &sub[n][0], &sub[n][1], &used) == 2) {
    label += used, n++;
  }
  return *label == '\0' ? n : -1;
}

/* Every species label parses back to its species; the channel labels of the
 * dimer network come first, unchanged, then [Ag_m Au_(3N-m)]3-, and every
 * channel label parses back with the model (a trimer channel only when the
 * model has trimers). */
static void labels_should_round_trip(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_model *m = ck_test_model(3, 2, CK_EXCHANGE_STATISTICAL, -1, 1, 1, 1, 1, 1);
  with_trimers(m, 1, 1, 1);
  ck_network *net = ck_test_generate(m);
  char label[128];
  for (size_t s = 0; s < ck_network_species_count(net); s++) {
    int sub[3][CK_MAX_METALS] = {{0}};
    ck_network_species_label(net, s, label, sizeof label);
    int n = parse_species_label(label, sub);
    assert_int_equal(n, s < 4 ? 1 : s < 14 ? 2 : 3);
    size_t found = 0;
    assert_int_equal(ck_network_find_species(net, n, (const int(*)[CK_MAX_METALS])sub, &found),
                     CK_OK);
    assert_int_equal(found, s);
  }
  int rotated[3][CK_MAX_METALS] = {{0, 3}, {3, 0}, {1, 2}}; /* any subunit order */
  size_t a = 0;
  assert_int_equal(ck_network_find_species(net, 3, (const int(*)[CK_MAX_METALS])rotated, &a),
                   CK_OK);
  ck_network_species_label(net, a, label, sizeof label);
  assert_string_equal(label, "[Ag3Au0][Ag1Au2][Ag0Au3]");

  ck_model *plain = ck_test_model(3, 2, CK_EXCHANGE_STATISTICAL, -1, 1, 1, 1, 1, 1);
  ck_network *d = ck_test_generate(plain);
  ck_channels *ch = ck_channels_create(ctx, net), *cd = ck_channels_create(ctx, d);
  assert_int_equal(ck_channels_count(cd), 4 + 7);
  assert_int_equal(ck_channels_count(ch), 4 + 7 + 10);
  for (size_t c = 0; c < ck_channels_count(cd); c++) {
    assert_string_equal(ck_channels_label(ch, c), ck_channels_label(cd, c));
  }
  assert_string_equal(ck_channels_label(ch, 11), "[Ag9Au0]3-");
  assert_string_equal(ck_channels_label(ch, 20), "[Ag0Au9]3-");
  for (size_t c = 0; c < ck_channels_count(ch); c++) {
    ck_channel_id id;
    assert_int_equal(ck_channel_label_parse(ctx, m, ck_channels_label(ch, c), &id), CK_OK);
    int want = c < 4 ? 1 : c < 11 ? 2 : 3;
    assert_int_equal(id.n_subunits, want);
    assert_int_equal(id.charge, -want);
    assert_int_equal(id.composition[0] + id.composition[1], 3 * want);
  }
  ck_channel_id id;
  assert_int_equal(ck_channel_label_parse(ctx, plain, "[Ag9Au0]3-", &id), CK_ERR_INPUT);
  assert_int_equal(ck_channel_label_parse(ctx, m, "[Ag9Au0]2-", &id), CK_ERR_INPUT);
  /* one ion per trimer: the channels sum the trimer concentrations */
  double *y = calloc(ck_network_species_count(net), sizeof *y);
  double out[21];
  y[a] = 2.0;
  ck_channels_compute(ch, y, CK_NORMALIZE_NONE, out);
  expect_rel(out[11 + 5], 2.0, 0.0); /* Ag 4 of 9: channel [Ag4Au5]3- */
  free(y);
  ck_channels_free(ch), ck_channels_free(cd);
  ck_network_free(d), ck_model_free(plain);
  ck_network_free(net), ck_model_free(m), ck_ctx_free(ctx);
}

/* ---- dynamics ------------------------------------------------------- */

/* Atoms of each metal and subunits (M + 2 D + 3 T) are conserved at every
 * output; trimers form; the AUTO solver is KLU for a trimer network. */
static void trimer_runs_should_conserve_atoms_and_subunits(void **state) {
  (void)state;
  ck_model *m = ck_test_model(4, 2, CK_EXCHANGE_STATISTICAL, 1, 1e-2, 5e-2, 3e-2, 40, 60);
  with_trimers(m, 5e-3, 1e-1, 1);
  ck_network *net = ck_test_generate(m);
  double t[3] = {10, 300, 3000};
  const char *solver = NULL;
  double *y = ck_test_simulate(m, net, 3, t, NULL, &solver);
  assert_string_equal(solver, "klu");
  size_t n = ck_network_species_count(net), nm = 5, nd = 15;
  for (int k = 0; k < 3; k++) {
    const double *yk = y + (size_t)k * n;
    double subunits = 0.0, ag = 0.0, au = 0.0, trimers = 0.0;
    for (size_t s = 0; s < n; s++) {
      subunits += (s < nm ? 1.0 : s < nm + nd ? 2.0 : 3.0) * yk[s];
      ag += net->metal_counts[2 * s] * yk[s];
      au += net->metal_counts[2 * s + 1] * yk[s];
      trimers += s >= nm + nd ? yk[s] : 0.0;
    }
    expect_rel(subunits, 100.0, 1e-9);
    expect_rel(ag, 4 * 40.0, 1e-9);
    expect_rel(au, 4 * 60.0, 1e-9);
    assert_true(trimers > 1e-3);
  }
  free(y);
  ck_network_free(net), ck_model_free(m);
}

/* k_tri = 0: the trimers never form and the monomers and dimers follow the
 * network without trimers (to the integration tolerance). */
static void zero_trimer_formation_should_equal_the_dimer_network(void **state) {
  (void)state;
  ck_model *m = ck_test_model(4, 2, CK_EXCHANGE_STATISTICAL, 1, 1e-2, 5e-2, 3e-2, 40, 40);
  ck_network *d = ck_test_generate(m);
  with_trimers(m, 0.0, 1e-1, 1);
  ck_network *t = ck_test_generate(m);
  double times[4] = {20, 200, 1000, 4000};
  double *yd = ck_test_simulate(m, d, 4, times, NULL, NULL),
         *yt = ck_test_simulate(m, t, 4, times, NULL, NULL);
  size_t nd = ck_network_species_count(d), nt = ck_network_species_count(t);
  for (size_t k = 0; k < 4; k++) {
    for (size_t s = 0; s < nd; s++) {
      expect_abs(yt[k * nt + s], yd[k * nd + s], 1e-7 * 80.0);
    }
    for (size_t s = nd; s < nt; s++) {
      assert_true(yt[k * nt + s] == 0.0);
    }
  }
  free(yd), free(yt);
  ck_network_free(d), ck_network_free(t), ck_model_free(m);
}

/* A pure cluster: M + M <-> D (K_d = k_dim / k_diss, v = (k/2) M^2) and
 * D + M <-> T (K_t = k_tri / k_tri_diss) end at D = (K_d / 2) M^2,
 * T = K_t D M with M + 2 D + 3 T = c0, a cubic solved here by bisection. */
static void pure_cluster_should_reach_the_closed_form_equilibrium(void **state) {
  (void)state;
  double k_dim = 1e-2, k_diss = 5e-2, k_tri = 4e-3, k_td = 2e-2, c0 = 50.0;
  ck_model *m = ck_test_model(5, 1, CK_EXCHANGE_STATISTICAL, -1, k_dim, k_diss, 3e-2, c0, 0);
  with_trimers(m, k_tri, k_td, 1);
  ck_network *net = ck_test_generate(m);
  assert_int_equal(ck_network_species_count(net), 3);
  double kd = k_dim / k_diss, kt = k_tri / k_td, lo = 0.0, hi = c0;
  for (int i = 0; i < 200; i++) {
    double x = 0.5 * (lo + hi), d = 0.5 * kd * x * x;
    if (x + 2.0 * d + 3.0 * kt * d * x > c0) {
      hi = x;
    } else {
      lo = x;
    }
  }
  double mono = 0.5 * (lo + hi), dimer = 0.5 * kd * mono * mono, trimer = kt * dimer * mono;
  double t[1] = {1e6};
  double *y = ck_test_simulate(m, net, 1, t, NULL, NULL);
  expect_rel(y[0], mono, 1e-6);
  expect_rel(y[1], dimer, 1e-6);
  expect_rel(y[2], trimer, 1e-6);
  free(y);
  ck_network_free(net), ck_model_free(m);
}

static double choose(int n, int k) {
  return exp(lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0));
}

/* Statistical exchange with trimers keeps detailed balance: the monomers end
 * binomial(N, p) and every trimer at 3 K_t K_d [M_a][M_b][M_c] / sigma
 * (sigma = 1, 2, 6 for three, two, one distinct subunits), every dimer at
 * K_d [M_a][M_b] (half for a homodimer). */
static void statistical_trimers_should_keep_the_binomial_equilibrium(void **state) {
  (void)state;
  int n = 3;
  double k_dim = 2e-2, k_diss = 5e-2, k_tri = 1e-2, k_td = 5e-2;
  ck_model *m = ck_test_model(n, 2, CK_EXCHANGE_STATISTICAL, -1, k_dim, k_diss, 5e-2, 30, 50);
  with_trimers(m, k_tri, k_td, 1);
  ck_network *net = ck_test_generate(m);
  double t[1] = {1e6};
  double *y = ck_test_simulate(m, net, 1, t, NULL, NULL);
  double total = 0.0, kd = k_dim / k_diss, kt = k_tri / k_td, p = 30.0 / 80.0;
  for (int i = 0; i <= n; i++) {
    total += y[i];
  }
  for (int i = 0; i <= n; i++) { /* species i holds n - i Ag */
    expect_rel(y[i] / total, choose(n, n - i) * pow(p, n - i) * pow(1 - p, i), 1e-6);
  }
  size_t nm = (size_t)n + 1;
  for (size_t i = 0; i < nm; i++) {
    for (size_t j = i; j < nm; j++) {
      size_t d = nm + ck_dimer_index(i, j, nm);
      expect_rel(y[d], kd * y[i] * y[j] / (i == j ? 2.0 : 1.0), 1e-6);
      for (size_t k = j; k < nm; k++) {
        size_t s = nm + net->n_dimers + ck_trimer_index(i, j, k, nm);
        double sigma = i == k ? 6.0 : (i == j || j == k) ? 2.0 : 1.0;
        expect_rel(y[s], 3.0 * kt * kd * y[i] * y[j] * y[k] / sigma, 1e-6);
      }
    }
  }
  free(y);
  ck_network_free(net), ck_model_free(m);
}

/* Exchange switched off inside trimers: the subunits keep their compositions,
 * so from pure Ag and Au only the four trimers of pure subunits form. */
static void trimers_without_exchange_should_keep_subunits(void **state) {
  (void)state;
  ck_model *m = ck_test_model(3, 2, CK_EXCHANGE_STATISTICAL, -1, 1e-2, 5e-2, 0.0, 40, 40);
  with_trimers(m, 1e-2, 5e-2, 0);
  ck_network *net = ck_test_generate(m);
  double t[1] = {2000};
  double *y = ck_test_simulate(m, net, 1, t, NULL, NULL);
  size_t nm = 4, nd = 10;
  for (size_t s = nm + nd; s < ck_network_species_count(net); s++) {
    const int *sub = net->trimer_sub + 3 * (s - nm - nd);
    int pure = 1;
    for (int k = 0; k < 3; k++) {
      pure &= sub[k] == 0 || sub[k] == 3;
    }
    if (pure) {
      assert_true(y[s] > 1e-3);
    } else {
      assert_true(fabs(y[s]) < 1e-12);
    }
  }
  free(y);
  ck_network_free(net), ck_model_free(m);
}

/* ---- model file ------------------------------------------------------- */

#define HEAD                                                        \
  "clusters:\n"                                                     \
  "  Ag25: {formula: \"[Ag25(C8H9S)18]-\", concentration: 40 nM}\n" \
  "  Au25: {formula: \"[Au25(C8H9S)18]-\", concentration: 40 nM}\n" \
  "mechanism:\n"                                                    \
  "  exchange: [Ag, Au]\n"

static void model_file_should_read_trimers(void **state) {
  (void)state;
  ck_model *m = ck_test_parse_ok(HEAD
                                 "  rates: {dimerization: 1e-2, dissociation: 0.05, exchange: "
                                 "0.03}\n"
                                 "  trimers: {formation: 2 /uM/s, dissociation: 0.1 /min, "
                                 "exchange: false, max-species: 5000}\n");
  assert_true(m->trimers.enabled);
  expect_rel(m->trimers.k_tri_per_nM_s, 2e-3, 1e-15);
  expect_rel(m->trimers.k_tri_diss_per_s, 0.1 / 60.0, 1e-15);
  assert_int_equal(m->trimers.exchange, 0);
  expect_rel(m->trimers.max_species, 5000.0, 0.0);
  ck_model_free(m);
  m = ck_test_parse_ok(HEAD "  rates: {dimerization: 1e-2, dissociation: 0.05, exchange: 0.03}\n");
  assert_false(m->trimers.enabled);
  ck_model_free(m);
  m = ck_test_parse_ok(HEAD
                       "  rates: {dimerization: 1e-2, dissociation: 0.05, exchange: 0.03}\n"
                       "  trimers: {formation: 1e-3, dissociation: 0.1}\n");
  assert_int_equal(m->trimers.exchange, 1);
  ck_model_free(m);
  ck_test_expect_model_error(HEAD
                             "  rates: {dimerization: 1e-2, dissociation: 0.05, exchange: "
                             "0.03}\n"
                             "  trimers: {dissociation: 0.1}\n",
                             CK_ERR_INPUT, 7, "formation");
  ck_test_expect_model_error(HEAD
                             "  rates: {dimerization: 1e-2, dissociation: 0.05, exchange: "
                             "0.03}\n"
                             "  trimers: {formation: 1e-3, dissociation: 0.1, size: 3}\n",
                             CK_ERR_INPUT, 7, "size");
  ck_test_expect_model_error(HEAD
                             "  kind: collision-exchange\n"
                             "  rates: {collision: 1e-3}\n"
                             "  trimers: {formation: 1e-3, dissociation: 0.1}\n",
                             CK_ERR_UNSUPPORTED, 8, "dimer-exchange");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(trimer_counts_should_match_enumeration),
      cmocka_unit_test(estimate_should_count_trimers),
      cmocka_unit_test(size_guard_should_refuse_large_trimer_networks),
      cmocka_unit_test(labels_should_round_trip),
      cmocka_unit_test(trimer_runs_should_conserve_atoms_and_subunits),
      cmocka_unit_test(zero_trimer_formation_should_equal_the_dimer_network),
      cmocka_unit_test(pure_cluster_should_reach_the_closed_form_equilibrium),
      cmocka_unit_test(statistical_trimers_should_keep_the_binomial_equilibrium),
      cmocka_unit_test(trimers_without_exchange_should_keep_subunits),
      cmocka_unit_test(model_file_should_read_trimers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
