/* SPDX-License-Identifier: MIT */
/* Fuzz target: text/CSV spectra (ck_spectrum.h) through the CSV reader
 * behind ck_spectrum_series_load, on an in-memory file. */
#include "fuzz_common.h" /* first: it defines _GNU_SOURCE */

#include <math.h>
#include "spectra/spectrum_readers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = ck_fuzz_file(data, size);
  if (path == NULL) {
    return 0;
  }
  ck_ctx *ctx = ck_ctx_create();
  ck_spectrum_series *s = ck_spectrum_csv_load(ctx, path, NULL);
  if (s == NULL && ck_ctx_status(ctx) == CK_OK) {
    abort();
  }
  /* The documented shape: every scan's m/z strictly ascending and finite. */
  for (size_t k = 0; s != NULL && k < s->n_scans; k++) {
    const ck_spectrum *scan = &s->scans[k];
    for (size_t i = 0; i < scan->n_points; i++) {
      if (!isfinite(scan->mz[i]) || (i > 0 && !(scan->mz[i] > scan->mz[i - 1]))) {
        abort();
      }
    }
  }
  ck_spectrum_series_free(s);
  ck_ctx_free(ctx);
  return 0;
}
