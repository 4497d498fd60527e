/* SPDX-License-Identifier: MIT */
/* Fuzz target: the fit block of a model file (MODEL.md section 8, "Fit
 * block extras"). The same parser as fuzz_model.c; its own corpus (models
 * with fit blocks) and dictionary keep the fuzzer inside the fit block, and
 * a parsed block is walked (grid size, every grid value) as a fit would. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ck_ctx *ctx = ck_ctx_create();
  ck_model *model = ck_model_parse(ctx, (const char *)data, size, "fuzz/fit.yaml");
  if (model == NULL && ck_ctx_status(ctx) == CK_OK) {
    abort();
  }
  if (model != NULL && model->fit != NULL) {
    const ck_fit_spec *spec = model->fit;
    volatile double sink = (double)ck_fit_spec_grid_size(spec);
    for (int p = 0; p < spec->n_params; p++) {
      for (int i = 0; i < spec->params[p].points && i < 64; i++) {
        sink += ck_fit_param_grid_value(&spec->params[p], i);
      }
    }
    (void)sink;
  }
  ck_model_free(model);
  ck_ctx_free(ctx);
  return 0;
}
