/* SPDX-License-Identifier: MIT */
/* Every class of bad input the fuzzers (fuzz/, `make fuzz`) found, with the
 * exact message it must now give (issue 8). The inputs themselves are also in
 * fuzz/corpus/<target>/regress-*, which fuzz_replay runs in `make test`. */
#define _DEFAULT_SOURCE /* mkstemps */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ck_test.h"

/* fuzz_formula: "Rb0" (every count 0) parses, by design: zero counts are
 * allowed, as in channel-style formulas. It formats as "", which does not
 * parse, so the round trip holds only for formulas with atoms; what uses an
 * atomless formula refuses it with this exact message (the CLI's
 * `mass Ag0` contract, tests/cli/test_mass.sh). */
static void formulas_whose_counts_are_all_zero_should_be_refused_by_their_users(void **state) {
  (void)state;
  static const char *const texts[] = {"Rb0", "Ag0Au0", "(CPS)0"};
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    ck_ctx *ctx = ck_ctx_create();
    ck_formula f;
    assert_int_equal(ck_formula_parse(ctx, texts[i], &f), CK_OK);
    assert_int_equal(f.n_elements, 0);
    char buf[16];
    assert_int_equal(ck_formula_format(&f, buf, sizeof buf), 0);
    double mass = 0.0;
    assert_int_equal(ck_formula_average_mass_da(ctx, &f, NULL, &mass), CK_ERR_INPUT);
    assert_string_equal(ck_ctx_errmsg(ctx), "the formula has no atoms");
    assert_int_equal(ck_formula_monoisotopic_mz(ctx, &f, NULL, &mass), CK_ERR_INPUT);
    assert_string_equal(ck_ctx_errmsg(ctx), "the formula has no atoms");
    assert_null(ck_isotope_pattern_compute(ctx, &f, NULL, 0.99));
    assert_string_equal(ck_ctx_errmsg(ctx), "the formula has no atoms");
    ck_ctx_free(ctx);
  }
  /* In brackets with adducts the parser itself refuses it. */
  ck_ctx *ctx = ck_ctx_create();
  ck_formula f;
  assert_int_equal(ck_formula_parse(ctx, "[Ag0Au0]-", &f), CK_ERR_INPUT);
  assert_string_equal(ck_ctx_errmsg(ctx),
                      "formula \"[Ag0Au0]-\", column 8: nothing left after removing the adducts");
  ck_ctx_free(ctx);
}

/* fuzz_mzml: an encoding="utf7" declaration followed by bytes libxml2
 * cannot convert made libxml2 print five lines on stderr (its global error
 * channel) before the load failed; the library must stay silent and say it
 * once, with the line. */
static void mzml_encoding_errors_should_not_reach_stderr(void **state) {
  (void)state;
  static const char text[] = "<?xml version=\"1.0\" encoding=\"utf7\"?>\n<\xff<";
  char path[] = "/tmp/ck-fuzz-regress-XXXXXX.mzML";
  int fd = mkstemps(path, 5);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, text, sizeof text - 1), (long)(sizeof text - 1));
  close(fd);
  char err_path[] = "/tmp/ck-fuzz-stderr-XXXXXX";
  int err_fd = mkstemp(err_path);
  assert_true(err_fd >= 0);
  fflush(stderr);
  int saved = dup(2);
  dup2(err_fd, 2);
  ck_ctx *ctx = ck_ctx_create();
  ck_spectrum_series *s = ck_spectrum_series_load(ctx, path, NULL);
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  struct stat st;
  assert_int_equal(fstat(err_fd, &st), 0);
  close(err_fd);
  unlink(err_path);
  unlink(path);
  assert_null(s);
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_INPUT);
  assert_string_equal(ck_ctx_errmsg(ctx), "malformed or truncated XML: read error");
  assert_int_equal(ck_ctx_errline(ctx), 2);
  assert_int_equal(st.st_size, 0); /* nothing printed */
  ck_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(formulas_whose_counts_are_all_zero_should_be_refused_by_their_users),
      cmocka_unit_test(mzml_encoding_errors_should_not_reach_stderr),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
