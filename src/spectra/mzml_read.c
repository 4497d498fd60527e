/* SPDX-License-Identifier: MIT */
/* mzML reader: placeholder until the libxml2 reader lands (issue 4). */
#include "spectra/spectrum_readers.h"

ck_spectrum_series *ck_spectrum_mzml_load(ck_ctx *ctx, const char *path,
                                          const ck_spectrum_load_options *opt) {
  (void)opt;
  ck_error_set(ctx, CK_ERR_UNSUPPORTED, "%s: mzML input is not built yet", path);
  return NULL;
}
