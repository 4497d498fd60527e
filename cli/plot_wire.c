/* SPDX-License-Identifier: MIT */
/* `--plot` on deconvolve, nmr hydride, equilibrium and scan: the figures of
 * what those commands computed, drawn with the ck_plot_* API. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot_wire.h"

int cli_plot_option(const char *command, int argc, char **argv, int *i, cli_plot_request *r) {
  const char *arg = argv[*i];
  if (strcmp(arg, "--plot") != 0 && strcmp(arg, "--plot-size") != 0) {
    return 0;
  }
  if (*i + 1 >= argc) {
    return -cli_usage_error(command, "%s needs a value", arg);
  }
  const char *v = argv[++*i];
  ck_ctx *ctx = cli_ctx_create();
  if (ctx == NULL) {
    return -EXIT_RUNTIME;
  }
  int rc = 1;
  if (arg[6] == '\0') { /* --plot */
    ck_plot_format format;
    r->opt.path = v;
    if (ck_plot_format_from_path(ctx, v, &format) != CK_OK) {
      rc = -cli_usage_error(command, "--plot: %s", ck_ctx_errmsg(ctx));
    }
  } else {
    r->size = v;
    if (ck_plot_size_parse(ctx, v, &r->opt) != CK_OK) {
      rc = -cli_usage_error(command, "--plot-size: %s", ck_ctx_errmsg(ctx));
    }
  }
  ck_ctx_free(ctx);
  return rc;
}

int cli_plot_request_check(const char *command, const cli_plot_request *r) {
  if (r->size != NULL && r->opt.path == NULL) {
    return cli_usage_error(command, "--plot-size goes with --plot FILE");
  }
  return 0;
}

static int report(ck_ctx *ctx) {
  fprintf(stderr, "clusterkin: plot: %s\n", ck_ctx_errtext(ctx));
  return cli_exit_for(ck_ctx_status(ctx));
}

/* ---- deconvolve --plot ---------------------------------------------------- */

int cli_plot_deconvolution(ck_ctx *ctx, const cli_plot_request *r,
                           const ck_spectrum_series *series, const ck_deconvolution *fit,
                           const ck_ms_templates *templates, long scan) {
  if (scan < 0 || (size_t)scan > series->n_scans) {
    fprintf(stderr, "clusterkin deconvolve: --plot-scan %ld: the series has %zu scans\n", scan,
            series->n_scans);
    return EXIT_USAGE;
  }
  size_t k = scan == 0 ? series->n_scans - 1 : (size_t)scan - 1;
  const ck_spectrum *s = &series->scans[k];
  double *model = calloc(s->n_points + 1, sizeof *model);
  if (model == NULL) {
    fprintf(stderr, "clusterkin: out of memory\n");
    return EXIT_RUNTIME;
  }
  char title[128];
  ck_plot_options opt = r->opt;
  if (opt.title == NULL) {
    if (isfinite(s->time_s)) {
      snprintf(title, sizeof title, "scan %zu of %zu, t = %g s", k + 1, series->n_scans,
               s->time_s);
    } else {
      snprintf(title, sizeof title, "scan %zu of %zu", k + 1, series->n_scans);
    }
    opt.title = title;
  }
  int rc = 0;
  if (ck_deconvolution_model(ctx, fit, templates, k, s, model) != CK_OK ||
      ck_plot_spectrum(ctx, &opt, s->n_points, s->mz, s->intensity, model) != CK_OK) {
    rc = report(ctx);
  }
  free(model);
  return rc;
}

/* ---- nmr hydride --plot ---------------------------------------------------- */

#define NMR_MAX_LINES 16 /* a legend of more compositions would be unreadable */

int cli_plot_nmr(ck_ctx *ctx, const cli_plot_request *r, const ck_nmr_spectrum *s,
                 const ck_nmr_spec *spec, int components) {
  size_t n_series = 1 + (components ? (size_t)s->n_components : 0);
  n_series = n_series > NMR_MAX_LINES ? NMR_MAX_LINES : n_series;
  size_t stride = (size_t)(1 + s->n_components);
  double *y = calloc(n_series * s->n_points + 1, sizeof *y);
  const double *ys[NMR_MAX_LINES];
  const char *names[NMR_MAX_LINES];
  if (y == NULL) {
    fprintf(stderr, "clusterkin: out of memory\n");
    return EXIT_RUNTIME;
  }
  /* The spectrum holds rows of (total, each composition): split into columns. */
  for (size_t j = 0; j < n_series; j++) {
    for (size_t p = 0; p < s->n_points; p++) {
      y[j * s->n_points + p] = s->intensity[p * stride + j];
    }
    ys[j] = &y[j * s->n_points];
    names[j] = j == 0 ? "total" : spec->compositions[j - 1].label;
  }
  ck_plot_xy xy = {s->n_points,
                   s->ppm,
                   n_series,
                   ys,
                   names,
                   "chemical shift (ppm)",
                   "intensity (per Hz)",
                   1};
  int rc = ck_plot_lines(ctx, &r->opt, &xy) == CK_OK ? 0 : report(ctx);
  free(y);
  return rc;
}

/* ---- equilibrium --plot ---------------------------------------------------- */

/* C(n, k) p^k (1 - p)^(n - k), through logarithms so n of a few hundred is fine. */
static double binomial_pmf(int n, int k, double p) {
  if (p <= 0.0 || p >= 1.0) {
    return (p <= 0.0 ? k == 0 : k == n) ? 1.0 : 0.0;
  }
  double log_c = lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0);
  return exp(log_c + k * log(p) + (n - k) * log1p(-p));
}

int cli_plot_equilibrium(ck_ctx *ctx, const cli_plot_request *r, const ck_model *model,
                         const ck_network *net, const double *percent) {
  int n_metals = 0, n = model->nuclearity;
  const int *counts = ck_network_metal_counts(net, &n_metals);
  double *x = calloc(3 * ((size_t)n + 1), sizeof *x);
  if (x == NULL) {
    fprintf(stderr, "clusterkin: out of memory\n");
    return EXIT_RUNTIME;
  }
  double *dist = x + n + 1, *binom = dist + n + 1;
  /* Marginal over the other metals: the statistical (multinomial) limit's
   * marginal is the binomial in the first metal, whatever the metal count. */
  double mean = 0.0;
  for (size_t i = 0; i < ck_network_monomer_count(net); i++) {
    int k = counts[i * (size_t)n_metals];
    if (k >= 0 && k <= n) {
      dist[k] += percent[i];
      mean += k * percent[i] / 100.0;
    }
  }
  for (int k = 0; k <= n; k++) {
    x[k] = k;
    binom[k] = 100.0 * binomial_pmf(n, k, mean / n);
  }
  char xlabel[64], binom_name[64];
  snprintf(xlabel, sizeof xlabel, "%s atoms per monomer", model->metal[0]);
  snprintf(binom_name, sizeof binom_name, "binomial, %s fraction %.3g", model->metal[0],
           mean / n);
  const double *ys[2] = {dist, binom};
  const char *names[2] = {"equilibrium", binom_name};
  ck_plot_xy xy = {(size_t)n + 1, x, 2, ys, names, xlabel, "% of monomers", 0};
  int rc = ck_plot_bars(ctx, &r->opt, &xy) == CK_OK ? 0 : report(ctx);
  free(x);
  return rc;
}

/* ---- scan --plot ---------------------------------------------------------- */

int cli_plot_scan(ck_ctx *ctx, const cli_plot_request *r, const ck_model *model, const char *a,
                  const char *b, size_t n, const double *a_nM, const double *b_nM,
                  const double *mean) {
  size_t nm = (size_t)model->n_metals;
  double *x = calloc((1 + nm) * n + 1, sizeof *x);
  size_t *order = calloc(n + 1, sizeof *order);
  if (x == NULL || order == NULL) {
    free(x), free(order);
    fprintf(stderr, "clusterkin: out of memory\n");
    return EXIT_RUNTIME;
  }
  /* Ratios in the order given need not increase: sort so the lines do not fold back. */
  for (size_t k = 0; k < n; k++) {
    size_t j = k;
    double f = a_nM[k] / (a_nM[k] + b_nM[k]);
    while (j > 0 && a_nM[order[j - 1]] / (a_nM[order[j - 1]] + b_nM[order[j - 1]]) > f) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = k;
  }
  const double *ys[CK_MAX_METALS];
  const char *names[CK_MAX_METALS];
  for (size_t j = 0; j < n; j++) {
    size_t k = order[j];
    x[j] = a_nM[k] / (a_nM[k] + b_nM[k]);
    for (size_t m = 0; m < nm; m++) {
      x[(1 + m) * n + j] = mean[k * CK_MAX_METALS + m];
    }
  }
  for (size_t m = 0; m < nm; m++) {
    ys[m] = &x[(1 + m) * n];
    names[m] = model->metal[m];
  }
  char xlabel[160];
  snprintf(xlabel, sizeof xlabel, "fraction of %.60s in %.40s + %.40s", a, a, b);
  ck_plot_xy xy = {n, x, nm, ys, names, xlabel, "mean atoms per monomer", 0};
  int rc = ck_plot_lines(ctx, &r->opt, &xy) == CK_OK ? 0 : report(ctx);
  free(x), free(order);
  return rc;
}
