/* SPDX-License-Identifier: MIT */
/* Tests of the plausibility checks (MODEL.md section 4), the physical unit
 * kinds they read, and the formula parts the electron count walks. */
#include <math.h>
#include <string.h>

#include "ck_test.h"
#include "clusterkin/ck_formula.h"
#include "clusterkin/ck_physics.h"
#include "clusterkin/ck_units.h"

/* DMF at 298 K (MODEL.md section 4). */
#define DMF_VISCOSITY_PA_S 0.799e-3
#define DMF_PERMITTIVITY 38.4
#define CONTACT_M 12.7e-10
#define T_K 298.0

static double unit_ok(const char *text, ck_quantity_kind kind) {
  ck_ctx *ctx = ck_ctx_create();
  double v = -1.0;
  if (ck_units_parse(ctx, text, kind, &v) != CK_OK) {
    fail_msg("\"%s\": %s", text, ck_ctx_errmsg(ctx));
  }
  ck_ctx_free(ctx);
  return v;
}

static void unit_error(const char *text, ck_quantity_kind kind, const char *word) {
  ck_ctx *ctx = ck_ctx_create();
  double v = 777.0;
  ck_status st = ck_units_parse(ctx, text, kind, &v);
  if (st != CK_ERR_INPUT || strstr(ck_ctx_errmsg(ctx), word) == NULL) {
    fail_msg("\"%s\": expected an input error with \"%s\", got %d \"%s\"", text, word, st,
             ck_ctx_errmsg(ctx));
  }
  expect_abs(v, 777.0, 0.0);
  ck_ctx_free(ctx);
}

static void physical_units_should_convert_to_si(void **state) {
  (void)state;
  expect_rel(unit_ok("0.799 mPa s", CK_QTY_VISCOSITY), 7.99e-4, 1e-15);
  expect_rel(unit_ok("0.799 mPa*s", CK_QTY_VISCOSITY), 7.99e-4, 1e-15);
  expect_rel(unit_ok("0.799 mPa\xC2\xB7s", CK_QTY_VISCOSITY), 7.99e-4, 1e-15);
  expect_rel(unit_ok("0.799 cP", CK_QTY_VISCOSITY), 7.99e-4, 1e-15);
  expect_rel(unit_ok("7.99e-4 Pa s", CK_QTY_VISCOSITY), 7.99e-4, 1e-15);
  expect_rel(unit_ok("298 K", CK_QTY_TEMPERATURE), 298.0, 0.0);
  expect_rel(unit_ok("25 degC", CK_QTY_TEMPERATURE), 298.15, 1e-15);
  expect_rel(unit_ok("25 \xC2\xB0"
                     "C",
                     CK_QTY_TEMPERATURE),
             298.15, 1e-15);
  expect_rel(unit_ok("12.7 A", CK_QTY_LENGTH), 1.27e-9, 1e-15);
  expect_rel(unit_ok("12.7 \xC3\x85", CK_QTY_LENGTH), 1.27e-9, 1e-15);
  expect_rel(unit_ok("1.27 nm", CK_QTY_LENGTH), 1.27e-9, 1e-15);
  expect_rel(unit_ok("600 MHz", CK_QTY_FREQUENCY), 6e8, 0.0);
  expect_rel(unit_ok("69.8 Hz", CK_QTY_FREQUENCY), 69.8, 0.0);
  expect_rel(unit_ok("1.203 ppm", CK_QTY_CHEMICAL_SHIFT), 1.203, 0.0);
  expect_rel(unit_ok("-0.286", CK_QTY_CHEMICAL_SHIFT), -0.286, 0.0);
  assert_string_equal(ck_units_internal_name(CK_QTY_VISCOSITY), "Pa s");
  assert_string_equal(ck_units_internal_name(CK_QTY_LENGTH), "m");
  /* The existing kinds are untouched. */
  expect_rel(unit_ok("0.056 /s", CK_QTY_RATE_FIRST_ORDER), 0.056, 0.0);
}

static void physical_units_should_refuse_bad_text(void **state) {
  (void)state;
  unit_error("0.799 mPa", CK_QTY_VISCOSITY, "unknown unit");
  unit_error("0.799", CK_QTY_VISCOSITY, "needs a unit");
  unit_error("600", CK_QTY_FREQUENCY, "needs a unit");
  unit_error("298 Hz", CK_QTY_TEMPERATURE, "is a frequency but a temperature");
  unit_error("-300 degC", CK_QTY_TEMPERATURE, "absolute zero");
  unit_error("fast", CK_QTY_LENGTH, "not a number");
  unit_error("1e999 nm", CK_QTY_LENGTH, "finite");
}

static void diffusion_limit_should_match_model_section_4(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  double k = 0.0, f = 0.0;
  assert_int_equal(ck_physics_diffusion_limit(ctx, DMF_VISCOSITY_PA_S, T_K, &k), CK_OK);
  expect_abs(k, 8.3, 0.05); /* quoted: 8.3 L nmol^-1 s^-1 */
  /* Closed form with the molar gas constant R = k_B N_A = 8.314462618 J/(mol K)
   * and 1 m^3/mol = 1e-6 L/nmol. */
  expect_rel(k, 8.0 / 3.0 * 8.314462618 * T_K / DMF_VISCOSITY_PA_S * 1e-6, 1e-9);
  assert_int_equal(ck_physics_debye_factor(ctx, -1, -1, DMF_PERMITTIVITY, CONTACT_M, T_K, &f),
                   CK_OK);
  expect_abs(f, 0.53, 0.005);   /* quoted f = 0.53 */
  expect_abs(k * f, 4.4, 0.05); /* quoted k = 4.4 */
  ck_ctx_free(ctx);
}

/* B(x) = x/(e^x - 1) obeys B(-x) = B(x) + x: attraction and repulsion at the
 * same distance differ by exactly the reduced Coulomb energy, which for unit
 * charges is the Bjerrum length over R. */
static void debye_factor_should_obey_its_reflection_identity(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  double repel = 0.0, attract = 0.0, neutral = 0.0;
  assert_int_equal(ck_physics_debye_factor(ctx, -1, -1, DMF_PERMITTIVITY, CONTACT_M, T_K, &repel),
                   CK_OK);
  assert_int_equal(ck_physics_debye_factor(ctx, 1, -1, DMF_PERMITTIVITY, CONTACT_M, T_K, &attract),
                   CK_OK);
  assert_int_equal(ck_physics_debye_factor(ctx, 0, -3, DMF_PERMITTIVITY, CONTACT_M, T_K, &neutral),
                   CK_OK);
  /* Bjerrum length in vacuum at 298 K: e^2/(4 pi eps0 k_B T) = 56.07 nm. */
  double x = 56.07e-9 / DMF_PERMITTIVITY / CONTACT_M;
  expect_rel(attract - repel, x, 2e-4);
  expect_rel(neutral, 1.0, 0.0);
  assert_true(repel < 1.0 && attract > 1.0);
  ck_ctx_free(ctx);
}

static void poisson_should_match_model_section_4(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  double tau = 0.0, mean = 0.0;
  assert_int_equal(ck_physics_dimer_lifetime(ctx, 0.056, &tau), CK_OK);
  expect_rel(tau, 1.0 / 0.056, 1e-15);
  assert_int_equal(ck_physics_mean_exchanges(ctx, tau, 0.032, &mean), CK_OK);
  expect_abs(mean, 0.57, 0.005); /* quoted */
  assert_int_equal(ck_physics_mean_exchanges(ctx, 100.0, 0.032, &mean), CK_OK);
  expect_abs(mean, 3.2, 1e-12); /* quoted: tau = 100 s */
  double sum = 0.0, first = 0.0;
  for (int n = 0; n < 60; n++) {
    double p = ck_physics_poisson_probability(3.2, n);
    sum += p;
    first += n * p;
  }
  expect_rel(sum, 1.0, 1e-12);
  expect_rel(first, 3.2, 1e-12);
  expect_rel(ck_physics_poisson_probability(0.57, 0), exp(-0.57), 1e-14);
  expect_rel(ck_physics_poisson_probability(3.2, 2), exp(-3.2) * 3.2 * 3.2 / 2.0, 1e-13);
  expect_abs(ck_physics_poisson_probability(3.2, -1), 0.0, 0.0);
  ck_ctx_free(ctx);
}

static void physics_should_refuse_unphysical_inputs(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  double out = 0.0;
  assert_int_equal(ck_physics_diffusion_limit(ctx, -1e-3, T_K, &out), CK_ERR_INPUT);
  assert_non_null(strstr(ck_ctx_errmsg(ctx), "viscosity"));
  assert_int_equal(ck_physics_diffusion_limit(ctx, 1e-3, 0.0, &out), CK_ERR_INPUT);
  assert_int_equal(ck_physics_debye_factor(ctx, -1, -1, 0.0, CONTACT_M, T_K, &out), CK_ERR_INPUT);
  assert_int_equal(ck_physics_debye_factor(ctx, -1, -1, 38.4, -1.0, T_K, &out), CK_ERR_INPUT);
  assert_int_equal(ck_physics_dimer_lifetime(ctx, 0.0, &out), CK_ERR_INPUT);
  assert_int_equal(ck_physics_mean_exchanges(ctx, 10.0, -0.1, &out), CK_ERR_INPUT);
  ck_ctx_free(ctx);
}

static int electrons(const char *formula, const ck_ligand_charge *charges, int n) {
  ck_ctx *ctx = ck_ctx_create();
  ck_electron_count c;
  if (ck_physics_electron_count(ctx, formula, charges, n, &c) != CK_OK) {
    fail_msg("%s: %s", formula, ck_ctx_errmsg(ctx));
  }
  ck_ctx_free(ctx);
  assert_int_equal(c.electrons, c.metal_electrons + c.ligand_charge - c.cluster_charge);
  return c.electrons;
}

static void electron_count_should_match_model_section_4(void **state) {
  (void)state;
  assert_int_equal(electrons("[Ag25(C8H9S)18]-", NULL, 0), 8);
  assert_int_equal(electrons("[Ag29(C6H4S2)12]3-", NULL, 0), 8);
  assert_int_equal(electrons("[Ag53(C6H4S2)12(C8H9S)16]3-", NULL, 0), 16);
  assert_int_equal(electrons("[Au25(C8H9S)18]-", NULL, 0), 8);
  assert_int_equal(electrons("[Au25(C8H9S)18]", NULL, 0), 7); /* the neutral radical */
  assert_int_equal(electrons("[PtAg24(C8H9S)18]2-", NULL, 0), 8);
  assert_int_equal(electrons("[Ag44(C6H3F2S)30]4-", NULL, 0), 18);
}

static void electron_count_should_use_hydrides_and_listed_charges(void **state) {
  (void)state;
  /* [Cu7(H){S2P(OiPr)2}6]: Cu(I) throughout, a dithiophosphate is -1 (not -2). */
  ck_ligand_charge dtp = {"S2P(OC3H7)2", -1};
  assert_int_equal(electrons("[Cu7H(S2P(OC3H7)2)6]", &dtp, 1), 0);
  ck_ligand_charge any_order = {"P(OC3H7)2S2", -1};
  assert_int_equal(electrons("[Cu7H(S2P(OC3H7)2)6]", &any_order, 1), 0);
  /* [Au25(PPh3)10(SR)5Cl2]2+, the 16-electron rod: 25 - 2 - 5 - 2 = 16 (PPh3 neutral). */
  ck_ligand_charge chloride = {"Cl", -1};
  assert_int_equal(electrons("[Au25(Cl)2(C18H15P)10(C2H5S)5]2+", &chloride, 1), 16);
  assert_int_equal(electrons("[Ag25(C8H9S)18+Ag]", NULL, 0), 8);
}

static void electron_count_should_name_a_ligand_without_rule(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_electron_count c;
  assert_int_equal(ck_physics_electron_count(ctx, "[Au25(Cl)2(C8H9S)16]-", NULL, 0, &c),
                   CK_ERR_INPUT);
  assert_non_null(strstr(ck_ctx_errmsg(ctx), "\"Cl\""));
  assert_int_equal(ck_physics_electron_count(ctx, "[Ag25C144H162S18]-", NULL, 0, &c), CK_ERR_INPUT);
  assert_non_null(strstr(ck_ctx_errmsg(ctx), "parentheses"));
  assert_int_equal(ck_physics_electron_count(ctx, "[Ag25(C8H9S)18", NULL, 0, &c), CK_ERR_INPUT);
  ck_ctx_free(ctx);
}

static void formula_parts_should_keep_ligand_groups(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_formula_part parts[8];
  int n = 0;
  assert_int_equal(ck_formula_parts(ctx, " [Ag25(C8H9S)18+2Ag-H]- ", parts, 8, &n), CK_OK);
  assert_int_equal(n, 4);
  assert_int_equal(parts[0].count, 25);
  assert_int_equal(ck_formula_count(&parts[0].unit, "Ag"), 1);
  assert_int_equal(parts[1].count, 18);
  assert_true(parts[1].is_group);
  assert_int_equal(ck_formula_count(&parts[1].unit, "C"), 8);
  assert_int_equal(ck_formula_count(&parts[1].unit, "S"), 1);
  assert_int_equal(parts[2].count, 2);  /* +2Ag */
  assert_int_equal(parts[3].count, -1); /* -H */
  assert_int_equal(ck_formula_parts(ctx, "Ag12(109Ag)13Au0", parts, 8, &n), CK_OK);
  assert_int_equal(n, 2);
  assert_int_equal(ck_formula_count(&parts[1].unit, "109Ag"), 1);
  assert_int_equal(ck_formula_parts(ctx, "[Ag25(C8H9S)18]-", parts, 1, &n), CK_ERR_LIMIT);
  ck_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(physical_units_should_convert_to_si),
      cmocka_unit_test(physical_units_should_refuse_bad_text),
      cmocka_unit_test(diffusion_limit_should_match_model_section_4),
      cmocka_unit_test(debye_factor_should_obey_its_reflection_identity),
      cmocka_unit_test(poisson_should_match_model_section_4),
      cmocka_unit_test(physics_should_refuse_unphysical_inputs),
      cmocka_unit_test(electron_count_should_match_model_section_4),
      cmocka_unit_test(electron_count_should_use_hydrides_and_listed_charges),
      cmocka_unit_test(electron_count_should_name_a_ligand_without_rule),
      cmocka_unit_test(formula_parts_should_keep_ligand_groups),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
