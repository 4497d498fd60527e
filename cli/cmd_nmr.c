/* SPDX-License-Identifier: MIT */
/* `clusterkin nmr hydride`: hydride 1H/2H spectrum of a Cu/Ag cluster series
 * (MODEL.md section 6); `nmr exsy` is in cmd_exsy.c. */
#include <string.h>

#include "cli.h"
#include "plot_wire.h"

static const char *help =
    "usage: clusterkin nmr hydride SPEC.yaml [-o spectrum.csv] [--components] [--json]\n"
    "                              [--plot FILE [--plot-size WxH]]\n"
    "       clusterkin nmr exsy MODEL.yaml --mixing TIMES ...   (see 'nmr exsy --help')\n"
    "\n"
    "Hydride NMR of a Cu/Ag cluster series: per composition the binomial 107Ag/109Ag\n"
    "isotopomers, each a first-order multiplet (J109 = 1.1496 x J107 unless given),\n"
    "Lorentzian lines; deuteride: true gives the 2H spectrum (couplings and frequency\n"
    "/ 6.514). SPEC.yaml: see examples/cuag7-hydride-se.yaml.\n"
    "  -o FILE        write the spectrum CSV to FILE (atomically) instead of standard output\n"
    "                 columns: ppm, intensity (per Hz; each composition's lines integrate to\n"
    "                 its weight)\n"
    "  --components   add one intensity column per composition\n"
    "  --json         print the line list as JSON (observe_mhz, lines: composition,\n"
    "                 n_107, n_109, hz, ppm, intensity) on standard output\n"
    "  --plot FILE    the spectrum over a reversed ppm axis (.png, .svg or .pdf; with\n"
    "                 --components one line per composition; --plot-size WxH)\n";

typedef struct nmr_args {
  const char *spec, *output;
  int components, json;
  cli_plot_request plot;
} nmr_args;

static int parse_args(int argc, char **argv, void *args) {
  nmr_args *a = args;
  if (argc < 2 || strcmp(argv[1], "hydride") != 0) {
    return cli_usage_error("nmr", "%s",
                           argc < 2 ? "which spectrum? (hydride, exsy)" : "unknown spectrum (hydride, exsy)");
  }
  for (int i = 2; i < argc; i++) {
    const char *opt = argv[i];
    int plot_rc = cli_plot_option("nmr", argc, argv, &i, &a->plot);
    if (plot_rc != 0) {
      if (plot_rc < 0) {
        return -plot_rc;
      }
      continue;
    }
    if (strcmp(opt, "-o") == 0) {
      if (i + 1 >= argc) {
        return cli_usage_error("nmr", "-o needs a file name");
      }
      a->output = argv[++i];
    } else if (strcmp(opt, "--components") == 0) {
      a->components = 1;
    } else if (strcmp(opt, "--json") == 0) {
      a->json = 1;
    } else if (opt[0] == '-' && opt[1] != '\0') {
      return cli_usage_error("nmr", "unknown option '%s'", opt);
    } else if (a->spec == NULL) {
      a->spec = opt;
    } else {
      return cli_usage_error("nmr", "more than one spec file ('%s' and '%s')", a->spec, opt);
    }
  }
  if (cli_require("nmr", a->spec, "SPEC.yaml") != 0) {
    return EXIT_USAGE;
  }
  if (a->json && a->output == NULL && a->components) {
    return cli_usage_error("nmr", "--components goes with the CSV spectrum, not --json alone");
  }
  return cli_plot_request_check("nmr", &a->plot);
}

static void write_csv(FILE *out, const ck_nmr_spectrum *s, const ck_nmr_spec *spec,
                      int components) {
  fputs("ppm,intensity", out);
  for (int c = 0; components && c < spec->n_compositions; c++) {
    fprintf(out, ",%s", spec->compositions[c].label);
  }
  fputc('\n', out);
  size_t stride = (size_t)(1 + s->n_components);
  for (size_t p = 0; p < s->n_points; p++) {
    const double *row = &s->intensity[p * stride];
    fprintf(out, "%.6f,%.6e", s->ppm[p], row[0]);
    for (int c = 0; components && c < s->n_components; c++) {
      fprintf(out, ",%.6e", row[1 + c]);
    }
    fputc('\n', out);
  }
}

static void write_json(const ck_nmr_lines *lines, const ck_nmr_spec *spec) {
  printf("{\"nucleus\": \"%s\", \"observe_mhz\": %.9g, \"lines\": [",
         spec->params.deuteride ? "2H" : "1H", lines->observe_mhz);
  for (size_t i = 0; i < lines->n; i++) {
    const ck_nmr_line *l = &lines->line[i];
    printf(
        "%s\n  {\"composition\": \"%s\", \"n_107\": %d, \"n_109\": %d, \"hz\": %.9g, "
        "\"ppm\": %.9g, \"intensity\": %.12g}",
        i > 0 ? "," : "", spec->compositions[l->composition].label, l->n_107, l->n_109,
        l->position_hz, l->position_ppm, l->intensity);
  }
  printf("\n]}\n");
}

/* The spectrum to -o (all or nothing) or to standard output. */
static int write_spectrum(ck_ctx *ctx, const nmr_args *a, const ck_nmr_spectrum *s,
                          const ck_nmr_spec *spec) {
  if (a->output == NULL) {
    write_csv(stdout, s, spec, a->components);
    return EXIT_OK;
  }
  ck_output *out = ck_output_open(ctx, a->output);
  if (out == NULL) {
    return cli_fail(ctx, a->output);
  }
  write_csv(ck_output_stream(out), s, spec, a->components);
  if (ck_output_commit(ctx, out) != CK_OK) {
    cli_report(ctx, a->output);
    return EXIT_RUNTIME;
  }
  return EXIT_OK;
}

static int run(ck_ctx *ctx, const nmr_args *a, const ck_nmr_spec *spec) {
  ck_nmr_lines *lines =
      ck_nmr_hydride_lines(ctx, &spec->params, spec->compositions, spec->n_compositions);
  ck_nmr_spectrum *s = NULL;
  int rc = EXIT_OK;
  int want_s = a->output != NULL || !a->json || a->plot.opt.path != NULL; /* sampled spectrum */
  if (lines != NULL && want_s) {
    s = ck_nmr_spectrum_compute(ctx, lines, &spec->params, spec->n_compositions, &spec->window);
  }
  if (lines == NULL || (s == NULL && want_s)) {
    rc = cli_fail(ctx, a->spec);
  }
  if (rc == EXIT_OK && s != NULL && (a->output != NULL || !a->json)) {
    rc = write_spectrum(ctx, a, s, spec);
  }
  if (rc == EXIT_OK && a->plot.opt.path != NULL) {
    rc = cli_plot_nmr(ctx, &a->plot, s, spec, a->components);
  }
  if (rc == EXIT_OK && a->json) {
    write_json(lines, spec);
  }
  ck_nmr_spectrum_free(s);
  ck_nmr_lines_free(lines);
  return rc;
}

int cmd_nmr(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "exsy") == 0) {
    return cmd_nmr_exsy(argc - 1, argv + 1);
  }
  nmr_args a = {0};
  ck_ctx *ctx;
  int rc = cli_start(argc, argv, help, parse_args, &a, &ctx);
  if (ctx == NULL) {
    return rc;
  }
  ck_nmr_spec *spec = ck_nmr_spec_load(ctx, a.spec);
  if (spec == NULL) {
    rc = cli_fail(ctx, a.spec);
  } else {
    rc = run(ctx, &a, spec);
  }
  ck_nmr_spec_free(spec);
  ck_ctx_free(ctx);
  return rc;
}
