/* SPDX-License-Identifier: MIT */
/* EXSY volumes: matrix exponential against the two-site closed form, label
 * conservation, stationarity, symmetry under detailed balance, the long-time
 * product limit, and one-step cross peaks before two-step ones. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "clusterkin/ck_equilibrium.h"

/* Two-site exchange A <-> B, rates a (A->B) and b (B->A): with s = a + b,
 * exp(Kt) = [[b + a e, b (1 - e)], [a (1 - e), a + b e]] / s, e = exp(-s t). */
static void expm_should_match_two_site_closed_form(void **state) {
  (void)state;
  const double a = 3.0, b = 1.0, times[] = {0.0, 0.01, 0.3, 2.0, 10.0};
  const double k[4] = {-a, b, a, -b}; /* row-major k[to * 2 + from] */
  for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
    double t = times[i], e = exp(-(a + b) * t), out[4];
    ck_ctx *ctx = ck_ctx_create();
    assert_int_equal(ck_matrix_expm(ctx, k, 2, t, out), CK_OK);
    expect_abs(out[0], (b + a * e) / (a + b), 1e-14);
    expect_abs(out[1], b * (1 - e) / (a + b), 1e-14);
    expect_abs(out[2], a * (1 - e) / (a + b), 1e-14);
    expect_abs(out[3], (a + b * e) / (a + b), 1e-14);
    ck_ctx_free(ctx);
  }
}

/* exp of a nilpotent shift: exp(N t) = I + N t + (N t)^2 / 2 exactly. */
static void expm_should_be_exact_for_nilpotent(void **state) {
  (void)state;
  double n3[9] = {0, 1, 0, 0, 0, 1, 0, 0, 0}, out[9];
  ck_ctx *ctx = ck_ctx_create();
  assert_int_equal(ck_matrix_expm(ctx, n3, 3, 7.0, out), CK_OK);
  const double expect[9] = {1, 7, 24.5, 0, 1, 7, 0, 0, 1};
  for (int i = 0; i < 9; i++) {
    expect_abs(out[i], expect[i], 1e-12 * 24.5);
  }
  ck_ctx_free(ctx);
}

typedef struct {
  ck_ctx *ctx;
  ck_model *model;
  ck_network *net;
  ck_equilibrium *eq;
  ck_exsy *exsy;
  size_t nm;
} rig;

/* An M7 hydride-like pair (MODEL.md section 5), N = 7, 1:1: short-lived
 * dimers, stepwise exchange of one metal at a time. */
static rig rig_make(ck_exchange_probability prob, double k_dim) {
  rig r = {ck_ctx_create(), NULL, NULL, NULL, NULL, 0};
  r.model = ck_test_model(7, 2, prob, -1, k_dim, 50.0, 5.0, 1000.0, 1000.0);
  r.net = ck_network_generate(r.ctx, r.model);
  assert_non_null(r.net);
  r.nm = ck_network_monomer_count(r.net);
  r.eq = ck_equilibrium_solve(r.ctx, r.model, r.net, NULL);
  if (r.eq == NULL) {
    fail_msg("equilibrium: %s", ck_ctx_errtext(r.ctx));
  }
  r.exsy = ck_exsy_create(r.ctx, r.net, r.eq);
  if (r.exsy == NULL) {
    fail_msg("exsy: %s", ck_ctx_errtext(r.ctx));
  }
  return r;
}

static void rig_free(rig *r) {
  ck_exsy_free(r->exsy);
  ck_equilibrium_free(r->eq);
  ck_network_free(r->net);
  ck_model_free(r->model);
  ck_ctx_free(r->ctx);
}

static void check_matrix(ck_exchange_probability prob) {
  rig r = rig_make(prob, 2e-3);
  size_t ns = ck_exsy_state_count(r.exsy);
  const double *k = ck_exsy_rate_matrix(r.exsy), *p = ck_exsy_state_population(r.exsy);
  assert_int_equal(ns, 8 + 2 * 28 + 8); /* monomers, hetero-dimer sides, homodimers */
  double kmax = 0.0, psum = 0.0;
  for (size_t i = 0; i < ns * ns; i++) {
    kmax = fmax(kmax, fabs(k[i]));
  }
  for (size_t j = 0; j < ns; j++) {
    double col = 0.0, kp = 0.0;
    for (size_t i = 0; i < ns; i++) {
      col += k[i * ns + j];
      kp += k[j * ns + i] * p[i];
      if (i != j) {
        assert_true(k[i * ns + j] >= 0.0);
      }
    }
    expect_abs(col, 0.0, 1e-12 * kmax); /* label conserved */
    expect_abs(kp, 0.0, 1e-9 * kmax);   /* P_eq is stationary */
    psum += p[j];
  }
  expect_rel(psum, 1.0, 1e-14);
  rig_free(&r);
}

static void matrix_should_conserve_label_and_keep_p_eq(void **state) {
  (void)state;
  check_matrix(CK_EXCHANGE_STATISTICAL);
  check_matrix(CK_EXCHANGE_CONSTANT);
}

static double sum_all(const double *v, size_t n) {
  double s = 0.0;
  for (size_t i = 0; i < n; i++) {
    s += v[i];
  }
  return s;
}

static void volumes_should_sum_to_total_and_be_symmetric(void **state) {
  (void)state;
  rig r = rig_make(CK_EXCHANGE_STATISTICAL, 2e-3);
  size_t nm = r.nm;
  double *v = calloc(nm * nm, sizeof *v);
  const double times[] = {0.0, 0.1, 0.4, 0.8, 5.0};
  for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
    assert_int_equal(ck_exsy_volumes(r.ctx, r.exsy, times[i], 0.0, v), CK_OK);
    expect_rel(sum_all(v, nm * nm), 1.0, 1e-12);
    for (size_t x = 0; x < nm; x++) {
      for (size_t y = 0; y < nm; y++) {
        expect_abs(v[x * nm + y], v[y * nm + x], 1e-12); /* detailed balance */
      }
    }
    assert_int_equal(ck_exsy_volumes(r.ctx, r.exsy, times[i], 1.0, v), CK_OK);
    expect_rel(sum_all(v, nm * nm), exp(-times[i]), 1e-12);
  }
  free(v);
  rig_free(&r);
}

/* t -> infinity: every label forgets its origin, V(x -> y) = P(x) P(y) with
 * P the subunit composition distribution (monomers and dimer subunits). */
static void volumes_should_approach_product_of_populations(void **state) {
  (void)state;
  rig r = rig_make(CK_EXCHANGE_CONSTANT, 2e-3);
  size_t nm = r.nm, ns = ck_exsy_state_count(r.exsy);
  const int *comp = ck_exsy_state_composition(r.exsy);
  const double *p = ck_exsy_state_population(r.exsy);
  double *v = calloc(nm * nm, sizeof *v), *px = calloc(nm, sizeof *px);
  for (size_t s = 0; s < ns; s++) {
    px[comp[s]] += p[s];
  }
  assert_int_equal(ck_exsy_volumes(r.ctx, r.exsy, 1e4, 0.0, v), CK_OK);
  for (size_t x = 0; x < nm; x++) {
    for (size_t y = 0; y < nm; y++) {
      expect_abs(v[x * nm + y], px[x] * px[y], 1e-10);
    }
  }
  free(px);
  free(v);
  rig_free(&r);
}

/* Largest cross peak at composition distance dx, relative to the geometric
 * mean of the two diagonal peaks. */
static double cross_peak(const double *v, size_t nm, int dx) {
  double best = 0.0;
  for (size_t x = 0; x + (size_t)dx < nm; x++) {
    size_t y = x + (size_t)dx;
    double diag = sqrt(v[x * nm + x] * v[y * nm + y]);
    best = fmax(best, fmax(v[x * nm + y], v[y * nm + x]) / diag);
  }
  return best;
}

/* MODEL.md section 5: at 400 ms only x <-> x+1 cross peaks, by 800 ms x <-> x+2. */
static void short_mixing_should_show_only_neighbours(void **state) {
  (void)state;
  rig r = rig_make(CK_EXCHANGE_STATISTICAL, 8e-3);
  size_t nm = r.nm;
  double *v = calloc(nm * nm, sizeof *v);
  assert_int_equal(ck_exsy_volumes(r.ctx, r.exsy, 0.4, 0.0, v), CK_OK);
  double one_400 = cross_peak(v, nm, 1), two_400 = cross_peak(v, nm, 2);
  assert_int_equal(ck_exsy_volumes(r.ctx, r.exsy, 0.8, 0.0, v), CK_OK);
  double two_800 = cross_peak(v, nm, 2), three_800 = cross_peak(v, nm, 3);
  if (getenv("CK_EXSY_DEBUG")) {
    print_message("1@400 %g 2@400 %g 2@800 %g 3@800 %g\n", one_400, two_400, two_800, three_800);
  }
  assert_true(one_400 > 0.01);
  assert_true(two_400 < 0.01);
  assert_true(two_800 > 0.01);
  for (int dx = 3; dx < (int)nm; dx++) {
    assert_int_equal(ck_exsy_volumes(r.ctx, r.exsy, 0.4, 0.0, v), CK_OK);
    assert_true(cross_peak(v, nm, dx) < 0.01);
  }
  free(v);
  rig_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(expm_should_match_two_site_closed_form),
      cmocka_unit_test(expm_should_be_exact_for_nilpotent),
      cmocka_unit_test(matrix_should_conserve_label_and_keep_p_eq),
      cmocka_unit_test(volumes_should_sum_to_total_and_be_symmetric),
      cmocka_unit_test(volumes_should_approach_product_of_populations),
      cmocka_unit_test(short_mixing_should_show_only_neighbours),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
