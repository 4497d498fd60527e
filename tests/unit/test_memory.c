/* SPDX-License-Identifier: MIT */
/* Memory estimates and sizes (issue 5, memory guard). */
#include <stdlib.h>

#include "ck_test.h"

static void sizes_should_parse_with_binary_and_decimal_units(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  double b = 0.0;
  assert_int_equal(ck_units_parse_bytes(ctx, "8 GiB", &b), CK_OK);
  expect_rel(b, 8.0 * 1024 * 1024 * 1024, 0.0);
  assert_int_equal(ck_units_parse_bytes(ctx, "512MiB", &b), CK_OK);
  expect_rel(b, 512.0 * 1024 * 1024, 0.0);
  assert_int_equal(ck_units_parse_bytes(ctx, "4 GB", &b), CK_OK);
  expect_rel(b, 4e9, 0.0);
  assert_int_equal(ck_units_parse_bytes(ctx, "2e9", &b), CK_OK);
  expect_rel(b, 2e9, 0.0);
  assert_int_equal(ck_units_parse_bytes(ctx, "0 GiB", &b), CK_ERR_INPUT);
  assert_int_equal(ck_units_parse_bytes(ctx, "8 gigs", &b), CK_ERR_INPUT);
  assert_int_equal(ck_units_parse_bytes(ctx, "GiB", &b), CK_ERR_INPUT);
  ck_ctx_free(ctx);
}

/* Exact species counts; the reaction bound m (m - 1) per dimer plus two holds
 * (binary N = 25: 351 x 2 + 702 >= 1302, MODEL.md section 2), and the
 * generator's limit is the model's. */
static void estimate_should_count_species_and_bound_reactions(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_model *m = ck_test_model(25, 2, CK_EXCHANGE_STATISTICAL, -1, 1, 1, 1, 1, 1);
  ck_memory_estimate e;
  assert_int_equal(ck_network_estimate_memory(ctx, m, &e), CK_OK);
  expect_rel(e.monomers, 26, 0.0);
  expect_rel(e.dimers, 351, 0.0);
  expect_rel(e.species, 377, 0.0);
  expect_rel(e.reactions, 351 * 4, 0.0);
  assert_true(e.reactions >= 1302);
  expect_rel(e.limit_bytes, 8.0 * 1024 * 1024 * 1024, 0.0);
  assert_true(e.total_bytes > e.network_bytes && e.network_bytes > 1302 * 33.0);
  m->memory_limit_bytes = e.network_bytes / 2;
  assert_null(ck_network_generate(ctx, m));
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_LIMIT);
  m->memory_limit_bytes = (e.network_bytes + e.total_bytes) / 2; /* network fits, solver not */
  ck_network *net = ck_network_generate(ctx, m);
  assert_non_null(net);
  ck_solver_options o = ck_solver_options_from_model(m);
  assert_null(ck_solver_create(ctx, net, &o));
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_LIMIT);
  ck_network_free(net);
  ck_model_free(m);
  ck_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(sizes_should_parse_with_binary_and_decimal_units),
      cmocka_unit_test(estimate_should_count_species_and_bound_reactions),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
