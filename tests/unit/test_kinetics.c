/* SPDX-License-Identifier: MIT */
/* Integration against independently derived facts: closed forms, exact lumping,
 * equilibrium limits, conservation, convergence, and agreement of linear solvers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "network/network_impl.h"

typedef struct {
  ck_ctx *ctx;
  ck_network *net;
  ck_solver *solver;
  size_t n;
} rig;

static rig rig_make(ck_model *model, double rtol, double atol, ck_linear_solver ls) {
  rig r = {ck_ctx_create(), NULL, NULL, 0};
  r.net = ck_network_generate(r.ctx, model);
  assert_non_null(r.net);
  r.n = ck_network_species_count(r.net);
  ck_solver_options o = {rtol, atol, ls, 1000000, 0};
  r.solver = ck_solver_create(r.ctx, r.net, &o);
  if (r.solver == NULL) {
    fail_msg("solver: %s", ck_ctx_errtext(r.ctx));
  }
  return r;
}

static void rig_free(rig *r) {
  ck_solver_free(r->solver);
  ck_network_free(r->net);
  ck_ctx_free(r->ctx);
}

/* Runs from the model's initial state; returns n_out states (caller frees). */
static double *run(rig *r, const ck_model *model, size_t n_out, const double *t) {
  double *y0 = calloc(r->n, sizeof *y0), *y = calloc(n_out * r->n, sizeof *y);
  assert_int_equal(ck_model_initial_state(r->ctx, model, r->net, y0), CK_OK);
  ck_status st = ck_solver_run(r->solver, r->ctx, y0, 0.0, n_out, t, y);
  if (st != CK_OK) {
    fail_msg("run: %s", ck_ctx_errtext(r->ctx));
  }
  free(y0);
  return y;
}

/* 2 M <-> D with v = (k/2) M^2 and k_d D, total T = M + 2 D:
 * dM/dt = -k (M - M1)(M - M2), M1,2 = (-k_d +- sqrt(k_d^2 + 4 k k_d T)) / (2k), so
 * (M - M1)/(M - M2) = (M0 - M1)/(M0 - M2) exp(-k (M1 - M2) t). */
static void dimerization_should_match_closed_form(void **state) {
  (void)state;
  double k = 1e-2, kd = 5.6e-2, total = 40.0;
  ck_model *model = ck_test_model(25, 1, CK_EXCHANGE_STATISTICAL, -1, k, kd, 0, total, 0);
  rig r = rig_make(model, 1e-11, 1e-15, CK_LINSOL_AUTO);
  double t[6] = {0.5, 2, 10, 50, 200, 2000};
  double *y = run(&r, model, 6, t);
  double disc = sqrt(kd * kd + 4 * k * kd * total);
  double m1 = (-kd + disc) / (2 * k), m2 = (-kd - disc) / (2 * k);
  for (int i = 0; i < 6; i++) {
    double ratio = (total - m1) / (total - m2) * exp(-k * (m1 - m2) * t[i]);
    double m = (m1 - ratio * m2) / (1 - ratio);
    expect_rel(y[i * r.n], m, 1e-8);
    expect_rel(y[i * r.n + 1], 0.5 * (total - m), 1e-8);
  }
  free(y);
  rig_free(&r);
  ck_model_free(model);
}

/* The labeled network: dimers are ORDERED pairs (i, j); hetero dimerization
 * feeds (i,j) and (j,i) at k f / 2 each, homo (i,i) at k f / 2; every swap of
 * an x atom of the first subunit with a y != x atom of the second is its own
 * reaction, self-maps included. Lumping (i,j) + (j,i) must give the unordered
 * network exactly (MODEL.md section 2). */
static ck_network *labeled_network(ck_ctx *ctx, const ck_network *lumped, double k_dim,
                                   double k_diss, double k_ex, int scaling_metal) {
  size_t nm = lumped->n_monomers;
  int m = lumped->n_metals, n = lumped->nuclearity;
  ck_network *net = ck_network_alloc(ctx, nm, nm * nm, m, 2 * nm * nm + nm * nm * (size_t)(m * m));
  assert_non_null(net);
  net->k[CK_REACTION_DIMERIZATION] = k_dim;
  net->k[CK_REACTION_DISSOCIATION] = k_diss;
  net->k[CK_REACTION_EXCHANGE] = k_ex;
  const int *comp = lumped->composition;
  memcpy(net->metal_counts, comp, nm * (size_t)m * sizeof(int));
  for (size_t i = 0; i < nm; i++) {
    for (size_t j = 0; j < nm; j++) {
      int *c = net->metal_counts + (nm + i * nm + j) * (size_t)m;
      for (int x = 0; x < m; x++) {
        c[x] = comp[i * (size_t)m + x] + comp[j * (size_t)m + x];
      }
      double f = scaling_metal < 0 ? 1.0 : (double)c[scaling_metal] / (2.0 * n);
      ck_network_add_reaction(net, CK_REACTION_DIMERIZATION, (int)i, (int)j, (int)(nm + i * nm + j),
                              -1, 0.5 * f);
      ck_network_add_reaction(net, CK_REACTION_DISSOCIATION, (int)(nm + i * nm + j), -1, (int)i,
                              (int)j, 1.0);
      for (int x = 0; x < m; x++) {
        for (int y = 0; y < m; y++) {
          const int *a = comp + i * (size_t)m, *b = comp + j * (size_t)m;
          if (x == y || a[x] == 0 || b[y] == 0) {
            continue;
          }
          int a2[CK_MAX_METALS], b2[CK_MAX_METALS];
          memcpy(a2, a, sizeof(int) * (size_t)m), memcpy(b2, b, sizeof(int) * (size_t)m);
          a2[x]--, a2[y]++, b2[x]++, b2[y]--;
          size_t i2 = ck_composition_rank(a2, n, m), j2 = ck_composition_rank(b2, n, m);
          ck_network_add_reaction(net, CK_REACTION_EXCHANGE, (int)(nm + i * nm + j), -1,
                                  (int)(nm + i2 * nm + j2), -1,
                                  ((double)a[x] / n) * ((double)b[y] / n));
        }
      }
    }
  }
  ck_network_finalize(net);
  return net;
}

static void lumped_network_should_equal_labeled_network(void **state) {
  (void)state;
  double k_dim = 1e-2, k_diss = 5.6e-2, k_ex = 3.2e-2;
  ck_model *model = ck_test_model(25, 2, CK_EXCHANGE_STATISTICAL, 1, k_dim, k_diss, k_ex, 40, 40);
  rig r = rig_make(model, 1e-10, 1e-14, CK_LINSOL_AUTO);
  ck_network *lab = labeled_network(r.ctx, r.net, k_dim, k_diss, k_ex, 1);
  ck_solver_options o = {1e-10, 1e-14, CK_LINSOL_AUTO, 1000000, 0};
  ck_solver *lab_solver = ck_solver_create(r.ctx, lab, &o);
  assert_non_null(lab_solver);
  enum { NT = 40 };
  double t[NT];
  for (int k = 0; k < NT; k++) {
    t[k] = 5.0 + 100.0 * k;
  }
  double *y = run(&r, model, NT, t);
  size_t nm = r.net->n_monomers, nl = lab->n_species;
  double *y0 = calloc(nl, sizeof *y0), *yl = calloc(NT * nl, sizeof *yl);
  y0[0] = 40, y0[nm - 1] = 40;
  assert_int_equal(ck_solver_run(lab_solver, r.ctx, y0, 0.0, NT, t, yl), CK_OK);
  double worst = 0.0;
  for (int k = 0; k < NT; k++) {
    const double *a = y + k * r.n, *b = yl + k * nl;
    for (size_t i = 0; i < nm; i++) {
      worst = fmax(worst, fabs(a[i] - b[i]));
      for (size_t j = i; j < nm; j++) {
        double sum = b[nm + i * nm + j] + (i != j ? b[nm + j * nm + i] : 0.0);
        worst = fmax(worst, fabs(a[nm + ck_dimer_index(i, j, nm)] - sum));
      }
    }
  }
  print_message("lumped vs labeled: max |difference| %.3g nM (limit 1e-8 x 40 nM)\n", worst);
  assert_true(worst <= 1e-8 * 40.0);
  free(y), free(y0), free(yl);
  ck_solver_free(lab_solver);
  ck_network_free(lab);
  rig_free(&r);
  ck_model_free(model);
}

static double binomial(int n, int k, double p) {
  return exp(lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0) + k * log(p) +
             (n - k) * log1p(-p));
}

/* Statistical exchange, f = 1: monomers and dimer subunits end binomial(N, p). */
static void statistical_exchange_should_end_binomial(void **state) {
  (void)state;
  double ratios[2][2] = {{40, 40}, {100, 60}};
  for (int c = 0; c < 2; c++) {
    ck_model *model = ck_test_model(25, 2, CK_EXCHANGE_STATISTICAL, -1, 1e-2, 1e-1, 3.2e-2,
                                    ratios[c][0], ratios[c][1]);
    rig r = rig_make(model, 1e-10, 1e-16, CK_LINSOL_AUTO);
    double t[1] = {1e6};
    double *y = run(&r, model, 1, t);
    size_t nm = r.net->n_monomers;
    double p = ratios[c][0] / (ratios[c][0] + ratios[c][1]), mono = 0.0, dim = 0.0;
    for (size_t i = 0; i < nm; i++) {
      mono += y[i];
    }
    for (size_t d = 0; d < r.net->n_dimers; d++) {
      dim += y[nm + d];
    }
    for (size_t i = 0; i < nm; i++) {
      double bi = binomial(25, 25 - (int)i, p); /* species i holds 25 - i Ag */
      expect_abs(y[i] / mono, bi, 1e-6);
      for (size_t j = i; j < nm; j++) {
        double bj = binomial(25, 25 - (int)j, p);
        expect_abs(y[nm + ck_dimer_index(i, j, nm)] / dim, (i == j ? 1.0 : 2.0) * bi * bj, 1e-6);
      }
    }
    free(y);
    rig_free(&r);
    ck_model_free(model);
  }
}

/* Constant exchange, 1:1. Derived: all isomers of a chain exchange at the same
 * k_ex, but D{n,n} -> D{n+1,n-1} at k_ex [D{n,n}] where D{n,n} = (K/2) M_n^2 is
 * half as populated as a hetero isomer at equal monomers, so the flat state is
 * not stationary; the homodimers gain, which draws the middle compositions up
 * against the ends. Asserted: Ag <-> Au symmetry, every composition within 5 %
 * of 1/(N+1), ends below the middle, monotone towards the middle, and a true
 * steady state (no change between 1e6 s and 2e6 s). */
static void constant_exchange_should_end_nearly_flat(void **state) {
  (void)state;
  ck_model *model = ck_test_model(25, 2, CK_EXCHANGE_CONSTANT, -1, 3.2e-3, 3.2e-2, 3.2e-2, 40, 40);
  rig r = rig_make(model, 1e-10, 1e-16, CK_LINSOL_AUTO);
  double t[2] = {1e6, 2e6};
  double *y = run(&r, model, 2, t);
  double mono = 0.0, x[26];
  for (int i = 0; i < 26; i++) {
    mono += y[i];
  }
  for (int i = 0; i < 26; i++) {
    x[i] = y[i] / mono;
    expect_abs(y[r.n + (size_t)i], y[i], 1e-9 * y[i]);
  }
  print_message("constant exchange: x_end * 26 = %.5f, x_middle * 26 = %.5f\n", 26 * x[0], 26 * x[12]);
  for (int i = 0; i < 26; i++) {
    expect_rel(x[i], x[25 - i], 1e-7);
    expect_abs(26.0 * x[i], 1.0, 0.05);
  }
  for (int i = 0; i < 12; i++) {
    assert_true(x[i] < x[i + 1]);
  }
  free(y);
  rig_free(&r);
  ck_model_free(model);
}

/* A network that loses atoms must be caught by the conservation check. */
static void lost_atoms_should_fail_conservation(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_network *net = ck_network_alloc(ctx, 1, 0, 1, 1);
  net->metal_counts[0] = 25;
  net->k[CK_REACTION_DISSOCIATION] = 1e-3;
  ck_network_add_reaction(net, CK_REACTION_DISSOCIATION, 0, -1, -1, -1, 1.0); /* M -> nothing */
  ck_network_finalize(net);
  ck_solver_options o = {1e-8, 1e-12, CK_LINSOL_AUTO, 10000, 0};
  ck_solver *s = ck_solver_create(ctx, net, &o);
  assert_string_equal(ck_solver_linear_solver_name(s), "klu"); /* no dimers to eliminate */
  double y0 = 10.0, t = 100.0, y;
  assert_int_equal(ck_solver_run(s, ctx, &y0, 0.0, 1, &t, &y), CK_ERR_CONSERVATION);
  /* 10 exp(-0.1) nM left of 10: a relative 0.095 at the first output */
  assert_non_null(strstr(ck_ctx_errmsg(ctx), "balance off by a relative 0.0952 at t = 100 s"));
  ck_solver_free(s);
  ck_network_free(net);
  ck_ctx_free(ctx);
}

static double max_difference(const double *a, const double *b, size_t n) {
  double worst = 0.0;
  for (size_t i = 0; i < n; i++) {
    worst = fmax(worst, fabs(a[i] - b[i]));
  }
  return worst;
}

/* Results converge as tolerances tighten, conserve metals to round-off, and the
 * block, KLU and dense linear solvers give the same answer. */
static void results_should_converge_and_agree_across_solvers(void **state) {
  (void)state;
  ck_model *model = ck_test_model(25, 2, CK_EXCHANGE_STATISTICAL, 1, 1e-2, 5.6e-2, 3.2e-2, 40, 40);
  enum { NT = 33 };
  double t[NT];
  for (int k = 0; k < NT; k++) {
    t[k] = 20.0 + 100.0 * k;
  }
  double rtols[3] = {1e-5, 1e-7, 1e-11}, *ys[3];
  size_t n = 0;
  for (int i = 0; i < 3; i++) {
    rig r = rig_make(model, rtols[i], rtols[i] * 1e-4, CK_LINSOL_BLOCK);
    ys[i] = run(&r, model, NT, t);
    assert_true(ck_solver_get_stats(r.solver).max_conservation_error < 1e-12);
    n = r.n;
    rig_free(&r);
  }
  double e5 = max_difference(ys[0], ys[2], NT * n), e7 = max_difference(ys[1], ys[2], NT * n);
  print_message("max |error| vs rtol 1e-11: rtol 1e-5 %.3g nM, rtol 1e-7 %.3g nM\n", e5, e7);
  assert_true(e7 < e5);
  assert_true(e7 < 1e-4);
  rig klu = rig_make(model, 1e-11, 1e-15, CK_LINSOL_KLU);
  double *yk = run(&klu, model, NT, t);
  assert_true(max_difference(yk, ys[2], NT * n) < 1e-7);
  free(yk);
  rig_free(&klu);
  for (int i = 0; i < 3; i++) {
    free(ys[i]);
  }
  ck_model_free(model);
  /* Dense only where it is sensible: a small N. */
  model = ck_test_model(6, 2, CK_EXCHANGE_STATISTICAL, -1, 1e-2, 1e-1, 3.2e-2, 40, 40);
  rig dense = rig_make(model, 1e-11, 1e-15, CK_LINSOL_DENSE);
  rig block = rig_make(model, 1e-11, 1e-15, CK_LINSOL_BLOCK);
  double *yd = run(&dense, model, NT, t), *yb = run(&block, model, NT, t);
  assert_true(max_difference(yd, yb, NT * dense.n) < 1e-7);
  free(yd), free(yb);
  rig_free(&dense);
  rig_free(&block);
  ck_model_free(model);
}

/* t_max: exact for a sampled parabola, edges flagged, invisible channels undefined. */
static void tmax_should_refine_and_flag(void **state) {
  (void)state;
  enum { NT = 11 };
  double t[NT], v[NT * 3];
  for (int k = 0; k < NT; k++) {
    t[k] = 10.0 * k;
    v[k * 3] = 100.0 - (t[k] - 43.0) * (t[k] - 43.0) * 0.01; /* peak at 43 s */
    v[k * 3 + 1] = 1.0 + t[k];                             /* still rising */
    v[k * 3 + 2] = 1e-12;                                   /* below 1e-9 of the total */
  }
  ck_tmax out[3];
  ck_ctx *ctx = ck_ctx_create();
  assert_int_equal(ck_tmax_compute(ctx, t, NT, v, 3, out), CK_OK);
  expect_rel(out[0].t_max_s, 43.0, 1e-12);
  assert_int_equal(out[0].at_edge, 0);
  expect_rel(out[1].t_max_s, 100.0, 0);
  assert_int_equal(out[1].at_edge, 1);
  assert_int_equal(out[2].at_edge, -1);
  assert_true(isnan(out[2].t_max_s));
  ck_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(dimerization_should_match_closed_form),
      cmocka_unit_test(lumped_network_should_equal_labeled_network),
      cmocka_unit_test(statistical_exchange_should_end_binomial),
      cmocka_unit_test(constant_exchange_should_end_nearly_flat),
      cmocka_unit_test(lost_atoms_should_fail_conservation),
      cmocka_unit_test(results_should_converge_and_agree_across_solvers),
      cmocka_unit_test(tmax_should_refine_and_flag),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
