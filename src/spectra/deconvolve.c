/* SPDX-License-Identifier: MIT */
/* Deconvolution of a series: which species every scan can see, the scans
 * fitted in parallel (one workspace each, so the result does not depend on
 * the thread count), and the fitted spectrum of a scan (ck_deconvolve.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parallel/parallel.h"
#include "spectra/deconvolve_impl.h"

ck_deconvolve_options ck_deconvolve_options_default(void) {
  ck_deconvolve_options o = {.max_shift_mz = CK_DECONVOLVE_DEFAULT_MAX_SHIFT_MZ,
                             .baseline = CK_BASELINE_CONSTANT,
                             .threads = 0};
  return o;
}

void ck_deconvolution_free(ck_deconvolution *r) {
  if (r == NULL) {
    return;
  }
  free(r->time_s);
  free(r->observed);
  free(r->abundance);
  free(r->abundance_sd);
  free(r->fraction);
  free(r->fraction_sd);
  free(r->shift_mz);
  free(r->baseline);
  free(r->centre_mz);
  free(r->rss);
  free(r->n_points);
  free(r);
}

static ck_deconvolution *result_create(ck_ctx *ctx, size_t n_scans, size_t n_species) {
  ck_deconvolution *r = ck_calloc(ctx, 1, sizeof *r);
  if (r == NULL) {
    return NULL;
  }
  size_t ks = n_scans * n_species + 1, k1 = n_scans + 1;
  r->n_scans = n_scans;
  r->n_species = n_species;
  r->time_s = ck_calloc(ctx, k1, sizeof(double));
  r->observed = ck_calloc(ctx, n_species + 1, 1);
  r->abundance = ck_calloc(ctx, ks, sizeof(double));
  r->abundance_sd = ck_calloc(ctx, ks, sizeof(double));
  r->fraction = ck_calloc(ctx, ks, sizeof(double));
  r->fraction_sd = ck_calloc(ctx, ks, sizeof(double));
  r->shift_mz = ck_calloc(ctx, k1, sizeof(double));
  r->baseline = ck_calloc(ctx, 2 * k1, sizeof(double));
  r->centre_mz = ck_calloc(ctx, k1, sizeof(double));
  r->rss = ck_calloc(ctx, k1, sizeof(double));
  r->n_points = ck_calloc(ctx, k1, sizeof(size_t));
  if (!r->time_s || !r->observed || !r->abundance || !r->abundance_sd || !r->fraction ||
      !r->fraction_sd || !r->shift_mz || !r->baseline || !r->centre_mz || !r->rss || !r->n_points) {
    ck_deconvolution_free(r);
    return NULL;
  }
  return r;
}

/* A species is fitted when every scan covers the central 99 % of its envelope. */
static size_t mark_observed(const ck_spectrum_series *series, const ck_ms_templates *tp,
                            unsigned char *observed) {
  size_t n = 0;
  for (size_t j = 0; j < tp->n; j++) {
    observed[j] = 1;
    for (size_t k = 0; k < series->n_scans && observed[j]; k++) {
      const ck_spectrum *s = &series->scans[k];
      observed[j] = s->n_points > 0 && s->mz[0] <= tp->t[j].q_lo_mz &&
                    s->mz[s->n_points - 1] >= tp->t[j].q_hi_mz;
    }
    n += observed[j];
  }
  return n;
}

static ck_status check_options(ck_ctx *ctx, const ck_deconvolve_options *o) {
  if (!(o->max_shift_mz >= 0.0 && isfinite(o->max_shift_mz))) {
    CK_FAIL(ctx, CK_ERR_INPUT, "maximum m/z offset %g is not >= 0", o->max_shift_mz);
  }
  if (o->baseline < CK_BASELINE_NONE || o->baseline > CK_BASELINE_LINEAR || o->threads < 0) {
    CK_FAIL(ctx, CK_ERR_ARG, "deconvolve: bad baseline kind or thread count");
  }
  return CK_OK;
}

/* The scans' fits, shared by the threads: each task writes only its scan's entries. */
typedef struct scan_loop {
  const ck_spectrum_series *series;
  const ck_ms_templates *tp;
  const ck_deconvolve_options *o;
  ck_deconvolution *r;
  char **failed;     /* scan k's message (or NULL) */
  ck_status *status; /* scan k's outcome */
} scan_loop;

static void *scan_thread_start(void *user) {
  (void)user;
  return ck_ctx_create(); /* NULL: every scan of this thread is out of memory */
}

static void scan_task(void *user, void *state, size_t k) {
  scan_loop *s = user;
  ck_ctx *local = state;
  ck_deconvolution *r = s->r;
  size_t off = k * r->n_species;
  ck_scan_result out = {.abundance = r->abundance + off,
                        .abundance_sd = r->abundance_sd + off,
                        .fraction = r->fraction + off,
                        .fraction_sd = r->fraction_sd + off};
  ck_status st = local != NULL
                     ? ck_scan_fit(local, s->tp, r->observed, &s->series->scans[k], s->o, &out)
                     : CK_ERR_NOMEM;
  s->status[k] = st;
  if (st != CK_OK) {
    s->failed[k] = strdup(local != NULL ? ck_ctx_errmsg(local) : "out of memory");
    return;
  }
  r->shift_mz[k] = out.shift_mz;
  r->baseline[2 * k] = out.b0;
  r->baseline[2 * k + 1] = out.b1;
  r->centre_mz[k] = out.centre_mz;
  r->rss[k] = out.rss;
  r->n_points[k] = out.n_points;
}

static void scan_thread_finish(void *user, void *state) {
  (void)user;
  ck_ctx_free(state);
}

/* Fits the scans in parallel; CK_ERR_IO when threads cannot be had. */
static ck_status fit_all(ck_ctx *ctx, scan_loop *s) {
  ck_parallel_loop loop = {.first = 0, .end = s->series->n_scans, .stride = 1,
                           .threads = s->o->threads, .user = s, .start = scan_thread_start,
                           .task = scan_task, .finish = scan_thread_finish};
  return ck_parallel_for(ctx, &loop);
}

ck_deconvolution *ck_deconvolve_series(ck_ctx *ctx, const ck_spectrum_series *series,
                                       const ck_ms_templates *tp,
                                       const ck_deconvolve_options *opt) {
  ck_deconvolve_options o = opt != NULL ? *opt : ck_deconvolve_options_default();
  if (check_options(ctx, &o) != CK_OK) {
    return NULL;
  }
  if (series == NULL || series->n_scans == 0) {
    ck_error_set(ctx, CK_ERR_INPUT, "no scans to deconvolve");
    return NULL;
  }
  ck_deconvolution *r = result_create(ctx, series->n_scans, tp->n);
  char **failed = ck_calloc(ctx, series->n_scans, sizeof *failed);
  ck_status *status = ck_calloc(ctx, series->n_scans, sizeof *status);
  if (r == NULL || failed == NULL || status == NULL) {
    ck_deconvolution_free(r);
    free(failed);
    free(status);
    return NULL;
  }
  for (size_t k = 0; k < series->n_scans; k++) {
    r->time_s[k] = series->scans[k].time_s;
  }
  if (mark_observed(series, tp, r->observed) == 0) {
    ck_error_set(
        ctx, CK_ERR_INPUT,
        "no candidate species lies inside the m/z range of every scan (scan 1: "
        "%.2f-%.2f)",
        series->scans[0].n_points > 0 ? series->scans[0].mz[0] : 0.0,
        series->scans[0].n_points > 0 ? series->scans[0].mz[series->scans[0].n_points - 1] : 0.0);
    ck_deconvolution_free(r);
    r = NULL;
  } else {
    scan_loop loop = {series, tp, &o, r, failed, status};
    if (fit_all(ctx, &loop) != CK_OK) {
      ck_deconvolution_free(r);
      r = NULL;
    }
  }
  for (size_t k = 0; r != NULL && k < series->n_scans; k++) {
    if (status[k] != CK_OK) { /* the first failing scan, whatever the threads did */
      ck_error_set(ctx, status[k], "scan %zu: %s", k + 1, failed[k] ? failed[k] : "failed");
      ck_deconvolution_free(r);
      r = NULL;
    }
  }
  for (size_t k = 0; k < series->n_scans; k++) {
    free(failed[k]);
  }
  free(failed);
  free(status);
  return r;
}

ck_status ck_deconvolution_model(ck_ctx *ctx, const ck_deconvolution *r, const ck_ms_templates *tp,
                                 size_t k, const ck_spectrum *scan, double *model) {
  if (k >= r->n_scans || tp->n != r->n_species) {
    CK_FAIL(ctx, CK_ERR_ARG, "deconvolution model: scan %zu or templates do not match", k);
  }
  ck_status st = ck_ms_templates_synthesize(ctx, tp, r->abundance + k * r->n_species,
                                            r->shift_mz[k], scan->n_points, scan->mz, model);
  for (size_t i = 0; st == CK_OK && i < scan->n_points; i++) {
    model[i] += r->baseline[2 * k] + r->baseline[2 * k + 1] * (scan->mz[i] - r->centre_mz[k]);
  }
  return st;
}
