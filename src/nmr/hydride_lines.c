/* SPDX-License-Identifier: MIT */
/* Hydride stick spectrum: 107Ag/109Ag isotopomers x first-order multiplets (MODEL.md sec. 6). */
#include <math.h>
#include <stdlib.h>

#include "clusterkin/ck_formula.h"
#include "clusterkin/ck_nmr.h"
#include "core/core_impl.h"

enum { Z_AG = 47 };

/* Natural abundances of 107Ag and 109Ag from the isotope table (not typed in twice). */
static ck_status silver_abundances(ck_ctx *ctx, double *p107, double *p109) {
  *p107 = *p109 = -1.0;
  for (int i = 0; i < ck_element_isotope_count(Z_AG); i++) {
    int a = 0;
    double abundance = 0.0;
    ck_element_isotope(Z_AG, i, &a, NULL, &abundance);
    if (a == 107) {
      *p107 = abundance;
    } else if (a == 109) {
      *p109 = abundance;
    }
  }
  if (*p107 < 0.0 || *p109 < 0.0) {
    CK_FAIL(ctx, CK_ERR_INPUT, "the isotope table has no 107Ag/109Ag abundances");
  }
  return CK_OK;
}

/* C(n, k) in floating point (exact for the sizes allowed here up to rounding). */
static double binomial(int n, int k) {
  double c = 1.0;
  for (int i = 1; i <= k; i++) {
    c = c * (n - k + i) / i;
  }
  return c;
}

static int valid_composition(const ck_nmr_composition *c) {
  return c->n_ag >= 0 && c->n_107 >= 0 && c->n_109 >= 0 &&
         c->n_ag + c->n_107 + c->n_109 <= CK_NMR_MAX_AG && isfinite(c->shift_ppm) &&
         isfinite(c->j107_hz) && c->j107_hz >= 0.0 && isfinite(c->j109_hz) && c->j109_hz >= 0.0 &&
         isfinite(c->weight) && c->weight >= 0.0;
}

static ck_status check_inputs(ck_ctx *ctx, const ck_nmr_params *p, const ck_nmr_composition *c,
                              int n) {
  if (p == NULL || (c == NULL && n > 0) || n < 0) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_nmr_hydride_lines: NULL argument or negative count");
  }
  if (!(isfinite(p->spectrometer_mhz) && p->spectrometer_mhz > 0.0)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "spectrometer frequency must be positive, got %g MHz",
            p->spectrometer_mhz);
  }
  if (!(isfinite(p->fwhm_hz) && p->fwhm_hz > 0.0)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "linewidth must be positive, got %g Hz", p->fwhm_hz);
  }
  if (!(isfinite(p->j109_per_j107) && p->j109_per_j107 >= 0.0)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "J109/J107 ratio must not be negative, got %g", p->j109_per_j107);
  }
  for (int i = 0; i < n; i++) {
    if (!valid_composition(&c[i])) {
      CK_FAIL(ctx, CK_ERR_INPUT,
              "composition %d (%s): needs 0..%d Ag atoms and finite, non-negative couplings "
              "and weight",
              i + 1, c[i].label != NULL ? c[i].label : "unnamed", CK_NMR_MAX_AG);
    }
  }
  return CK_OK;
}

/* Lines of composition c: sum over isotopomers k of (a + 1)(b + 1). */
static size_t count_lines(const ck_nmr_composition *c) {
  size_t n = 0;
  for (int k = 0; k <= c->n_ag; k++) {
    n += (size_t)(c->n_107 + k + 1) * (size_t)(c->n_109 + c->n_ag - k + 1);
  }
  return n;
}

static int by_position(const void *a, const void *b) {
  double x = ((const ck_nmr_line *)a)->position_hz, y = ((const ck_nmr_line *)b)->position_hz;
  return (x > y) - (x < y);
}

/* Couplings of the observed nucleus: a deuteride's are smaller by gamma(1H)/gamma(2H). */
static void couplings(const ck_nmr_params *p, const ck_nmr_composition *c, double *j107,
                      double *j109) {
  double ratio = p->j109_per_j107 > 0.0 ? p->j109_per_j107 : CK_NMR_J109_PER_J107;
  double scale = p->deuteride ? 1.0 / CK_NMR_GAMMA_H_PER_D : 1.0;
  *j107 = c->j107_hz * scale;
  *j109 = (c->j109_hz > 0.0 ? c->j109_hz : c->j107_hz * ratio) * scale;
}

/* The first-order multiplet of one isotopomer: a 107Ag and b 109Ag spins 1/2
 * split the line into binomial (a + 1) x (b + 1) sub-lines at total spin
 * projections m_a = a/2 - i, m_b = b/2 - j. */
static void add_isotopomer(ck_nmr_lines *out, int index, double centre_hz, double j107, double j109,
                           int a, int b, double weight) {
  ck_nmr_line *first = &out->line[out->n];
  double spin_states = ldexp(1.0, a + b); /* 2^(a+b) */
  for (int i = 0; i <= a; i++) {
    for (int j = 0; j <= b; j++) {
      ck_nmr_line *l = &out->line[out->n++];
      l->composition = index;
      l->n_107 = a;
      l->n_109 = b;
      l->position_hz = centre_hz + (0.5 * a - i) * j107 + (0.5 * b - j) * j109;
      l->position_ppm = l->position_hz / out->observe_mhz;
      l->intensity = weight * binomial(a, i) * binomial(b, j) / spin_states;
    }
  }
  qsort(first, (size_t)(a + 1) * (size_t)(b + 1), sizeof *first, by_position);
}

static void add_composition(ck_nmr_lines *out, const ck_nmr_params *p, const ck_nmr_composition *c,
                            int index, double p107, double p109) {
  double j107 = 0.0, j109 = 0.0;
  couplings(p, c, &j107, &j109);
  double centre_hz = c->shift_ppm * out->observe_mhz; /* ppm x MHz = Hz */
  for (int k = c->n_ag; k >= 0; k--) {
    double probability = binomial(c->n_ag, k) * pow(p107, k) * pow(p109, c->n_ag - k);
    add_isotopomer(out, index, centre_hz, j107, j109, c->n_107 + k, c->n_109 + c->n_ag - k,
                   c->weight * probability);
  }
}

ck_nmr_lines *ck_nmr_hydride_lines(ck_ctx *ctx, const ck_nmr_params *params,
                                   const ck_nmr_composition *compositions, int n_compositions) {
  double p107 = 0.0, p109 = 0.0;
  if (check_inputs(ctx, params, compositions, n_compositions) != CK_OK ||
      silver_abundances(ctx, &p107, &p109) != CK_OK) {
    return NULL;
  }
  size_t total = 0;
  for (int i = 0; i < n_compositions; i++) {
    total += count_lines(&compositions[i]);
  }
  ck_nmr_lines *out = ck_calloc(ctx, 1, sizeof *out);
  if (out == NULL || (out->line = ck_calloc(ctx, total + 1, sizeof *out->line)) == NULL) {
    free(out);
    return NULL;
  }
  out->observe_mhz = params->spectrometer_mhz / (params->deuteride ? CK_NMR_GAMMA_H_PER_D : 1.0);
  for (int i = 0; i < n_compositions; i++) {
    add_composition(out, params, &compositions[i], i, p107, p109);
  }
  return out;
}

void ck_nmr_lines_free(ck_nmr_lines *lines) {
  if (lines != NULL) {
    free(lines->line);
    free(lines);
  }
}
