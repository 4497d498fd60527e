/* SPDX-License-Identifier: MIT */
/* ck_isospec_fine_structure: IsoSpec is C++, and libstdc++ with IsoSpec cost
 * about 2 ms at every process start, so the adapter lives in
 * libclusterkin_isospec.so, opened the first time a pattern is asked for
 * (src/core/module.c). The static library calls the adapter directly. */
#include "formula/isospec_module.h"

ck_status ck_isospec_fine_structure(ck_ctx *ctx, const ck_isotope_mix *mixes, const long *counts,
                                    int n_mixes, double coverage, size_t *n_peaks, double **mass_da,
                                    double **probability, int **neutrons) {
#ifdef CK_STATIC
  return ck_isospec_fine_structure_module(ctx, mixes, counts, n_mixes, coverage, n_peaks, mass_da,
                                          probability, neutrons);
#else
  ck_isospec_fine_structure_fn fn;
  *(void **)&fn = ck_module_symbol(ctx, CK_ISOSPEC_MODULE_FILE, CK_ISOSPEC_MODULE_SYMBOL,
                                   "isotope patterns (IsoSpec)", CK_MODULE_LOCAL);
  if (fn == NULL) {
    *n_peaks = 0;
    return ck_ctx_status(ctx);
  }
  return fn(ctx, mixes, counts, n_mixes, coverage, n_peaks, mass_da, probability, neutrons);
#endif
}
