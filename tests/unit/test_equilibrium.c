/* SPDX-License-Identifier: MIT */
/* Equilibrium solver against closed forms (binomial monomers, dimer balance),
 * long simulations, conservation, and the detailed-balance verdict. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "clusterkin/ck_equilibrium.h"

typedef struct {
  ck_ctx *ctx;
  ck_model *model;
  ck_network *net;
  size_t n, nm;
  double *y0;
} rig;

/* Model A_n + B_n with the given exchange; y0 its initial state plus
 * dimer_nM of the pure-B homodimer (pure solutions hold dimers at mixing). */
static rig rig_make(int n, ck_exchange_probability prob, int scaling, double k_dim,
                    double k_diss, double c_a, double c_b, double dimer_nM) {
  rig r = {ck_ctx_create(), NULL, NULL, 0, 0, NULL};
  r.model = ck_test_model(n, 2, prob, scaling, k_dim, k_diss, 3.2e-2, c_a, c_b);
  r.net = ck_network_generate(r.ctx, r.model);
  assert_non_null(r.net);
  r.n = ck_network_species_count(r.net);
  r.nm = ck_network_monomer_count(r.net);
  r.y0 = calloc(r.n, sizeof *r.y0);
  assert_int_equal(ck_model_initial_state(r.ctx, r.model, r.net, r.y0), CK_OK);
  int sub[2][CK_MAX_METALS] = {{0, n}, {0, n}};
  size_t s;
  assert_int_equal(ck_network_find_species(r.net, 2, (const int(*)[CK_MAX_METALS])sub, &s), CK_OK);
  r.y0[s] += dimer_nM;
  return r;
}

static void rig_free(rig *r) {
  free(r->y0);
  ck_network_free(r->net);
  ck_model_free(r->model);
  ck_ctx_free(r->ctx);
}

static ck_equilibrium *solve_ok(rig *r) {
  ck_equilibrium *eq = ck_equilibrium_solve(r->ctx, r->model, r->net, r->y0);
  if (eq == NULL) {
    fail_msg("equilibrium: %s", ck_ctx_errtext(r->ctx));
  }
  return eq;
}

/* First-metal atoms (nM) in y. */
static double atoms_a(const rig *r, const double *y) {
  int nx;
  const int *c = ck_network_metal_counts(r->net, &nx);
  double t = 0.0;
  for (size_t i = 0; i < r->n; i++) {
    t += c[i * (size_t)nx] * y[i];
  }
  return t;
}

static double binom(int n, int k) {
  return exp(lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0));
}

/* MODEL.md section 2: statistical exchange, f = 1 -> monomers binomial(N, p)
 * with p the total first-metal fraction; monomer i holds N - i atoms of A. */
static void check_binomial(int n, double c_a, double c_b, double dimer_nM) {
  rig r = rig_make(n, CK_EXCHANGE_STATISTICAL, -1, 1e-2, 1e-1, c_a, c_b, dimer_nM);
  ck_equilibrium *eq = solve_ok(&r);
  double p = (double)c_a / (c_a + c_b + 2.0 * dimer_nM), m_tot = 0.0;
  for (size_t i = 0; i < r.nm; i++) {
    m_tot += eq->y_nM[i];
  }
  for (size_t i = 0; i < r.nm; i++) {
    int k = n - (int)i;
    double b = binom(n, k) * pow(p, k) * pow(1 - p, n - k);
    expect_abs(eq->y_nM[i] / m_tot, b, 1e-9 * b + 1e-14); /* fractions below 1e-14: absolute */
  }
  /* 2 M <-> D summed over isomers: sum D = (K/2) M^2 with K = k_dim/k_diss,
   * so clusters C = M + K M^2. */
  double c = c_a + c_b + 2.0 * dimer_nM, k = 1e-2 / 1e-1;
  expect_rel(m_tot, (-1.0 + sqrt(1.0 + 4.0 * k * c)) / (2.0 * k), 1e-9);
  expect_rel(atoms_a(&r, eq->y_nM), atoms_a(&r, r.y0), 1e-12);
  assert_int_equal(eq->detailed_balance, 1);
  assert_true(eq->balance_residual < 1e-8);
  assert_string_equal(ck_equilibrium_state_name(eq), "equilibrium");
  ck_equilibrium_free(eq);
  rig_free(&r);
}

static void statistical_should_give_binomial_monomers(void **state) {
  (void)state;
  check_binomial(6, 40.0, 40.0, 0.0);
  check_binomial(6, 4.0, 80.0, 0.0);  /* 1:20 */
  check_binomial(25, 40.0, 40.0, 0.0);
  check_binomial(25, 80.0, 4.0, 3.0); /* 20:1 with initial dimers */
}

/* Long integration of the same state to 1e7 s with tight tolerances. */
static void check_against_simulation(ck_exchange_probability prob, int scaling, int n, double c_a,
                                     double c_b, double dimer_nM) {
  rig r = rig_make(n, prob, scaling, 1e-2, 5.6e-2, c_a, c_b, dimer_nM);
  ck_equilibrium *eq = solve_ok(&r);
  ck_solver_options o = {1e-11, 1e-16, CK_LINSOL_DENSE, 10000000, 0};
  ck_solver *solver = ck_solver_create(r.ctx, r.net, &o);
  assert_non_null(solver);
  double t = 1e7, *y = calloc(r.n, sizeof *y), total = 0.0;
  if (ck_solver_run(solver, r.ctx, r.y0, 0.0, 1, &t, y) != CK_OK) {
    fail_msg("run: %s", ck_ctx_errtext(r.ctx));
  }
  for (size_t i = 0; i < r.n; i++) {
    total += y[i];
  }
  for (size_t i = 0; i < r.n; i++) {
    /* 1e-6 relative; species below 1e-9 of all clusters against that floor */
    expect_abs(eq->y_nM[i], y[i], 1e-6 * fabs(y[i]) + 1e-15 * total);
  }
  assert_int_equal(eq->detailed_balance, prob == CK_EXCHANGE_STATISTICAL);
  if (prob == CK_EXCHANGE_CONSTANT) {
    assert_true(eq->balance_residual > 1e-2);
    assert_string_equal(ck_equilibrium_state_name(eq), "steady state");
  }
  free(y);
  ck_solver_free(solver);
  ck_equilibrium_free(eq);
  rig_free(&r);
}

static void solution_should_match_long_simulation(void **state) {
  (void)state;
  const double ratios[][2] = {{40, 40}, {4, 80}, {80, 4}, {10, 60}};
  for (size_t k = 0; k < sizeof ratios / sizeof ratios[0]; k++) {
    for (int dim = 0; dim < 2; dim++) {
      double d = dim ? 2.0 : 0.0;
      check_against_simulation(CK_EXCHANGE_STATISTICAL, 1, 6, ratios[k][0], ratios[k][1], d);
      check_against_simulation(CK_EXCHANGE_STATISTICAL, -1, 6, ratios[k][0], ratios[k][1], d);
      check_against_simulation(CK_EXCHANGE_CONSTANT, -1, 6, ratios[k][0], ratios[k][1], d);
    }
  }
}

/* MODEL.md section 2: constant exchange, 1:1 -> monomers nearly flat (each
 * within 5 % of 1/(N+1)) and symmetric under Ag <-> Au. */
static void constant_should_give_flat_symmetric_monomers(void **state) {
  (void)state;
  rig r = rig_make(25, CK_EXCHANGE_CONSTANT, -1, 3.2e-3, 3.2e-2, 40.0, 40.0, 0.0);
  ck_equilibrium *eq = solve_ok(&r);
  double pct[26], mean[CK_MAX_METALS];
  ck_equilibrium_monomer_percent(eq, r.net, pct, mean);
  for (int i = 0; i < 26; i++) {
    expect_rel(pct[i], 100.0 / 26.0, 0.05);
    expect_rel(pct[i], pct[25 - i], 1e-9);
  }
  expect_rel(mean[0], 12.5, 1e-9);
  assert_int_equal(eq->detailed_balance, 0);
  ck_equilibrium_free(eq);
  rig_free(&r);
}

static void mixture_should_set_ratio_and_keep_total(void **state) {
  (void)state;
  rig r = rig_make(6, CK_EXCHANGE_STATISTICAL, -1, 1e-2, 1e-1, 40.0, 40.0, 0.0);
  double *y0 = calloc(r.n, sizeof *y0);
  assert_int_equal(ck_equilibrium_mixture(r.ctx, r.model, r.net, "A", "B", 1, 3, 0, y0), CK_OK);
  expect_rel(y0[0], 20.0, 1e-15);
  expect_rel(y0[r.nm - 1], 60.0, 1e-15);
  assert_int_equal(ck_equilibrium_mixture(r.ctx, r.model, r.net, "A", "B", 1, 1, 10, y0), CK_OK);
  expect_rel(y0[0], 5.0, 1e-15);
  assert_int_equal(ck_equilibrium_mixture(r.ctx, r.model, r.net, "A", "C", 1, 1, 0, y0),
                   CK_ERR_INPUT);
  assert_int_equal(ck_equilibrium_mixture(r.ctx, r.model, r.net, "A", "B", 0, 0, 0, y0),
                   CK_ERR_INPUT);
  free(y0);
  rig_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(statistical_should_give_binomial_monomers),
      cmocka_unit_test(solution_should_match_long_simulation),
      cmocka_unit_test(constant_should_give_flat_symmetric_monomers),
      cmocka_unit_test(mixture_should_set_ratio_and_keep_total),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
