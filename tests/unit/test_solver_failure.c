/* SPDX-License-Identifier: MIT */
/* Named solver failures (issue 8 item 4): each class provoked on purpose,
 * with its kind, CVODE flag, time, step, worst species and the exact
 * message shape of ck_solver.h; the wall-clock limit, the output-size guard
 * and the limits: they are read from (item 3). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"

#define CLUSTERS                                                    \
  "clusters:\n"                                                     \
  "  Ag25: {formula: \"[Ag25(C8H9S)18]-\", concentration: 40 nM}\n" \
  "  Au25: {formula: \"[Au25(C8H9S)18]-\", concentration: 40 nM}\n"
#define MECHANISM          \
  "mechanism:\n"           \
  "  exchange: [Ag, Au]\n" \
  "  rates: {dimerization: 1e-2, dissociation: 5.6e-2, exchange: 3.2e-2}\n"

/* CVODE 6.x return flags (cvode.h), restated: the test must not include SUNDIALS. */
#define FLAG_TOO_MUCH_WORK -1
#define FLAG_TOO_MUCH_ACC -2
#define FLAG_CONV_FAILURE -4
#define FLAG_REPTD_RHSFUNC_ERR -10

typedef struct rig {
  ck_ctx *ctx;
  ck_model *model;
  ck_network *net;
  ck_solver *solver;
  size_t n;
  double *y0, *y;
} rig;

/* The seed pair (Ag25 + Au25, 40 nM each; simulation 3 of MODEL.md section
 * 2: dimerization scaled by the gold fraction) with dimerization rate k_dim. */
static rig rig_make(double k_dim, double rtol, double atol_nM, long max_steps) {
  rig r = {ck_ctx_create(), NULL, NULL, NULL, 0, NULL, NULL};
  r.model = ck_test_model(25, 2, CK_EXCHANGE_STATISTICAL, 1, k_dim, 5.6e-2, 3.2e-2, 40, 40);
  r.net = ck_network_generate(r.ctx, r.model);
  assert_non_null(r.net);
  r.n = ck_network_species_count(r.net);
  ck_solver_options o = {rtol, atol_nM, CK_LINSOL_AUTO, max_steps, 0};
  r.solver = ck_solver_create(r.ctx, r.net, &o);
  assert_non_null(r.solver);
  r.y0 = calloc(r.n, sizeof *r.y0);
  r.y = calloc(4 * r.n, sizeof *r.y);
  assert_non_null(r.y0);
  assert_non_null(r.y);
  assert_int_equal(ck_model_initial_state(r.ctx, r.model, r.net, r.y0), CK_OK);
  return r;
}

static void rig_free(rig *r) {
  free(r->y0), free(r->y);
  ck_solver_free(r->solver);
  ck_network_free(r->net);
  ck_model_free(r->model);
  ck_ctx_free(r->ctx);
}

static ck_status rig_run(rig *r) {
  static const double t[4] = {20, 100, 1000, 3000};
  return ck_solver_run(r->solver, r->ctx, r->y0, 0.0, 4, t, r->y);
}

static const char *label(const rig *r, long species) {
  static char buf[128];
  assert_true(species >= 0 && (size_t)species < r->n);
  ck_network_species_label(r->net, (size_t)species, buf, sizeof buf);
  return buf;
}

/* The message of a CVODE failure, rebuilt from the failure's numbers. */
static void expect_cvode_message(rig *r, const char *what, const char *flag, const char *hint) {
  ck_solver_failure f = ck_solver_get_failure(r->solver);
  char want[512];
  snprintf(want, sizeof want,
           "integration failed: %s (%s) at t = %.6g s, step %.3g s, worst species %s "
           "(weighted local error %.3g); %s",
           what, flag, f.t_s, f.step_s, label(r, f.species), f.value, hint);
  assert_string_equal(ck_ctx_errmsg(r->ctx), want);
}

/* max-steps 5 cannot reach the first output at 20 s: CVODE stops after
 * exactly 5 steps, before 20 s, and names the species it struggled with. */
static void tiny_max_steps_should_be_too_much_work(void **state) {
  (void)state;
  rig r = rig_make(1e-2, 1e-8, 1e-12, 5);
  assert_int_equal(rig_run(&r), CK_ERR_SOLVER);
  ck_solver_failure f = ck_solver_get_failure(r.solver);
  assert_int_equal(f.kind, CK_SOLVER_TOO_MUCH_WORK);
  assert_int_equal(f.cvode_flag, FLAG_TOO_MUCH_WORK);
  assert_int_equal(ck_solver_get_stats(r.solver).steps, 5);
  assert_true(f.t_s > 0.0 && f.t_s < 20.0);
  assert_true(f.step_s > 0.0 && f.step_s <= f.t_s);
  assert_true(f.value >= 0.0 && f.value < 1.0); /* the steps so far passed the test */
  expect_cvode_message(&r, "too much work", "CV_TOO_MUCH_WORK",
                       "raise simulate: max-steps, or check the rate constants");
  rig_free(&r);
}

/* rtol 1e-16 is below double precision (unit roundoff 1.1e-16 x 100). */
static void impossible_tolerance_should_be_too_much_accuracy(void **state) {
  (void)state;
  rig r = rig_make(1e-2, 1e-16, 1e-30, 1000000);
  assert_int_equal(rig_run(&r), CK_ERR_SOLVER);
  ck_solver_failure f = ck_solver_get_failure(r.solver);
  assert_int_equal(f.kind, CK_SOLVER_TOO_MUCH_ACCURACY);
  assert_int_equal(f.cvode_flag, FLAG_TOO_MUCH_ACC);
  expect_cvode_message(&r, "too much accuracy requested", "CV_TOO_MUCH_ACC",
                       "loosen simulate: rtol/atol");
  rig_free(&r);
}

/* k_dim = 1e40 /nM/s makes the dimerization time 1/(k c) ~ 1e-42 s: the
 * Newton iteration cannot converge at any representable step from t = 0. */
static void absurd_rate_should_be_convergence_failure(void **state) {
  (void)state;
  rig r = rig_make(1e40, 1e-8, 1e-12, 1000000);
  assert_int_equal(rig_run(&r), CK_ERR_SOLVER);
  ck_solver_failure f = ck_solver_get_failure(r.solver);
  assert_int_equal(f.kind, CK_SOLVER_CONVERGENCE);
  assert_int_equal(f.cvode_flag, FLAG_CONV_FAILURE);
  assert_true(f.t_s == 0.0 && f.step_s > 0.0 && f.step_s < 1e-30);
  expect_cvode_message(&r, "convergence failure", "CV_CONV_FAILURE",
                       "tighten simulate: rtol/atol or check the rate constants");
  rig_free(&r);
}

/* k_dim = 1e200 /nM/s overflows the rates of change to infinity: the RHS
 * reports it, CVODE retries with smaller steps and gives up. */
static void overflowing_rate_should_be_rhs_failure(void **state) {
  (void)state;
  rig r = rig_make(1e200, 1e-8, 1e-12, 1000000);
  assert_int_equal(rig_run(&r), CK_ERR_SOLVER);
  ck_solver_failure f = ck_solver_get_failure(r.solver);
  assert_int_equal(f.kind, CK_SOLVER_RHS);
  assert_int_equal(f.cvode_flag, FLAG_REPTD_RHSFUNC_ERR);
  char want[512];
  snprintf(want, sizeof want,
           "integration failed: RHS failure (CV_REPTD_RHSFUNC_ERR) at t = 0 s, step %.3g s, "
           "worst species %s (rate of change not finite); check the rate constants and initial "
           "concentrations for overflow or NaN",
           f.step_s, label(&r, f.species));
  assert_string_equal(ck_ctx_errmsg(r.ctx), want);
  rig_free(&r);
}

/* k_dim = 1e20 /nM/s with rtol 1e-8 overshoots: the monomers go negative
 * by nM, far beyond the tolerance max(100 atol, rtol x 80 nM) = 8e-7 nM. */
static void overshoot_should_be_negative_concentration(void **state) {
  (void)state;
  rig r = rig_make(1e20, 1e-8, 1e-12, 1000000);
  assert_int_equal(rig_run(&r), CK_ERR_SOLVER);
  ck_solver_failure f = ck_solver_get_failure(r.solver);
  assert_int_equal(f.kind, CK_SOLVER_NEGATIVE);
  assert_int_equal(f.cvode_flag, 0);
  expect_rel(f.tolerance_nM, 8e-7, 1e-12);
  assert_true(f.value < -f.tolerance_nM);
  assert_true(f.t_s == 20.0); /* found at the first output */
  rig_free(&r);
}

/* A state negative from the start is caught at the first output (t0 itself),
 * the most negative species named with its value: exact message. */
static void negative_start_should_name_the_most_negative_species(void **state) {
  (void)state;
  rig r = rig_make(1e-2, 1e-8, 1e-12, 1000000);
  r.y0[3] = -0.5, r.y0[5] = -2.0, r.y0[7] = -5e-7; /* the last within tolerance */
  double t = 0.0;
  assert_int_equal(ck_solver_run(r.solver, r.ctx, r.y0, 0.0, 1, &t, r.y), CK_ERR_SOLVER);
  ck_solver_failure f = ck_solver_get_failure(r.solver);
  assert_int_equal(f.species, 5);
  double tol = 1e-8 * (80.0 + 2.5 + 5e-7);
  char want[512];
  snprintf(want, sizeof want,
           "integration failed: negative concentration beyond tolerance at t = 0 s, step 0 s, "
           "worst species %s at -2 nM (tolerance -%.3g nM); tighten simulate: rtol/atol",
           label(&r, 5), tol);
  assert_string_equal(ck_ctx_errmsg(r.ctx), want);
  expect_rel(f.tolerance_nM, tol, 1e-12);
  rig_free(&r);
}

/* A budget of 1 ns is spent before the first RHS: CK_ERR_LIMIT at t = 0;
 * the same solver runs to the end once the limit is lifted. */
static void time_limit_should_stop_the_run_and_the_solver_recover(void **state) {
  (void)state;
  rig r = rig_make(1e-2, 1e-8, 1e-12, 1000000);
  assert_int_equal(ck_solver_set_time_limit(r.solver, r.ctx, -1.0), CK_ERR_ARG);
  assert_int_equal(ck_solver_set_time_limit(r.solver, r.ctx, 1e-9), CK_OK);
  assert_int_equal(rig_run(&r), CK_ERR_LIMIT);
  ck_solver_failure f = ck_solver_get_failure(r.solver);
  assert_int_equal(f.kind, CK_SOLVER_TIME_LIMIT);
  char want[512];
  snprintf(want, sizeof want,
           "time limit of 1e-09 s exceeded at t = 0 s, step %.3g s; raise it with limits: "
           "{time: ...} or --time-limit",
           f.step_s);
  assert_string_equal(ck_ctx_errmsg(r.ctx), want);
  assert_int_equal(ck_solver_set_time_limit(r.solver, r.ctx, 0.0), CK_OK);
  assert_int_equal(rig_run(&r), CK_OK);
  assert_int_equal(ck_solver_get_failure(r.solver).kind, CK_SOLVER_OK);
  rig_free(&r);
}

/* limits: {output, time} in the model file (MODEL file reference, docs/model-file.md). */
static void limits_should_parse_output_and_time(void **state) {
  (void)state;
  ck_model *m = ck_test_parse_ok(CLUSTERS MECHANISM
                                 "limits: {memory: 1 GiB, output: 500 MiB, time: 10 min}\n");
  expect_rel(m->memory_limit_bytes, 1073741824.0, 0.0);
  expect_rel(m->output_limit_bytes, 500.0 * 1048576.0, 0.0);
  expect_rel(m->time_limit_s, 600.0, 0.0);
  ck_model_free(m);
  m = ck_test_parse_ok(CLUSTERS MECHANISM);
  assert_true(m->output_limit_bytes == 0.0 && m->time_limit_s == 0.0); /* defaults: 2 GiB, none */
  ck_model_free(m);
  ck_test_expect_model_error(CLUSTERS MECHANISM "limits: {time: 0 s}\n", CK_ERR_INPUT, 7,
                             "limits.time must be greater than 0");
  ck_test_expect_model_error(CLUSTERS MECHANISM "limits: {output: 2 parsecs}\n", CK_ERR_INPUT, 7,
                             "limits.output");
  ck_test_expect_model_error(CLUSTERS MECHANISM "limits: {disk: 1 GiB}\n", CK_ERR_INPUT, 7, "disk");
}

/* The guard's arithmetic: 1000 rows x 100 columns x 17 bytes = 1.7e6 bytes
 * = 1.62 MiB, refused under 1 MiB, accepted at 2 MB and under the 2 GiB default. */
static void output_guard_should_refuse_above_the_limit(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  assert_int_equal(ck_output_check_size(ctx, "the table", 1000, 100, 17, 1048576.0), CK_ERR_LIMIT);
  assert_string_equal(ck_ctx_errmsg(ctx),
                      "the table would be about 1.62 MiB (1000 rows x 100 columns x 17 bytes), "
                      "above the output limit of 1 MiB; raise it with limits: {output: ...} or "
                      "--output-limit, or write fewer rows");
  assert_int_equal(ck_output_check_size(ctx, "the table", 1000, 100, 17, 2e6), CK_OK);
  assert_int_equal(ck_output_check_size(ctx, "the table", 1e6, 100, 17, 0.0), CK_OK);
  assert_int_equal(ck_output_check_size(ctx, "the table", 1e7, 100, 17, 0.0), CK_ERR_LIMIT);
  ck_ctx_free(ctx);
}

static void every_kind_should_have_plain_words(void **state) {
  (void)state;
  assert_string_equal(ck_solver_failure_name(CK_SOLVER_TOO_MUCH_WORK), "too much work");
  assert_string_equal(ck_solver_failure_name(CK_SOLVER_CONVERGENCE), "convergence failure");
  assert_string_equal(ck_solver_failure_name(CK_SOLVER_ERROR_TEST), "error test failure");
  assert_string_equal(ck_solver_failure_name(CK_SOLVER_LINEAR), "linear solver failure");
  assert_string_equal(ck_solver_failure_name(CK_SOLVER_NEGATIVE),
                      "negative concentration beyond tolerance");
  assert_string_equal(ck_solver_failure_name(CK_SOLVER_TIME_LIMIT), "time limit exceeded");
  assert_string_equal(ck_solver_failure_name((ck_solver_failure_kind)99), "CVODE failure");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(tiny_max_steps_should_be_too_much_work),
      cmocka_unit_test(impossible_tolerance_should_be_too_much_accuracy),
      cmocka_unit_test(absurd_rate_should_be_convergence_failure),
      cmocka_unit_test(overflowing_rate_should_be_rhs_failure),
      cmocka_unit_test(overshoot_should_be_negative_concentration),
      cmocka_unit_test(negative_start_should_name_the_most_negative_species),
      cmocka_unit_test(time_limit_should_stop_the_run_and_the_solver_recover),
      cmocka_unit_test(limits_should_parse_output_and_time),
      cmocka_unit_test(output_guard_should_refuse_above_the_limit),
      cmocka_unit_test(every_kind_should_have_plain_words),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
