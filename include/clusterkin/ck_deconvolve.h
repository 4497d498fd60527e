/* SPDX-License-Identifier: MIT */
/* Species abundances from mass spectra and spectra from abundances
 * (MODEL.md sections 7 and 8).
 *
 * Candidate species (ck_ms_species) are formulas with labels: every monomer
 * and dimer channel of a model ([Ag_m Au_(25-m)(C8H9S)18]-,
 * [Ag_k Au_(50-k)(C8H9S)36]2-, labelled as the channel CSV labels them), or
 * any list of formulas.
 *
 * Templates (ck_ms_templates) are the species' profile spectra at one
 * resolving power R (ck_isotope_species_profile: Gaussian peaks of FWHM =
 * m/z / R), each a density over m/z of unit area, tabulated once on a fine
 * grid (FWHM/40) and interpolated linearly wherever they are needed, also at
 * shifted m/z. A template covers the species' envelope down to 1e-5 of its
 * maximum.
 *
 * A scan is explained as
 *   intensity(mz) = sum_j a_j T_j(mz - shift) + b0 + b1 (mz - centre)
 * with abundances a_j >= 0 (non-negative least squares), one m/z offset
 * `shift` (calibration; searched on a grid over [-max_shift, max_shift] and
 * refined by golden section), and a baseline (none, constant or linear).
 * Only the points inside the templates' windows are fitted: spectra of
 * overlapping species, such as an even dimer [Ag_2m Au_(50-2m)]2- on top of
 * the monomer [Ag_m Au_(25-m)]-, are told apart by their peak positions (the
 * dimer's half-integer peaks), not by anything outside the envelopes.
 * a_j is the area of the species' whole envelope (intensity x m/z), i.e. its
 * share of the ion current; fractions are a_j over their sum.
 *
 * Uncertainties: s^2 = RSS / (points - free parameters); the covariance of
 * the abundances in the final passive set is s^2 (A'A)^-1 on that set; a
 * species at the bound 0 gets s^2 / (its Schur complement), the variance it
 * would have if freed alone. Fraction uncertainties propagate the covariance
 * through a_j / sum a.
 *
 * Threads: scans are fitted in parallel (OpenMP) with one workspace each; the
 * result does not depend on the thread count.
 *
 * Ownership: every object here is created by its _create/_from_* function
 * and released by its _free (NULL is a no-op). Templates borrow nothing; a
 * deconvolution borrows nothing. Labels and formulas returned by accessors
 * live as long as the species set. */
#ifndef CK_DECONVOLVE_H
#define CK_DECONVOLVE_H

#include <stddef.h>
#include <stdio.h>

#include "ck_error.h"
#include "ck_export.h"
#include "ck_formula.h"
#include "ck_model.h"
#include "ck_observe.h"
#include "ck_spectrum.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Resolving power used where none is given. */
#define CK_DECONVOLVE_DEFAULT_RESOLUTION 25000.0
/* m/z offsets searched by default: well below the 0.5 m/z at which a
 * monomer's integer comb would land on a dianion's half-integer peaks. */
#define CK_DECONVOLVE_DEFAULT_MAX_SHIFT_MZ 0.3

/* ---- candidate species -------------------------------------------------- */

typedef struct ck_ms_species ck_ms_species;

CK_API ck_ms_species *ck_ms_species_create(ck_ctx *ctx);
/* Adds a species; label NULL uses the formula's text. CK_ERR_INPUT for a bad formula. */
CK_API ck_status ck_ms_species_add(ck_ctx *ctx, ck_ms_species *set, const char *label,
                                   const char *formula);
/* Every channel of ch (monomers then dimers), labelled as ch labels them.
 * A channel's formula is its metals plus the clusters' non-exchanging part
 * (ligands, fixed atoms) once per subunit, at the channel's charge; with
 * several families each subunit brings its own family's part (a
 * heterodimer both). Every cluster of a family must have the same
 * non-exchanging part (CK_ERR_UNSUPPORTED otherwise). */
CK_API ck_ms_species *ck_ms_species_from_model(ck_ctx *ctx, const ck_model *model,
                                               const ck_channels *ch);
/* A new set with the species of set whose average m/z lies in [lo_mz, hi_mz]
 * (the others cannot be seen whole by scans over that range). */
CK_API ck_ms_species *ck_ms_species_within(ck_ctx *ctx, const ck_ms_species *set, double lo_mz,
                                           double hi_mz);
CK_API void ck_ms_species_free(ck_ms_species *set);
CK_API size_t ck_ms_species_count(const ck_ms_species *set);
CK_API const char *ck_ms_species_label(const ck_ms_species *set, size_t i);
CK_API const ck_formula *ck_ms_species_formula(const ck_ms_species *set, size_t i);

/* ---- templates ---------------------------------------------------------- */

typedef struct ck_ms_templates ck_ms_templates;

/* The profile of every species at resolving power R (> 0). */
CK_API ck_ms_templates *ck_ms_templates_create(ck_ctx *ctx, const ck_ms_species *set,
                                               double resolving_power);
CK_API void ck_ms_templates_free(ck_ms_templates *templates);
CK_API size_t ck_ms_templates_count(const ck_ms_templates *templates);
CK_API double ck_ms_templates_resolving_power(const ck_ms_templates *templates);
/* The m/z window template i covers (its density is 0 outside). */
CK_API void ck_ms_templates_window(const ck_ms_templates *templates, size_t i, double *lo_mz,
                                   double *hi_mz);
/* Writes sum_j abundance[j] T_j(mz[i] - shift_mz) into intensity[0..n_points)
 * (a profile spectrum whose species areas are the abundances). mz ascending. */
CK_API ck_status ck_ms_templates_synthesize(ck_ctx *ctx, const ck_ms_templates *templates,
                                            const double *abundance, double shift_mz,
                                            size_t n_points, const double *mz, double *intensity);

/* ---- deconvolution ------------------------------------------------------ */

typedef enum ck_baseline {
  CK_BASELINE_NONE = 0,
  CK_BASELINE_CONSTANT, /* b0 */
  CK_BASELINE_LINEAR    /* b0 + b1 (mz - centre of the fitted points) */
} ck_baseline;

typedef struct ck_deconvolve_options {
  double max_shift_mz; /* |offset| searched; 0 fixes the offset at 0 */
  ck_baseline baseline;
  int threads; /* OpenMP threads over scans; 0: the OpenMP default */
} ck_deconvolve_options;

/* max_shift CK_DECONVOLVE_DEFAULT_MAX_SHIFT_MZ, constant baseline, threads 0. */
CK_API ck_deconvolve_options ck_deconvolve_options_default(void);

typedef struct ck_deconvolution {
  size_t n_scans, n_species;
  double *time_s;          /* each scan's start time, as in the series */
  unsigned char *observed; /* per species: 1 if >= 99 % of its envelope lies inside every
                              scan's m/z range (only these are fitted; the others are 0) */
  double *abundance;       /* [k * n_species + j]: envelope area, intensity x m/z */
  double *abundance_sd;
  double *fraction;    /* abundance / sum over observed species (0 if unobserved) */
  double *fraction_sd; /* NaN if unobserved */
  double *shift_mz;    /* per scan: fitted m/z offset */
  double *baseline;    /* per scan: [2k] level at centre_mz[k], [2k + 1] slope per m/z */
  double *centre_mz;   /* per scan: centre of the fitted points */
  double *rss;         /* per scan: residual sum of squares over the fitted points */
  size_t *n_points;    /* per scan: points fitted */
} ck_deconvolution;

/* Fits every scan of series. opt NULL: defaults. CK_ERR_INPUT when no species
 * lies inside a scan's range or a scan has too few points in the windows. */
CK_API ck_deconvolution *ck_deconvolve_series(ck_ctx *ctx, const ck_spectrum_series *series,
                                              const ck_ms_templates *templates,
                                              const ck_deconvolve_options *opt);
CK_API void ck_deconvolution_free(ck_deconvolution *result);

/* The fitted spectrum of scan k at every point of scan (species and baseline). */
CK_API ck_status ck_deconvolution_model(ck_ctx *ctx, const ck_deconvolution *result,
                                        const ck_ms_templates *templates, size_t k,
                                        const ck_spectrum *scan, double *model);

/* Channel CSV (MODEL.md section 8): header time_s, the labels of the observed
 * species, then sd:<label> for each; one row per scan with the fractions
 * (summing to 1) and their standard deviations (floored at 1e-9, since a
 * reader needs them > 0). CK_ERR_INPUT when a scan has no start time, times
 * do not increase, or a scan's species have zero total abundance. */
CK_API ck_status ck_deconvolution_write_csv(ck_ctx *ctx, const ck_deconvolution *result,
                                            const ck_ms_species *set, FILE *stream);

#ifdef __cplusplus
}
#endif
#endif /* CK_DECONVOLVE_H */
