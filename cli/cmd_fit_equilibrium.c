/* SPDX-License-Identifier: MIT */
/* `clusterkin fit-equilibrium`: site energies fitted to equilibrium distributions at several
 * mixing ratios, and whether they beat the binomial. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clusterkin/ck_fit_equilibrium.h"

static const char *help =
    "usage: clusterkin fit-equilibrium MODEL.yaml DATA.csv [--pair A:B] [--level 0.95]\n"
    "                                  [--json] [-o result.json]\n"
    "\n"
    "Fits the relative site free energies of the model's sites: block to\n"
    "equilibrium distributions measured at several mixing ratios of clusters A\n"
    "and B (default: the model's first two clusters), with P(x) ~ Z(x) lambda^x\n"
    "(MODEL.md section 5), and compares with the binomial (no site preference):\n"
    "residual sums of squares, AIC, F-test p-value, profile intervals.\n"
    "DATA.csv: header ratio,composition,percent; rows like 1:6,[Ag4Cu3],12.5\n"
    "(ratio A:B, a monomer composition, its percent of the clusters).\n"
    "  --pair A:B    the clusters the ratios refer to (names under clusters:)\n"
    "  --level L     interval level (default 0.95)\n"
    "  --json        one JSON object on standard output (keys in README.md)\n"
    "  -o FILE       the same JSON to FILE, written whole or not at all\n";

typedef struct {
  const char *model, *data, *csv, *pair, *json_out;
  int json;
  double level;
  char a[64], b[64];
} fe_args;

static int parse_pair(fe_args *a) {
  const char *colon = strchr(a->pair, ':');
  if (colon == NULL || colon == a->pair || colon[1] == '\0' ||
      (size_t)(colon - a->pair) >= sizeof a->a || strlen(colon + 1) >= sizeof a->b) {
    return cli_usage_error("fit-equilibrium", "--pair needs the form A:B ('%s')", a->pair);
  }
  memcpy(a->a, a->pair, (size_t)(colon - a->pair));
  strcpy(a->b, colon + 1);
  return 0;
}

static int parse_args(int argc, char **argv, void *args) {
  fe_args *a = args;
  memset(a, 0, sizeof *a);
  a->level = 0.95;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (strcmp(arg, "-o") == 0 || strcmp(arg, "--pair") == 0 || strcmp(arg, "--level") == 0) {
      if (i + 1 >= argc) {
        return cli_usage_error("fit-equilibrium", "%s needs a value", arg);
      }
      const char *v = argv[++i];
      if (arg[1] == 'o') {
        a->json_out = v;
      } else if (arg[2] == 'p') {
        a->pair = v;
      } else {
        char *end;
        a->level = strtod(v, &end);
        if (*end != '\0' || !(a->level > 0.0 && a->level < 1.0)) {
          return cli_usage_error("fit-equilibrium", "--level must lie between 0 and 1");
        }
      }
    } else if (strcmp(arg, "--json") == 0) {
      a->json = 1;
    } else if (arg[0] == '-' && arg[1] != '\0') {
      return cli_usage_error("fit-equilibrium", "unknown option '%s'", arg);
    } else if (a->model == NULL) {
      a->model = arg;
    } else if (a->data == NULL) {
      a->data = arg;
    } else {
      return cli_usage_error("fit-equilibrium", "more than a model and a data file");
    }
  }
  if (a->model == NULL || a->data == NULL) {
    return cli_usage_error("fit-equilibrium", "needs MODEL.yaml and DATA.csv");
  }
  return a->pair != NULL ? parse_pair(a) : 0;
}

static void put_number(FILE *f, double v) {
  isfinite(v) ? fprintf(f, "%.10g", v) : fprintf(f, "null");
}

/* Supported: the F-test rejects the binomial at 5 %. */
static int supported(const ck_eqfit_result *r) {
  return isfinite(r->p_value) && r->p_value < 0.05;
}

static void write_json(FILE *f, const fe_args *a, const ck_eqfit_result *r) {
  fputs("{\"model\": ", f);
  ck_json_write_string(f, a->model);
  fputs(", \"data\": ", f);
  ck_json_write_string(f, a->data);
  fprintf(f, ", \"temperature_K\": %.10g, \"level\": %g,\n", r->temperature_K, r->level);
  fprintf(f, " \"parameters\": {");
  for (int k = 0; k < r->n_params; k++) {
    const ck_eqfit_param *p = r->param + k;
    fprintf(f, "%s\n  \"%s\": {\"value_kJ_per_mol\": ", k ? "," : "", p->name);
    put_number(f, 1e-3 * p->value_J_per_mol);
    fprintf(f, ", \"low_kJ_per_mol\": ");
    put_number(f, 1e-3 * p->low_J_per_mol);
    fprintf(f, ", \"high_kJ_per_mol\": ");
    put_number(f, 1e-3 * p->high_J_per_mol);
    fprintf(f, ", \"low_open\": %s, \"high_open\": %s, \"start_kJ_per_mol\": ",
            p->low_open ? "true" : "false", p->high_open ? "true" : "false");
    put_number(f, 1e-3 * p->start_J_per_mol);
    fprintf(f, ", \"other_region_kJ_per_mol\": ");
    put_number(f, 1e-3 * p->other_J_per_mol);
    fprintf(f, "}");
  }
  fprintf(f, "},\n \"n_obs\": %d, \"rss_site\": ", r->n_obs);
  put_number(f, r->rss_site);
  fprintf(f, ", \"rss_binomial\": ");
  put_number(f, r->rss_binomial);
  fprintf(f, ", \"aic_site\": ");
  put_number(f, r->aic_site);
  fprintf(f, ", \"aic_binomial\": ");
  put_number(f, r->aic_binomial);
  fprintf(f, ",\n \"f_statistic\": ");
  put_number(f, r->f_statistic);
  fprintf(f, ", \"p_value\": ");
  put_number(f, r->p_value);
  fprintf(f, ", \"site_preference_supported\": %s, \"evaluations\": %ld,\n",
          supported(r) ? "true" : "false", r->evaluations);
  fprintf(f, " \"generator\": \"clusterkin %s\"}\n", CK_VERSION);
}

static void print_text(const fe_args *a, const ck_eqfit_result *r) {
  printf("%s against %s: %d points, T = %g K\n", a->model, a->data, r->n_obs, r->temperature_K);
  printf("  %-20s %12s  %-28s %10s\n", "relative energy", "kJ/mol", "interval kJ/mol", "eV");
  for (int k = 0; k < r->n_params; k++) {
    const ck_eqfit_param *p = r->param + k;
    char iv[64];
    snprintf(iv, sizeof iv, "%s%.4g, %.4g%s", p->low_open ? "(<=" : "[", 1e-3 * p->low_J_per_mol,
             1e-3 * p->high_J_per_mol, p->high_open ? "=>)" : "]");
    printf("  %-20s %12.5g  %-28s %10.4g\n", p->name, 1e-3 * p->value_J_per_mol, iv,
           p->value_J_per_mol / 96485.33212331001);
    if (isfinite(p->other_J_per_mol)) {
      printf("  %-20s also consistent with the data near %.4g kJ/mol (mirror-image preference)\n",
             "", 1e-3 * p->other_J_per_mol);
    }
  }
  printf("  %g %% profile intervals; relative to the first class and first metal\n",
         100.0 * r->level);
  printf("  binomial:   RSS %.6g, AIC %.4g\n", r->rss_binomial, r->aic_binomial);
  printf("  site model: RSS %.6g, AIC %.4g (%d parameter%s)\n", r->rss_site, r->aic_site,
         r->n_params, r->n_params == 1 ? "" : "s");
  printf("  F = %.4g, p = %.3g: site preference %s by the data\n", r->f_statistic, r->p_value,
         supported(r) ? "supported (p < 0.05)" : "not supported (p >= 0.05)");
}

static int run(ck_ctx *ctx, const fe_args *a) {
  ck_model *model = NULL;
  ck_network *net = NULL;
  ck_eqdata *data = NULL;
  ck_eqfit_result *res = NULL;
  int rc = cli_load(ctx, a->model, &model, &net);
  if (rc != 0) {
    return rc;
  }
  ck_eqfit_options opt = {a->pair != NULL ? a->a : NULL, a->pair != NULL ? a->b : NULL, a->level};
  if ((data = ck_eqdata_load(ctx, model, net, a->data)) == NULL) {
    rc = cli_fail(ctx, a->data);
  } else if ((res = ck_eqfit_run(ctx, model, net, data, &opt)) == NULL) {
    rc = cli_fail(ctx, a->model);
  } else {
    ck_output *out = a->json_out != NULL ? ck_output_open(ctx, a->json_out) : NULL;
    if (a->json_out != NULL && out == NULL) {
      cli_report(ctx, NULL);
      rc = EXIT_RUNTIME;
    } else if (out != NULL) {
      ck_output_set_reproducible(out);
      write_json(ck_output_stream(out), a, res);
      if (ck_output_commit(ctx, out) != CK_OK) {
        cli_report(ctx, NULL);
        rc = EXIT_RUNTIME;
      }
    }
    if (rc == 0) {
      a->json ? write_json(stdout, a, res) : print_text(a, res);
    }
  }
  ck_eqfit_result_free(res);
  ck_eqdata_free(data);
  ck_network_free(net);
  ck_model_free(model);
  return rc;
}

int cmd_fit_equilibrium(int argc, char **argv) {
  fe_args a;
  ck_ctx *ctx;
  int rc = cli_start(argc, argv, help, parse_args, &a, &ctx);
  if (ctx == NULL) {
    return rc;
  }
  rc = run(ctx, &a);
  ck_ctx_free(ctx);
  return rc;
}
