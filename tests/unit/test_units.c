/* SPDX-License-Identifier: MIT */
/* Tests of quantities with units: conversions to nM, s, 1/s, 1/(nM s) and the errors. */
#include <string.h>

#include "ck_test.h"
#include "clusterkin/ck_units.h"

static double parse_ok(const char *text, ck_quantity_kind kind) {
  ck_ctx *ctx = ck_ctx_create();
  double value = -12345.0;
  ck_status st = ck_units_parse(ctx, text, kind, &value);
  if (st != CK_OK) {
    fail_msg("\"%s\": %s", text, ck_ctx_errmsg(ctx));
  }
  ck_ctx_free(ctx);
  return value;
}

/* Parses text expecting CK_ERR_INPUT and a message containing every word. */
static void expect_error(const char *text, ck_quantity_kind kind, const char *word1,
                         const char *word2) {
  ck_ctx *ctx = ck_ctx_create();
  double value = 777.0;
  ck_status st = ck_units_parse(ctx, text, kind, &value);
  const char *msg = ck_ctx_errmsg(ctx);
  if (st != CK_ERR_INPUT || ck_ctx_status(ctx) != CK_ERR_INPUT) {
    fail_msg("\"%s\": expected CK_ERR_INPUT, got %d (%s)", text, st, msg);
  }
  if (strstr(msg, word1) == NULL || (word2 != NULL && strstr(msg, word2) == NULL)) {
    fail_msg("\"%s\": message \"%s\" lacks \"%s\"/\"%s\"", text, msg, word1,
             word2 != NULL ? word2 : "");
  }
  expect_abs(value, 777.0, 0.0); /* untouched on error */
  ck_ctx_free(ctx);
}

static void concentration_should_convert_to_nM(void **state) {
  (void)state;
  ck_quantity_kind c = CK_QTY_CONCENTRATION;
  expect_rel(parse_ok("40 nM", c), 40.0, 1e-15);
  expect_rel(parse_ok("0.04 uM", c), 40.0, 1e-14);
  expect_rel(parse_ok("0.04 \xC2\xB5M", c), 40.0, 1e-14); /* micro sign */
  expect_rel(parse_ok("0.04 \xCE\xBCM", c), 40.0, 1e-14); /* Greek mu */
  expect_rel(parse_ok("4e-8 M", c), 40.0, 1e-14);
  expect_rel(parse_ok("4e-5 mM", c), 40.0, 1e-14);
  expect_rel(parse_ok("40000 pM", c), 40.0, 1e-14);
  expect_rel(parse_ok("40 nmol/L", c), 40.0, 1e-15);
  expect_rel(parse_ok("40 pmol/mL", c), 40.0, 1e-14);
  expect_rel(parse_ok("0.04 umol L^-1", c), 40.0, 1e-14);
  expect_rel(parse_ok("40nM", c), 40.0, 1e-15);
  expect_rel(parse_ok("  40   nM  ", c), 40.0, 1e-15);
}

static void bare_number_should_be_taken_in_internal_units(void **state) {
  (void)state;
  expect_rel(parse_ok("40", CK_QTY_CONCENTRATION), 40.0, 0.0);
  expect_rel(parse_ok("20", CK_QTY_TIME), 20.0, 0.0);
  expect_rel(parse_ok("3.2e-2", CK_QTY_RATE_FIRST_ORDER), 3.2e-2, 0.0);
  expect_rel(parse_ok("1e-2", CK_QTY_RATE_SECOND_ORDER), 1e-2, 0.0);
  expect_rel(parse_ok("1e-8", CK_QTY_DIMENSIONLESS), 1e-8, 0.0);
  expect_rel(parse_ok("-3 nM", CK_QTY_CONCENTRATION), -3.0, 0.0); /* range is the caller's */
}

static void time_should_convert_to_seconds(void **state) {
  (void)state;
  expect_rel(parse_ok("54 min", CK_QTY_TIME), 3240.0, 1e-15);
  expect_rel(parse_ok("10 s", CK_QTY_TIME), 10.0, 1e-15);
  expect_rel(parse_ok("1.5 h", CK_QTY_TIME), 5400.0, 1e-15);
  expect_rel(parse_ok("250 ms", CK_QTY_TIME), 0.25, 1e-15);
}

static void first_order_rate_should_convert_to_per_second(void **state) {
  (void)state;
  ck_quantity_kind k = CK_QTY_RATE_FIRST_ORDER;
  expect_rel(parse_ok("3.2e-2 /s", k), 3.2e-2, 1e-15);
  expect_rel(parse_ok("3.2e-2 1/s", k), 3.2e-2, 1e-15);
  expect_rel(parse_ok("3.2e-2/s", k), 3.2e-2, 1e-15);
  expect_rel(parse_ok("3.2e-2 s^-1", k), 3.2e-2, 1e-15);
  expect_rel(parse_ok("3.2e-2 s-1", k), 3.2e-2, 1e-15);
  expect_rel(parse_ok("1.92 /min", k), 3.2e-2, 1e-14);
  expect_rel(parse_ok("115.2 h^-1", k), 3.2e-2, 1e-14);
}

static void second_order_rate_should_convert_to_per_nM_per_second(void **state) {
  (void)state;
  ck_quantity_kind k = CK_QTY_RATE_SECOND_ORDER;
  expect_rel(parse_ok("1e-2 /nM/s", k), 1e-2, 1e-15);
  expect_rel(parse_ok("1e5 /M/s", k), 1e-4, 1e-14);
  expect_rel(parse_ok("1e-2 L/nmol/s", k), 1e-2, 1e-15);
  expect_rel(parse_ok("1e-2 L / nmol / s", k), 1e-2, 1e-15);
  expect_rel(parse_ok("1e5 M^-1 s^-1", k), 1e-4, 1e-14);
  expect_rel(parse_ok("1e-2 nM-1 s-1", k), 1e-2, 1e-15);
  expect_rel(parse_ok("1e-2 L nmol^-1 s^-1", k), 1e-2, 1e-15);
  expect_rel(parse_ok("1e-2 1/(nM s)", k), 1e-2, 1e-15);
  expect_rel(parse_ok("1e-2 (nM*s)^-1", k), 1e-2, 1e-15);
  expect_rel(parse_ok("0.6 /uM/min", k), 1e-5, 1e-14);
}

/* Ratios such as k_dim / k_diss (fit.constraints.ratio) are in 1/nM. */
static void inverse_concentration_should_convert_to_per_nM(void **state) {
  (void)state;
  ck_quantity_kind k = CK_QTY_INVERSE_CONCENTRATION;
  expect_rel(parse_ok("0.18 /nM", k), 0.18, 1e-15);
  expect_rel(parse_ok("0.18", k), 0.18, 0.0);
  expect_rel(parse_ok("1.8e8 /M", k), 0.18, 1e-15);
  expect_rel(parse_ok("180 uM^-1", k), 0.18, 1e-15);
  expect_rel(parse_ok("0.18 L/nmol", k), 0.18, 1e-15);
  expect_error("0.18 nM", k, "an inverse concentration is expected", "/nM");
  expect_error("0.18 /nM/s", k, "a second-order rate constant", "inverse concentration");
  assert_string_equal(ck_units_internal_name(k), "1/nM");
}

static void slash_should_divide_by_the_space_joined_atoms_after_it(void **state) {
  (void)state;
  /* "/nM s" = 1/(nM s), as "J/mol K" = J/(mol K); '*' returns to the numerator. */
  expect_rel(parse_ok("1e-2 /nM s", CK_QTY_RATE_SECOND_ORDER), 1e-2, 1e-15);
  expect_rel(parse_ok("1e-2 L/nmol s", CK_QTY_RATE_SECOND_ORDER), 1e-2, 1e-15);
  expect_error("1 L/nmol*s", CK_QTY_RATE_SECOND_ORDER, "volume^1", NULL);
}

static void text_that_is_not_a_number_should_be_rejected(void **state) {
  (void)state;
  expect_error("abc", CK_QTY_CONCENTRATION, "\"abc\"", "not a number");
  expect_error("", CK_QTY_TIME, "not a number", NULL);
  expect_error("nM", CK_QTY_CONCENTRATION, "not a number", NULL);
  expect_error("nan", CK_QTY_CONCENTRATION, "not a number", NULL);
  expect_error("inf", CK_QTY_TIME, "not a number", NULL);
  expect_error("0x10", CK_QTY_TIME, "not a number", NULL);
}

static void unknown_unit_should_be_named(void **state) {
  (void)state;
  expect_error("40 xyz", CK_QTY_CONCENTRATION, "unknown unit \"xyz\"", "\"40 xyz\"");
  expect_error("40 nm", CK_QTY_CONCENTRATION, "unknown unit \"nm\"", NULL);
  expect_error("3 /sec", CK_QTY_RATE_FIRST_ORDER, "unknown unit \"sec\"", NULL);
}

static void unit_of_the_wrong_kind_should_say_what_was_expected(void **state) {
  (void)state;
  expect_error("3 s", CK_QTY_CONCENTRATION, "unit \"s\" is a time", "a concentration is expected");
  expect_error("3 s", CK_QTY_CONCENTRATION, "nM", NULL); /* lists accepted units */
  expect_error("1e-2 /s", CK_QTY_RATE_SECOND_ORDER, "first-order", "/nM/s");
  expect_error("1e5 /M", CK_QTY_RATE_SECOND_ORDER, "second-order rate constant is expected", NULL);
  expect_error("40 nM", CK_QTY_TIME, "is a concentration", "a time is expected");
  expect_error("40 nmol", CK_QTY_CONCENTRATION, "an amount", NULL);
  expect_error("3 nM", CK_QTY_DIMENSIONLESS, "plain number", NULL);
}

static void malformed_unit_should_be_rejected(void **state) {
  (void)state;
  expect_error("40 nM/", CK_QTY_CONCENTRATION, "unit expected", NULL);
  expect_error("40 nM)", CK_QTY_CONCENTRATION, "')'", NULL);
  expect_error("40 (nM", CK_QTY_CONCENTRATION, "missing ')'", NULL);
  expect_error("1 s^", CK_QTY_TIME, "exponent", NULL);
  expect_error("1 s^99", CK_QTY_TIME, "exponent", NULL);
  expect_error("1 s, 2 s", CK_QTY_TIME, "unexpected ','", NULL);
}

static void non_finite_value_should_be_rejected(void **state) {
  (void)state;
  expect_error("1e999 nM", CK_QTY_CONCENTRATION, "not a finite number", NULL);
  expect_error("1e300 M", CK_QTY_CONCENTRATION, "not a finite number", NULL);
}

static void internal_unit_names_should_match_the_header(void **state) {
  (void)state;
  assert_string_equal(ck_units_internal_name(CK_QTY_CONCENTRATION), "nM");
  assert_string_equal(ck_units_internal_name(CK_QTY_TIME), "s");
  assert_string_equal(ck_units_internal_name(CK_QTY_RATE_FIRST_ORDER), "1/s");
  assert_string_equal(ck_units_internal_name(CK_QTY_RATE_SECOND_ORDER), "1/(nM s)");
  assert_string_equal(ck_units_internal_name(CK_QTY_DIMENSIONLESS), "");
}

static void null_arguments_should_be_refused(void **state) {
  (void)state;
  double v = 0.0;
  assert_int_equal(ck_units_parse(NULL, NULL, CK_QTY_TIME, &v), CK_ERR_ARG);
  assert_int_equal(ck_units_parse(NULL, "1 s", CK_QTY_TIME, NULL), CK_ERR_ARG);
  assert_int_equal(ck_units_parse(NULL, "1 s", (ck_quantity_kind)42, &v), CK_ERR_ARG);
  assert_int_equal(ck_units_parse(NULL, "2 min", CK_QTY_TIME, &v), CK_OK); /* ctx optional */
  expect_rel(v, 120.0, 1e-15);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(concentration_should_convert_to_nM),
      cmocka_unit_test(bare_number_should_be_taken_in_internal_units),
      cmocka_unit_test(time_should_convert_to_seconds),
      cmocka_unit_test(first_order_rate_should_convert_to_per_second),
      cmocka_unit_test(second_order_rate_should_convert_to_per_nM_per_second),
      cmocka_unit_test(inverse_concentration_should_convert_to_per_nM),
      cmocka_unit_test(slash_should_divide_by_the_space_joined_atoms_after_it),
      cmocka_unit_test(text_that_is_not_a_number_should_be_rejected),
      cmocka_unit_test(unknown_unit_should_be_named),
      cmocka_unit_test(unit_of_the_wrong_kind_should_say_what_was_expected),
      cmocka_unit_test(malformed_unit_should_be_rejected),
      cmocka_unit_test(non_finite_value_should_be_rejected),
      cmocka_unit_test(internal_unit_names_should_match_the_header),
      cmocka_unit_test(null_arguments_should_be_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
