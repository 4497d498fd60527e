/* SPDX-License-Identifier: MIT */
/* `clusterkin scan`: the equilibrium monomer distribution over a series of mixing ratios. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clusterkin/ck_equilibrium.h"
#include "plot_wire.h"

static const char *help =
    "usage: clusterkin scan MODEL.yaml --ratio A:B=1:6,1:3,1:1,3:1,6:1 [--total \"80 nM\"]\n"
    "                       [--json] [-o scan.csv] [--plot FILE [--plot-size WxH]]\n"
    "\n"
    "Equilibrium (or steady state) per mixing ratio of clusters A and B (names\n"
    "under clusters:), as in a concentration-dependent NMR series. A and B are\n"
    "set to total * a/(a+b) and total * b/(a+b); total defaults to the model's\n"
    "A + B; every other species keeps the model's amount. One row per ratio:\n"
    "state, mean atoms of each metal per monomer, and each monomer composition\n"
    "in percent of all free monomers (rows sum to 100).\n"
    "  --json    one JSON object on standard output (keys in README.md)\n"
    "  -o FILE   the table as CSV; written whole or not at all\n"
    "  --plot FILE  mean atoms of each metal per monomer against the fraction of A\n"
    "            (lines; .png, .svg or .pdf; --plot-size WxH, default 1200x800)\n";

#define MAX_RATIOS 64

typedef struct {
  const char *model, *csv, *ratio, *total;
  int json;
  char a[64], b[64];
  int n;
  double part[MAX_RATIOS][2];
  char text[MAX_RATIOS][32];
  cli_plot_request plot;
} scan_args;

/* "A:B=1:6,1:3" -> names and parts. */
static int parse_ratio(scan_args *a) {
  const char *eq = strchr(a->ratio, '='), *colon = strchr(a->ratio, ':');
  if (eq == NULL || colon == NULL || colon > eq || colon == a->ratio || eq == colon + 1 ||
      (size_t)(colon - a->ratio) >= sizeof a->a || (size_t)(eq - colon - 1) >= sizeof a->b) {
    return cli_usage_error("scan", "--ratio needs the form A:B=1:6,1:1,... ('%s')", a->ratio);
  }
  memcpy(a->a, a->ratio, (size_t)(colon - a->ratio));
  memcpy(a->b, colon + 1, (size_t)(eq - colon - 1));
  const char *p = eq + 1;
  while (*p != '\0') {
    char *end;
    double x = strtod(p, &end);
    double y = *end == ':' ? strtod(end + 1, &end) : -1.0;
    size_t len = (size_t)(end - p);
    if (a->n == MAX_RATIOS || !(x >= 0.0) || !(y >= 0.0) || !(x + y > 0.0) ||
        (*end != ',' && *end != '\0') || len >= sizeof a->text[0]) {
      return cli_usage_error("scan", "bad ratio in '%s' (parts >= 0, at most %d ratios)", eq + 1,
                             MAX_RATIOS);
    }
    memcpy(a->text[a->n], p, len);
    a->part[a->n][0] = x, a->part[a->n][1] = y;
    a->n++;
    p = *end == ',' ? end + 1 : end;
  }
  return a->n == 0 ? cli_usage_error("scan", "--ratio lists no ratio") : 0;
}

static int parse_args(int argc, char **argv, void *args) {
  scan_args *a = args;
  int rc;
  memset(a, 0, sizeof *a);
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    int plot_rc = cli_plot_option("scan", argc, argv, &i, &a->plot);
    if (plot_rc != 0) {
      if (plot_rc < 0) {
        return -plot_rc;
      }
      continue;
    }
    if (strcmp(arg, "-o") == 0 || strcmp(arg, "--ratio") == 0 || strcmp(arg, "--total") == 0) {
      if (i + 1 >= argc) {
        return cli_usage_error("scan", "%s needs a value", arg);
      }
      *(arg[1] == 'o' ? &a->csv : arg[2] == 'r' ? &a->ratio : &a->total) = argv[++i];
    } else if (strcmp(arg, "--json") == 0) {
      a->json = 1;
    } else if ((rc = cli_take_model("scan", arg, &a->model)) != 0) {
      return rc;
    }
  }
  if ((rc = cli_require("scan", a->model, "model file")) != 0) {
    return rc;
  }
  if (a->ratio == NULL) {
    return cli_usage_error("scan", "--ratio is required");
  }
  return cli_plot_request_check("scan", &a->plot) != 0 ? EXIT_USAGE : parse_ratio(a);
}

typedef struct row {
  double a_nM, b_nM, mean[CK_MAX_METALS];
  const char *state;
  double *pct;
} row;

static void write_table(FILE *f, const scan_args *a, const ck_model *m, const ck_network *net,
                        const row *rows, const char *sep) {
  char label[256];
  fprintf(f, "ratio%s%s_nM%s%s_nM%sstate", sep, a->a, sep, a->b, sep);
  for (int x = 0; x < m->n_metals; x++) {
    fprintf(f, "%smean_%s", sep, m->metal[x]);
  }
  for (size_t i = 0; i < ck_network_monomer_count(net); i++) {
    ck_network_species_label(net, i, label, sizeof label);
    fprintf(f, "%s%s", sep, label);
  }
  fputc('\n', f);
  for (int r = 0; r < a->n; r++) {
    fprintf(f, "%s%s%.10g%s%.10g%s%s", a->text[r], sep, rows[r].a_nM, sep, rows[r].b_nM, sep,
            rows[r].state);
    for (int x = 0; x < m->n_metals; x++) {
      fprintf(f, "%s%.10g", sep, rows[r].mean[x]);
    }
    for (size_t i = 0; i < ck_network_monomer_count(net); i++) {
      fprintf(f, "%s%.10g", sep, rows[r].pct[i]);
    }
    fputc('\n', f);
  }
}

static void print_json(const scan_args *a, const ck_model *m, const ck_network *net,
                       const row *rows) {
  char label[256];
  size_t nm = ck_network_monomer_count(net);
  fputs("{\"model\": ", stdout);
  ck_json_write_string(stdout, m->name);
  fputs(", \"a\": ", stdout);
  ck_json_write_string(stdout, a->a);
  fputs(", \"b\": ", stdout);
  ck_json_write_string(stdout, a->b);
  fputs(", \"compositions\": [", stdout);
  for (size_t i = 0; i < nm; i++) {
    ck_network_species_label(net, i, label, sizeof label);
    printf("%s\"%s\"", i ? ", " : "", label);
  }
  printf("],\n \"rows\": [");
  for (int r = 0; r < a->n; r++) {
    printf(
        "%s\n  {\"ratio\": \"%s\", \"a_nM\": %.10g, \"b_nM\": %.10g, \"state\": \"%s\", "
        "\"mean_atoms\": {",
        r ? "," : "", a->text[r], rows[r].a_nM, rows[r].b_nM, rows[r].state);
    for (int x = 0; x < m->n_metals; x++) {
      printf("%s\"%s\": %.10g", x ? ", " : "", m->metal[x], rows[r].mean[x]);
    }
    printf("}, \"percent\": [");
    for (size_t i = 0; i < nm; i++) {
      printf("%s%.10g", i ? ", " : "", rows[r].pct[i]);
    }
    printf("]}");
  }
  printf("],\n \"generator\": \"clusterkin %s\"}\n", CK_VERSION);
}

/* Solves every ratio into rows; returns the exit status. */
static int run_scan(ck_ctx *ctx, const scan_args *a, const ck_model *m, ck_network *net,
                    double total_nM, row *rows) {
  size_t n = ck_network_species_count(net), nm = ck_network_monomer_count(net);
  double *y0 = calloc(n, sizeof *y0);
  int rc = y0 == NULL ? EXIT_RUNTIME : EXIT_OK;
  for (int r = 0; r < a->n && rc == EXIT_OK; r++) {
    ck_equilibrium *eq = NULL;
    rows[r].pct = calloc(nm, sizeof *rows[r].pct);
    if (rows[r].pct == NULL ||
        ck_equilibrium_mixture(ctx, m, net, a->a, a->b, a->part[r][0], a->part[r][1], total_nM,
                               y0) != CK_OK ||
        (eq = ck_equilibrium_solve(ctx, m, net, y0)) == NULL) {
      rc = cli_fail(ctx, a->model);
      break;
    }
    double t = total_nM > 0.0 ? total_nM : 0.0;
    if (t == 0.0) {
      for (int c = 0; c < m->n_clusters; c++) {
        int pick = strcmp(m->clusters[c].name, a->a) == 0 || strcmp(m->clusters[c].name, a->b) == 0;
        t += pick ? m->clusters[c].concentration_nM : 0.0;
      }
    }
    rows[r].a_nM = t * a->part[r][0] / (a->part[r][0] + a->part[r][1]);
    rows[r].b_nM = t - rows[r].a_nM;
    rows[r].state = ck_equilibrium_state_name(eq);
    ck_equilibrium_monomer_percent(eq, net, rows[r].pct, rows[r].mean);
    ck_equilibrium_free(eq);
  }
  free(y0);
  return rc;
}

/* --plot: the rows' amounts and mean compositions as the arrays cli_plot_scan takes. */
static int plot_rows(ck_ctx *ctx, const scan_args *a, const ck_model *m, const row *rows) {
  double a_nM[MAX_RATIOS], b_nM[MAX_RATIOS], mean[MAX_RATIOS * CK_MAX_METALS];
  for (int r = 0; r < a->n; r++) {
    a_nM[r] = rows[r].a_nM, b_nM[r] = rows[r].b_nM;
    memcpy(&mean[r * CK_MAX_METALS], rows[r].mean, sizeof rows[r].mean);
  }
  return cli_plot_scan(ctx, &a->plot, m, a->a, a->b, (size_t)a->n, a_nM, b_nM, mean);
}

int cmd_scan(int argc, char **argv) {
  scan_args a;
  ck_ctx *ctx;
  int rc = cli_start(argc, argv, help, parse_args, &a, &ctx);
  if (ctx == NULL) {
    return rc;
  }
  double total_nM = 0.0;
  if (a.total != NULL && (ck_units_parse(ctx, a.total, CK_QTY_CONCENTRATION, &total_nM) != CK_OK ||
                          !(total_nM > 0.0))) {
    ck_ctx_free(ctx);
    return cli_usage_error("scan", "--total needs a concentration > 0 ('%s')", a.total);
  }
  ck_model *model = NULL;
  ck_network *net = NULL;
  row rows[MAX_RATIOS] = {{0}};
  if ((rc = cli_load(ctx, a.model, &model, &net)) == 0 &&
      (rc = run_scan(ctx, &a, model, net, total_nM, rows)) == EXIT_OK) {
    ck_output *out = a.csv != NULL ? ck_output_open(ctx, a.csv) : NULL;
    if (a.csv != NULL && out == NULL) {
      cli_report(ctx, NULL);
      rc = EXIT_RUNTIME;
    } else if (out != NULL) {
      write_table(ck_output_stream(out), &a, model, net, rows, ",");
      if (ck_output_commit(ctx, out) != CK_OK) {
        cli_report(ctx, NULL);
        rc = EXIT_RUNTIME;
      }
    }
    if (rc == EXIT_OK) {
      a.json ? print_json(&a, model, net, rows) : write_table(stdout, &a, model, net, rows, "\t");
    }
    if (rc == EXIT_OK && a.plot.opt.path != NULL) {
      rc = plot_rows(ctx, &a, model, rows);
    }
  }
  for (int r = 0; r < MAX_RATIOS; r++) {
    free(rows[r].pct);
  }
  ck_network_free(net);
  ck_model_free(model);
  ck_ctx_free(ctx);
  return rc;
}
