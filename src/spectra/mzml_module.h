/* SPDX-License-Identifier: MIT */
/* The mzML reader lives in a module loaded on first use (see mzml_loader.c). */
#ifndef CK_MZML_MODULE_H
#define CK_MZML_MODULE_H

#include "core/module.h"
#include "spectra/spectrum_readers.h"

#define CK_MZML_MODULE_FILE "libclusterkin_mzml.so"
#define CK_MZML_MODULE_SYMBOL "ck_spectrum_mzml_load_module"

/* ck_spectrum_mzml_load itself (mzml_read.c): exported from the module,
 * called directly in the static library. */
CK_MODULE_EXPORT ck_spectrum_series *ck_spectrum_mzml_load_module(
    ck_ctx *ctx, const char *path, const ck_spectrum_load_options *opt);
typedef ck_spectrum_series *(*ck_spectrum_mzml_load_fn)(ck_ctx *, const char *,
                                                        const ck_spectrum_load_options *);

#endif /* CK_MZML_MODULE_H */
