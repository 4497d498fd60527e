/* SPDX-License-Identifier: MIT */
/* Profile spectra: isotope patterns as Gaussian peaks of FWHM = m/z / R. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "formula/formula_impl.h"

#define SIGMAS 8.0           /* a Gaussian is evaluated within +-8 sigma (tail 1e-14) */
#define MERGE_PER_FWHM 100.0 /* species profiles merge fine structure in FWHM/100 bins */

/* FWHM = 2 sqrt(2 ln 2) sigma. */
static const double FWHM_PER_SIGMA = 2.3548200450309493;

static ck_status check_grid(ck_ctx *ctx, double resolving_power, size_t n_points, const double *mz,
                            const double *intensity) {
  if (!(resolving_power > 0.0 && isfinite(resolving_power))) {
    CK_FAIL(ctx, CK_ERR_INPUT, "profile: resolving power %g is not positive", resolving_power);
  }
  if (n_points > 0 && (mz == NULL || intensity == NULL)) {
    CK_FAIL(ctx, CK_ERR_ARG, "profile: NULL m/z grid or intensity array");
  }
  for (size_t i = 0; i < n_points; i++) {
    if (!isfinite(mz[i]) || (i > 0 && !(mz[i] > mz[i - 1]))) {
      CK_FAIL(ctx, CK_ERR_INPUT, "profile: m/z grid not strictly ascending at point %zu", i);
    }
  }
  return CK_OK;
}

ck_status ck_isotope_pattern_profile_add(ck_ctx *ctx, const ck_isotope_pattern *pattern,
                                         double resolving_power, double weight, size_t n_points,
                                         const double *mz, double *intensity_per_mz) {
  if (pattern == NULL || !isfinite(weight)) {
    CK_FAIL(ctx, CK_ERR_ARG, "profile: NULL pattern or weight %g", weight);
  }
  ck_status st = check_grid(ctx, resolving_power, n_points, mz, intensity_per_mz);
  if (st != CK_OK) {
    return st;
  }
  const double norm = 0.3989422804014327; /* 1 / sqrt(2 pi) */
  for (size_t k = 0; k < pattern->n; k++) {
    double centre = pattern->mz[k];
    double sigma = centre / resolving_power / FWHM_PER_SIGMA;
    double amplitude = weight * pattern->probability[k] * norm / sigma;
    double reach = SIGMAS * sigma;
    for (size_t i = ck_lower_bound(mz, n_points, centre - reach);
         i < n_points && mz[i] <= centre + reach; i++) {
      double u = (mz[i] - centre) / sigma;
      intensity_per_mz[i] += amplitude * exp(-0.5 * u * u);
    }
  }
  return CK_OK;
}

ck_status ck_isotope_species_profile(ck_ctx *ctx, const ck_formula *f,
                                     const ck_abundance_table *table, double resolving_power,
                                     size_t n_points, const double *mz, double *intensity_per_mz) {
  ck_status st = check_grid(ctx, resolving_power, n_points, mz, intensity_per_mz);
  if (st != CK_OK) {
    return st;
  }
  ck_isotope_pattern *fine = NULL, *merged = NULL;
  st = ck_isotope_fine(ctx, f, table, CK_ISOTOPE_DEFAULT_COVERAGE, &fine);
  if (st != CK_OK) {
    return st;
  }
  /* Merging fine structure closer than FWHM/100 keeps each merged peak's
   * centre and area and widens it by less than 1e-4 relative, and turns tens
   * of thousands of isotopologues of a cluster into a few thousand peaks. */
  double narrowest_fwhm = fine->mz[0] / resolving_power;
  st = ck_isotope_binned(ctx, fine, narrowest_fwhm / MERGE_PER_FWHM, &merged);
  ck_isotope_pattern_free(fine);
  if (st != CK_OK) {
    return st;
  }
  if (n_points > 0) {
    memset(intensity_per_mz, 0, n_points * sizeof *intensity_per_mz);
  }
  st = ck_isotope_pattern_profile_add(ctx, merged, resolving_power, 1.0, n_points, mz,
                                      intensity_per_mz);
  ck_isotope_pattern_free(merged);
  return st;
}
