/* SPDX-License-Identifier: MIT */
/* Every class of bad input the fuzzers (fuzz/, `make fuzz`) found, with the
 * exact message it must now give (issue 8). The inputs themselves are also in
 * fuzz/corpus/<target>/regress-*, which fuzz_replay runs in `make test`. */
#include <string.h>

#include "ck_test.h"

/* text must fail to parse as a formula with exactly message. */
static void expect_formula_error(const char *text, const char *message) {
  ck_ctx *ctx = ck_ctx_create();
  ck_formula f;
  assert_int_equal(ck_formula_parse(ctx, text, &f), CK_ERR_INPUT);
  assert_string_equal(ck_ctx_errmsg(ctx), message);
  ck_ctx_free(ctx);
}

/* fuzz_formula: "Rb0" parsed as a formula without atoms, which
 * ck_formula_format wrote as "" (and "" does not parse: no round trip). */
static void formulas_whose_counts_are_all_zero_should_be_refused(void **state) {
  (void)state;
  expect_formula_error("Rb0", "formula \"Rb0\", column 1: no atoms (every count is 0)");
  expect_formula_error("Ag0Au0", "formula \"Ag0Au0\", column 1: no atoms (every count is 0)");
  /* In brackets the adduct check already said so. */
  expect_formula_error("[Ag0Au0]-",
                       "formula \"[Ag0Au0]-\", column 8: nothing left after removing the adducts");
  /* A zero count beside real atoms stays fine (channel-style formulas). */
  ck_ctx *ctx = ck_ctx_create();
  ck_formula f;
  assert_int_equal(ck_formula_parse(ctx, "[Ag0Au25]-", &f), CK_OK);
  assert_int_equal(f.n_elements, 1);
  ck_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(formulas_whose_counts_are_all_zero_should_be_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
