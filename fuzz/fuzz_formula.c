/* SPDX-License-Identifier: MIT */
/* Fuzz target: chemical formulas (ck_formula.h): parse, split into parts,
 * masses; a parsed formula with atoms must survive format -> parse
 * unchanged, one without atoms must be refused by the mass functions. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = ck_fuzz_cstring(data, size);
  if (text == NULL) {
    return 0;
  }
  ck_ctx *ctx = ck_ctx_create();
  ck_formula f;
  if (ck_formula_parse(ctx, text, &f) == CK_OK) {
    char buf[1024];
    size_t need = ck_formula_format(&f, buf, sizeof buf);
    ck_formula back;
    double mass = 0.0;
    if (f.n_elements == 0) {
      /* "Rb0", "(CPS)0": parsed on purpose (a channel-style zero count), but
       * without atoms; what uses it must refuse it, not compute a mass of 0. */
      if (ck_formula_average_mass_da(ctx, &f, NULL, &mass) != CK_ERR_INPUT ||
          ck_formula_monoisotopic_mz(ctx, &f, NULL, &mass) != CK_ERR_INPUT) {
        abort();
      }
    } else if (need < sizeof buf) {
      if (ck_formula_parse(ctx, buf, &back) != CK_OK || back.n_elements != f.n_elements ||
          back.charge != f.charge) {
        fprintf(stderr, "round trip: \"%s\" -> \"%s\": %s\n", text, buf, ck_ctx_errmsg(ctx));
        abort();
      }
      for (int e = 0; e < f.n_elements; e++) {
        if (back.element[e] != f.element[e] || back.count[e] != f.count[e] ||
            back.mass_number[e] != f.mass_number[e]) {
          fprintf(stderr, "round trip: \"%s\" -> \"%s\" changed entry %d\n", text, buf, e);
          abort();
        }
      }
    }
    ck_formula_part parts[8];
    int n_parts = 0;
    (void)ck_formula_parts(ctx, text, parts, 8, &n_parts);
    (void)ck_formula_average_mass_da(ctx, &f, NULL, &mass);
    (void)ck_formula_monoisotopic_mz(ctx, &f, NULL, &mass);
  } else if (ck_ctx_errmsg(ctx)[0] == '\0') {
    abort();
  }
  ck_ctx_free(ctx);
  free(text);
  return 0;
}
