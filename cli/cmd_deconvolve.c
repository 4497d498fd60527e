/* SPDX-License-Identifier: MIT */
/* `clusterkin deconvolve`: measured spectra -> channel CSV for `clusterkin fit`
 * (MODEL.md sections 7 and 8). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "plot_wire.h"

static const char *help =
    "usage: clusterkin deconvolve SPECTRA(.csv|.mzML) --model MODEL.yaml [-o channels.csv]\n"
    "         [--resolution R] [--mixing-time T] [--max-shift MZ] [--baseline KIND]\n"
    "         [--threads N] [--residuals DIR] [--species FORMULA]... [-q]\n"
    "         [--plot FILE [--plot-size WxH] [--plot-scan K]]\n"
    "\n"
    "Explains every scan as a sum of isotope-pattern templates of the candidate\n"
    "species (every monomer and dimer channel of the model) with non-negative\n"
    "abundances, an m/z offset and a baseline, and writes the channel CSV: one row\n"
    "per scan (time_s = scan start time in s), each channel's share of the ion\n"
    "current (area of its whole isotope envelope; rows sum to 1), then sd:<label>\n"
    "standard deviations. Channels whose envelope lies outside the scans' m/z range\n"
    "are left out (`clusterkin fit` renormalises the model over the same subset).\n"
    "Spectra: text/CSV `mz,intensity` (one scan) or `time_s|time_min,mz,intensity`,\n"
    "or mzML (profile or centroid; centroids are fitted as samples of the profile).\n"
    "  --model FILE      model whose channels are the candidates\n"
    "  -o FILE           channel CSV (whole or not at all); standard output without -o\n"
    "  --resolution R    resolving power, FWHM = m/z / R (default 25000)\n"
    "  --mixing-time T   time of mixing on the acquisition clock (\"-20 s\": mixed 20 s\n"
    "                    before the first scan); subtracted from every scan time\n"
    "  --max-shift MZ    largest m/z offset (calibration) searched (default 0.3; 0: none)\n"
    "  --baseline KIND   none, constant (default) or linear\n"
    "  --threads N       scans fitted in parallel (default: all cores); same result\n"
    "  --residuals DIR   per scan DIR/residual-NNNN.csv: mz,intensity,fit,residual\n"
    "  --species F       candidate formula instead of the model's channels (labelled\n"
    "                    by the formula; repeatable; --model is then optional)\n"
    "  --plot FILE       measured against fitted spectrum of the last scan (--plot-scan K:\n"
    "                    scan K, from 1) over a residual panel (.png, .svg or .pdf;\n"
    "                    --plot-size WxH, default 1200x800)\n"
    "  -q, --quiet       no summary on standard error\n";

#define MAX_SPECIES_ARGS 256

typedef struct deconvolve_args {
  const char *spectra, *model, *out, *residuals, *mixing_time;
  double resolution;
  ck_deconvolve_options opt;
  int quiet, n_species;
  long plot_scan;
  cli_plot_request plot;
  const char *species[MAX_SPECIES_ARGS];
} deconvolve_args;

static int parse_number(const char *option, const char *text, double lo, double *v) {
  char *end = NULL;
  *v = strtod(text, &end);
  if (end == text || *end != '\0' || !(*v >= lo)) {
    return cli_usage_error("deconvolve", "%s needs a number >= %g, not '%s'", option, lo, text);
  }
  return 0;
}

static int take_value(deconvolve_args *a, const char *opt, const char *v) {
  double x = 0.0;
  int rc = 0;
  if (!strcmp(opt, "--model")) {
    a->model = v;
  } else if (!strcmp(opt, "-o")) {
    a->out = v;
  } else if (!strcmp(opt, "--residuals")) {
    a->residuals = v;
  } else if (!strcmp(opt, "--mixing-time")) {
    a->mixing_time = v;
  } else if (!strcmp(opt, "--resolution")) {
    rc = parse_number(opt, v, 1.0, &a->resolution);
  } else if (!strcmp(opt, "--max-shift")) {
    rc = parse_number(opt, v, 0.0, &a->opt.max_shift_mz);
  } else if (!strcmp(opt, "--threads")) {
    rc = parse_number(opt, v, 1.0, &x);
    a->opt.threads = (int)x;
  } else if (!strcmp(opt, "--baseline")) {
    if (!strcmp(v, "none") || !strcmp(v, "constant") || !strcmp(v, "linear")) {
      a->opt.baseline = v[0] == 'n'   ? CK_BASELINE_NONE
                        : v[0] == 'c' ? CK_BASELINE_CONSTANT
                                      : CK_BASELINE_LINEAR;
    } else {
      rc = cli_usage_error("deconvolve", "--baseline is none, constant or linear, not '%s'", v);
    }
  } else if (!strcmp(opt, "--plot-scan")) {
    rc = parse_number(opt, v, 1.0, &x);
    a->plot_scan = rc == 0 && x == floor(x) && x <= 1e9 ? (long)x : 0;
    if (rc == 0 && a->plot_scan == 0) {
      rc = cli_usage_error("deconvolve", "--plot-scan needs a scan number >= 1, not '%s'", v);
    }
  } else if (a->n_species < MAX_SPECIES_ARGS) { /* --species */
    a->species[a->n_species++] = v;
  } else {
    rc = cli_usage_error("deconvolve", "more than %d --species", MAX_SPECIES_ARGS);
  }
  return rc;
}

static int parse_args(int argc, char **argv, void *args) {
  deconvolve_args *a = args;
  int rc;
  static const char *valued[] = {"--model",       "-o",           "--residuals",
                                 "--mixing-time", "--resolution", "--max-shift",
                                 "--threads",     "--baseline",   "--species",
                                 "--plot-scan"};
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    int plot_rc = cli_plot_option("deconvolve", argc, argv, &i, &a->plot);
    if (plot_rc != 0) {
      if (plot_rc < 0) {
        return -plot_rc;
      }
      continue;
    }
    int known = 0;
    for (size_t k = 0; k < sizeof valued / sizeof *valued; k++) {
      known |= !strcmp(arg, valued[k]);
    }
    if (known) {
      if (i + 1 >= argc) {
        return cli_usage_error("deconvolve", "%s needs a value", arg);
      }
      rc = take_value(a, arg, argv[++i]);
      if (rc != 0) {
        return rc;
      }
    } else if (!strcmp(arg, "-q") || !strcmp(arg, "--quiet")) {
      a->quiet = 1;
    } else if ((rc = cli_take_positional("deconvolve", arg, &a->spectra, "spectrum file")) != 0) {
      return rc;
    }
  }
  if ((rc = cli_require("deconvolve", a->spectra, "spectrum file")) != 0) {
    return rc;
  }
  if (a->model == NULL && a->n_species == 0) {
    return cli_usage_error("deconvolve", "--model (or --species) is required");
  }
  if (a->plot_scan > 0 && a->plot.opt.path == NULL) {
    return cli_usage_error("deconvolve", "--plot-scan goes with --plot FILE");
  }
  return cli_plot_request_check("deconvolve", &a->plot);
}

/* The candidates: --species formulas, else the model's channels. */
static ck_ms_species *candidates(ck_ctx *ctx, const deconvolve_args *a, int *rc) {
  ck_ms_species *set = NULL;
  if (a->n_species > 0) {
    set = ck_ms_species_create(ctx);
    for (int i = 0; set != NULL && i < a->n_species; i++) {
      if (ck_ms_species_add(ctx, set, NULL, a->species[i]) != CK_OK) {
        fprintf(stderr, "clusterkin: --species: %s\n", ck_ctx_errmsg(ctx));
        ck_ms_species_free(set);
        *rc = cli_exit_for(ck_ctx_status(ctx));
        return NULL;
      }
    }
    return set;
  }
  ck_model *model = NULL;
  ck_network *net = NULL;
  *rc = cli_load(ctx, a->model, &model, &net);
  if (*rc != 0) {
    return NULL;
  }
  ck_channels *ch = ck_channels_create(ctx, net);
  set = ch != NULL ? ck_ms_species_from_model(ctx, model, ch) : NULL;
  if (set == NULL) {
    *rc = cli_fail(ctx, a->model);
  }
  ck_channels_free(ch);
  ck_network_free(net);
  ck_model_free(model);
  return set;
}

static ck_status write_channels(ck_ctx *ctx, const char *path, const ck_deconvolution *r,
                                const ck_ms_species *set) {
  if (path == NULL) {
    return ck_deconvolution_write_csv(ctx, r, set, stdout);
  }
  ck_output *out = ck_output_open(ctx, path);
  if (out == NULL) {
    return ck_ctx_status(ctx);
  }
  ck_status st = ck_deconvolution_write_csv(ctx, r, set, ck_output_stream(out));
  if (st != CK_OK) {
    ck_output_abort(out);
    return st;
  }
  return ck_output_commit(ctx, out);
}

static ck_status write_residual(ck_ctx *ctx, const char *dir, size_t k, const ck_spectrum *scan,
                                const ck_deconvolution *r, const ck_ms_templates *tp) {
  char path[4096];
  snprintf(path, sizeof path, "%s/residual-%04zu.csv", dir, k + 1);
  double *model = calloc(scan->n_points + 1, sizeof *model);
  if (model == NULL) {
    return CK_ERR_NOMEM;
  }
  ck_status st = ck_deconvolution_model(ctx, r, tp, k, scan, model);
  ck_output *out = st == CK_OK ? ck_output_open(ctx, path) : NULL;
  if (out == NULL) {
    free(model);
    return ck_ctx_status(ctx);
  }
  ck_output_set_reproducible(out);
  FILE *f = ck_output_stream(out);
  fprintf(f, "mz,intensity,fit,residual\n");
  for (size_t i = 0; i < scan->n_points; i++) {
    fprintf(f, "%.6f,%.10g,%.10g,%.10g\n", scan->mz[i], scan->intensity[i], model[i],
            scan->intensity[i] - model[i]);
  }
  free(model);
  return ck_output_commit(ctx, out);
}

static int write_residuals(ck_ctx *ctx, const char *dir, const ck_spectrum_series *series,
                           const ck_deconvolution *r, const ck_ms_templates *tp) {
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "clusterkin: cannot create %s: %s\n", dir, strerror(errno));
    return EXIT_RUNTIME;
  }
  for (size_t k = 0; k < series->n_scans; k++) {
    if (write_residual(ctx, dir, k, &series->scans[k], r, tp) != CK_OK) {
      cli_report(ctx, NULL);
      return EXIT_RUNTIME;
    }
  }
  return 0;
}

static void summary(const deconvolve_args *a, const ck_deconvolution *r, size_t n_candidates,
                    double seconds) {
  size_t fitted = 0;
  for (size_t j = 0; j < r->n_species; j++) {
    fitted += r->observed[j];
  }
  double lo = r->shift_mz[0], hi = r->shift_mz[0];
  for (size_t k = 1; k < r->n_scans; k++) {
    lo = r->shift_mz[k] < lo ? r->shift_mz[k] : lo;
    hi = r->shift_mz[k] > hi ? r->shift_mz[k] : hi;
  }
  fprintf(stderr,
          "clusterkin: %zu scans, %zu of %zu species inside the m/z range, R = %g, m/z offset "
          "%.4f to %.4f, %.2f s\n",
          r->n_scans, fitted, n_candidates, a->resolution, lo, hi, seconds);
}

/* Only species every scan could see get templates (the others would be
 * left out of the fit anyway): narrow acquisitions need few profiles. */
static ck_status within_scans(ck_ctx *ctx, const ck_spectrum_series *series, ck_ms_species **set) {
  double lo = 0.0, hi = INFINITY;
  for (size_t k = 0; k < series->n_scans; k++) {
    const ck_spectrum *s = &series->scans[k];
    if (s->n_points > 0) {
      lo = s->mz[0] > lo ? s->mz[0] : lo;
      hi = s->mz[s->n_points - 1] < hi ? s->mz[s->n_points - 1] : hi;
    }
  }
  ck_ms_species *sub = ck_ms_species_within(ctx, *set, lo, hi);
  if (sub == NULL) {
    return ck_ctx_status(ctx);
  }
  ck_ms_species_free(*set);
  *set = sub;
  return CK_OK;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int run(ck_ctx *ctx, const deconvolve_args *a) {
  int rc = 0;
  double t0 = now_s();
  ck_spectrum_load_options lo = {0};
  if (a->mixing_time != NULL) {
    double t_mix = 0.0;
    if (ck_units_parse(ctx, a->mixing_time, CK_QTY_TIME, &t_mix) != CK_OK) {
      return cli_usage_error("deconvolve", "--mixing-time: %s", ck_ctx_errmsg(ctx));
    }
    lo.time_offset_s = -t_mix;
  }
  ck_ms_species *set = candidates(ctx, a, &rc);
  if (set == NULL) {
    return rc;
  }
  size_t n_candidates = ck_ms_species_count(set);
  ck_spectrum_series *series = ck_spectrum_series_load(ctx, a->spectra, &lo);
  ck_ms_templates *tp = NULL;
  ck_deconvolution *r = NULL;
  if (series == NULL) {
    cli_report(ctx, a->spectra);
    rc = ck_ctx_status(ctx) == CK_ERR_NOMEM ? EXIT_RUNTIME : EXIT_USAGE;
  } else if ((size_t)a->plot_scan > series->n_scans) { /* before any output is written */
    rc = cli_plot_deconvolution(ctx, &a->plot, series, NULL, NULL, a->plot_scan);
  } else if (within_scans(ctx, series, &set) != CK_OK) {
    cli_report(ctx, NULL);
    rc = EXIT_RUNTIME;
  } else if ((tp = ck_ms_templates_create(ctx, set, a->resolution)) == NULL) {
    rc = cli_fail(ctx, NULL);
  } else if ((r = ck_deconvolve_series(ctx, series, tp, &a->opt)) == NULL ||
             write_channels(ctx, a->out, r, set) != CK_OK) {
    rc = cli_fail(ctx, a->spectra);
  } else if (a->residuals != NULL) {
    rc = write_residuals(ctx, a->residuals, series, r, tp);
  }
  if (rc == 0 && a->plot.opt.path != NULL) {
    rc = cli_plot_deconvolution(ctx, &a->plot, series, r, tp, a->plot_scan);
  }
  if (rc == 0 && !a->quiet) {
    summary(a, r, n_candidates, now_s() - t0);
  }
  ck_deconvolution_free(r);
  ck_ms_templates_free(tp);
  ck_spectrum_series_free(series);
  ck_ms_species_free(set);
  return rc;
}

int cmd_deconvolve(int argc, char **argv) {
  deconvolve_args a = {.resolution = CK_DECONVOLVE_DEFAULT_RESOLUTION,
                       .opt = ck_deconvolve_options_default()};
  ck_ctx *ctx;
  int rc = cli_start(argc, argv, help, parse_args, &a, &ctx);
  if (ctx == NULL) {
    return rc;
  }
  rc = run(ctx, &a);
  ck_ctx_free(ctx);
  return rc;
}
