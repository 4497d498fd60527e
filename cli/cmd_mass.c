/* SPDX-License-Identifier: MIT */
/* `clusterkin mass`: average, monoisotopic and most abundant m/z of a formula,
 * or its isotope pattern as CSV (MODEL.md sections 7 and 8). */
#include <stdlib.h>
#include <string.h>

#include "cli_pattern.h"

static const char *help =
    "usage: clusterkin mass FORMULA [--json] [--label ISOTOPE=FRACTION]...\n"
    "       clusterkin mass FORMULA --pattern [--coverage P] [--bin W] [--label ...]\n"
    "\n"
    "Average, monoisotopic and most abundant m/z of FORMULA, m/z = (M - z m_e)/|z|\n"
    "(a neutral formula gives its mass in Da). Formulas: \"[Ag25(C8H9S)18]-\",\n"
    "\"[Ag29(C6H4S2)12]3-\", adducts \"[Ag25(C8H9S)18+Ag]-\", \"[C8H10N4O2+H]+\",\n"
    "isotope labels \"[107Ag25(C8H9S)18]-\" (100 % 107Ag unless --label says otherwise).\n"
    "  --json           one JSON object: average_mz, monoisotopic_mz, most_abundant_mz\n"
    "  --label L=F      isotope label L (e.g. 107Ag) is enriched to fraction F (0..1),\n"
    "                   the rest in natural proportions; repeatable\n"
    "  --pattern        print the isotope pattern as CSV: mz,probability\n"
    "  --coverage P     total probability the pattern covers (default 0.9999)\n"
    "  --bin W          merge the fine structure into bins of W m/z (default: none)\n";

typedef struct mass_options {
  const char *formula;
  int json, pattern;
  double coverage, bin_mz;
  int n_labels;
  const char *labels[CK_FORMULA_MAX_ELEMENTS];
} mass_options;

static int parse_number(const char *option, const char *text, double *value) {
  char *end = NULL;
  *value = strtod(text, &end);
  if (end == text || *end != '\0') {
    return cli_usage_error("mass", "%s needs a number, not '%s'", option, text);
  }
  return 0;
}

static int parse_args(int argc, char **argv, void *args) {
  mass_options *o = args;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *value = (i + 1 < argc) ? argv[i + 1] : NULL;
    int takes_value = !strcmp(a, "--coverage") || !strcmp(a, "--bin") || !strcmp(a, "--label");
    if (takes_value && value == NULL) {
      return cli_usage_error("mass", "%s needs a value", a);
    }
    int rc = 0;
    if (!strcmp(a, "--json")) {
      o->json = 1;
    } else if (!strcmp(a, "--pattern")) {
      o->pattern = 1;
    } else if (!strcmp(a, "--coverage")) {
      rc = parse_number(a, argv[++i], &o->coverage);
      if (rc == 0 && !(o->coverage > 0.0 && o->coverage <= 1.0)) {
        return cli_usage_error("mass", "--coverage needs a probability in (0, 1], not '%s'",
                               argv[i]);
      }
    } else if (!strcmp(a, "--bin")) {
      rc = parse_number(a, argv[++i], &o->bin_mz);
      if (rc == 0 && !(o->bin_mz > 0.0)) {
        return cli_usage_error("mass", "--bin needs a positive width in m/z, not '%s'", argv[i]);
      }
    } else if (!strcmp(a, "--label")) {
      if (o->n_labels == CK_FORMULA_MAX_ELEMENTS) {
        return cli_usage_error("mass", "more than %d labels", CK_FORMULA_MAX_ELEMENTS);
      }
      o->labels[o->n_labels++] = argv[++i];
    } else {
      rc = cli_take_formula("mass", a, &o->formula);
    }
    if (rc != 0) {
      return rc;
    }
  }
  if (cli_require("mass", o->formula, "formula") != 0) {
    return EXIT_USAGE;
  }
  if (o->json && o->pattern) {
    return cli_usage_error("mass", "--json and --pattern exclude each other");
  }
  return 0;
}

static int print_masses(ck_ctx *ctx, const mass_options *o, const ck_formula *f,
                        const ck_abundance_table *table) {
  double average = 0.0, mono = 0.0, most = 0.0;
  if (ck_formula_average_mz(ctx, f, table, &average) != CK_OK ||
      ck_formula_monoisotopic_mz(ctx, f, table, &mono) != CK_OK ||
      ck_isotope_most_abundant_mz(ctx, f, table, &most) != CK_OK) {
    return cli_formula_error(ctx, o->formula);
  }
  if (o->json) {
    printf("{\"average_mz\": %.6f, \"monoisotopic_mz\": %.6f, \"most_abundant_mz\": %.6f}\n",
           average, mono, most);
    return EXIT_OK;
  }
  char canonical[512], label[64];
  ck_formula_format(f, canonical, sizeof canonical);
  const char *unit = f->charge != 0 ? "m/z" : "mass (Da)";
  printf("%-26s %s\n", "formula", canonical);
  printf("%-26s %d\n", "charge", f->charge);
  const char *names[3] = {"average", "monoisotopic", "most abundant"};
  const double values[3] = {average, mono, most};
  for (int i = 0; i < 3; i++) {
    snprintf(label, sizeof label, "%s %s", names[i], unit);
    printf("%-26s %.6f\n", label, values[i]);
  }
  return EXIT_OK;
}

int cmd_mass(int argc, char **argv) {
  mass_options o = {.coverage = 0.9999};
  ck_ctx *ctx;
  int rc = cli_start(argc, argv, help, parse_args, &o, &ctx);
  if (ctx == NULL) {
    return rc;
  }
  ck_abundance_table *table = ck_abundance_table_create(ctx);
  if (table == NULL) {
    fprintf(stderr, "clusterkin: out of memory\n");
    ck_ctx_free(ctx);
    return EXIT_RUNTIME;
  }
  ck_formula f;
  for (int i = 0; i < o.n_labels && rc == 0; i++) {
    rc = cli_apply_label(ctx, table, o.labels[i], "mass");
  }
  if (rc == 0 && ck_formula_parse(ctx, o.formula, &f) != CK_OK) {
    rc = cli_formula_error(ctx, o.formula);
  }
  if (rc == 0) {
    cli_pattern_request req = {.coverage = o.coverage, .bin_mz = o.bin_mz};
    rc = o.pattern ? cli_write_pattern(ctx, o.formula, &f, table, &req, stdout)
                   : print_masses(ctx, &o, &f, table);
  }
  ck_abundance_table_free(table);
  ck_ctx_free(ctx);
  return rc;
}
