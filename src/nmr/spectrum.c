/* SPDX-License-Identifier: MIT */
/* Lorentzian line shapes of an NMR stick spectrum sampled on a ppm grid. */
#include <math.h>
#include <stdlib.h>

#include "clusterkin/ck_nmr.h"
#include "core/core_impl.h"

#define PI 3.14159265358979323846 /* M_PI is not in strict C11 */
#define AUTO_MARGIN_LINEWIDTHS 10.0
#define AUTO_STEPS_PER_LINEWIDTH 10.0

/* The window with automatic parts filled in, in Hz. */
static ck_status resolve_window(ck_ctx *ctx, const ck_nmr_lines *lines, double fwhm_hz,
                                const ck_nmr_window *w, double *from_hz, double *to_hz,
                                double *step_hz) {
  double lo = 0.0, hi = 0.0;
  for (size_t i = 0; i < lines->n; i++) {
    double x = lines->line[i].position_hz;
    lo = (i == 0 || x < lo) ? x : lo;
    hi = (i == 0 || x > hi) ? x : hi;
  }
  double margin = AUTO_MARGIN_LINEWIDTHS * fwhm_hz;
  int automatic = (w == NULL || w->from_ppm == w->to_ppm);
  *from_hz = automatic ? lo - margin : w->from_ppm * lines->observe_mhz;
  *to_hz = automatic ? hi + margin : w->to_ppm * lines->observe_mhz;
  *step_hz = (w != NULL && w->step_hz != 0.0) ? w->step_hz : fwhm_hz / AUTO_STEPS_PER_LINEWIDTH;
  if (!(isfinite(*step_hz) && *step_hz > 0.0)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "spectrum step must be positive, got %g Hz", *step_hz);
  }
  if (!(isfinite(*from_hz) && isfinite(*to_hz) && *to_hz > *from_hz)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "spectrum window from %g to %g ppm is empty or reversed",
            *from_hz / lines->observe_mhz, *to_hz / lines->observe_mhz);
  }
  if ((*to_hz - *from_hz) / *step_hz + 1.0 > CK_NMR_MAX_POINTS) {
    CK_FAIL(ctx, CK_ERR_LIMIT, "spectrum of %.0f points is more than %d: use a larger step",
            (*to_hz - *from_hz) / *step_hz + 1.0, CK_NMR_MAX_POINTS);
  }
  return CK_OK;
}

static ck_nmr_spectrum *spectrum_alloc(ck_ctx *ctx, size_t n_points, int n_components) {
  ck_nmr_spectrum *s = ck_calloc(ctx, 1, sizeof *s);
  if (s == NULL) {
    return NULL;
  }
  s->n_points = n_points;
  s->n_components = n_components;
  s->ppm = ck_calloc(ctx, n_points, sizeof *s->ppm);
  s->intensity = ck_calloc(ctx, n_points * (size_t)(1 + n_components), sizeof *s->intensity);
  if (s->ppm == NULL || s->intensity == NULL) {
    ck_nmr_spectrum_free(s);
    return NULL;
  }
  return s;
}

/* Adds each line's Lorentzian, (I / pi) hw / (dv^2 + hw^2), to the total and its column. */
static void sample(ck_nmr_spectrum *s, const ck_nmr_lines *lines, double fwhm_hz, double from_hz,
                   double step_hz) {
  double hw = 0.5 * fwhm_hz;
  size_t stride = (size_t)(1 + s->n_components);
  for (size_t p = 0; p < s->n_points; p++) {
    double v = from_hz + (double)p * step_hz;
    double *row = &s->intensity[p * stride];
    s->ppm[p] = v / lines->observe_mhz;
    for (size_t i = 0; i < lines->n; i++) {
      const ck_nmr_line *l = &lines->line[i];
      double d = v - l->position_hz;
      double y = l->intensity * hw / (PI * (d * d + hw * hw));
      row[0] += y;
      row[1 + l->composition] += y;
    }
  }
}

ck_nmr_spectrum *ck_nmr_spectrum_compute(ck_ctx *ctx, const ck_nmr_lines *lines,
                                         const ck_nmr_params *params, int n_components,
                                         const ck_nmr_window *window) {
  if (lines == NULL || params == NULL || n_components < 0) {
    ck_error_set(ctx, CK_ERR_ARG, "ck_nmr_spectrum_compute: NULL argument");
    return NULL;
  }
  for (size_t i = 0; i < lines->n; i++) {
    if (lines->line[i].composition < 0 || lines->line[i].composition >= n_components) {
      ck_error_set(ctx, CK_ERR_ARG, "ck_nmr_spectrum_compute: line of composition %d of %d",
                   lines->line[i].composition, n_components);
      return NULL;
    }
  }
  if (!(isfinite(params->fwhm_hz) && params->fwhm_hz > 0.0)) {
    ck_error_set(ctx, CK_ERR_INPUT, "linewidth must be positive, got %g Hz", params->fwhm_hz);
    return NULL;
  }
  double from_hz = 0.0, to_hz = 0.0, step_hz = 0.0;
  if (resolve_window(ctx, lines, params->fwhm_hz, window, &from_hz, &to_hz, &step_hz) != CK_OK) {
    return NULL;
  }
  size_t n_points = (size_t)floor((to_hz - from_hz) / step_hz + 1e-9) + 1;
  ck_nmr_spectrum *s = spectrum_alloc(ctx, n_points, n_components);
  if (s != NULL) {
    sample(s, lines, params->fwhm_hz, from_hz, step_hz);
  }
  return s;
}

void ck_nmr_spectrum_free(ck_nmr_spectrum *spectrum) {
  if (spectrum != NULL) {
    free(spectrum->ppm);
    free(spectrum->intensity);
    free(spectrum);
  }
}
