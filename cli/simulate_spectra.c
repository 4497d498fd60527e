/* SPDX-License-Identifier: MIT */
/* `simulate --spectra DIR`: the profile spectrum a chemist would record at
 * every output time (MODEL.md section 7): each channel's isotope envelope,
 * with its formula from the model's clusters, at its share of the ion current. */
#include "simulate_spectra.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Default grid: FWHM/5 at the low end of the range. */
#define STEPS_PER_FWHM 5.0

static int number(const char *option, const char *text, double *v) {
  char *end = NULL;
  *v = strtod(text, &end);
  if (end == text || *end != '\0' || !(*v > 0.0)) {
    return cli_usage_error("simulate", "%s needs a positive number, not '%s'", option, text);
  }
  return 0;
}

int cli_spectra_option(int argc, char **argv, int *i, cli_spectra_options *o) {
  const char *a = argv[*i];
  if (strcmp(a, "--spectra") && strcmp(a, "--resolution") && strcmp(a, "--mz-range") &&
      strcmp(a, "--mz-step")) {
    return 0;
  }
  if (*i + 1 >= argc) {
    return -cli_usage_error("simulate", "%s needs a value", a);
  }
  const char *v = argv[++*i];
  int rc = 0;
  if (!strcmp(a, "--spectra")) {
    o->dir = v;
  } else if (!strcmp(a, "--resolution")) {
    rc = number(a, v, &o->resolving_power);
  } else if (!strcmp(a, "--mz-step")) {
    rc = number(a, v, &o->mz_step);
  } else {
    char *end = NULL;
    o->mz_lo = strtod(v, &end);
    if (end == v || *end != ':' || (o->mz_hi = strtod(end + 1, &end), *end != '\0') ||
        !(o->mz_lo > 0.0 && o->mz_hi > o->mz_lo)) {
      rc = cli_usage_error("simulate", "--mz-range needs A:B with 0 < A < B, not '%s'", v);
    }
  }
  return rc != 0 ? -rc : 1;
}

/* The grid: the given range, or every template's window. */
static double *make_grid(const cli_spectra_options *o, const ck_ms_templates *tp, double R,
                         size_t *n) {
  double lo = o->mz_lo, hi = o->mz_hi;
  if (!(hi > lo)) {
    lo = INFINITY, hi = 0.0;
    for (size_t j = 0; j < ck_ms_templates_count(tp); j++) {
      double a, b;
      ck_ms_templates_window(tp, j, &a, &b);
      lo = fmin(lo, floor(a)), hi = fmax(hi, ceil(b));
    }
  }
  double step = o->mz_step > 0.0 ? o->mz_step : lo / R / STEPS_PER_FWHM;
  *n = (size_t)floor((hi - lo) / step + 1e-9) + 1;
  double *mz = malloc(*n * sizeof *mz);
  for (size_t i = 0; mz != NULL && i < *n; i++) {
    mz[i] = lo + (double)i * step;
  }
  return mz;
}

static ck_status write_one(ck_ctx *ctx, const char *dir, double t_s, size_t n, const double *mz,
                           const double *y) {
  char path[4096];
  snprintf(path, sizeof path, "%s/spectrum-%010.3fs.csv", dir, t_s);
  ck_output *out = ck_output_open(ctx, path);
  if (out == NULL) {
    return ck_ctx_status(ctx);
  }
  ck_output_set_reproducible(out); /* the simulation makes it again */
  FILE *f = ck_output_stream(out);
  fputs("mz,intensity\n", f);
  for (size_t i = 0; i < n; i++) {
    fprintf(f, "%.6f,%.8g\n", mz[i], y[i]);
  }
  return ck_output_commit(ctx, out);
}

int cli_write_spectra(ck_ctx *ctx, const ck_model *model, const ck_channels *ch,
                      const ck_series *series, const cli_spectra_options *o) {
  double R = o->resolving_power > 0.0 ? o->resolving_power : CK_DECONVOLVE_DEFAULT_RESOLUTION;
  if (mkdir(o->dir, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "clusterkin: cannot create %s: %s\n", o->dir, strerror(errno));
    return EXIT_RUNTIME;
  }
  ck_ms_species *set = ck_ms_species_from_model(ctx, model, ch);
  ck_ms_templates *tp = set != NULL ? ck_ms_templates_create(ctx, set, R) : NULL;
  if (tp == NULL) {
    cli_report(ctx, model->source);
    ck_ms_species_free(set);
    return cli_exit_for(ck_ctx_status(ctx));
  }
  size_t n = 0, nc = series->n_channels;
  double *mz = make_grid(o, tp, R, &n);
  char what[64];
  snprintf(what, sizeof what, "the spectra (%zu files)", series->n_times);
  if (mz != NULL &&
      ck_output_check_size(ctx, what, (double)series->n_times * (double)(n + 1), 2.0,
                           CK_SPECTRUM_BYTES_PER_VALUE, model->output_limit_bytes) != CK_OK) {
    cli_report(ctx, model->source);
    free(mz);
    ck_ms_templates_free(tp);
    ck_ms_species_free(set);
    return EXIT_USAGE;
  }
  double *y = calloc(n + 1, sizeof *y), *share = calloc(nc + 1, sizeof *share);
  int rc = (mz == NULL || y == NULL || share == NULL) ? EXIT_RUNTIME : 0;
  if (rc != 0) {
    fprintf(stderr, "clusterkin: out of memory for spectra of %zu points\n", n);
  }
  for (size_t k = 0; rc == 0 && k < series->n_times; k++) {
    const double *v = series->value + k * nc;
    double total = 0.0;
    for (size_t c = 0; c < nc; c++) {
      total += v[c];
    }
    for (size_t c = 0; c < nc; c++) {
      share[c] = total > 0.0 ? v[c] / total : 0.0;
    }
    if (ck_ms_templates_synthesize(ctx, tp, share, 0.0, n, mz, y) != CK_OK ||
        write_one(ctx, o->dir, series->time_s[k], n, mz, y) != CK_OK) {
      cli_report(ctx, NULL);
      rc = EXIT_RUNTIME;
    }
  }
  free(mz);
  free(y);
  free(share);
  ck_ms_templates_free(tp);
  ck_ms_species_free(set);
  return rc;
}
