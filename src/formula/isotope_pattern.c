/* SPDX-License-Identifier: MIT */
/* Isotope patterns: fine structure of a formula, bins, isotope peaks, most abundant m/z. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "formula/formula_impl.h"

ck_isotope_pattern *ck_isotope_pattern_alloc(ck_ctx *ctx, size_t n, int with_neutrons) {
  ck_isotope_pattern *p = ck_calloc(ctx, 1, sizeof *p);
  if (p == NULL) {
    return NULL;
  }
  p->n = n;
  p->mz = ck_calloc(ctx, n, sizeof(double));
  p->probability = ck_calloc(ctx, n, sizeof(double));
  p->neutrons = with_neutrons ? ck_calloc(ctx, n, sizeof(int)) : NULL;
  if (p->mz == NULL || p->probability == NULL || (with_neutrons && p->neutrons == NULL)) {
    ck_isotope_pattern_free(p);
    return NULL;
  }
  return p;
}

void ck_isotope_pattern_free(ck_isotope_pattern *pattern) {
  if (pattern == NULL) {
    return;
  }
  free(pattern->mz);
  free(pattern->probability);
  free(pattern->neutrons);
  free(pattern);
}

size_t ck_isotope_pattern_size(const ck_isotope_pattern *pattern) {
  return pattern != NULL ? pattern->n : 0;
}

const double *ck_isotope_pattern_mz(const ck_isotope_pattern *pattern) {
  return pattern != NULL ? pattern->mz : NULL;
}

const double *ck_isotope_pattern_probability(const ck_isotope_pattern *pattern) {
  return pattern != NULL ? pattern->probability : NULL;
}

int ck_isotope_pattern_charge(const ck_isotope_pattern *pattern) {
  return pattern != NULL ? pattern->charge : 0;
}

double ck_isotope_pattern_total_probability(const ck_isotope_pattern *pattern) {
  double total = 0.0;
  for (size_t i = 0; pattern != NULL && i < pattern->n; i++) {
    total += pattern->probability[i];
  }
  return total;
}

double ck_isotope_pattern_mean_mz(const ck_isotope_pattern *pattern) {
  double sum = 0.0, weighted = 0.0;
  for (size_t i = 0; pattern != NULL && i < pattern->n; i++) {
    sum += pattern->probability[i];
    weighted += pattern->probability[i] * pattern->mz[i];
  }
  return sum > 0.0 ? weighted / sum : NAN;
}

/* ---- fine structure ------------------------------------------------------ */

typedef struct peak {
  double mz, probability;
  int neutrons;
} peak;

static int compare_peaks(const void *a, const void *b) {
  const peak *x = a, *y = b;
  if (x->mz != y->mz) {
    return x->mz < y->mz ? -1 : 1;
  }
  return (x->neutrons > y->neutrons) - (x->neutrons < y->neutrons);
}

/* Sorts IsoSpec's configurations by m/z into a new pattern. */
static ck_isotope_pattern *sorted_pattern(ck_ctx *ctx, size_t n, const double *mass_da,
                                          const double *probability, const int *neutrons,
                                          int charge) {
  peak *peaks = ck_calloc(ctx, n, sizeof *peaks);
  ck_isotope_pattern *p = peaks != NULL ? ck_isotope_pattern_alloc(ctx, n, 1) : NULL;
  if (p != NULL) {
    for (size_t i = 0; i < n; i++) {
      peaks[i] = (peak){ck_mass_to_mz(mass_da[i], charge), probability[i], neutrons[i]};
    }
    qsort(peaks, n, sizeof *peaks, compare_peaks);
    for (size_t i = 0; i < n; i++) {
      p->mz[i] = peaks[i].mz;
      p->probability[i] = peaks[i].probability;
      p->neutrons[i] = peaks[i].neutrons;
    }
    p->charge = charge;
  }
  free(peaks);
  return p;
}

/* The isotope mixture and atom count of every entry of f. */
static ck_status resolve_all(ck_ctx *ctx, const ck_formula *f, const ck_abundance_table *table,
                             ck_isotope_mix *mixes, long *counts) {
  long total = 0;
  for (int i = 0; i < f->n_elements; i++) {
    ck_status st = ck_isotope_mix_resolve(ctx, table, f->element[i], f->mass_number[i], &mixes[i]);
    if (st != CK_OK) {
      return st;
    }
    counts[i] = f->count[i];
    total += f->count[i];
  }
  if (f->n_elements == 0) {
    CK_FAIL(ctx, CK_ERR_INPUT, "the formula has no atoms");
  }
  if (total > CK_ISOTOPE_MAX_ATOMS) {
    CK_FAIL(ctx, CK_ERR_LIMIT, "formula too large for an isotope pattern: %ld atoms (limit %ld)",
            total, CK_ISOTOPE_MAX_ATOMS);
  }
  return CK_OK;
}

ck_status ck_isotope_fine(ck_ctx *ctx, const ck_formula *f, const ck_abundance_table *table,
                          double coverage, ck_isotope_pattern **out) {
  ck_isotope_mix mixes[CK_FORMULA_MAX_ELEMENTS];
  long counts[CK_FORMULA_MAX_ELEMENTS];
  *out = NULL;
  if (f == NULL) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_isotope_pattern_compute: NULL formula");
  }
  if (!(coverage > 0.0 && coverage <= 1.0)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "isotope pattern: coverage %g is not in (0, 1]", coverage);
  }
  ck_status st = resolve_all(ctx, f, table, mixes, counts);
  size_t n = 0;
  double *mass_da = NULL, *probability = NULL;
  int *neutrons = NULL;
  if (st == CK_OK) {
    st = ck_isospec_fine_structure(ctx, mixes, counts, f->n_elements, coverage, &n, &mass_da,
                                   &probability, &neutrons);
  }
  if (st == CK_OK) {
    *out = sorted_pattern(ctx, n, mass_da, probability, neutrons, f->charge);
    st = (*out != NULL) ? CK_OK : CK_ERR_NOMEM;
  }
  free(mass_da);
  free(probability);
  free(neutrons);
  return st;
}

ck_isotope_pattern *ck_isotope_pattern_compute(ck_ctx *ctx, const ck_formula *f,
                                               const ck_abundance_table *table, double coverage) {
  ck_isotope_pattern *p = NULL;
  ck_isotope_fine(ctx, f, table, coverage, &p);
  return p;
}

/* ---- aggregation ---------------------------------------------------------- */

/* Merges runs of peaks with equal key[i] (ascending) into one peak each, at
 * their probability-weighted mean m/z. */
static ck_isotope_pattern *merge_runs(ck_ctx *ctx, const ck_isotope_pattern *in,
                                      const long long *key) {
  size_t runs = 0;
  for (size_t i = 0; i < in->n; i++) {
    runs += (i == 0 || key[i] != key[i - 1]);
  }
  ck_isotope_pattern *out = ck_isotope_pattern_alloc(ctx, runs, 0);
  if (out == NULL) {
    return NULL;
  }
  out->charge = in->charge;
  size_t r = 0;
  double weighted = 0.0;
  for (size_t i = 0; i < in->n; i++) {
    out->probability[r] += in->probability[i];
    weighted += in->probability[i] * in->mz[i];
    if (i + 1 == in->n || key[i + 1] != key[i]) {
      out->mz[r] = out->probability[r] > 0.0 ? weighted / out->probability[r] : in->mz[i];
      r++;
      weighted = 0.0;
    }
  }
  return out;
}

ck_status ck_isotope_binned(ck_ctx *ctx, const ck_isotope_pattern *fine, double bin_width_mz,
                            ck_isotope_pattern **out) {
  *out = NULL;
  if (fine == NULL) {
    CK_FAIL(ctx, CK_ERR_ARG, "isotope pattern bins: NULL pattern");
  }
  if (!(bin_width_mz > 0.0 && isfinite(bin_width_mz))) {
    CK_FAIL(ctx, CK_ERR_INPUT, "isotope pattern bins: width %g m/z is not positive", bin_width_mz);
  }
  /* Bin indices must stay exact integers in a double. */
  if (fine->n > 0 && fine->mz[fine->n - 1] / bin_width_mz > 1e15) {
    CK_FAIL(ctx, CK_ERR_INPUT, "isotope pattern bins: width %g m/z is too small", bin_width_mz);
  }
  long long *key = ck_calloc(ctx, fine->n, sizeof *key);
  if (key == NULL) {
    return CK_ERR_NOMEM;
  }
  for (size_t i = 0; i < fine->n; i++) {
    key[i] = (long long)floor(fine->mz[i] / bin_width_mz + 0.5);
  }
  *out = merge_runs(ctx, fine, key);
  free(key);
  return *out != NULL ? CK_OK : CK_ERR_NOMEM;
}

ck_isotope_pattern *ck_isotope_pattern_bin(ck_ctx *ctx, const ck_isotope_pattern *fine,
                                           double bin_width_mz) {
  ck_isotope_pattern *p = NULL;
  ck_isotope_binned(ctx, fine, bin_width_mz, &p);
  return p;
}

/* A fine-structure peak tagged with its isotope peak, for regrouping. */
typedef struct tagged {
  int neutrons;
  size_t index;
} tagged;

static int compare_tagged(const void *a, const void *b) {
  const tagged *x = a, *y = b;
  if (x->neutrons != y->neutrons) {
    return x->neutrons < y->neutrons ? -1 : 1;
  }
  return (x->index > y->index) - (x->index < y->index);
}

static ck_status nominal(ck_ctx *ctx, const ck_isotope_pattern *fine, ck_isotope_pattern **out) {
  *out = NULL;
  if (fine == NULL || fine->neutrons == NULL) {
    CK_FAIL(ctx, CK_ERR_ARG, "isotope peaks need a fine-structure pattern");
  }
  /* Regroup by neutron count, keeping m/z order inside each isotope peak. */
  tagged *tags = ck_calloc(ctx, fine->n, sizeof *tags);
  long long *key = ck_calloc(ctx, fine->n, sizeof *key);
  ck_isotope_pattern *grouped = ck_isotope_pattern_alloc(ctx, fine->n, 0);
  if (tags != NULL && key != NULL && grouped != NULL) {
    for (size_t i = 0; i < fine->n; i++) {
      tags[i] = (tagged){fine->neutrons[i], i};
    }
    qsort(tags, fine->n, sizeof *tags, compare_tagged);
    for (size_t i = 0; i < fine->n; i++) {
      grouped->mz[i] = fine->mz[tags[i].index];
      grouped->probability[i] = fine->probability[tags[i].index];
      key[i] = tags[i].neutrons;
    }
    grouped->charge = fine->charge;
    *out = merge_runs(ctx, grouped, key);
  }
  free(tags);
  free(key);
  ck_isotope_pattern_free(grouped);
  return *out != NULL ? CK_OK : CK_ERR_NOMEM;
}

ck_isotope_pattern *ck_isotope_pattern_nominal(ck_ctx *ctx, const ck_isotope_pattern *fine) {
  ck_isotope_pattern *p = NULL;
  nominal(ctx, fine, &p);
  return p;
}

ck_status ck_isotope_most_abundant_mz(ck_ctx *ctx, const ck_formula *f,
                                      const ck_abundance_table *table, double *mz) {
  if (mz == NULL) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_isotope_most_abundant_mz: NULL output");
  }
  ck_isotope_pattern *fine = NULL, *peaks = NULL;
  ck_status st = ck_isotope_fine(ctx, f, table, CK_ISOTOPE_DEFAULT_COVERAGE, &fine);
  if (st == CK_OK) {
    st = nominal(ctx, fine, &peaks);
  }
  if (st == CK_OK) {
    size_t best = 0;
    for (size_t i = 1; i < peaks->n; i++) {
      if (peaks->probability[i] > peaks->probability[best]) {
        best = i;
      }
    }
    *mz = peaks->mz[best];
  }
  ck_isotope_pattern_free(fine);
  ck_isotope_pattern_free(peaks);
  return st;
}
