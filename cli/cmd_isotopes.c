/* SPDX-License-Identifier: MIT */
/* `clusterkin isotopes`: the isotope pattern of a formula as CSV, fine
 * structure or a profile at a resolving power (MODEL.md section 7). */
#include <stdlib.h>
#include <string.h>

#include "cli_pattern.h"

static const char *help =
    "usage: clusterkin isotopes FORMULA [--resolution R] [--coverage P] [--bin W]\n"
    "                           [--label ISOTOPE=FRACTION]... [-o pattern.csv]\n"
    "\n"
    "Isotope pattern of FORMULA (IsoSpec), e.g. \"[Ag25Au25(C8H9S)36]2-\".\n"
    "  (default)        fine structure as CSV mz,probability, most probable\n"
    "                   configurations until their probabilities sum to P\n"
    "  --resolution R   profile instead: Gaussian peaks of FWHM = m/z / R, CSV\n"
    "                   mz,intensity with intensity in probability per m/z\n"
    "  --coverage P     total probability covered (default 0.9999)\n"
    "  --bin W          merge the fine structure into bins of W m/z\n"
    "  --label L=F      isotope label L (e.g. 107Ag) enriched to fraction F; repeatable\n"
    "  -o FILE          write the CSV to FILE (whole or not at all) instead of stdout\n";

typedef struct isotopes_options {
  const char *formula, *out;
  cli_pattern_request req;
  int n_labels;
  const char *labels[CK_FORMULA_MAX_ELEMENTS];
} isotopes_options;

static int number(const char *option, const char *text, double *value, double lo, int lo_open,
                  double hi) {
  char *end = NULL;
  *value = strtod(text, &end);
  if (end == text || *end != '\0' || *value > hi || *value < lo || (lo_open && *value == lo)) {
    return cli_usage_error("isotopes", "%s needs a number in %s%g, %g], not '%s'", option,
                           lo_open ? "(" : "[", lo, hi, text);
  }
  return 0;
}

static int parse_args(int argc, char **argv, void *args) {
  isotopes_options *o = args;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int takes_value = !strcmp(a, "--coverage") || !strcmp(a, "--bin") ||
                      !strcmp(a, "--resolution") || !strcmp(a, "--label") || !strcmp(a, "-o");
    if (takes_value && i + 1 >= argc) {
      return cli_usage_error("isotopes", "%s needs a value", a);
    }
    int rc = 0;
    if (!strcmp(a, "--coverage")) {
      rc = number(a, argv[++i], &o->req.coverage, 0.0, 1, 1.0);
    } else if (!strcmp(a, "--bin")) {
      rc = number(a, argv[++i], &o->req.bin_mz, 0.0, 1, 1e6);
    } else if (!strcmp(a, "--resolution")) {
      rc = number(a, argv[++i], &o->req.resolving_power, 0.0, 1, 1e9);
    } else if (!strcmp(a, "-o")) {
      o->out = argv[++i];
    } else if (!strcmp(a, "--label")) {
      if (o->n_labels == CK_FORMULA_MAX_ELEMENTS) {
        return cli_usage_error("isotopes", "more than %d labels", CK_FORMULA_MAX_ELEMENTS);
      }
      o->labels[o->n_labels++] = argv[++i];
    } else {
      rc = cli_take_formula("isotopes", a, &o->formula);
    }
    if (rc != 0) {
      return rc;
    }
  }
  return cli_require("isotopes", o->formula, "formula");
}

static int run(ck_ctx *ctx, const isotopes_options *o, ck_abundance_table *table) {
  ck_formula f;
  for (int i = 0; i < o->n_labels; i++) {
    int rc = cli_apply_label(ctx, table, o->labels[i], "isotopes");
    if (rc != 0) {
      return rc;
    }
  }
  if (ck_formula_parse(ctx, o->formula, &f) != CK_OK) {
    return cli_formula_error(ctx, o->formula);
  }
  ck_output *out = o->out != NULL ? ck_output_open(ctx, o->out) : NULL;
  if (o->out != NULL && out == NULL) {
    cli_report(ctx, NULL);
    return EXIT_RUNTIME;
  }
  int rc = cli_write_pattern(ctx, o->formula, &f, table, &o->req,
                             out != NULL ? ck_output_stream(out) : stdout);
  if (out != NULL && rc != 0) {
    ck_output_abort(out);
  } else if (out != NULL && ck_output_commit(ctx, out) != CK_OK) {
    cli_report(ctx, NULL);
    rc = EXIT_RUNTIME;
  }
  return rc;
}

int cmd_isotopes(int argc, char **argv) {
  isotopes_options o = {.req = {.coverage = 0.9999}};
  ck_ctx *ctx;
  int rc = cli_start(argc, argv, help, parse_args, &o, &ctx);
  if (ctx == NULL) {
    return rc;
  }
  ck_abundance_table *table = ck_abundance_table_create(ctx);
  if (table == NULL) {
    ck_ctx_free(ctx);
    return EXIT_RUNTIME;
  }
  rc = run(ctx, &o, table);
  ck_abundance_table_free(table);
  ck_ctx_free(ctx);
  return rc;
}
