/* SPDX-License-Identifier: MIT */
/* IsoSpec lives in a module loaded on first use (see isospec_loader.c). */
#ifndef CK_ISOSPEC_MODULE_H
#define CK_ISOSPEC_MODULE_H

#include "core/module.h"
#include "formula/formula_impl.h"

#define CK_ISOSPEC_MODULE_FILE "libclusterkin_isospec.so"
#define CK_ISOSPEC_MODULE_SYMBOL "ck_isospec_fine_structure_module"

/* ck_isospec_fine_structure itself (isospec_adapter.c): exported from the
 * module, called directly in the static library. */
CK_MODULE_EXPORT ck_status ck_isospec_fine_structure_module(
    ck_ctx *ctx, const ck_isotope_mix *mixes, const long *counts, int n_mixes, double coverage,
    size_t *n_peaks, double **mass_da, double **probability, int **neutrons);
typedef ck_status (*ck_isospec_fine_structure_fn)(ck_ctx *, const ck_isotope_mix *, const long *,
                                                  int, double, size_t *, double **, double **,
                                                  int **);

#endif /* CK_ISOSPEC_MODULE_H */
