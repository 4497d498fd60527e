/* SPDX-License-Identifier: MIT */
/* Tests of the formula parser and the element table. */
#include <stdio.h>
#include <string.h>

#include "ck_test.h"
#include "clusterkin/ck_formula.h"

static ck_formula parse_ok(const char *text) {
  ck_ctx *ctx = ck_ctx_create();
  ck_formula f;
  memset(&f, 0xA5, sizeof f);
  ck_status st = ck_formula_parse(ctx, text, &f);
  if (st != CK_OK) {
    fail_msg("\"%s\": %s", text, ck_ctx_errmsg(ctx));
  }
  ck_ctx_free(ctx);
  return f;
}

/* Parses text expecting CK_ERR_INPUT, "column N" and word in the message. */
static void expect_error(const char *text, int column, const char *word) {
  ck_ctx *ctx = ck_ctx_create();
  ck_formula f;
  ck_status st = ck_formula_parse(ctx, text, &f);
  const char *msg = ck_ctx_errmsg(ctx);
  char where[32];
  snprintf(where, sizeof where, "column %d:", column);
  if (st != CK_ERR_INPUT) {
    fail_msg("\"%s\": expected CK_ERR_INPUT, got %d (%s)", text, st, msg);
  }
  if (strstr(msg, where) == NULL || strstr(msg, word) == NULL) {
    fail_msg("\"%s\": message \"%s\" lacks \"%s\" or \"%s\"", text, msg, where, word);
  }
  ck_ctx_free(ctx);
}

static void formula_should_multiply_out_ligand_groups(void **state) {
  (void)state;
  ck_formula f = parse_ok("[Ag25(C8H9S)18]-");
  assert_int_equal(f.n_elements, 4);
  assert_int_equal(ck_formula_count(&f, "Ag"), 25);
  assert_int_equal(ck_formula_count(&f, "C"), 144);
  assert_int_equal(ck_formula_count(&f, "H"), 162);
  assert_int_equal(ck_formula_count(&f, "S"), 18);
  assert_int_equal(ck_formula_count(&f, "Au"), 0);
  assert_int_equal(f.charge, -1);
  /* order of first appearance */
  assert_int_equal(f.element[0], 47);
  assert_int_equal(f.element[1], 6);
  assert_int_equal(f.element[2], 1);
  assert_int_equal(f.element[3], 16);
}

static void formula_should_read_multiple_charges(void **state) {
  (void)state;
  ck_formula f = parse_ok("[Ag29(C6H4S2)12]3-");
  assert_int_equal(ck_formula_count(&f, "Ag"), 29);
  assert_int_equal(ck_formula_count(&f, "C"), 72);
  assert_int_equal(ck_formula_count(&f, "H"), 48);
  assert_int_equal(ck_formula_count(&f, "S"), 24);
  assert_int_equal(f.charge, -3);
  assert_int_equal(parse_ok("[Au25]2+").charge, 2);
  assert_int_equal(parse_ok("[Au25]+").charge, 1);
  assert_int_equal(parse_ok("[Au25]1-").charge, -1);
  assert_int_equal(parse_ok("[Au25(SCH3)18]").charge, 0);
  assert_int_equal(parse_ok(" [Ag25]- ").charge, -1);
}

static void formula_without_brackets_should_be_neutral(void **state) {
  (void)state;
  ck_formula f = parse_ok("C8H9S");
  assert_int_equal(f.n_elements, 3);
  assert_int_equal(ck_formula_count(&f, "C"), 8);
  assert_int_equal(ck_formula_count(&f, "S"), 1);
  assert_int_equal(f.charge, 0);
}

static void repeated_elements_should_be_summed(void **state) {
  (void)state;
  ck_formula f = parse_ok("CH3CH2OH");
  assert_int_equal(f.n_elements, 3);
  assert_int_equal(ck_formula_count(&f, "C"), 2);
  assert_int_equal(ck_formula_count(&f, "H"), 6);
  assert_int_equal(ck_formula_count(&f, "O"), 1);
  f = parse_ok("((CH2)2O)3");
  assert_int_equal(ck_formula_count(&f, "C"), 6);
  assert_int_equal(ck_formula_count(&f, "H"), 12);
  assert_int_equal(ck_formula_count(&f, "O"), 3);
  f = parse_ok("Ag12(Au)Ag12Au(AuAg)0");
  assert_int_equal(ck_formula_count(&f, "Ag"), 24);
  assert_int_equal(ck_formula_count(&f, "Au"), 2);
}

static void zero_count_should_leave_the_element_out(void **state) {
  (void)state;
  ck_formula f = parse_ok("[Ag0Au25]1-");
  assert_int_equal(f.n_elements, 1);
  assert_int_equal(ck_formula_count(&f, "Ag"), 0);
  assert_int_equal(ck_formula_count(&f, "Au"), 25);
}

static void two_letter_symbols_should_not_split(void **state) {
  (void)state;
  ck_formula co = parse_ok("Co");
  ck_formula c_o = parse_ok("CO");
  assert_int_equal(co.n_elements, 1);
  assert_int_equal(co.element[0], 27);
  assert_int_equal(c_o.n_elements, 2);
}

static void unknown_element_should_give_its_column(void **state) {
  (void)state;
  expect_error("[Xx25]-", 2, "unknown element \"Xx\"");
  expect_error("Au25(SR)18", 7, "unknown element \"R\"");
  expect_error("ag25", 1, "uppercase");
}

static void unbalanced_groups_should_be_reported(void **state) {
  (void)state;
  expect_error("[Ag25(C8H9S)18", 1, "'[' is never closed");
  expect_error("Ag25(C8H9S18", 5, "'(' is never closed");
  expect_error("[Ag25(C8H9S18]-", 6, "'(' is never closed");
  expect_error("Ag25)", 5, "')' without '('");
  expect_error("[Ag25]]-", 7, "']' without '['");
  expect_error("Ag[Au]", 3, "'['");
  expect_error("Ag()", 3, "empty parentheses");
}

static void trailing_garbage_should_be_reported(void **state) {
  (void)state;
  expect_error("[Ag25]-x", 8, "unexpected 'x'");
  expect_error("Ag25 Au", 5, "unexpected ' '");
  expect_error("Ag25-", 5, "closing bracket");
  expect_error("[Ag25]2", 7, "sign");
  expect_error("[Ag25]0-", 7, "zero charge");
}

static void empty_formula_should_be_rejected(void **state) {
  (void)state;
  expect_error("", 1, "empty formula");
  expect_error("   ", 4, "empty formula");
  expect_error("[]-", 2, "empty formula");
}

static void isotope_labels_should_be_entries_of_their_own(void **state) {
  (void)state;
  ck_formula f = parse_ok("[107Ag25(C8H9S)18]-");
  assert_int_equal(f.n_elements, 4);
  assert_int_equal(f.element[0], 47);
  assert_int_equal(f.mass_number[0], 107);
  assert_int_equal(f.mass_number[1], 0); /* C natural */
  assert_int_equal(ck_formula_count(&f, "Ag"), 25);
  assert_int_equal(ck_formula_count(&f, "107Ag"), 25);
  assert_int_equal(ck_formula_count(&f, "109Ag"), 0);
  f = parse_ok("[Ag24(107Ag)]");
  assert_int_equal(f.n_elements, 2);
  assert_int_equal(ck_formula_count(&f, "Ag"), 25);
  assert_int_equal(ck_formula_count(&f, "107Ag"), 1);
  f = parse_ok("(107Ag)12(109Ag)13107Ag"); /* a count swallows the digits that follow */
  assert_int_equal(ck_formula_count(&f, "109Ag"), 13107);
  f = parse_ok("CD3CH2OD");
  assert_int_equal(ck_formula_count(&f, "H"), 6);
  assert_int_equal(ck_formula_count(&f, "D"), 4);
  assert_int_equal(ck_formula_count(&f, "2H"), 4);
  assert_int_equal(ck_formula_count(&f, "1H"), 0); /* "1H" is a label, H written without one */
  assert_int_equal(parse_ok("Dy").element[0], 66); /* not D + y */
}

static void bad_isotope_labels_should_be_reported(void **state) {
  (void)state;
  expect_error("108Ag", 1, "not a stable isotope of Ag (the table has 107Ag, 109Ag)");
  expect_error("[Ag24(99Tc)]", 7, "no isotope data for Tc");
  expect_error("107", 1, "must be followed by an element symbol");
  expect_error("(107)Ag", 2, "must be followed by an element symbol");
  expect_error("2D", 1, "deuterium");
  expect_error("1000Ag", 1, "out of range");
}

static void adducts_should_add_and_remove_atoms(void **state) {
  (void)state;
  ck_formula f = parse_ok("[Ag25(C8H9S)18+Ag]-");
  assert_int_equal(ck_formula_count(&f, "Ag"), 26);
  assert_int_equal(ck_formula_count(&f, "S"), 18);
  assert_int_equal(f.charge, -1);
  f = parse_ok("[C8H10N4O2+H]+");
  assert_int_equal(ck_formula_count(&f, "H"), 11);
  assert_int_equal(f.charge, 1);
  f = parse_ok("[C8H10N4O2+2Na-H]2+");
  assert_int_equal(ck_formula_count(&f, "Na"), 2);
  assert_int_equal(ck_formula_count(&f, "H"), 9);
  f = parse_ok("[C2H4O2-H]-");
  assert_int_equal(ck_formula_count(&f, "H"), 3);
  f = parse_ok("[Ag25(C8H9S)18+2(C8H9S)+(107Ag)]-");
  assert_int_equal(ck_formula_count(&f, "C"), 160);
  assert_int_equal(ck_formula_count(&f, "107Ag"), 1);
  f = parse_ok("[NaCl-Na]-"); /* an element removed entirely leaves the formula */
  assert_int_equal(f.n_elements, 1);
  assert_int_equal(ck_formula_count(&f, "Cl"), 1);
}

static void bad_adducts_should_be_reported(void **state) {
  (void)state;
  expect_error("[Ag25+]-", 6, "nothing after '+'");
  expect_error("[Ag25(C8H9S)18-", 15, "'[' is never closed: a charge goes after ']'");
  expect_error("[+Ag]-", 2, "empty formula");
  expect_error("[H2O-3H]-", 5, "removes 3 H, but the formula has 2");
  expect_error("[H2O-Na]", 5, "removes 1 Na, but the formula has 0");
  expect_error("[Ag-Ag]-", 7, "nothing left");
  expect_error("[Ag+0Na]-", 5, "multiplier");
  expect_error("[Ag25+107Ag]-", 7, "ambiguous");
  expect_error("Ag25+Ag", 5, "adducts go inside the brackets");
}

static void format_should_round_trip(void **state) {
  (void)state;
  const char *texts[] = {"[Ag25(C8H9S)18]-",    "[Ag29(C6H4S2)12]3-", "C8H9S",          "[Au25]2+",
                         "[107Ag25(C8H9S)18]-", "Ag12(109Ag)13D2",    "[C8H10N4O2+H]+", "[Au]+"};
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    ck_formula f = parse_ok(texts[i]);
    char buf[256];
    size_t need = ck_formula_format(&f, buf, sizeof buf);
    assert_int_equal(need, strlen(buf));
    ck_formula g = parse_ok(buf);
    assert_int_equal(f.n_elements, g.n_elements);
    assert_int_equal(f.charge, g.charge);
    for (int e = 0; e < f.n_elements; e++) {
      assert_int_equal(f.element[e], g.element[e]);
      assert_int_equal(f.mass_number[e], g.mass_number[e]);
      assert_int_equal(f.count[e], g.count[e]);
    }
  }
  ck_formula f = parse_ok("[Ag25(C8H9S)18]-");
  char small[8];
  size_t need = ck_formula_format(&f, small, sizeof small);
  assert_int_equal(need, strlen("[Ag25C144H162S18]-"));
  assert_string_equal(small, "[Ag25C1"); /* truncated, terminated */
  char buf[64];
  ck_formula_format(&f, buf, sizeof buf);
  assert_string_equal(buf, "[Ag25C144H162S18]-");
  f = parse_ok("[107Ag(109Ag)2]2-");
  ck_formula_format(&f, buf, sizeof buf);
  assert_string_equal(buf, "[(107Ag)(109Ag)2]2-");
}

static void count_overflow_should_be_reported(void **state) {
  (void)state;
  expect_error("Ag99999999999", 3, "overflow");
  expect_error("(C1000)1000000000", 8, "overflow");
  expect_error("C999999999C999999999", 11, "overflow");
}

static void too_many_elements_should_be_reported(void **state) {
  (void)state;
  char text[256] = "";
  for (int z = 1; z <= CK_FORMULA_MAX_ELEMENTS + 1; z++) {
    strcat(text, ck_element_symbol(z));
  }
  ck_ctx *ctx = ck_ctx_create();
  ck_formula f;
  assert_int_equal(ck_formula_parse(ctx, text, &f), CK_ERR_INPUT);
  assert_non_null(strstr(ck_ctx_errmsg(ctx), "more than 32 distinct elements"));
  text[strlen(text) - strlen(ck_element_symbol(CK_FORMULA_MAX_ELEMENTS + 1))] = '\0';
  assert_int_equal(ck_formula_parse(ctx, text, &f), CK_OK);
  assert_int_equal(f.n_elements, CK_FORMULA_MAX_ELEMENTS);
  ck_ctx_free(ctx);
}

static void element_table_should_cover_the_periodic_table(void **state) {
  (void)state;
  assert_int_equal(ck_element_number("H"), 1);
  assert_int_equal(ck_element_number("C"), 6);
  assert_int_equal(ck_element_number("S"), 16);
  assert_int_equal(ck_element_number("Cu"), 29);
  assert_int_equal(ck_element_number("Ag"), 47);
  assert_int_equal(ck_element_number("Pt"), 78);
  assert_int_equal(ck_element_number("Au"), 79);
  assert_int_equal(ck_element_number("U"), 92);
  assert_int_equal(ck_element_number("Og"), 118);
  assert_int_equal(ck_element_number("ag"), 0);
  assert_int_equal(ck_element_number("Xx"), 0);
  assert_int_equal(ck_element_number(""), 0);
  assert_int_equal(ck_element_number(NULL), 0);
  assert_null(ck_element_symbol(0));
  assert_null(ck_element_symbol(119));
  for (int z = 1; z <= 118; z++) {
    assert_int_equal(ck_element_number(ck_element_symbol(z)), z);
  }
}

static void null_arguments_should_be_refused(void **state) {
  (void)state;
  ck_formula f;
  assert_int_equal(ck_formula_parse(NULL, NULL, &f), CK_ERR_ARG);
  assert_int_equal(ck_formula_parse(NULL, "Ag", NULL), CK_ERR_ARG);
  assert_int_equal(ck_formula_parse(NULL, "Ag25", &f), CK_OK); /* ctx optional */
  assert_int_equal(ck_formula_parse(NULL, "Ag2x", &f), CK_ERR_INPUT);
  assert_int_equal(ck_formula_count(NULL, "Ag"), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(formula_should_multiply_out_ligand_groups),
      cmocka_unit_test(formula_should_read_multiple_charges),
      cmocka_unit_test(formula_without_brackets_should_be_neutral),
      cmocka_unit_test(repeated_elements_should_be_summed),
      cmocka_unit_test(zero_count_should_leave_the_element_out),
      cmocka_unit_test(two_letter_symbols_should_not_split),
      cmocka_unit_test(unknown_element_should_give_its_column),
      cmocka_unit_test(unbalanced_groups_should_be_reported),
      cmocka_unit_test(trailing_garbage_should_be_reported),
      cmocka_unit_test(empty_formula_should_be_rejected),
      cmocka_unit_test(isotope_labels_should_be_entries_of_their_own),
      cmocka_unit_test(bad_isotope_labels_should_be_reported),
      cmocka_unit_test(adducts_should_add_and_remove_atoms),
      cmocka_unit_test(bad_adducts_should_be_reported),
      cmocka_unit_test(format_should_round_trip),
      cmocka_unit_test(count_overflow_should_be_reported),
      cmocka_unit_test(too_many_elements_should_be_reported),
      cmocka_unit_test(element_table_should_cover_the_periodic_table),
      cmocka_unit_test(null_arguments_should_be_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
