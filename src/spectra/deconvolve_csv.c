/* SPDX-License-Identifier: MIT */
/* A deconvolution as a channel CSV (MODEL.md section 8): fractions of the
 * observed species per scan, with sd:<label> columns for `clusterkin fit`. */
#include <math.h>
#include <stdio.h>

#include "io/format_number.h"
#include "spectra/deconvolve_impl.h"

/* The channel reader wants standard deviations > 0: a perfect fit (no
 * residual) still gets a finite weight. */
#define SD_FLOOR 1e-9

static ck_status check_rows(ck_ctx *ctx, const ck_deconvolution *r) {
  for (size_t k = 0; k < r->n_scans; k++) {
    double t = r->time_s[k];
    if (isnan(t) && r->n_scans > 1) {
      CK_FAIL(ctx, CK_ERR_INPUT, "scan %zu has no start time", k + 1);
    }
    if (!isnan(t) && t < 0.0) {
      CK_FAIL(ctx, CK_ERR_INPUT, "scan %zu starts at %g s, before mixing (see the mixing time)",
              k + 1, t);
    }
    if (k > 0 && !(t > r->time_s[k - 1])) {
      CK_FAIL(ctx, CK_ERR_INPUT, "scan %zu: start time %g s is not after the previous %g s", k + 1,
              t, r->time_s[k - 1]);
    }
    double total = 0.0;
    for (size_t j = 0; j < r->n_species; j++) {
      total += r->observed[j] ? r->fraction[k * r->n_species + j] : 0.0;
    }
    if (!(total > 0.5)) {
      CK_FAIL(ctx, CK_ERR_INPUT, "scan %zu: no candidate species explains any of its signal",
              k + 1);
    }
  }
  return CK_OK;
}

static void put(FILE *stream, double v) {
  char buf[CK_G10_MAX];
  ck_format_g10(v, buf);
  fputc(',', stream);
  fputs(buf, stream);
}

ck_status ck_deconvolution_write_csv(ck_ctx *ctx, const ck_deconvolution *r,
                                     const ck_ms_species *set, FILE *stream) {
  if (set->n != r->n_species) {
    CK_FAIL(ctx, CK_ERR_ARG, "write_csv: %zu species for a deconvolution of %zu", set->n,
            r->n_species);
  }
  ck_status st = check_rows(ctx, r);
  if (st != CK_OK) {
    return st;
  }
  fputs("time_s", stream);
  for (size_t j = 0; j < r->n_species; j++) {
    if (r->observed[j]) {
      fprintf(stream, ",%s", set->label[j]);
    }
  }
  for (size_t j = 0; j < r->n_species; j++) {
    if (r->observed[j]) {
      fprintf(stream, ",sd:%s", set->label[j]);
    }
  }
  fputc('\n', stream);
  for (size_t k = 0; k < r->n_scans; k++) {
    char buf[CK_G10_MAX];
    ck_format_g10(isnan(r->time_s[k]) ? 0.0 : r->time_s[k], buf);
    fputs(buf, stream);
    const double *fr = r->fraction + k * r->n_species;
    const double *sd = r->fraction_sd + k * r->n_species;
    for (size_t j = 0; j < r->n_species; j++) {
      if (r->observed[j]) {
        put(stream, fr[j]);
      }
    }
    for (size_t j = 0; j < r->n_species; j++) {
      if (r->observed[j]) {
        put(stream, isfinite(sd[j]) ? fmax(sd[j], SD_FLOOR) : SD_FLOOR);
      }
    }
    fputc('\n', stream);
  }
  if (ferror(stream)) {
    CK_FAIL(ctx, CK_ERR_IO, "cannot write the channel CSV");
  }
  return CK_OK;
}
