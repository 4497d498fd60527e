/* SPDX-License-Identifier: MIT */
/* Site-resolved thermodynamics (MODEL.md section 5): the sites: block, Z(x)
 * against hand counts and brute-force site enumeration, equal energies = the
 * statistical model bit for bit, strong-preference limits, and the network
 * equilibrium against the closed form and a long simulation. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "clusterkin/ck_equilibrium.h"
#include "clusterkin/ck_sites.h"
#include "network/network_impl.h"

#define RT_298 (CK_GAS_CONSTANT_J_PER_MOL_K * 298.0)

/* M7 model text, Ag7 : Cu7 at c_ag : c_cu nM, with `sites` appended. */
static ck_model *m7_model(double c_ag, double c_cu, const char *sites) {
  char text[2048];
  snprintf(text, sizeof text,
           "clusters:\n"
           "  Ag7: {formula: \"[Ag7H(C6H14O2PS2)6]\", concentration: %g nM}\n"
           "  Cu7: {formula: \"[Cu7H(C6H14O2PS2)6]\", concentration: %g nM}\n"
           "mechanism:\n"
           "  exchange: [Ag, Cu]\n"
           "  rates: {dimerization: 1e-2 /nM/s, dissociation: 1e-1 /s, exchange: 3.2e-2 /s}\n"
           "%s",
           c_ag, c_cu, sites);
  return ck_test_parse_ok(text);
}

static void sites_block_should_parse_with_units(void **state) {
  (void)state;
  ck_model *m = m7_model(40, 40,
                         "sites:\n"
                         "  temperature: 25 degC\n"
                         "  classes:\n"
                         "    inner: {capacity: 4, energy: {Ag: 0, Cu: 0.05 eV}}\n"
                         "    capping: {capacity: 3, energy: {Cu: 1 kcal/mol, Ag: -2 kJ/mol}}\n");
  const ck_sites *s = m->sites;
  assert_non_null(s);
  expect_rel(s->temperature_K, 298.15, 1e-15);
  assert_int_equal(s->n_classes, 2);
  assert_string_equal(s->classes[0].name, "inner");
  assert_int_equal(s->classes[0].capacity, 4);
  assert_int_equal(s->classes[1].capacity, 3);
  /* 1 eV per atom = e N_A J/mol = 1.602176634e-19 * 6.02214076e23 */
  expect_rel(s->classes[0].energy_J_per_mol[1], 0.05 * 1.602176634e-19 * 6.02214076e23, 1e-14);
  expect_rel(s->classes[1].energy_J_per_mol[1], 4184.0, 1e-15);
  expect_rel(s->classes[1].energy_J_per_mol[0], -2000.0, 1e-15);
  assert_true(s->classes[0].energy_J_per_mol[0] == 0.0);
  ck_model_free(m);
}

static void sites_block_errors_should_name_the_line(void **state) {
  (void)state;
  const char *head = "clusters:\n"
                     "  Ag7: {formula: \"[Ag7H(C6H14O2PS2)6]\", concentration: 40 nM}\n"
                     "  Cu7: {formula: \"[Cu7H(C6H14O2PS2)6]\", concentration: 40 nM}\n"
                     "mechanism:\n"
                     "  exchange: [Ag, Cu]\n"
                     "  rates: {dimerization: 1e-2 /nM/s, dissociation: 1e-1 /s, exchange: 1 /s}\n";
  char text[2048];
  snprintf(text, sizeof text, "%ssites:\n  temperature: 298 K\n  classes:\n"
                              "    inner: {capacity: 4}\n    capping: {capacity: 2}\n", head);
  ck_test_expect_model_error(text, CK_ERR_INPUT, 10, "sum to 6");
  snprintf(text, sizeof text, "%ssites:\n  temperature: 298 K\n  classes:\n"
                              "    inner: {capacity: 7, energy: {Au: 1 eV}}\n", head);
  ck_test_expect_model_error(text, CK_ERR_INPUT, 10, "not an exchange metal");
  snprintf(text, sizeof text, "%ssites:\n  temperature: 298 K\n  classes:\n"
                              "    inner: {capacity: 7, energy: {Cu: 0.5}}\n", head);
  ck_test_expect_model_error(text, CK_ERR_INPUT, 10, "needs a unit");
  snprintf(text, sizeof text, "%ssites:\n  temperature: 298 K\n  classes:\n"
                              "    inner: {capacity: 7, energy: {Cu: 3 /s}}\n", head);
  ck_test_expect_model_error(text, CK_ERR_INPUT, 10, "unit");
  snprintf(text, sizeof text, "%ssites:\n  classes:\n    inner: {capacity: 7}\n", head);
  ck_test_expect_model_error(text, CK_ERR_INPUT, 8, "temperature"); /* at the mapping */
}

/* Hand count, M7 = 4 inner + 3 capping, Cu in an inner site costing RT ln 2
 * more than in a capping site: Z(Ag4Cu3) = sum_k C(4,k) C(3,3-k) 2^-k
 * = 1 + 12/2 + 18/4 + 4/8 = 12 (k = Cu atoms in inner sites). The library
 * measures energies from class 0 (inner), so its Z carries the extra factor
 * exp(x_Cu E_inner,Cu / RT) = 2^x_Cu, which lambda absorbs (ck_sites.h). */
static void weight_should_match_hand_count(void **state) {
  (void)state;
  ck_sites s = {298.0, 2, {{"inner", 4, {0.0, RT_298 * log(2.0)}, 0}, {"capping", 3, {0}, 0}}};
  int x[2] = {4, 3};
  expect_rel(ck_sites_log_weight(&s, 2, x), log(12.0 * 8.0), 1e-14);
  int pure_ag[2] = {7, 0}, pure_cu[2] = {0, 7};
  expect_abs(ck_sites_log_weight(&s, 2, pure_ag), 0.0, 1e-15);
  expect_rel(ck_sites_log_weight(&s, 2, pure_cu), log(128.0 / 16.0), 1e-14); /* C(4,4)C(3,3)/2^4 */
  /* Shifting a metal in every class, or a class for every metal, changes nothing. */
  ck_sites t = s;
  for (int j = 0; j < 2; j++) {
    t.classes[j].energy_J_per_mol[1] += 1234.0;
  }
  t.classes[1].energy_J_per_mol[0] += 777.0, t.classes[1].energy_J_per_mol[1] += 777.0;
  expect_rel(ck_sites_log_weight(&t, 2, x), log(12.0 * 8.0), 1e-12);
}

/* Brute force: every assignment of metals to the N labeled sites,
 * weighted by exp(-E/RT), summed per composition (then = Z(x) up to the
 * per-metal reference energies, which the test removes itself). */
static double brute_z(const ck_sites *s, int m, const int *x) {
  int n = 0, cls[16];
  for (int j = 0; j < s->n_classes; j++) {
    for (int k = 0; k < s->classes[j].capacity; k++) {
      cls[n++] = j;
    }
  }
  double z = 0.0;
  long total = 1;
  for (int i = 0; i < n; i++) {
    total *= m;
  }
  for (long code = 0; code < total; code++) {
    int count[CK_MAX_METALS] = {0};
    double e = 0.0;
    long c = code;
    for (int i = 0; i < n; i++, c /= m) {
      int metal = (int)(c % m);
      count[metal]++;
      e += s->classes[cls[i]].energy_J_per_mol[metal] - s->classes[0].energy_J_per_mol[metal];
    }
    if (memcmp(count, x, (size_t)m * sizeof *x) == 0) {
      z += exp(-e / (CK_GAS_CONSTANT_J_PER_MOL_K * s->temperature_K));
    }
  }
  return z;
}

static void weight_should_match_brute_force_ternary(void **state) {
  (void)state;
  ck_sites s = {350.0, 3, {{"centre", 1, {0.0, 1500.0, -700.0}, 0},
                           {"core", 3, {400.0, -900.0, 2500.0}, 0},
                           {"shell", 4, {0.0, 3000.0, 1000.0}, 0}}};
  int x[CK_MAX_METALS];
  for (x[0] = 0; x[0] <= 8; x[0]++) {
    for (x[1] = 0; x[0] + x[1] <= 8; x[1]++) {
      x[2] = 8 - x[0] - x[1];
      /* The library's relative energies also subtract E_j0 - E_00 per site
       * of class j: a composition-independent constant, fixed here at Ag8. */
      int ag8[3] = {8, 0, 0};
      double expect = log(brute_z(&s, 3, x)) - log(brute_z(&s, 3, ag8));
      double got = ck_sites_log_weight(&s, 3, x) - ck_sites_log_weight(&s, 3, ag8);
      expect_abs(got, expect, 1e-12);
    }
  }
}

/* Equal site energies (a metal may differ from another, but not between
 * classes): the network's rates are bit for bit those without sites, and the
 * equilibrium is binomial. */
static void equal_energies_should_give_the_statistical_network(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_model *plain = m7_model(30, 50, "");
  ck_model *equal = m7_model(30, 50,
                             "sites:\n  temperature: 298 K\n  classes:\n"
                             "    inner: {capacity: 4, energy: {Ag: 0.1 eV, Cu: 0.05 eV}}\n"
                             "    capping: {capacity: 3, energy: {Ag: 0.1 eV, Cu: 0.05 eV}}\n");
  ck_network *a = ck_network_generate(ctx, plain), *b = ck_network_generate(ctx, equal);
  assert_non_null(a);
  assert_non_null(b);
  assert_int_equal(a->n_reactions, b->n_reactions);
  assert_memory_equal(a->rate, b->rate, a->n_reactions * sizeof *a->rate);
  assert_memory_equal(a->factor, b->factor, a->n_reactions * sizeof *a->factor);
  ck_equilibrium *eq = ck_equilibrium_solve(ctx, equal, b, NULL);
  assert_non_null(eq);
  double pct[8], mean[2], p = 30.0 / 80.0;
  ck_equilibrium_monomer_percent(eq, b, pct, mean);
  for (int i = 0; i < 8; i++) {
    int k = 7 - i; /* Ag atoms */
    double binom = exp(lgamma(8.0) - lgamma(k + 1.0) - lgamma(8.0 - k)) * pow(p, k) *
                   pow(1 - p, 7 - k);
    expect_abs(pct[i] / 100.0, binom, 1e-10);
  }
  ck_equilibrium_free(eq);
  ck_network_free(a);
  ck_network_free(b);
  ck_model_free(plain);
  ck_model_free(equal);
  ck_ctx_free(ctx);
}

/* Cu in an inner site costs 40 RT (practically forbidden). */
static const char *strong = "sites:\n  temperature: 298 K\n  classes:\n"
                            "    inner: {capacity: 4, energy: {Ag: 0, Cu: %.17g J/mol}}\n"
                            "    capping: {capacity: 3}\n";

static ck_equilibrium *solve_m7(ck_ctx *ctx, double c_ag, double c_cu, double inner_cu_J,
                                ck_model **model, ck_network **net) {
  char sites[512];
  snprintf(sites, sizeof sites, strong, inner_cu_J);
  *model = m7_model(c_ag, c_cu, sites);
  *net = ck_network_generate(ctx, *model);
  assert_non_null(*net);
  ck_equilibrium *eq = ck_equilibrium_solve(ctx, *model, *net, NULL);
  if (eq == NULL) {
    fail_msg("equilibrium: %s", ck_ctx_errtext(ctx));
  }
  assert_true(eq->detailed_balance);
  return eq;
}

/* Ag 4 of 7 in total and Ag all in inner sites: every cluster is Ag4Cu3
 * (inner all Ag, capping all Cu) up to O(exp(-20)). At 1:1 (3.5 Cu per
 * cluster) capping sites are all Cu and the remaining half Cu atom per
 * cluster spreads binomially over the 4 inner sites, q = 0.5 / 4 = 1/8:
 * P(Ag(4-k)Cu(3+k)) = C(4,k) q^k (1-q)^(4-k), nothing with fewer than 3 Cu. */
static void strong_preference_should_reach_the_hand_limits(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_model *model;
  ck_network *net;
  double pct[8], mean[2];
  ck_equilibrium *eq = solve_m7(ctx, 40, 30, 40 * RT_298, &model, &net);
  ck_equilibrium_monomer_percent(eq, net, pct, mean);
  expect_abs(pct[3] / 100.0, 1.0, 1e-7); /* [Ag4Cu3] is monomer 3 */
  ck_equilibrium_free(eq), ck_network_free(net), ck_model_free(model);

  eq = solve_m7(ctx, 40, 40, 40 * RT_298, &model, &net);
  ck_equilibrium_monomer_percent(eq, net, pct, mean);
  const double q = 1.0 / 8.0;
  for (int i = 0; i < 8; i++) {
    int k = i - 3; /* monomer i has 7 - i Ag, i Cu: k Cu atoms in inner sites */
    double want = k < 0 ? 0.0
                        : exp(lgamma(5.0) - lgamma(k + 1.0) - lgamma(5.0 - k)) * pow(q, k) *
                              pow(1 - q, 4 - k);
    expect_abs(pct[i] / 100.0, want, 1e-9);
  }
  ck_equilibrium_free(eq), ck_network_free(net), ck_model_free(model);
  ck_ctx_free(ctx);
}

/* The network equilibrium against P(x) ~ Z(x) lambda^x with Z by brute force
 * and lambda by bisection on the mean Cu count, both done here. */
static void network_should_match_closed_form(void **state) {
  (void)state;
  const double ratios[][2] = {{10, 60}, {40, 40}, {70, 10}};
  for (int r = 0; r < 3; r++) {
    ck_ctx *ctx = ck_ctx_create();
    ck_model *model;
    ck_network *net;
    ck_equilibrium *eq = solve_m7(ctx, ratios[r][0], ratios[r][1], 3500.0, &model, &net);
    double pct[8], mean[2], z[8], lo = -30, hi = 30, p[8];
    ck_equilibrium_monomer_percent(eq, net, pct, mean);
    double mean_cu = 7.0 * ratios[r][1] / (ratios[r][0] + ratios[r][1]);
    for (int i = 0; i < 8; i++) {
      int x[2] = {7 - i, i};
      z[i] = brute_z(model->sites, 2, x);
    }
    for (int it = 0; it < 200; it++) {
      double u = 0.5 * (lo + hi), s = 0.0, m = 0.0;
      for (int i = 0; i < 8; i++) {
        p[i] = z[i] * exp(u * i);
        s += p[i], m += i * p[i];
      }
      *(m / s < mean_cu ? &lo : &hi) = u;
      for (int i = 0; i < 8; i++) {
        p[i] /= s;
      }
    }
    for (int i = 0; i < 8; i++) {
      expect_abs(pct[i] / 100.0, p[i], 1e-10);
    }
    /* and the library's closed form agrees */
    double lib[8], atoms[2] = {7.0 - mean_cu, mean_cu};
    assert_int_equal(ck_sites_distribution(ctx, model->sites, 7, 2, atoms, lib), CK_OK);
    for (int i = 0; i < 8; i++) {
      expect_abs(lib[i], p[i], 1e-12);
    }
    ck_equilibrium_free(eq), ck_network_free(net), ck_model_free(model);
    ck_ctx_free(ctx);
  }
}

/* Ternary Ag/Au/Cu, N = 4 (2 + 2 sites), and binary M7: Newton equals a
 * long stiff integration to 1e-6, and a ternary closed form. */
static void check_long_simulation(ck_model *model, int with_closed_form) {
  ck_ctx *ctx = ck_ctx_create();
  ck_network *net = ck_network_generate(ctx, model);
  assert_non_null(net);
  size_t n = ck_network_species_count(net), nm = ck_network_monomer_count(net);
  double *y0 = calloc(n, sizeof *y0), *y = calloc(n, sizeof *y), total = 0.0;
  assert_int_equal(ck_model_initial_state(ctx, model, net, y0), CK_OK);
  ck_equilibrium *eq = ck_equilibrium_solve(ctx, model, net, y0);
  assert_non_null(eq);
  assert_true(eq->detailed_balance);
  ck_solver_options o = {1e-11, 1e-16, CK_LINSOL_DENSE, 10000000, 0};
  ck_solver *solver = ck_solver_create(ctx, net, &o);
  assert_non_null(solver);
  double t = 1e7;
  if (ck_solver_run(solver, ctx, y0, 0.0, 1, &t, y) != CK_OK) {
    fail_msg("run: %s", ck_ctx_errtext(ctx));
  }
  for (size_t i = 0; i < n; i++) {
    total += y[i];
  }
  for (size_t i = 0; i < n; i++) {
    expect_abs(eq->y_nM[i], y[i], 1e-6 * fabs(y[i]) + 1e-15 * total);
  }
  if (with_closed_form) {
    int nx;
    const int *counts = ck_network_metal_counts(net, &nx);
    double atoms[CK_MAX_METALS] = {0}, clusters = 0.0, mono = 0.0;
    for (size_t i = 0; i < n; i++) {
      clusters += (i < nm ? 1.0 : 2.0) * y0[i];
      for (int x = 0; x < nx; x++) {
        atoms[x] += counts[i * (size_t)nx + (size_t)x] * y0[i];
      }
    }
    for (int x = 0; x < nx; x++) {
      atoms[x] /= clusters;
    }
    double *p = calloc(nm, sizeof *p);
    assert_int_equal(ck_sites_distribution(ctx, model->sites, model->nuclearity, nx, atoms, p),
                     CK_OK);
    for (size_t i = 0; i < nm; i++) {
      mono += eq->y_nM[i];
    }
    for (size_t i = 0; i < nm; i++) {
      expect_abs(eq->y_nM[i] / mono, p[i], 1e-9);
    }
    free(p);
  }
  ck_solver_free(solver);
  ck_equilibrium_free(eq);
  free(y0), free(y);
  ck_network_free(net);
  ck_ctx_free(ctx);
}

static void site_model_should_match_long_simulation(void **state) {
  (void)state;
  ck_model *m = m7_model(20, 60,
                         "sites:\n  temperature: 298 K\n  classes:\n"
                         "    inner: {capacity: 4, energy: {Cu: 5 kJ/mol}}\n"
                         "    capping: {capacity: 3, energy: {Ag: 1 kJ/mol}}\n");
  check_long_simulation(m, 1);
  ck_model_free(m);
  m = ck_test_model(4, 3, CK_EXCHANGE_STATISTICAL, -1, 1e-2, 5.6e-2, 3.2e-2, 0, 0);
  m->clusters[0].concentration_nM = 30, m->clusters[1].concentration_nM = 20;
  m->sites = ck_sites_create(NULL);
  *m->sites = (ck_sites){298.0, 2, {{"a", 2, {0.0, 2000.0, -1500.0}, 0},
                                    {"b", 2, {0.0, -1000.0, 3000.0}, 0}}};
  /* ck_test_model has two clusters (Ag4, Au4): pure Cu4 joins as an initial species. */
  m->n_initial = 1;
  m->initial = calloc(1, sizeof *m->initial);
  m->initial[0] = (ck_initial){strdup("[Cu4]"), 1, {{0, 0, 4}}, 25.0, 0};
  check_long_simulation(m, 1);
  ck_model_free(m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(sites_block_should_parse_with_units),
      cmocka_unit_test(sites_block_errors_should_name_the_line),
      cmocka_unit_test(weight_should_match_hand_count),
      cmocka_unit_test(weight_should_match_brute_force_ternary),
      cmocka_unit_test(equal_energies_should_give_the_statistical_network),
      cmocka_unit_test(strong_preference_should_reach_the_hand_limits),
      cmocka_unit_test(network_should_match_closed_form),
      cmocka_unit_test(site_model_should_match_long_simulation),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
