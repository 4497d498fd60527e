/* SPDX-License-Identifier: MIT */
/* Fuzz target: model YAML (MODEL.md section 8) through ck_model_parse. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ck_ctx *ctx = ck_ctx_create();
  ck_model *model = ck_model_parse(ctx, (const char *)data, size, "fuzz.yaml");
  if (model == NULL && ck_ctx_status(ctx) == CK_OK) {
    abort(); /* a failure must say why */
  }
  ck_model_free(model);
  ck_ctx_free(ctx);
  return 0;
}
