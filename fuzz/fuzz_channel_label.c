/* SPDX-License-Identifier: MIT */
/* Fuzz target: channel labels ("[Ag24Au1]1-", ck_channel_label_parse) of
 * the built-in Ag25/Au25 model (fuzz_common.h). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const ck_model *model = ck_fuzz_sim3_model();
  char *label = ck_fuzz_cstring(data, size);
  if (label == NULL) {
    return 0;
  }
  ck_ctx *ctx = ck_ctx_create();
  ck_channel_id id;
  if (ck_channel_label_parse(ctx, model, label, &id) == CK_OK) {
    /* Accepted labels are exactly the written form: counts add up to N or 2N. */
    int sum = id.composition[0] + id.composition[1];
    if ((id.n_subunits != 1 && id.n_subunits != 2) || sum != 25 * id.n_subunits) {
      abort();
    }
  } else if (ck_ctx_errmsg(ctx)[0] == '\0') {
    abort();
  }
  ck_ctx_free(ctx);
  free(label);
  return 0;
}
