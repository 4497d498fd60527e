/* SPDX-License-Identifier: MIT */
/* ck_spectrum_mzml_load: Debian's libxml2 brings ICU and libstdc++, which
 * cost milliseconds at every process start, so the reader (mzml_read.c and
 * the decoding it uses) lives in libclusterkin_mzml.so, opened the first
 * time an mzML file is read (src/core/module.c). The writer needs only
 * zlib and stays in libclusterkin. */
#include "spectra/mzml_module.h"

ck_spectrum_series *ck_spectrum_mzml_load(ck_ctx *ctx, const char *path,
                                          const ck_spectrum_load_options *opt) {
#ifdef CK_STATIC
  return ck_spectrum_mzml_load_module(ctx, path, opt);
#else
  ck_spectrum_mzml_load_fn fn;
  *(void **)&fn = ck_module_symbol(ctx, CK_MZML_MODULE_FILE, CK_MZML_MODULE_SYMBOL, "mzML input",
                                   CK_MODULE_LOCAL);
  return fn != NULL ? fn(ctx, path, opt) : NULL;
#endif
}
