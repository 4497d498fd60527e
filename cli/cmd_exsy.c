/* SPDX-License-Identifier: MIT */
/* `clusterkin nmr exsy` (for now also the hidden top-level `exsy`): 2D EXSY
 * peak volumes between monomer compositions at given mixing times. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clusterkin/ck_equilibrium.h"

static const char *help =
    "usage: clusterkin nmr exsy MODEL.yaml --mixing \"400 ms,800 ms\" [--t1 \"1 s\"]\n"
    "                           [-o exsy.csv] [--json]\n"
    "\n"
    "Peak volumes exp(K t) diag(P_eq) (MODEL.md section 6) from the kinetics\n"
    "linearised at the model's equilibrium: K moves a tagged cluster between\n"
    "free monomers and dimer subunits at the equilibrium fluxes; a subunit in a\n"
    "dimer is seen at its own composition's peak. Volumes are fractions of all\n"
    "tagged clusters (sum 1 at every mixing time without T1).\n"
    "  --mixing LIST  comma-separated mixing times (\"400 ms,0.8 s\")\n"
    "  --t1 TIME      multiply by exp(-t/T1)\n"
    "  -o FILE        CSV mixing_s,from,to,volume (standard output without -o);\n"
    "                 written whole or not at all\n"
    "  --json         one JSON object on standard output instead\n";

#define MAX_TIMES 32

typedef struct {
  const char *model, *csv, *mixing, *t1;
  int json, n_times;
  double t_s[MAX_TIMES], t1_s;
} exsy_args;

static int parse_times(ck_ctx *ctx, exsy_args *a) {
  char buf[64];
  const char *p = a->mixing;
  while (*p != '\0') {
    size_t len = strcspn(p, ",");
    if (len == 0 || len >= sizeof buf || a->n_times == MAX_TIMES) {
      return cli_usage_error("exsy", "bad --mixing list '%s'", a->mixing);
    }
    memcpy(buf, p, len);
    buf[len] = '\0';
    double t;
    if (ck_units_parse(ctx, buf, CK_QTY_TIME, &t) != CK_OK || !(t >= 0.0)) {
      return cli_usage_error("exsy", "--mixing: '%s' is not a time >= 0", buf);
    }
    a->t_s[a->n_times++] = t;
    p += len + (p[len] == ',');
  }
  if (a->n_times == 0) {
    return cli_usage_error("exsy", "--mixing lists no time");
  }
  if (a->t1 != NULL &&
      (ck_units_parse(ctx, a->t1, CK_QTY_TIME, &a->t1_s) != CK_OK || !(a->t1_s > 0.0))) {
    return cli_usage_error("exsy", "--t1 needs a time > 0 ('%s')", a->t1);
  }
  return 0;
}

/* The options; the --mixing times need a context and are read after (parse_times). */
static int parse_args(int argc, char **argv, void *args) {
  exsy_args *a = args;
  int rc;
  memset(a, 0, sizeof *a);
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (strcmp(arg, "-o") == 0 || strcmp(arg, "--mixing") == 0 || strcmp(arg, "--t1") == 0) {
      if (i + 1 >= argc) {
        return cli_usage_error("exsy", "%s needs a value", arg);
      }
      *(arg[1] == 'o' ? &a->csv : arg[2] == 'm' ? &a->mixing : &a->t1) = argv[++i];
    } else if (strcmp(arg, "--json") == 0) {
      a->json = 1;
    } else if ((rc = cli_take_model("exsy", arg, &a->model)) != 0) {
      return rc;
    }
  }
  if ((rc = cli_require("exsy", a->model, "model file")) != 0) {
    return rc;
  }
  if (a->mixing == NULL) {
    return cli_usage_error("exsy", "--mixing is required");
  }
  return 0;
}

static void write_csv(FILE *f, const exsy_args *a, const ck_network *net, const double *vol) {
  size_t nm = ck_network_monomer_count(net);
  char from[256], to[256];
  fprintf(f, "mixing_s,from,to,volume\n");
  for (int k = 0; k < a->n_times; k++) {
    for (size_t x = 0; x < nm; x++) {
      ck_network_species_label(net, x, from, sizeof from);
      for (size_t y = 0; y < nm; y++) {
        ck_network_species_label(net, y, to, sizeof to);
        fprintf(f, "%.10g,%s,%s,%.10g\n", a->t_s[k], from, to, vol[(k * nm + x) * nm + y]);
      }
    }
  }
}

static void print_json(const exsy_args *a, const ck_model *m, const ck_network *net,
                       const ck_equilibrium *eq, const double *vol) {
  size_t nm = ck_network_monomer_count(net);
  char label[256];
  fputs("{\"model\": ", stdout);
  ck_json_write_string(stdout, m->name);
  printf(", \"state\": \"%s\", \"t1_s\": ", ck_equilibrium_state_name(eq));
  a->t1 != NULL ? printf("%.10g", a->t1_s) : printf("null");
  printf(", \"compositions\": [");
  for (size_t i = 0; i < nm; i++) {
    ck_network_species_label(net, i, label, sizeof label);
    printf("%s\"%s\"", i ? ", " : "", label);
  }
  printf("],\n \"spectra\": [");
  for (int k = 0; k < a->n_times; k++) {
    printf("%s\n  {\"mixing_s\": %.10g, \"volume\": [", k ? "," : "", a->t_s[k]);
    for (size_t x = 0; x < nm; x++) {
      printf("%s[", x ? ", " : "");
      for (size_t y = 0; y < nm; y++) {
        printf("%s%.10g", y ? ", " : "", vol[(k * nm + x) * nm + y]);
      }
      printf("]");
    }
    printf("]}");
  }
  printf("],\n \"generator\": \"clusterkin %s\"}\n", CK_VERSION);
}

static int emit(ck_ctx *ctx, const exsy_args *a, const ck_model *m, const ck_network *net,
                const ck_equilibrium *eq, const double *vol) {
  if (a->csv != NULL) {
    ck_output *out = ck_output_open(ctx, a->csv);
    if (out == NULL) {
      cli_report(ctx, NULL);
      return EXIT_RUNTIME;
    }
    write_csv(ck_output_stream(out), a, net, vol);
    if (ck_output_commit(ctx, out) != CK_OK) {
      cli_report(ctx, NULL);
      return EXIT_RUNTIME;
    }
  }
  if (a->json) {
    print_json(a, m, net, eq, vol);
  } else if (a->csv == NULL) {
    write_csv(stdout, a, net, vol);
  }
  return EXIT_OK;
}

int cmd_nmr_exsy(int argc, char **argv) {
  exsy_args a;
  ck_ctx *ctx;
  int rc = cli_start(argc, argv, help, parse_args, &a, &ctx);
  if (ctx == NULL) {
    return rc;
  }
  rc = parse_times(ctx, &a);
  ck_model *model = NULL;
  ck_network *net = NULL;
  ck_equilibrium *eq = NULL;
  ck_exsy *exsy = NULL;
  double *vol = NULL;
  if (rc != 0 || (rc = cli_load(ctx, a.model, &model, &net)) != 0) {
    goto cleanup;
  }
  size_t nm = ck_network_monomer_count(net);
  if ((eq = ck_equilibrium_solve(ctx, model, net, NULL)) == NULL ||
      (exsy = ck_exsy_create(ctx, net, eq)) == NULL) {
    rc = cli_fail(ctx, a.model);
    goto cleanup;
  }
  if ((vol = calloc((size_t)a.n_times * nm * nm, sizeof *vol)) == NULL) {
    rc = EXIT_RUNTIME;
    goto cleanup;
  }
  for (int k = 0; k < a.n_times; k++) {
    if (ck_exsy_volumes(ctx, exsy, a.t_s[k], a.t1 != NULL ? a.t1_s : 0.0,
                        vol + (size_t)k * nm * nm) != CK_OK) {
      rc = cli_fail(ctx, a.model);
      goto cleanup;
    }
  }
  rc = emit(ctx, &a, model, net, eq, vol);
cleanup:
  free(vol);
  ck_exsy_free(exsy);
  ck_equilibrium_free(eq);
  ck_network_free(net);
  ck_model_free(model);
  ck_ctx_free(ctx);
  return rc;
}
