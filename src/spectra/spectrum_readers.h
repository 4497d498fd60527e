/* SPDX-License-Identifier: MIT */
/* The per-format readers behind ck_spectrum_series_load (ck_spectrum.h). */
#ifndef CK_SPECTRUM_READERS_H
#define CK_SPECTRUM_READERS_H

#include "clusterkin/ck_spectrum.h"
#include "core/core_impl.h"

/* Text/CSV spectra (ck_spectrum.h describes the layout). */
CK_INTERNAL ck_spectrum_series *ck_spectrum_csv_load(ck_ctx *ctx, const char *path,
                                                     const ck_spectrum_load_options *opt);
/* mzML 1.1: every MS1 spectrum in file order. */
CK_INTERNAL ck_spectrum_series *ck_spectrum_mzml_load(ck_ctx *ctx, const char *path,
                                                      const ck_spectrum_load_options *opt);

#endif /* CK_SPECTRUM_READERS_H */
