/* SPDX-License-Identifier: MIT */
/* Formula arguments and isotope patterns as CSV, shared by `mass --pattern`
 * and `isotopes` (MODEL.md section 7). */
#include "cli_pattern.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Profile grid: FWHM/20 steps, 8 standard deviations beyond the outer peaks. */
#define PROFILE_STEPS_PER_FWHM 20.0
#define PROFILE_REACH_SIGMAS 8.0
/* Fine structure closer than FWHM/100 is merged before the profile (as in
 * ck_isotope_species_profile). */
#define PROFILE_MERGE_PER_FWHM 100.0

int cli_take_formula(const char *command, const char *arg, const char **formula) {
  if (arg[0] == '-' && arg[1] == '-') {
    return cli_usage_error(command, "unknown option '%s'", arg);
  }
  if (*formula != NULL) {
    return cli_usage_error(command, "more than one formula ('%s' and '%s')", *formula, arg);
  }
  *formula = arg;
  return 0;
}

int cli_formula_error(ck_ctx *ctx, const char *formula) {
  const char *msg = ck_ctx_errmsg(ctx);
  char prefix[256];
  snprintf(prefix, sizeof prefix, "formula \"%.200s\", ", formula);
  if (strncmp(msg, prefix, strlen(prefix)) == 0) {
    msg += strlen(prefix); /* the library's own 'formula "X", ' prefix */
  }
  fprintf(stderr, "clusterkin: formula '%s': %s\n", formula, msg);
  return cli_exit_for(ck_ctx_status(ctx));
}

int cli_apply_label(ck_ctx *ctx, ck_abundance_table *table, const char *spec, const char *command) {
  char label[32], *end = NULL;
  const char *eq = strchr(spec, '=');
  double fraction = eq != NULL ? strtod(eq + 1, &end) : 0.0;
  if (eq == NULL || eq == spec || (size_t)(eq - spec) >= sizeof label || end == eq + 1 ||
      *end != '\0') {
    return cli_usage_error(command, "--label needs ISOTOPE=FRACTION, e.g. 107Ag=0.99, not '%s'",
                           spec);
  }
  memcpy(label, spec, (size_t)(eq - spec));
  label[eq - spec] = '\0';
  if (ck_abundance_table_set_enrichment(ctx, table, label, fraction) != CK_OK) {
    fprintf(stderr, "clusterkin: --label '%s': %s\n", spec, ck_ctx_errmsg(ctx));
    return cli_exit_for(ck_ctx_status(ctx));
  }
  return 0;
}

static void write_peaks(const ck_isotope_pattern *p, FILE *stream) {
  const double *mz = ck_isotope_pattern_mz(p);
  const double *prob = ck_isotope_pattern_probability(p);
  fprintf(stream, "mz,probability\n");
  for (size_t i = 0; i < ck_isotope_pattern_size(p); i++) {
    fprintf(stream, "%.6f,%.10g\n", mz[i], prob[i]);
  }
}

/* Returns the exit status; prints its own errors. */
static int write_profile(ck_ctx *ctx, const char *formula, const ck_isotope_pattern *p, double R,
                         FILE *stream) {
  size_t n_peaks = ck_isotope_pattern_size(p);
  const double *peak = ck_isotope_pattern_mz(p);
  double lo = peak[0], hi = peak[n_peaks - 1];
  lo -= PROFILE_REACH_SIGMAS * lo / R / 2.3548200450309493;
  hi += PROFILE_REACH_SIGMAS * hi / R / 2.3548200450309493;
  double step = lo / R / PROFILE_STEPS_PER_FWHM;
  size_t n = (size_t)ceil((hi - lo) / step) + 1;
  double *mz = calloc(n, sizeof *mz), *y = calloc(n, sizeof *y);
  if (mz == NULL || y == NULL) {
    free(mz);
    free(y);
    fprintf(stderr, "clusterkin: out of memory for a profile of %zu points\n", n);
    return EXIT_RUNTIME;
  }
  for (size_t i = 0; i < n; i++) {
    mz[i] = lo + (double)i * step;
  }
  ck_status st = ck_isotope_pattern_profile_add(ctx, p, R, 1.0, n, mz, y);
  if (st == CK_OK) {
    fprintf(stream, "mz,intensity\n");
    for (size_t i = 0; i < n; i++) {
      fprintf(stream, "%.6f,%.10g\n", mz[i], y[i]);
    }
  }
  free(mz);
  free(y);
  return st == CK_OK ? 0 : cli_formula_error(ctx, formula);
}

int cli_write_pattern(ck_ctx *ctx, const char *formula, const ck_formula *f,
                      const ck_abundance_table *table, const cli_pattern_request *req,
                      FILE *stream) {
  ck_isotope_pattern *fine = ck_isotope_pattern_compute(ctx, f, table, req->coverage);
  if (fine == NULL) {
    return cli_formula_error(ctx, formula);
  }
  double bin = req->bin_mz;
  if (bin <= 0.0 && req->resolving_power > 0.0) {
    bin = ck_isotope_pattern_mz(fine)[0] / req->resolving_power / PROFILE_MERGE_PER_FWHM;
  }
  ck_isotope_pattern *shown = bin > 0.0 ? ck_isotope_pattern_bin(ctx, fine, bin) : fine;
  int rc = shown != NULL ? 0 : cli_formula_error(ctx, formula);
  if (rc == 0 && req->resolving_power > 0.0) {
    rc = write_profile(ctx, formula, shown, req->resolving_power, stream);
  } else if (rc == 0) {
    write_peaks(shown, stream);
  }
  if (shown != fine) {
    ck_isotope_pattern_free(shown);
  }
  ck_isotope_pattern_free(fine);
  return rc;
}
