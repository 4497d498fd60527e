/* SPDX-License-Identifier: MIT */
/* `clusterkin equilibrium`: the equilibrium (or steady state) of a model, solved directly. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clusterkin/ck_equilibrium.h"
#include "plot_wire.h"

static const char *help =
    "usage: clusterkin equilibrium MODEL.yaml [--json] [-o dist.csv] [--plot FILE [--plot-size "
    "WxH]]\n"
    "\n"
    "Solves dy/dt = 0 with every conserved quantity fixed (each metal; with several\n"
    "families also each family's clusters) by damped Newton from a statistical\n"
    "mass-action guess (a short stiff integration first only when Newton fails);\n"
    "stable dimers (no dissociation) are refused. With detailed balance\n"
    "(statistical exchange) the state is an \"equilibrium\"; without (constant\n"
    "exchange) a \"steady state\", labelled so.\n"
    "  --json    one JSON object (keys in README.md) on standard output\n"
    "  -o FILE   CSV kind,label,concentration_nM,percent: monomers (percent of\n"
    "            monomers), dimers (percent of dimers), channels (percent of the\n"
    "            total ion signal); written whole or not at all\n"
    "  --plot FILE  bars of the monomer distribution over the first metal's atoms\n"
    "            beside the binomial with the same mean (.png, .svg or .pdf; --plot-size WxH)\n";

typedef struct {
  const char *model, *csv;
  int json;
  cli_plot_request plot;
} eq_args;

static int parse_args(int argc, char **argv, void *args) {
  eq_args *a = args;
  int rc;
  memset(a, 0, sizeof *a);
  for (int i = 1; i < argc; i++) {
    int plot_rc = cli_plot_option("equilibrium", argc, argv, &i, &a->plot);
    if (plot_rc != 0) {
      if (plot_rc < 0) {
        return -plot_rc;
      }
      continue;
    }
    if (strcmp(argv[i], "-o") == 0) {
      if (i + 1 >= argc) {
        return cli_usage_error("equilibrium", "-o needs a file name");
      }
      a->csv = argv[++i];
    } else if (strcmp(argv[i], "--json") == 0) {
      a->json = 1;
    } else if ((rc = cli_take_model("equilibrium", argv[i], &a->model)) != 0) {
      return rc;
    }
  }
  return (rc = cli_require("equilibrium", a->model, "model file")) != 0
             ? rc
             : cli_plot_request_check("equilibrium", &a->plot);
}

typedef struct view {
  const ck_model *model;
  const ck_network *net;
  const ck_equilibrium *eq;
  const ck_channels *ch;
  double *pct, *ch_nM, *ch_frac; /* monomer percent; channels in nM and as fractions */
  double mean[CK_MAX_METALS], dimer_nM, monomer_nM;
} view;

static void print_json(const view *v) {
  const ck_equilibrium *eq = v->eq;
  char label[256];
  fputs("{\"model\": ", stdout);
  ck_json_write_string(stdout, v->model->name);
  printf(", \"state\": \"%s\", \"detailed_balance\": %s, ", ck_equilibrium_state_name(eq),
         eq->detailed_balance ? "true" : "false");
  printf(
      "\"balance_residual\": %.3g, \"residual\": %.3g, \"newton_iterations\": %d, "
      "\"integrated_s\": %g,\n \"metal_totals_nM\": {",
      eq->balance_residual, eq->residual, eq->newton_iterations, eq->integrated_s);
  for (int x = 0; x < v->model->n_metals; x++) {
    printf("%s\"%s\": %.10g", x ? ", " : "", v->model->metal[x], eq->metal_total_nM[x]);
  }
  printf("}, \"mean_atoms_per_monomer\": {");
  for (int x = 0; x < v->model->n_metals; x++) {
    printf("%s\"%s\": %.10g", x ? ", " : "", v->model->metal[x], v->mean[x]);
  }
  printf("},\n \"monomers\": [");
  for (size_t i = 0; i < eq->n_monomers; i++) {
    ck_network_species_label(v->net, i, label, sizeof label);
    printf("%s\n  {\"label\": \"%s\", \"concentration_nM\": %.10g, \"percent\": %.10g}",
           i ? "," : "", label, eq->y_nM[i], v->pct[i]);
  }
  printf("],\n \"dimers\": [");
  for (size_t i = eq->n_monomers; i < eq->n_species; i++) {
    ck_network_species_label(v->net, i, label, sizeof label);
    printf("%s\n  {\"label\": \"%s\", \"concentration_nM\": %.10g}", i > eq->n_monomers ? "," : "",
           label, eq->y_nM[i]);
  }
  printf("],\n \"channels\": [");
  for (size_t c = 0; c < ck_channels_count(v->ch); c++) {
    printf("%s\n  {\"label\": \"%s\", \"concentration_nM\": %.10g, \"fraction\": %.10g}",
           c ? "," : "", ck_channels_label(v->ch, c), v->ch_nM[c], v->ch_frac[c]);
  }
  printf("],\n \"generator\": \"clusterkin %s\"}\n", CK_VERSION);
}

static void print_text(const view *v) {
  const ck_equilibrium *eq = v->eq;
  char label[256];
  printf("%s: %s (%s; worst reaction-pair flux mismatch %.2g)\n", v->model->name,
         ck_equilibrium_state_name(eq),
         eq->detailed_balance ? "detailed balance holds" : "no detailed balance",
         eq->balance_residual);
  printf("  Newton: %d iterations, residual %.2g", eq->newton_iterations, eq->residual);
  if (eq->integrated_s > 0.0) {
    printf(" (after integrating %g s into its basin)", eq->integrated_s);
  }
  printf("\n  monomers %.6g nM, dimers %.6g nM\n", v->monomer_nM, v->dimer_nM);
  printf("  %-24s %14s %12s\n", "monomer", "nM", "% monomers");
  for (size_t i = 0; i < eq->n_monomers; i++) {
    ck_network_species_label(v->net, i, label, sizeof label);
    printf("  %-24s %14.6g %12.6f\n", label, eq->y_nM[i], v->pct[i]);
  }
}

static ck_status write_csv(ck_ctx *ctx, const char *path, const view *v) {
  ck_output *out = ck_output_open(ctx, path);
  if (out == NULL) {
    return ck_ctx_status(ctx);
  }
  ck_output_set_reproducible(out);
  FILE *f = ck_output_stream(out);
  char label[256];
  fprintf(f, "kind,label,concentration_nM,percent\n");
  for (size_t i = 0; i < v->eq->n_species; i++) {
    int mono = i < v->eq->n_monomers;
    ck_network_species_label(v->net, i, label, sizeof label);
    double pct =
        mono ? v->pct[i] : (v->dimer_nM > 0.0 ? 100.0 * v->eq->y_nM[i] / v->dimer_nM : 0.0);
    fprintf(f, "%s,%s,%.10g,%.10g\n", mono ? "monomer" : "dimer", label, v->eq->y_nM[i], pct);
  }
  for (size_t c = 0; c < ck_channels_count(v->ch); c++) {
    fprintf(f, "channel,%s,%.10g,%.10g\n", ck_channels_label(v->ch, c), v->ch_nM[c],
            100.0 * v->ch_frac[c]);
  }
  return ck_output_commit(ctx, out);
}

static int report(ck_ctx *ctx, const eq_args *a, view *v) {
  size_t nch = ck_channels_count(v->ch);
  v->pct = calloc(v->eq->n_monomers, sizeof *v->pct);
  v->ch_nM = calloc(nch, sizeof *v->ch_nM);
  v->ch_frac = calloc(nch, sizeof *v->ch_frac);
  if (v->pct == NULL || v->ch_nM == NULL || v->ch_frac == NULL) {
    fprintf(stderr, "clusterkin: out of memory\n");
    return EXIT_RUNTIME;
  }
  ck_equilibrium_monomer_percent(v->eq, v->net, v->pct, v->mean);
  ck_channels_compute(v->ch, v->eq->y_nM, CK_NORMALIZE_NONE, v->ch_nM);
  ck_channels_compute(v->ch, v->eq->y_nM, CK_NORMALIZE_TOTAL_ION, v->ch_frac);
  for (size_t i = 0; i < v->eq->n_species; i++) {
    *(i < v->eq->n_monomers ? &v->monomer_nM : &v->dimer_nM) += v->eq->y_nM[i];
  }
  if (a->csv != NULL && write_csv(ctx, a->csv, v) != CK_OK) {
    cli_report(ctx, NULL);
    return EXIT_RUNTIME;
  }
  a->json ? print_json(v) : print_text(v);
  return a->plot.opt.path == NULL ? EXIT_OK
                                  : cli_plot_equilibrium(ctx, &a->plot, v->model, v->net, v->pct);
}

int cmd_equilibrium(int argc, char **argv) {
  eq_args a;
  ck_ctx *ctx;
  int rc = cli_start(argc, argv, help, parse_args, &a, &ctx);
  if (ctx == NULL) {
    return rc;
  }
  ck_model *model = NULL;
  ck_network *net = NULL;
  ck_equilibrium *eq = NULL;
  ck_channels *ch = NULL;
  view v = {0};
  if ((rc = cli_load(ctx, a.model, &model, &net)) != 0) {
    goto cleanup;
  }
  if ((eq = ck_equilibrium_solve(ctx, model, net, NULL)) == NULL ||
      (ch = ck_channels_create(ctx, net)) == NULL) {
    rc = cli_fail(ctx, a.model);
    goto cleanup;
  }
  v = (view){.model = model, .net = net, .eq = eq, .ch = ch};
  rc = report(ctx, &a, &v);
cleanup:
  free(v.pct), free(v.ch_nM), free(v.ch_frac);
  ck_channels_free(ch);
  ck_equilibrium_free(eq);
  ck_network_free(net);
  ck_model_free(model);
  ck_ctx_free(ctx);
  return rc;
}
