/* SPDX-License-Identifier: MIT */
/* Tests of average and monoisotopic masses, m/z with the electron mass
 * (MODEL.md section 7), isotope labels and abundance tables. */
#include <math.h>
#include <string.h>

#include "ck_test.h"
#include "clusterkin/ck_formula.h"

static const double M_107AG = 106.9050916, M_109AG = 108.9047553; /* AME2020 */
static const double M_AU = 196.96656879, M_E = 5.48579909065e-4;

static ck_formula parse(const char *text) {
  ck_formula f;
  ck_ctx *ctx = ck_ctx_create();
  if (ck_formula_parse(ctx, text, &f) != CK_OK) {
    fail_msg("%s: %s", text, ck_ctx_errmsg(ctx));
  }
  ck_ctx_free(ctx);
  return f;
}

static double average_mz(const char *text, const ck_abundance_table *t) {
  ck_formula f = parse(text);
  double mz = NAN;
  ck_ctx *ctx = ck_ctx_create();
  if (ck_formula_average_mz(ctx, &f, t, &mz) != CK_OK) {
    fail_msg("%s: %s", text, ck_ctx_errmsg(ctx));
  }
  ck_ctx_free(ctx);
  return mz;
}

static double mono_mz(const char *text, const ck_abundance_table *t) {
  ck_formula f = parse(text);
  double mz = NAN;
  assert_int_equal(ck_formula_monoisotopic_mz(NULL, &f, t, &mz), CK_OK);
  return mz;
}

/* MODEL.md section 7: the papers' average m/z, rounded, with (C8H9S)18 per
 * 25-atom subunit. Each value must round to the quoted one. */
static void quoted_average_mz_should_round_to_model_values(void **state) {
  (void)state;
  static const struct {
    const char *formula;
    double quoted;
  } quoted[] = {
      {"[Ag25(C8H9S)18]-", 5167},      {"[Au25(C8H9S)18]-", 7394},
      {"[Ag25Au25(C8H9S)36]2-", 6280}, {"[Ag13Au12(C8H9S)18]-", 6236},
      {"[Ag12Au13(C8H9S)18]-", 6325},  {"[Ag27Au23(C8H9S)36]2-", 6191},
      {"[Ag23Au27(C8H9S)36]2-", 6370},
  };
  for (size_t i = 0; i < sizeof quoted / sizeof quoted[0]; i++) {
    expect_abs(average_mz(quoted[i].formula, NULL), quoted[i].quoted, 0.5);
  }
  /* The dimer [Ag2m Au(50-2m)]2- sits at the nominal m/z of [Ag_m Au(25-m)]-:
   * the same atoms per charge, so equal average m/z up to nothing. */
  expect_rel(average_mz("[Ag26Au24(C8H9S)36]2-", NULL), average_mz("[Ag13Au12(C8H9S)18]-", NULL),
             1e-12);
}

/* Monoisotopic masses of small molecules, published independently (NIST
 * Chemistry WebBook: H2O 18.010565, C6H6 78.04695, CO2 43.98983; caffeine
 * [M+H]+ 195.08765 in every LC-MS library). */
static void monoisotopic_masses_should_match_the_literature(void **state) {
  (void)state;
  expect_abs(mono_mz("H2O", NULL), 18.010565, 1e-6);
  expect_abs(mono_mz("C6H6", NULL), 78.046950, 1e-6);
  expect_abs(mono_mz("CO2", NULL), 43.989829, 1e-6);
  expect_abs(mono_mz("[C8H10N4O2+H]+", NULL), 195.087652, 2e-6);
  expect_abs(average_mz("H2O", NULL), 18.015, 1e-3); /* molar mass 18.015 g/mol */
  /* Se: the most abundant isotope is 80Se, not the lightest. */
  expect_abs(mono_mz("Se", NULL), 79.9165218, 1e-9);
}

static void charge_should_add_or_remove_electrons(void **state) {
  (void)state;
  expect_abs(mono_mz("[Au]-", NULL), M_AU + M_E, 1e-10);
  expect_abs(mono_mz("[Au]+", NULL), M_AU - M_E, 1e-10);
  expect_abs(mono_mz("[Au2]2-", NULL), M_AU + M_E, 1e-10);
  expect_abs(mono_mz("[Au3]3+", NULL), M_AU - M_E, 1e-10);
  expect_abs(mono_mz("Au", NULL), M_AU, 1e-10);
  expect_abs(ck_mass_to_mz(1000.0, -4), (1000.0 + 4 * M_E) / 4, 1e-12);
  expect_abs(ck_mass_to_mz(1000.0, 0), 1000.0, 0.0);
}

static void adducts_should_change_the_mass(void **state) {
  (void)state;
  expect_rel(average_mz("[Ag25(C8H9S)18+Ag]-", NULL), average_mz("[Ag26(C8H9S)18]-", NULL), 1e-14);
  double neutral = mono_mz("C8H10N4O2", NULL);
  expect_abs(mono_mz("[C8H10N4O2+H]+", NULL), neutral + 1.00782503223 - M_E, 1e-9);
  expect_abs(mono_mz("[C8H10N4O2+Na]+", NULL), neutral + 22.9897692820 - M_E, 1e-9);
  expect_abs(mono_mz("[C8H10N4O2-H]-", NULL), neutral - 1.00782503223 + M_E, 1e-9);
}

static void labels_should_default_to_the_pure_isotope(void **state) {
  (void)state;
  expect_abs(average_mz("[107Ag25]-", NULL), 25 * M_107AG + M_E, 1e-9);
  expect_abs(average_mz("[109Ag25]-", NULL), 25 * M_109AG + M_E, 1e-9);
  expect_abs(mono_mz("[109Ag25]-", NULL), 25 * M_109AG + M_E, 1e-9);
  /* natural Ag is the mixture of the two labels in natural proportions */
  expect_abs(average_mz("Ag", NULL), 0.51839 * M_107AG + 0.48161 * M_109AG, 1e-9);
  expect_abs(average_mz("D2O", NULL) - average_mz("H2O", NULL),
             2 * (2.01410177812 - (0.999885 * 1.00782503223 + 0.000115 * 2.01410177812)), 1e-9);
}

static void enrichment_should_follow_the_table(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_abundance_table *t = ck_abundance_table_create(ctx);
  assert_int_equal(ck_abundance_table_set_enrichment(ctx, t, "107Ag", 0.99), CK_OK);
  expect_abs(average_mz("[107Ag25]-", t), 25 * (0.99 * M_107AG + 0.01 * M_109AG) + M_E, 1e-9);
  expect_abs(average_mz("Ag", t), 0.51839 * M_107AG + 0.48161 * M_109AG, 1e-9); /* untouched */
  /* below 50 % the label's most abundant isotope is the other one */
  assert_int_equal(ck_abundance_table_set_enrichment(ctx, t, "107Ag", 0.3), CK_OK);
  expect_abs(mono_mz("107Ag", t), M_109AG, 1e-12);
  /* three isotopes: the rest keeps natural proportions (Cu has two; use S) */
  assert_int_equal(ck_abundance_table_set_enrichment(ctx, t, "34S", 0.9), CK_OK);
  double s32 = 31.9720711744, s33 = 32.9714589098, s34 = 33.967867004, s36 = 35.96708071;
  double rest = 0.1 / (1 - 0.0425);
  expect_abs(average_mz("34S", t), 0.9 * s34 + rest * (0.9499 * s32 + 0.0075 * s33 + 0.0001 * s36),
             1e-9);
  /* a natural element replaced */
  const int a[] = {109, 107};
  const double x[] = {0.5, 0.5};
  assert_int_equal(ck_abundance_table_set(ctx, t, "Ag", 2, a, x), CK_OK);
  expect_abs(average_mz("Ag", t), 0.5 * (M_107AG + M_109AG), 1e-9);
  ck_abundance_table_free(t);
  ck_abundance_table_free(NULL);
  ck_ctx_free(ctx);
}

static void bad_abundances_should_be_refused(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_abundance_table *t = ck_abundance_table_create(ctx);
  assert_int_equal(ck_abundance_table_set_enrichment(ctx, t, "Ag", 0.9), CK_ERR_ARG);
  assert_int_equal(ck_abundance_table_set_enrichment(ctx, t, "108Ag", 0.9), CK_ERR_INPUT);
  assert_non_null(strstr(ck_ctx_errmsg(ctx), "not a stable isotope"));
  assert_int_equal(ck_abundance_table_set_enrichment(ctx, t, "107Ag", 1.5), CK_ERR_ARG);
  assert_int_equal(ck_abundance_table_set_enrichment(ctx, t, "107Ag", NAN), CK_ERR_ARG);
  assert_int_equal(ck_abundance_table_set_enrichment(ctx, t, "197Au", 0.5), CK_ERR_ARG);
  assert_int_equal(ck_abundance_table_set_enrichment(ctx, t, "197Au", 1.0), CK_OK);
  assert_int_equal(ck_abundance_table_set_enrichment(ctx, t, "107ag", 0.5), CK_ERR_ARG);
  assert_int_equal(ck_abundance_table_set_enrichment(ctx, t, NULL, 0.5), CK_ERR_ARG);
  const int a[] = {107, 109}, twice[] = {107, 107};
  const double x[] = {0.5, 0.4}, half[] = {0.5, 0.5}, negative[] = {1.5, -0.5};
  assert_int_equal(ck_abundance_table_set(ctx, t, "Ag", 2, a, x), CK_ERR_ARG);
  assert_non_null(strstr(ck_ctx_errmsg(ctx), "sum to 0.9"));
  assert_int_equal(ck_abundance_table_set(ctx, t, "Ag", 2, twice, half), CK_ERR_ARG);
  assert_int_equal(ck_abundance_table_set(ctx, t, "Ag", 2, a, negative), CK_ERR_ARG);
  assert_int_equal(ck_abundance_table_set(ctx, t, "Tc", 2, a, half), CK_ERR_INPUT);
  ck_abundance_table_free(t);
  ck_ctx_free(ctx);
}

static void elements_without_data_should_have_no_mass(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_formula f = parse("[Ag24Tc]-");
  double m = 0.0;
  assert_int_equal(ck_formula_average_mz(ctx, &f, NULL, &m), CK_ERR_INPUT);
  assert_non_null(strstr(ck_ctx_errmsg(ctx), "no isotope data for Tc"));
  assert_int_equal(ck_formula_monoisotopic_mass_da(ctx, &f, NULL, &m), CK_ERR_INPUT);
  assert_int_equal(ck_formula_average_mass_da(ctx, NULL, NULL, &m), CK_ERR_ARG);
  assert_int_equal(ck_formula_average_mz(ctx, &f, NULL, NULL), CK_ERR_INPUT);
  f = parse("Ag");
  assert_int_equal(ck_formula_average_mz(ctx, &f, NULL, NULL), CK_ERR_ARG);
  ck_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(quoted_average_mz_should_round_to_model_values),
      cmocka_unit_test(monoisotopic_masses_should_match_the_literature),
      cmocka_unit_test(charge_should_add_or_remove_electrons),
      cmocka_unit_test(adducts_should_change_the_mass),
      cmocka_unit_test(labels_should_default_to_the_pure_isotope),
      cmocka_unit_test(enrichment_should_follow_the_table),
      cmocka_unit_test(bad_abundances_should_be_refused),
      cmocka_unit_test(elements_without_data_should_have_no_mass),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
