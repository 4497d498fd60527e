/* SPDX-License-Identifier: MIT */
/* The only file that calls IsoSpec: the fine structure of a formula's isotopologues.
 *
 * IsoSpec's C API (IsoSpec++/cwrapper.h, Debian libisospec++-dev 2.2.1) takes
 * isotope masses and probabilities per element, not formulas. Its header
 * needs ISOSPEC_C_API defined (empty) when compiled as C. IsoSpec is C++ and
 * reports trouble by exceptions, which must not cross into C: every input is
 * checked here first (positive probabilities, counts that fit an int, an
 * expected size below CK_ISOTOPE_MAX_PEAKS). Its binned envelope is not used
 * (2.2.1 can crash when the bin origin lies above the lightest isotopologue);
 * isotope_pattern.c bins instead. Built into the module
 * libclusterkin_isospec.so (see isospec_loader.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ISOSPEC_C_API
#include <IsoSpec++/cwrapper.h>

#include "formula/formula_impl.h"
#include "formula/isospec_module.h"

typedef struct isospec_input {
  int n_dims;
  int isotope_numbers[CK_FORMULA_MAX_ELEMENTS];
  int atom_counts[CK_FORMULA_MAX_ELEMENTS];
  int lightest[CK_FORMULA_MAX_ELEMENTS]; /* mass number of the lightest isotope present */
  int total_isotopes;
  int mass_number[CK_FORMULA_MAX_ELEMENTS * CK_MAX_ISOTOPES];
  double mass_da[CK_FORMULA_MAX_ELEMENTS * CK_MAX_ISOTOPES];
  double probability[CK_FORMULA_MAX_ELEMENTS * CK_MAX_ISOTOPES];
} isospec_input;

static ck_status build_input(ck_ctx *ctx, const ck_isotope_mix *mixes, const long *counts,
                             int n_mixes, isospec_input *in) {
  memset(in, 0, sizeof *in);
  if (n_mixes < 1 || n_mixes > CK_FORMULA_MAX_ELEMENTS) {
    CK_FAIL(ctx, CK_ERR_ARG, "isotope pattern: %d elements (1..%d allowed)", n_mixes,
            CK_FORMULA_MAX_ELEMENTS);
  }
  for (int d = 0; d < n_mixes; d++) {
    const ck_isotope_mix *m = &mixes[d];
    if (counts[d] < 1 || counts[d] > CK_ISOTOPE_MAX_ATOMS || m->n < 1) {
      CK_FAIL(ctx, CK_ERR_ARG, "isotope pattern: element %d has %ld atoms and %d isotopes", d,
              counts[d], m->n);
    }
    in->isotope_numbers[d] = m->n;
    in->atom_counts[d] = (int)counts[d];
    in->lightest[d] = m->mass_number[0];
    for (int j = 0; j < m->n; j++) {
      if (!(m->abundance[j] > 0.0 && m->abundance[j] <= 1.0 + 1e-9)) {
        CK_FAIL(ctx, CK_ERR_ARG, "isotope pattern: abundance %g out of (0, 1]", m->abundance[j]);
      }
      in->mass_number[in->total_isotopes] = m->mass_number[j];
      in->mass_da[in->total_isotopes] = m->mass_da[j];
      in->probability[in->total_isotopes] = m->abundance[j];
      in->total_isotopes++;
    }
  }
  in->n_dims = n_mixes;
  return CK_OK;
}

/* log of the number of all configurations: prod over elements of C(n + k - 1, k - 1). */
static double log_all_configurations(const isospec_input *in) {
  double log_size = 0.0;
  for (int d = 0; d < in->n_dims; d++) {
    double n = in->atom_counts[d], k = in->isotope_numbers[d];
    log_size += lgamma(n + k) - lgamma(n + 1.0) - lgamma(k);
  }
  return log_size;
}

/* IsoSpec's own estimate of how many configurations reach the coverage. */
static double log_expected_size(void *iso, const isospec_input *in, double coverage) {
  double all = log_all_configurations(in);
  if (coverage >= 1.0) {
    return all;
  }
  double *estimates = getMarginalLogSizeEstimates(iso, coverage);
  if (estimates == NULL) {
    return all;
  }
  double log_size = 0.0;
  for (int d = 0; d < in->n_dims; d++) {
    log_size += isfinite(estimates[d]) ? estimates[d] : 0.0;
  }
  freeReleasedArray(estimates);
  return log_size < all ? log_size : all;
}

/* Neutrons of each configuration above the lightest isotopologue, from the
 * atom counts per isotope that IsoSpec reports in input order. */
static void count_neutrons(const isospec_input *in, const int *confs, size_t n, int *neutrons) {
  for (size_t k = 0; k < n; k++) {
    const int *c = confs + k * (size_t)in->total_isotopes;
    int extra = 0, j = 0;
    for (int d = 0; d < in->n_dims; d++) {
      for (int i = 0; i < in->isotope_numbers[d]; i++, j++) {
        extra += c[j] * (in->mass_number[j] - in->lightest[d]);
      }
    }
    neutrons[k] = extra;
  }
}

/* Copies IsoSpec's released arrays into our own allocations. */
static ck_status take_arrays(ck_ctx *ctx, const isospec_input *in, size_t n, const double *masses,
                             const double *probs, const int *confs, double **mass_da,
                             double **probability, int **neutrons) {
  *mass_da = ck_calloc(ctx, n, sizeof(double));
  *probability = ck_calloc(ctx, n, sizeof(double));
  *neutrons = ck_calloc(ctx, n, sizeof(int));
  if (*mass_da == NULL || *probability == NULL || *neutrons == NULL || masses == NULL ||
      probs == NULL || confs == NULL) {
    free(*mass_da);
    free(*probability);
    free(*neutrons);
    *mass_da = *probability = NULL;
    *neutrons = NULL;
    CK_FAIL(ctx, CK_ERR_NOMEM, "out of memory for an isotope pattern of %zu peaks", n);
  }
  memcpy(*mass_da, masses, n * sizeof(double));
  memcpy(*probability, probs, n * sizeof(double));
  count_neutrons(in, confs, n, *neutrons);
  return CK_OK;
}

ck_status ck_isospec_fine_structure_module(ck_ctx *ctx, const ck_isotope_mix *mixes,
                                           const long *counts, int n_mixes, double coverage,
                                           size_t *n_peaks, double **mass_da, double **probability,
                                           int **neutrons) {
  isospec_input in;
  ck_status st = build_input(ctx, mixes, counts, n_mixes, &in);
  if (st != CK_OK) {
    return st;
  }
  void *iso = setupIso(in.n_dims, in.isotope_numbers, in.atom_counts, in.mass_da, in.probability);
  if (iso == NULL) {
    CK_FAIL(ctx, CK_ERR_NOMEM, "IsoSpec setupIso failed");
  }
  double log_size = log_expected_size(iso, &in, coverage);
  if (log_size > log(CK_ISOTOPE_MAX_PEAKS)) {
    deleteIso(iso);
    CK_FAIL(ctx, CK_ERR_LIMIT,
            "isotope pattern too large: about %.3g peaks at coverage %g "
            "(limit %.3g); lower the coverage",
            exp(log_size), coverage, CK_ISOTOPE_MAX_PEAKS);
  }
  void *env = setupTotalProbFixedEnvelope(iso, coverage, true, true);
  deleteIso(iso);
  if (env == NULL) {
    CK_FAIL(ctx, CK_ERR_NOMEM, "IsoSpec setupTotalProbFixedEnvelope failed");
  }
  size_t n = confs_noFixedEnvelope(env);
  /* The release calls hand the arrays over to us; IsoSpec frees them no more. */
  const double *masses = massesFixedEnvelope(env);
  const double *probs = probsFixedEnvelope(env);
  const int *confs = confsFixedEnvelope(env);
  st = take_arrays(ctx, &in, n, masses, probs, confs, mass_da, probability, neutrons);
  freeReleasedArray((void *)masses);
  freeReleasedArray((void *)probs);
  freeReleasedArray((void *)confs);
  deleteFixedEnvelope(env, false);
  *n_peaks = (st == CK_OK) ? n : 0;
  return st;
}
