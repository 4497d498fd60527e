/* SPDX-License-Identifier: MIT */
/* Test helpers shared by the unit tests. */
#include "ck_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "network/network_impl.h" /* dimer subunits, for the equilibrium check */

static void check(int ok, double actual, double expected, double tol, const char *kind,
                  const char *what, const char *file, int line) {
  if (!ok) {
    fail_msg("%s:%d: %s = %.17g, expected %.17g (%s tolerance %.3g)", file, line, what, actual,
             expected, kind, tol);
  }
}

void ck_test_expect_rel(double actual, double expected, double rtol, const char *what,
                        const char *file, int line) {
  int ok =
      isfinite(actual) && isfinite(expected) && fabs(actual - expected) <= rtol * fabs(expected);
  check(ok, actual, expected, rtol, "relative", what, file, line);
}

void ck_test_expect_abs(double actual, double expected, double atol, const char *what,
                        const char *file, int line) {
  int ok = isfinite(actual) && isfinite(expected) && fabs(actual - expected) <= atol;
  check(ok, actual, expected, atol, "absolute", what, file, line);
}

const char *ck_test_example(const char *name) {
  static char path[4096];
  const char *dir = getenv("CK_EXAMPLES");
  snprintf(path, sizeof path, "%s/%s", dir != NULL ? dir : "examples", name);
  return path;
}

const char *ck_test_data(const char *name) {
  static char path[4096];
  const char *dir = getenv("CK_TESTDATA");
  snprintf(path, sizeof path, "%s/%s", dir != NULL ? dir : "tests/data", name);
  return path;
}

static char *dup_string(const char *s) {
  char *p = malloc(strlen(s) + 1);
  assert_non_null(p);
  strcpy(p, s);
  return p;
}

ck_model *ck_test_model(int n, int n_metals, ck_exchange_probability prob, int scaling_metal,
                        double k_dim, double k_diss, double k_ex, double c_a_nM, double c_b_nM) {
  static const char *metals[] = {"Ag", "Au", "Cu"};
  ck_model *m = calloc(1, sizeof *m);
  assert_non_null(m);
  m->name = dup_string("test model");
  m->source = dup_string("<test>");
  m->n_metals = n_metals;
  for (int x = 0; x < n_metals; x++) {
    strcpy(m->metal[x], metals[x]);
  }
  m->nuclearity = n;
  m->charge = -1;
  m->n_clusters = n_metals >= 2 ? 2 : 1;
  m->clusters = calloc((size_t)m->n_clusters, sizeof *m->clusters);
  assert_non_null(m->clusters);
  for (int i = 0; i < m->n_clusters; i++) {
    ck_cluster *c = m->clusters + i;
    c->name = dup_string(i == 0 ? "A" : "B");
    c->formula = dup_string(i == 0 ? "[A]-" : "[B]-");
    c->charge = -1;
    c->metal_count[i] = n;
    c->nuclearity = n;
    c->concentration_nM = i == 0 ? c_a_nM : c_b_nM;
  }
  m->kind = CK_MECHANISM_DIMER_EXCHANGE;
  m->probability = prob;
  m->scaling_metal = scaling_metal;
  m->k_dim_per_nM_s = k_dim;
  m->k_diss_per_s = k_diss;
  m->k_ex_per_s = k_ex;
  m->simulate = ck_simulate_options_default();
  m->simulate.normalize = CK_NORMALIZE_NONE;
  return m;
}

#define TEST_SOURCE "models/test.yaml"

ck_model *ck_test_parse_ok(const char *text) {
  ck_ctx *ctx = ck_ctx_create();
  ck_model *m = ck_model_parse(ctx, text, strlen(text), TEST_SOURCE);
  if (m == NULL) {
    fail_msg("%s", ck_ctx_errtext(ctx));
  }
  ck_ctx_free(ctx);
  return m;
}

void ck_test_expect_model_error(const char *text, ck_status status, int line, const char *word) {
  ck_ctx *ctx = ck_ctx_create();
  ck_model *m = ck_model_parse(ctx, text, strlen(text), TEST_SOURCE);
  const char *msg = ck_ctx_errmsg(ctx);
  if (m != NULL) {
    ck_model_free(m);
    fail_msg("expected an error containing \"%s\", the model was accepted", word);
  }
  if (ck_ctx_status(ctx) != status || ck_ctx_errline(ctx) != line || strstr(msg, word) == NULL) {
    fail_msg("expected status %d, line %d, \"%s\"; got %d, line %d: %s", status, line, word,
             ck_ctx_status(ctx), ck_ctx_errline(ctx), msg);
  }
  assert_string_equal(ck_ctx_errfile(ctx), TEST_SOURCE);
  ck_ctx_free(ctx);
}

ck_network *ck_test_generate(const ck_model *model) {
  ck_ctx *ctx = ck_ctx_create();
  ck_network *net = ck_network_generate(ctx, model);
  if (net == NULL) {
    fail_msg("generate: %s", ck_ctx_errtext(ctx));
  }
  ck_ctx_free(ctx);
  return net;
}

double *ck_test_simulate(const ck_model *model, ck_network *net, size_t n_out, const double *t_s,
                         const ck_solver_options *opt, const char **solver_name) {
  ck_ctx *ctx = ck_ctx_create();
  size_t n = ck_network_species_count(net);
  ck_solver_options o = {1e-10, 1e-14, CK_LINSOL_AUTO, 1000000, 0};
  ck_solver *solver = ck_solver_create(ctx, net, opt != NULL ? opt : &o);
  if (solver == NULL) {
    fail_msg("solver: %s", ck_ctx_errtext(ctx));
  }
  double *y0 = calloc(n, sizeof *y0), *y = calloc(n_out * n, sizeof *y);
  assert_int_equal(ck_model_initial_state(ctx, model, net, y0), CK_OK);
  if (ck_solver_run(solver, ctx, y0, 0.0, n_out, t_s, y) != CK_OK) {
    fail_msg("run: %s", ck_ctx_errtext(ctx));
  }
  if (solver_name != NULL) {
    *solver_name = ck_solver_linear_solver_name(solver);
  }
  free(y0);
  ck_solver_free(solver);
  ck_ctx_free(ctx);
  return y;
}

void ck_test_expect_exchange_equilibrium(const ck_network *net, const double *y, const double *x,
                                         double atol) {
  size_t nm = ck_network_monomer_count(net), nd = ck_network_dimer_count(net);
  double mono = 0.0, dim = 0.0;
  for (size_t i = 0; i < nm; i++) {
    mono += y[i];
  }
  for (size_t d = 0; d < nd; d++) {
    dim += y[nm + d];
  }
  for (size_t i = 0; i < nm; i++) {
    expect_abs(y[i] / mono, x[i], atol);
  }
  for (size_t d = 0; d < nd; d++) {
    int i = net->dimer_sub[2 * d], j = net->dimer_sub[2 * d + 1];
    expect_abs(y[nm + d] / dim, (i == j ? 1.0 : 2.0) * x[i] * x[j], atol);
  }
}

void ck_test_expect_collision_limit(const char *what, double change, double min_change,
                                    const double gap[2], const double d[2]) {
  print_message("%s: change %.3g, gap %.3g (d %.3g), %.3g (d %.3g), ratio %.3f\n", what, change,
                gap[0], d[0], gap[1], d[1], gap[1] / gap[0]);
  assert_true(change > min_change);
  assert_true(gap[0] < 0.5 * d[0]);
  assert_true(gap[1] < 0.5 * d[1]);
  assert_true(gap[1] / gap[0] > 0.4 && gap[1] / gap[0] < 0.6);
}
