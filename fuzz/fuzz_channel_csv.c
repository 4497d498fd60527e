/* SPDX-License-Identifier: MIT */
/* Fuzz target: channel CSV (MODEL.md section 8, "Channel CSV") through the
 * in-memory reader and, for the file path (open, size limit, read), through
 * ck_channel_data_load on an in-memory file; both must agree. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const ck_model *model = ck_fuzz_sim3_model();
  ck_ctx *ctx = ck_ctx_create();
  ck_channel_data *mem = ck_channel_data_parse(ctx, (const char *)data, size, "fuzz.csv", model);
  if (mem == NULL && ck_ctx_status(ctx) == CK_OK) {
    abort();
  }
  const char *path = ck_fuzz_file(data, size);
  if (path != NULL) {
    ck_ctx_clear(ctx);
    ck_channel_data *file = ck_channel_data_load(ctx, path, model);
    if ((file == NULL) != (mem == NULL) ||
        (file != NULL && (file->n_times != mem->n_times || file->n_channels != mem->n_channels))) {
      abort();
    }
    ck_channel_data_free(file);
  }
  ck_channel_data_free(mem);
  ck_ctx_free(ctx);
  return 0;
}
