/* SPDX-License-Identifier: MIT */
/* Isotope patterns of formulas (through IsoSpec): fine structure to a total
 * probability, aggregation to bins or to isotope peaks, profile spectra at a
 * resolving power, and the most abundant m/z (MODEL.md section 7).
 *
 * A pattern is a list of peaks (m/z ascending, probability). For a charged
 * formula m/z = (M - z m_e)/|z|; for a neutral one the masses in Da. The
 * probabilities of a fine-structure pattern sum to at least the coverage
 * asked for (IsoSpec keeps the most probable configurations first).
 *
 * Profiles: each peak becomes a Gaussian of area weight x probability and
 * full width at half maximum FWHM = m/z / R (R the resolving power), so a
 * profile is a density in probability per unit m/z and its integral over m/z
 * is weight x the pattern's total probability.
 *
 * Ownership: patterns returned by the functions below are owned by the caller
 * and freed with ck_isotope_pattern_free (NULL is a no-op). The arrays
 * returned by ck_isotope_pattern_mz / _probability are borrowed and live as
 * long as the pattern. */
#ifndef CK_ISOTOPE_H
#define CK_ISOTOPE_H

#include <stddef.h>

#include "ck_error.h"
#include "ck_export.h"
#include "ck_formula.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Coverage used where none is given (most abundant m/z, species profiles). */
#define CK_ISOTOPE_DEFAULT_COVERAGE 0.99999
/* Patterns refuse formulas with more atoms than this ... */
#define CK_ISOTOPE_MAX_ATOMS 1000000L
/* ... or an expected fine structure larger than this many peaks (IsoSpec's
 * estimate, which runs high: 2.2e8 for a 110 kDa protein that has 1.5e7). */
#define CK_ISOTOPE_MAX_PEAKS 20000000.0

typedef struct ck_isotope_pattern ck_isotope_pattern;

/* Fine structure of f (at its charge) covering total probability >= coverage,
 * 0 < coverage <= 1. table may be NULL (natural abundances, labels at 100 %).
 * NULL on error: CK_ERR_INPUT (no isotope data, bad coverage), CK_ERR_LIMIT
 * (formula too large for a pattern), CK_ERR_NOMEM. */
CK_API ck_isotope_pattern *ck_isotope_pattern_compute(ck_ctx *ctx, const ck_formula *f,
                                                      const ck_abundance_table *table,
                                                      double coverage);

/* Peaks merged into bins of width bin_width_mz centred on multiples of it
 * (bin k holds [(k - 1/2) w, (k + 1/2) w)); each bin becomes one peak at the
 * probability-weighted mean m/z of its contents with their summed
 * probability, so total probability and mean m/z are unchanged. */
CK_API ck_isotope_pattern *ck_isotope_pattern_bin(ck_ctx *ctx, const ck_isotope_pattern *fine,
                                                  double bin_width_mz);

/* One peak per isotope peak (configurations with the same number of neutrons
 * above the lightest isotopologue: what an instrument shows when the fine
 * structure is unresolved), at the probability-weighted mean m/z. Needs a
 * fine-structure pattern from ck_isotope_pattern_compute (CK_ERR_ARG otherwise). */
CK_API ck_isotope_pattern *ck_isotope_pattern_nominal(ck_ctx *ctx, const ck_isotope_pattern *fine);

CK_API void ck_isotope_pattern_free(ck_isotope_pattern *pattern);

CK_API size_t ck_isotope_pattern_size(const ck_isotope_pattern *pattern);
CK_API const double *ck_isotope_pattern_mz(const ck_isotope_pattern *pattern);
CK_API const double *ck_isotope_pattern_probability(const ck_isotope_pattern *pattern);
/* Signed charge of the formula the pattern belongs to. */
CK_API int ck_isotope_pattern_charge(const ck_isotope_pattern *pattern);
/* Sum of the peak probabilities. */
CK_API double ck_isotope_pattern_total_probability(const ck_isotope_pattern *pattern);
/* Probability-weighted mean m/z (normalised by the total probability). */
CK_API double ck_isotope_pattern_mean_mz(const ck_isotope_pattern *pattern);

/* Adds weight x the profile of pattern at resolving power R to
 * intensity_per_mz[0..n_points) on the grid mz[0..n_points) (strictly
 * ascending). Each Gaussian is evaluated within 8 standard deviations. */
CK_API ck_status ck_isotope_pattern_profile_add(ck_ctx *ctx, const ck_isotope_pattern *pattern,
                                                double resolving_power, double weight,
                                                size_t n_points, const double *mz,
                                                double *intensity_per_mz);

/* Profile spectrum of one species: the pattern of f at
 * CK_ISOTOPE_DEFAULT_COVERAGE, its fine structure merged in bins of 1/100 of
 * the narrowest FWHM (a change of the Gaussian width below 1e-4), written
 * (not added) to intensity_per_mz[0..n_points) on the grid mz. */
CK_API ck_status ck_isotope_species_profile(ck_ctx *ctx, const ck_formula *f,
                                            const ck_abundance_table *table, double resolving_power,
                                            size_t n_points, const double *mz,
                                            double *intensity_per_mz);

/* m/z of the most abundant isotope peak of f (the largest peak of
 * ck_isotope_pattern_nominal at CK_ISOTOPE_DEFAULT_COVERAGE, at its
 * probability-weighted mean m/z). */
CK_API ck_status ck_isotope_most_abundant_mz(ck_ctx *ctx, const ck_formula *f,
                                             const ck_abundance_table *table, double *mz);

#ifdef __cplusplus
}
#endif
#endif /* CK_ISOTOPE_H */
