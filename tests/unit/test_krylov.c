/* SPDX-License-Identifier: MIT */
/* The Krylov linear solver (issue 5, item 5; src/solver/krylov.c and
 * cvode_krylov.c). Independent facts: mass action is at most quadratic, so a
 * central difference of the RHS is exact up to rounding and gives J v and
 * J_ii; the conservation correction must hit the requested metal totals; and
 * the whole simulation must agree with the exact (block, KLU) linear solvers
 * to within what the ODE tolerances allow, on the dimer network of sim3, two
 * families with heterodimers, a ternary network and collision exchange,
 * keeping every metal to 1e-9 relative. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "network/network_impl.h"
#include "solver/kinetics.h"
#include "solver/krylov.h"
#include "solver/solver_impl.h"

/* Family A (2 atoms, 3-) and B (1 atom, 1-): homo- and heterodimers that
 * dissociate, so the block solver does not apply (KLU is the reference). */
static const char *two_families =
    "clusters:\n"
    "  A: {formula: \"[Ag3(C6H4S2)2]3-\", concentration: 10 nM}\n"
    "  B: {formula: \"[Au2(C8H9S)2]-\", concentration: 6 nM}\n"
    "mechanism:\n"
    "  exchange: [Ag, Au]\n"
    "  rates: {dimerization: 1e-2, dissociation: 1e-1, exchange: 5e-2}\n"
    "pairs:\n  - {between: all}\n"
    "simulate: {end: 600 s, step: 20 s, normalize: none, rtol: 1e-9, atol: 1e-14}\n";

static const char *ternary =
    "clusters:\n"
    "  Au6: {formula: \"[Au6(C8H9S)4]-\", concentration: 30 nM}\n"
    "  Ag6: {formula: \"[Ag6(C8H9S)4]-\", concentration: 20 nM}\n"
    "  Cu6: {formula: \"[Cu6(C8H9S)4]-\", concentration: 10 nM}\n"
    "mechanism:\n"
    "  exchange: [Ag, Au, Cu]\n"
    "  rates: {dimerization: 1e-2, dissociation: 1e-1, exchange: 3e-2}\n"
    "simulate: {end: 2000 s, step: 100 s, normalize: none, rtol: 1e-9, atol: 1e-14}\n";

static const char *collision =
    "clusters:\n"
    "  Ag8: {formula: \"[Ag8(C8H9S)6]-\", concentration: 40 nM}\n"
    "  Au8: {formula: \"[Au8(C8H9S)6]-\", concentration: 25 nM}\n"
    "mechanism:\n"
    "  kind: collision-exchange\n"
    "  exchange: [Ag, Au]\n"
    "  rates: {collision: 5.7e-3 /nM/s}\n"
    "simulate: {end: 1000 s, step: 50 s, normalize: none, rtol: 1e-9, atol: 1e-14}\n";

/* A state with every species present and unequal (nM). */
static void some_state(size_t n, double *y, double scale) {
  for (size_t i = 0; i < n; i++) {
    y[i] = scale * (0.3 + 0.7 * (double)((i * 37) % 101) / 101.0);
  }
}

/* J v and diag(J) against central differences of the RHS (exact for a
 * quadratic RHS: the error is rounding only). */
static void check_derivatives(const ck_network *net) {
  ck_kinetics kin;
  assert_int_equal(ck_kinetics_init(NULL, &kin, net), CK_OK);
  size_t n = kin.n;
  double *y = calloc(n, sizeof *y), *v = calloc(n, sizeof *v), *jv = calloc(n, sizeof *jv);
  double *yp = calloc(n, sizeof *yp), *ym = calloc(n, sizeof *ym);
  double *fp = calloc(n, sizeof *fp), *fm = calloc(n, sizeof *fm), *diag = calloc(n, sizeof *diag);
  some_state(n, y, 5.0);
  for (size_t i = 0; i < n; i++) {
    v[i] = (double)((i * 13) % 7) - 3.0;
  }
  const double h = 1e-3;
  for (size_t i = 0; i < n; i++) {
    yp[i] = y[i] + h * v[i], ym[i] = y[i] - h * v[i];
  }
  ck_kinetics_rhs(&kin, yp, fp);
  ck_kinetics_rhs(&kin, ym, fm);
  ck_kinetics_jtimes(&kin, y, v, jv);
  double big = 0.0;
  for (size_t i = 0; i < n; i++) {
    big = fmax(big, fabs(jv[i]));
  }
  assert_true(big > 0.0);
  for (size_t i = 0; i < n; i++) {
    expect_abs(jv[i], (fp[i] - fm[i]) / (2.0 * h), 1e-9 * big);
  }
  ck_kinetics_jacobian_diagonal(&kin, y, diag);
  for (size_t i = 0; i < n; i += 1 + n / 40) { /* e_i one at a time */
    memcpy(yp, y, n * sizeof *y), memcpy(ym, y, n * sizeof *y);
    yp[i] += h, ym[i] -= h;
    ck_kinetics_rhs(&kin, yp, fp);
    ck_kinetics_rhs(&kin, ym, fm);
    expect_abs(diag[i], (fp[i] - fm[i]) / (2.0 * h), 1e-9 * (1.0 + fabs(diag[i])));
    assert_true(diag[i] <= 0.0); /* what makes the preconditioner safe */
  }
  free(y), free(v), free(jv), free(yp), free(ym), free(fp), free(fm), free(diag);
  ck_kinetics_destroy(&kin);
}

static void jtimes_and_diagonal_should_match_central_differences(void **state) {
  (void)state;
  const char *texts[] = {two_families, ternary, collision};
  for (int k = 0; k < 3; k++) {
    ck_model *m = ck_test_parse_ok(texts[k]);
    ck_network *net = ck_test_generate(m);
    check_derivatives(net);
    ck_network_free(net);
    ck_model_free(m);
  }
  ck_model *m = ck_test_model(25, 2, CK_EXCHANGE_STATISTICAL, 1, 1e-2, 5.6e-2, 3.2e-2, 40, 40);
  ck_network *net = ck_test_generate(m);
  check_derivatives(net);
  ck_network_free(net);
  ck_model_free(m);
}

/* The correction reaches the target totals, leaves a conserved vector alone,
 * and stays in the span of W^-2 C (the weighted least-norm form). */
static void conserve_should_restore_metal_totals(void **state) {
  (void)state;
  ck_model *m = ck_test_parse_ok(ternary);
  ck_network *net = ck_test_generate(m);
  size_t n = ck_network_species_count(net);
  double *x = calloc(n, sizeof *x), *x0 = calloc(n, sizeof *x0), *w = calloc(n, sizeof *w);
  some_state(n, x0, 1.0);
  for (size_t i = 0; i < n; i++) {
    w[i] = 1.0 / (1e-6 * x0[i] + 1e-12);
  }
  double target[CK_MAX_METALS], got[CK_MAX_METALS];
  ck_metal_totals(net, x0, target);
  memcpy(x, x0, n * sizeof *x);
  ck_krylov_conserve(net, w, target, x);
  for (size_t i = 0; i < n; i++) {
    expect_abs(x[i], x0[i], 1e-15 * x0[i]);
  }
  target[0] *= 1.0 + 1e-6, target[2] *= 1.0 - 3e-7; /* Ag up, Cu down, Au kept */
  ck_krylov_conserve(net, w, target, x);
  ck_metal_totals(net, x, got);
  for (int p = 0; p < 3; p++) {
    expect_rel(got[p], target[p], 1e-14);
  }
  /* dx_i w_i^2 = sum_p count[i][p] l_p: recover l from two species and check all. */
  double l[3] = {0};
  size_t pure[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX}; /* monomers of one metal */
  for (size_t i = 0; i < ck_network_monomer_count(net); i++) {
    for (int p = 0; p < 3; p++) {
      if (net->metal_counts[3 * i + p] == 6) {
        pure[p] = i;
      }
    }
  }
  for (int p = 0; p < 3; p++) {
    assert_true(pure[p] != SIZE_MAX);
    l[p] = (x[pure[p]] - x0[pure[p]]) * w[pure[p]] * w[pure[p]] / 6.0;
  }
  for (size_t i = 0; i < n; i++) {
    const int *c = net->metal_counts + 3 * i;
    double want = (c[0] * l[0] + c[1] * l[1] + c[2] * l[2]) / (w[i] * w[i]);
    expect_abs(x[i] - x0[i], want, 1e-6 * fabs(want) + 1e-22); /* x - x0 cancels 8 digits */
  }
  free(x), free(x0), free(w);
  ck_network_free(net);
  ck_model_free(m);
}

/* Runs the model with the given linear solver; returns the n_out states. */
static double *simulate(const ck_model *m, ck_network *net, ck_linear_solver kind,
                        const char *expect_name, size_t *n_out, double *conservation) {
  ck_ctx *ctx = ck_ctx_create();
  size_t n = ck_network_species_count(net);
  *n_out = ck_simulate_output_count(&m->simulate);
  double *t = calloc(*n_out, sizeof *t), *y0 = calloc(n, sizeof *y0);
  double *y = calloc(*n_out * n, sizeof *y);
  for (size_t k = 0; k < *n_out; k++) {
    t[k] = m->simulate.dead_time_s + (double)k * m->simulate.step_s;
  }
  assert_int_equal(ck_model_initial_state(ctx, m, net, y0), CK_OK);
  ck_solver_options o = ck_solver_options_from_model(m);
  o.linear_solver = kind;
  ck_solver *s = ck_solver_create(ctx, net, &o);
  if (s == NULL) {
    fail_msg("solver: %s", ck_ctx_errtext(ctx));
  }
  assert_string_equal(ck_solver_linear_solver_name(s), expect_name);
  if (ck_solver_run(s, ctx, y0, 0.0, *n_out, t, y) != CK_OK) {
    fail_msg("run: %s", ck_ctx_errtext(ctx));
  }
  ck_solver_stats st = ck_solver_get_stats(s);
  *conservation = st.max_conservation_error;
  if (kind == CK_LINSOL_KRYLOV) {
    assert_true(st.lin_iters > 0 && st.prec_solves > 0);
    assert_int_equal(st.jac_evals, 0); /* no Jacobian matrix exists */
  } else {
    assert_int_equal(st.lin_iters, 0);
  }
  ck_solver_free(s);
  free(t), free(y0);
  ck_ctx_free(ctx);
  return y;
}

/* Krylov against an exact linear solver: both integrate to within the ODE
 * tolerances, so states differ by a small multiple of rtol x the total
 * concentration (the global error of two rtol-controlled runs), and the
 * krylov run keeps the metals to 1e-9. */
static void check_agreement(ck_model *m, ck_linear_solver reference, const char *ref_name) {
  ck_network *net = ck_test_generate(m);
  size_t n = ck_network_species_count(net), n_ref, n_kry;
  double cons_ref, cons_kry;
  double *a = simulate(m, net, reference, ref_name, &n_ref, &cons_ref);
  double *b = simulate(m, net, CK_LINSOL_KRYLOV, "krylov", &n_kry, &cons_kry);
  assert_int_equal(n_ref, n_kry);
  double total = 0.0;
  for (size_t i = 0; i < n; i++) {
    total += a[i];
  }
  double worst = 0.0;
  for (size_t k = 0; k < n_ref * n; k++) {
    worst = fmax(worst, fabs(a[k] - b[k]));
  }
  assert_true(total > 0.0);
  if (!(worst <= 100.0 * m->simulate.rtol * total)) {
    fail_msg("krylov differs from %s by %g nM (total %g nM, rtol %g)", ref_name, worst, total,
             m->simulate.rtol);
  }
  assert_true(cons_kry <= 1e-9);
  /* a change the runs can see: the states move by far more than the difference */
  double moved = 0.0;
  for (size_t i = 0; i < n; i++) {
    moved = fmax(moved, fabs(a[(n_ref - 1) * n + i] - a[i]));
  }
  assert_true(moved > 1e3 * worst);
  free(a), free(b);
  ck_network_free(net);
}

static void krylov_should_agree_with_block_on_sim3(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_model *m = ck_model_load(ctx, ck_test_example("ag25-au25-sim3.yaml"));
  assert_non_null(m);
  check_agreement(m, CK_LINSOL_BLOCK, "block");
  ck_model_free(m);
  ck_ctx_free(ctx);
}

static void krylov_should_agree_with_klu_on_two_families(void **state) {
  (void)state;
  ck_model *m = ck_test_parse_ok(two_families);
  check_agreement(m, CK_LINSOL_KLU, "klu");
  ck_model_free(m);
}

static void krylov_should_agree_with_klu_on_ternary(void **state) {
  (void)state;
  ck_model *m = ck_test_parse_ok(ternary);
  check_agreement(m, CK_LINSOL_KLU, "klu");
  ck_model_free(m);
}

static void krylov_should_agree_with_klu_on_collision_exchange(void **state) {
  (void)state;
  ck_model *m = ck_test_parse_ok(collision);
  check_agreement(m, CK_LINSOL_KLU, "klu");
  ck_model_free(m);
}

/* No Jacobian, no factors: a memory limit between the two estimates lets the
 * krylov solver be created and refuses the default one, with CK_ERR_LIMIT. */
static void krylov_should_fit_where_the_sparse_solvers_do_not(void **state) {
  (void)state;
  ck_model *m = ck_test_parse_ok(ternary);
  ck_network *net = ck_test_generate(m);
  double s = (double)ck_network_species_count(net), r = (double)ck_network_reaction_count(net);
  double kry = ck_memory_krylov_bytes(s, r);
  double full = ck_memory_solver_bytes(s, (double)ck_network_monomer_count(net), r);
  assert_true(kry < 0.5 * full);
  net->memory_limit_bytes = 0.5 * (kry + full);
  ck_ctx *ctx = ck_ctx_create();
  ck_solver_options o = ck_solver_options_from_model(m);
  o.linear_solver = CK_LINSOL_KRYLOV;
  ck_solver *solver = ck_solver_create(ctx, net, &o);
  assert_non_null(solver);
  ck_solver_free(solver);
  o.linear_solver = CK_LINSOL_KLU;
  assert_null(ck_solver_create(ctx, net, &o));
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_LIMIT);
  ck_ctx_free(ctx);
  ck_network_free(net);
  ck_model_free(m);
}

/* The model file names it "krylov" or, SUNDIALS' name, "spgmr". */
static void model_file_should_accept_krylov_and_spgmr(void **state) {
  (void)state;
  const char *names[] = {"krylov", "spgmr"};
  for (int k = 0; k < 2; k++) {
    char text[1024];
    snprintf(text, sizeof text, "%.*ssimulate: {linear-solver: %s}\n",
             (int)(strstr(collision, "simulate:") - collision), collision, names[k]);
    ck_model *m = ck_test_parse_ok(text);
    assert_int_equal(m->simulate.linear_solver, CK_LINSOL_KRYLOV);
    ck_model_free(m);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(jtimes_and_diagonal_should_match_central_differences),
      cmocka_unit_test(conserve_should_restore_metal_totals),
      cmocka_unit_test(krylov_should_agree_with_block_on_sim3),
      cmocka_unit_test(krylov_should_agree_with_klu_on_two_families),
      cmocka_unit_test(krylov_should_agree_with_klu_on_ternary),
      cmocka_unit_test(krylov_should_agree_with_klu_on_collision_exchange),
      cmocka_unit_test(krylov_should_fit_where_the_sparse_solvers_do_not),
      cmocka_unit_test(model_file_should_accept_krylov_and_spgmr),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
