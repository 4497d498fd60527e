/* SPDX-License-Identifier: MIT */
/* Fuzz target: hydride NMR spec files (ck_nmr.h, examples/cuag7-hydride-se.yaml). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ck_ctx *ctx = ck_ctx_create();
  ck_nmr_spec *spec = ck_nmr_spec_parse(ctx, (const char *)data, size, "fuzz-nmr.yaml");
  if (spec == NULL && ck_ctx_status(ctx) == CK_OK) {
    abort();
  }
  ck_nmr_spec_free(spec);
  ck_ctx_free(ctx);
  return 0;
}
