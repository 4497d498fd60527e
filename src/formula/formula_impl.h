/* SPDX-License-Identifier: MIT */
/* Internals of the formula module: the isotope table, isotope mixtures, patterns. */
#ifndef CK_FORMULA_IMPL_H
#define CK_FORMULA_IMPL_H

#include <stddef.h>

#include "clusterkin/ck_formula.h"
#include "clusterkin/ck_isotope.h"
#include "core/core_impl.h"

/* One natural isotope (isotope_data.c). */
typedef struct ck_isotope_entry {
  int z;            /* atomic number */
  int mass_number;  /* A */
  double mass_da;   /* atomic mass (neutral atom, electrons included) */
  double abundance; /* mole fraction in the natural element */
} ck_isotope_entry;

CK_INTERNAL extern const ck_isotope_entry ck_isotope_table[];
CK_INTERNAL extern const int ck_isotope_table_size;

/* Natural isotopes of element z, in mass order, and their number (*n = 0 and
 * NULL when the table has no data for z). */
CK_INTERNAL const ck_isotope_entry *ck_isotope_entries(int z, int *n);

/* The isotopic composition one formula entry stands for: the natural element,
 * a labelled isotope ("107Ag": 100 % unless an abundance table says
 * otherwise), or a user override. Isotopes of zero abundance are left out. */
typedef struct ck_isotope_mix {
  int z;
  int n;
  int mass_number[CK_MAX_ISOTOPES];
  double mass_da[CK_MAX_ISOTOPES];
  double abundance[CK_MAX_ISOTOPES];
} ck_isotope_mix;

/* Composition of entry (z, mass_number) of a formula, mass_number 0 for the
 * natural element; table may be NULL. CK_ERR_INPUT when the table has no
 * isotope data for z or no isotope mass_number of z. */
CK_INTERNAL ck_status ck_isotope_mix_resolve(ck_ctx *ctx, const ck_abundance_table *table, int z,
                                             int mass_number, ck_isotope_mix *out);

/* Reads "Ag", "107Ag" or "D" (= 2H) from text[0..length) exactly; returns 0
 * unless the whole text is one such label of an element in the periodic table. */
CK_INTERNAL int ck_isotope_label_read(const char *text, size_t length, int *z, int *mass_number);

/* Writes the isotopes of z in the table, "107Ag, 109Ag", into buf (for messages). */
CK_INTERNAL const char *ck_isotope_list(int z, char *buf, size_t size);

/* Writes "Ag" or "107Ag" into buf (for messages). */
CK_INTERNAL const char *ck_isotope_label_text(int z, int mass_number, char *buf, size_t size);

/* ---- isotope patterns (isotope_pattern.c, isospec_adapter.c) ------------ */

struct ck_isotope_pattern {
  size_t n;            /* peaks, ascending m/z */
  double *mz;          /* m/z of each peak (mass in Da for a neutral formula) */
  double *probability; /* probability of each peak */
  int *neutrons;       /* fine structure only: neutrons above the lightest
                          isotopologue (the isotope peak it belongs to); NULL
                          after aggregation to bins */
  int charge;
};

/* The fine structure of the elements mixes[0..n_mixes) with counts[i] atoms
 * each, to total probability >= coverage, as neutral masses in Da, unsorted.
 * The only function that calls IsoSpec (isospec_adapter.c). On success the
 * three arrays are owned by the caller (free()); neutrons[k] is the number of
 * neutrons configuration k has above the lightest isotopologue. */
CK_INTERNAL ck_status ck_isospec_fine_structure(ck_ctx *ctx, const ck_isotope_mix *mixes,
                                                const long *counts, int n_mixes, double coverage,
                                                size_t *n_peaks, double **mass_da,
                                                double **probability, int **neutrons);

/* ck_isotope_pattern_compute and ck_isotope_pattern_bin with a status
 * (*out NULL on error), for callers that must pass the status on. */
CK_INTERNAL ck_status ck_isotope_fine(ck_ctx *ctx, const ck_formula *f,
                                      const ck_abundance_table *table, double coverage,
                                      ck_isotope_pattern **out);
CK_INTERNAL ck_status ck_isotope_binned(ck_ctx *ctx, const ck_isotope_pattern *fine,
                                        double bin_width_mz, ck_isotope_pattern **out);

/* Allocates a pattern with room for n peaks (neutrons too when with_neutrons). */
CK_INTERNAL ck_isotope_pattern *ck_isotope_pattern_alloc(ck_ctx *ctx, size_t n, int with_neutrons);

#endif /* CK_FORMULA_IMPL_H */
