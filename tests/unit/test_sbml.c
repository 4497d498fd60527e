/* SPDX-License-Identifier: MIT */
/* SBML export through the library API: hand-counted content, rates, failure without output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"

/* Writes the SBML of (model, net) to a temporary file and returns its text (free it). */
static char *export(ck_ctx *ctx, const ck_model *model, const ck_network *net, ck_status *st) {
  FILE *stream = tmpfile();
  assert_non_null(stream);
  *st = ck_sbml_write(ctx, model, net, stream);
  long size = ftell(stream);
  assert_true(size >= 0);
  char *text = calloc((size_t)size + 1, 1);
  assert_non_null(text);
  rewind(stream);
  assert_int_equal(fread(text, 1, (size_t)size, stream), (size_t)size);
  fclose(stream);
  return text;
}

static size_t count(const char *text, const char *needle) {
  size_t n = 0;
  for (const char *p = strstr(text, needle); p != NULL; p = strstr(p + 1, needle)) {
    n++;
  }
  return n;
}

/* N = 2, constant exchange, no scaling (MODEL.md section 2 by hand): monomers
 * Ag2, AgAu, Au2; six dimers; 6 + 6 + 2 reactions. Only the three
 * homodimerizations carry a factor (1/2); every other factor is 1 and left out. */
static void small_network_should_export_hand_counted_content(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_model *model = ck_test_model(2, 2, CK_EXCHANGE_CONSTANT, -1, 1e-2, 5e-2, 3e-2, 40, 10);
  ck_network *net = ck_network_generate(ctx, model);
  assert_non_null(net);
  ck_status st;
  char *text = export(ctx, model, net, &st);
  assert_int_equal(st, CK_OK);
  assert_non_null(strstr(text, "level=\"3\" version=\"2\""));
  assert_int_equal(count(text, "<species "), 9);
  assert_int_equal(count(text, "<reaction "), 14);
  assert_int_equal(count(text, "<localParameter "), 3);
  assert_int_equal(count(text,
                         "id=\"factor\" name=\"dimerization scaling f(m,n), halved for a "
                         "homodimer (MODEL.md section 2)\" value=\"0.5\""),
                   3);
  assert_int_equal(count(text, "stoichiometry=\"2\""), 6); /* homodimer formation and breakup */
  assert_non_null(strstr(text,
                         "<species id=\"M_Ag2Au0\" name=\"[Ag2Au0]\" compartment=\"solution\" "
                         "initialConcentration=\"40\""));
  assert_non_null(strstr(text,
                         "<species id=\"M_Ag0Au2\" name=\"[Ag0Au2]\" compartment=\"solution\" "
                         "initialConcentration=\"10\""));
  assert_non_null(strstr(text, "id=\"ex_D_Ag2Au0_Ag0Au2_to_D_Ag1Au1_Ag1Au1\""));
  assert_non_null(strstr(text, "id=\"ex_D_Ag1Au1_Ag1Au1_to_D_Ag2Au0_Ag0Au2\""));
  free(text);
  ck_network_free(net);
  ck_model_free(model);
  ck_ctx_free(ctx);
}

/* The rate constants written are the network's, after ck_network_set_rates. */
static void export_should_use_the_network_rates(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_model *model = ck_test_model(3, 2, CK_EXCHANGE_STATISTICAL, 1, 1e-2, 5e-2, 3e-2, 40, 40);
  ck_network *net = ck_network_generate(ctx, model);
  assert_non_null(net);
  assert_int_equal(ck_network_set_rates(net, 0.25, 0.5, 0.125), CK_OK);
  ck_status st;
  char *text = export(ctx, model, net, &st);
  assert_int_equal(st, CK_OK);
  assert_non_null(strstr(text,
                         "id=\"k_dim\" name=\"dimerization rate constant\" value=\"0.25\" "
                         "units=\"per_nM_per_second\""));
  assert_non_null(strstr(text,
                         "id=\"k_diss\" name=\"dissociation rate constant\" value=\"0.5\" "
                         "units=\"per_second\""));
  assert_non_null(strstr(text,
                         "id=\"k_ex\" name=\"exchange rate constant\" value=\"0.125\" "
                         "units=\"per_second\""));
  free(text);
  ck_network_free(net);
  ck_model_free(model);
  ck_ctx_free(ctx);
}

/* A model whose clusters are not species of the network is bad input, and
 * nothing reaches the stream. */
static void mismatched_model_should_fail_without_output(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_model *small = ck_test_model(2, 2, CK_EXCHANGE_CONSTANT, -1, 1, 1, 1, 1, 1);
  ck_model *large = ck_test_model(3, 2, CK_EXCHANGE_CONSTANT, -1, 1, 1, 1, 1, 1);
  ck_network *net = ck_network_generate(ctx, small);
  assert_non_null(net);
  ck_status st;
  char *text = export(ctx, large, net, &st);
  assert_int_equal(st, CK_ERR_INPUT);
  assert_string_equal(text, "");
  assert_non_null(strstr(ck_ctx_errmsg(ctx), "is not a species of this network"));
  free(text);
  ck_network_free(net);
  ck_model_free(small);
  ck_model_free(large);
  ck_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(small_network_should_export_hand_counted_content),
      cmocka_unit_test(export_should_use_the_network_rates),
      cmocka_unit_test(mismatched_model_should_fail_without_output),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
