/* SPDX-License-Identifier: MIT */
/* Fuzz target: quantities with units (ck_units.h). The first byte picks the
 * quantity kind (or the byte-size parser), the rest is the text. */
#include "fuzz_common.h" /* first: it defines _GNU_SOURCE */

#include <math.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) {
    return 0;
  }
  const int n_kinds = (int)CK_QTY_CHEMICAL_SHIFT + 1;
  int pick = data[0] % (n_kinds + 1);
  char *text = ck_fuzz_cstring(data + 1, size - 1);
  if (text == NULL) {
    return 0;
  }
  ck_ctx *ctx = ck_ctx_create();
  double value = NAN;
  ck_status st = pick == n_kinds ? ck_units_parse_bytes(ctx, text, &value)
                                 : ck_units_parse(ctx, text, (ck_quantity_kind)pick, &value);
  /* Contract: success gives a finite value, failure a message. */
  if ((st == CK_OK && !isfinite(value)) || (st != CK_OK && ck_ctx_errmsg(ctx)[0] == '\0')) {
    abort();
  }
  ck_ctx_free(ctx);
  free(text);
  return 0;
}
