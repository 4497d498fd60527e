/* SPDX-License-Identifier: MIT */
/* Species templates: each species' profile spectrum (ck_isotope_species_profile)
 * tabulated once on a fine uniform grid, then interpolated wherever a scan,
 * a shifted scan or a synthetic spectrum needs it (ck_deconvolve.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "formula/formula_impl.h"
#include "spectra/deconvolve_impl.h"

/* Grid steps per FWHM: linear interpolation of a Gaussian sampled at
 * FWHM/40 is off by at most (h/sigma)^2/8 = 4e-4 of the peak height. */
#define STEPS_PER_FWHM 40.0
/* The tabulated window reaches this many standard deviations of the
 * envelope (plus the peak reach) beyond the average m/z: a coverage-0.99999
 * pattern ends within ~4.4 sd of a near-Gaussian envelope. */
#define ENVELOPE_SDS 7.0
#define PEAK_SIGMAS 8.0
/* Windows are trimmed where the density falls below this fraction of its maximum. */
#define TRIM_FRACTION 1e-5

static const double FWHM_PER_SIGMA = 2.3548200450309493;

/* Average m/z and the standard deviation of the isotope envelope in m/z:
 * every atom contributes its isotope mixture's mass variance. */
static ck_status envelope(ck_ctx *ctx, const ck_formula *f, double *mean_mz, double *sd_mz) {
  ck_status st = ck_formula_average_mz(ctx, f, NULL, mean_mz);
  double var_da2 = 0.0;
  for (int e = 0; st == CK_OK && e < f->n_elements; e++) {
    ck_isotope_mix mix;
    st = ck_isotope_mix_resolve(ctx, NULL, f->element[e], f->mass_number[e], &mix);
    double m1 = 0.0, m2 = 0.0;
    for (int i = 0; st == CK_OK && i < mix.n; i++) {
      m1 += mix.abundance[i] * mix.mass_da[i];
      m2 += mix.abundance[i] * mix.mass_da[i] * mix.mass_da[i];
    }
    var_da2 += (double)f->count[e] * fmax(m2 - m1 * m1, 0.0);
  }
  int z = abs(f->charge) > 0 ? abs(f->charge) : 1;
  *sd_mz = sqrt(var_da2) / z;
  return st;
}

/* The m/z below which 0.5 % and above which 0.5 % of the area lies. */
static void quantiles(ck_ms_template *t) {
  double total = 0.0, run = 0.0;
  for (size_t i = 0; i < t->n; i++) {
    total += t->density[i];
  }
  t->q_lo_mz = t->lo_mz;
  t->q_hi_mz = t->hi_mz;
  size_t i = 0;
  for (; i < t->n && (run += t->density[i]) < 0.005 * total; i++) {
  }
  t->q_lo_mz = t->lo_mz + (double)i * t->step_mz;
  run = 0.0;
  for (i = t->n; i-- > 0 && (run += t->density[i]) < 0.005 * total;) {
  }
  t->q_hi_mz = t->lo_mz + (double)i * t->step_mz;
}

static ck_status build(ck_ctx *ctx, const ck_formula *f, double R, ck_ms_template *t) {
  double mean = 0.0, sd = 0.0;
  ck_status st = envelope(ctx, f, &mean, &sd);
  if (st != CK_OK) {
    return st;
  }
  double lo = mean - ENVELOPE_SDS * sd, hi = mean + ENVELOPE_SDS * sd;
  lo -= PEAK_SIGMAS * lo / R / FWHM_PER_SIGMA;
  hi += PEAK_SIGMAS * hi / R / FWHM_PER_SIGMA;
  double step = lo / R / STEPS_PER_FWHM;
  size_t n = (size_t)ceil((hi - lo) / step) + 1;
  double *mz = ck_calloc(ctx, n, sizeof *mz);
  double *density = ck_calloc(ctx, n, sizeof *density);
  if (mz == NULL || density == NULL) {
    free(mz);
    free(density);
    return CK_ERR_NOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    mz[i] = lo + (double)i * step;
  }
  st = ck_isotope_species_profile(ctx, f, NULL, R, n, mz, density);
  free(mz);
  if (st != CK_OK) {
    free(density);
    return st;
  }
  double peak = 0.0;
  for (size_t i = 0; i < n; i++) {
    peak = fmax(peak, density[i]);
  }
  size_t a = 0, b = n;
  while (a < b && density[a] < TRIM_FRACTION * peak) {
    a++;
  }
  while (b > a && density[b - 1] < TRIM_FRACTION * peak) {
    b--;
  }
  a = a > 0 ? a - 1 : 0; /* keep one point below the threshold on each side */
  b = b < n ? b + 1 : n;
  memmove(density, density + a, (b - a) * sizeof *density);
  t->density = density;
  t->n = b - a;
  t->lo_mz = lo + (double)a * step;
  t->step_mz = step;
  t->hi_mz = t->lo_mz + (double)(t->n - 1) * step;
  quantiles(t);
  return CK_OK;
}

ck_ms_templates *ck_ms_templates_create(ck_ctx *ctx, const ck_ms_species *set,
                                        double resolving_power) {
  if (!(resolving_power > 0.0 && isfinite(resolving_power))) {
    ck_error_set(ctx, CK_ERR_INPUT, "resolving power %g is not positive", resolving_power);
    return NULL;
  }
  ck_ms_templates *tp = ck_calloc(ctx, 1, sizeof *tp);
  if (tp == NULL) {
    return NULL;
  }
  tp->resolving_power = resolving_power;
  tp->t = set->n > 0 ? ck_calloc(ctx, set->n, sizeof *tp->t) : NULL;
  if (set->n > 0 && tp->t == NULL) {
    free(tp);
    return NULL;
  }
  tp->n = set->n;
  /* Serial on purpose: IsoSpec fills shared log-factorial tables lazily. */
  for (size_t j = 0; j < set->n; j++) {
    if (build(ctx, &set->formula[j], resolving_power, &tp->t[j]) != CK_OK) {
      char msg[CK_MSG_MAX];
      snprintf(msg, sizeof msg, "%s", ck_ctx_errmsg(ctx));
      ck_error_set(ctx, ck_ctx_status(ctx), "species %s: %s", set->label[j], msg);
      ck_ms_templates_free(tp);
      return NULL;
    }
  }
  return tp;
}

void ck_ms_templates_free(ck_ms_templates *templates) {
  if (templates == NULL) {
    return;
  }
  for (size_t j = 0; j < templates->n; j++) {
    free(templates->t[j].density);
  }
  free(templates->t);
  free(templates);
}

size_t ck_ms_templates_count(const ck_ms_templates *templates) {
  return templates->n;
}

double ck_ms_templates_resolving_power(const ck_ms_templates *templates) {
  return templates->resolving_power;
}

void ck_ms_templates_window(const ck_ms_templates *templates, size_t i, double *lo_mz,
                            double *hi_mz) {
  *lo_mz = templates->t[i].lo_mz;
  *hi_mz = templates->t[i].hi_mz;
}

ck_status ck_ms_templates_synthesize(ck_ctx *ctx, const ck_ms_templates *templates,
                                     const double *abundance, double shift_mz, size_t n_points,
                                     const double *mz, double *intensity) {
  if (n_points > 0 && (mz == NULL || intensity == NULL || abundance == NULL)) {
    CK_FAIL(ctx, CK_ERR_ARG, "synthesize: NULL array");
  }
  for (size_t i = 1; i < n_points; i++) {
    if (!(mz[i] > mz[i - 1])) {
      CK_FAIL(ctx, CK_ERR_INPUT, "synthesize: m/z grid not ascending at point %zu", i);
    }
  }
  memset(intensity, 0, n_points * sizeof *intensity);
  for (size_t j = 0; j < templates->n; j++) {
    const ck_ms_template *t = &templates->t[j];
    if (abundance[j] == 0.0) {
      continue;
    }
    for (size_t i = ck_lower_bound(mz, n_points, t->lo_mz + shift_mz);
         i < n_points && mz[i] <= t->hi_mz + shift_mz; i++) {
      intensity[i] += abundance[j] * ck_ms_template_at(t, mz[i] - shift_mz);
    }
  }
  return CK_OK;
}
