/* SPDX-License-Identifier: MIT */
/* `clusterkin compare`: fits of different mechanisms ranked by AIC/BIC (issue 3 part 7). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char *help =
    "usage: clusterkin compare A.json B.json ... [-o compare.csv] [--json]\n"
    "                          [--nested A.json:B.json] [--residuals DIR]\n"
    "\n"
    "Ranks fits (result files of `clusterkin fit`) of different models to the\n"
    "same datasets by AIC, with BIC, Akaike weights and likelihood-ratio tests.\n"
    "Likelihood: Gaussian residuals of the traces objective (as weighted by the\n"
    "fit); unknown variance estimated as RSS/n, or known from sd: columns.\n"
    "n = residuals used, k = free parameters (rates, fitted dead times and\n"
    "dimer factors). Fits with the tmax objective are refused (no likelihood).\n"
    "  -o FILE            the ranking as CSV (result,mechanism,k,n,rss,\n"
    "                     log_likelihood,aic,bic,delta_aic,delta_bic,aic_weight)\n"
    "  --json             the ranking and tests as JSON on standard output\n"
    "  --nested A:B       A is B with parameters fixed: test it (pairs of the same\n"
    "                     mechanism whose free rates are a subset are detected)\n"
    "  --residuals DIR    per-channel residuals (simulated - measured) of each\n"
    "                     fit: DIR/<result stem>.<dataset>.csv\n";

typedef struct {
  const char **paths;
  int n_paths;
  int *nested; /* pairs of indices into paths */
  int n_nested;
  const char *csv, *residuals;
  int json;
} compare_args;

static int index_of(const compare_args *a, const char *path) {
  for (int i = 0; i < a->n_paths; i++) {
    if (strcmp(a->paths[i], path) == 0) {
      return i;
    }
  }
  return -1;
}

/* --nested values are resolved after every path is known. */
static int parse_args(int argc, char **argv, compare_args *a, const char **pairs, int *n_pairs) {
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (strcmp(arg, "-o") == 0 || strcmp(arg, "--residuals") == 0 || strcmp(arg, "--nested") == 0) {
      if (i + 1 >= argc) {
        return cli_usage_error("compare", "%s needs a value", arg);
      }
      const char *v = argv[++i];
      if (arg[1] == 'o') {
        a->csv = v;
      } else if (strcmp(arg, "--residuals") == 0) {
        a->residuals = v;
      } else {
        pairs[(*n_pairs)++] = v;
      }
    } else if (strcmp(arg, "--json") == 0) {
      a->json = 1;
    } else if (arg[0] == '-' && arg[1] != '\0') {
      return cli_usage_error("compare", "unknown option '%s'", arg);
    } else {
      a->paths[a->n_paths++] = arg;
    }
  }
  if (a->n_paths < 2) {
    return cli_usage_error("compare", "give at least two result files");
  }
  for (int i = 0; i < *n_pairs; i++) {
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", pairs[i]);
    char *colon = strchr(buf, ':');
    if (colon == NULL) {
      return cli_usage_error("compare", "--nested needs SMALL.json:BIG.json");
    }
    *colon = '\0';
    int s = index_of(a, buf), b = index_of(a, colon + 1);
    if (s < 0 || b < 0) {
      return cli_usage_error("compare", "--nested %s: both must be among the result files",
                             pairs[i]);
    }
    a->nested[2 * a->n_nested] = s, a->nested[2 * a->n_nested + 1] = b;
    a->n_nested++;
  }
  return 0;
}

static void print_table(const ck_compare *c) {
  printf("%-4s %-28s %-40s %3s %12s %12s %10s %10s\n", "rank", "result", "mechanism", "k", "log L",
         "AIC", "dAIC", "weight");
  for (int i = 0; i < c->n; i++) {
    const ck_compare_entry *e = c->entry + i;
    printf("%-4d %-28s %-40s %3d %12.6g %12.6g %10.4g %10.4g\n", i + 1, e->path, e->mechanism, e->k,
           e->log_likelihood, e->aic, e->delta_aic, e->aic_weight);
  }
  for (int i = 0; i < c->n_lrt; i++) {
    const ck_compare_lrt *t = c->lrt + i;
    printf("likelihood ratio: %s within %s: D = %.6g, df = %d, p = %.4g\n", c->entry[t->small].path,
           c->entry[t->big].path, t->statistic, t->df, t->p_value);
  }
}

static int write_csv(ck_ctx *ctx, const char *path, const ck_compare *c) {
  ck_output *out = ck_output_open(ctx, path);
  if (out == NULL) {
    return EXIT_RUNTIME;
  }
  if (ck_compare_write_csv(ctx, c, ck_output_stream(out)) != CK_OK) {
    ck_output_abort(out);
    return EXIT_RUNTIME;
  }
  return ck_output_commit(ctx, out) == CK_OK ? 0 : EXIT_RUNTIME;
}

int cmd_compare(int argc, char **argv) {
  if (cli_help_asked(argc, argv, help)) {
    return EXIT_OK;
  }
  compare_args a;
  memset(&a, 0, sizeof a);
  a.paths = calloc((size_t)argc + 1, sizeof *a.paths);
  a.nested = calloc(2 * (size_t)argc + 2, sizeof *a.nested);
  const char **pairs = calloc((size_t)argc + 1, sizeof *pairs);
  int n_pairs = 0, rc = EXIT_RUNTIME;
  ck_ctx *ctx = NULL;
  ck_compare *c = NULL;
  if (a.paths == NULL || a.nested == NULL || pairs == NULL) {
    fputs("clusterkin: out of memory\n", stderr);
    goto done;
  }
  if ((rc = parse_args(argc, argv, &a, pairs, &n_pairs)) != 0) {
    goto done;
  }
  if ((ctx = cli_ctx_create()) == NULL) {
    rc = EXIT_RUNTIME;
    goto done;
  }
  c = ck_compare_results(ctx, a.paths, a.n_paths, a.nested, a.n_nested);
  if (c == NULL) {
    rc = cli_fail(ctx, NULL);
    goto done;
  }
  if (a.json) {
    rc = ck_compare_write_json(ctx, c, stdout) == CK_OK ? 0 : EXIT_RUNTIME;
  } else {
    print_table(c);
  }
  if (rc == 0 && a.csv != NULL) {
    rc = write_csv(ctx, a.csv, c);
  }
  if (rc == 0 && a.residuals != NULL && mkdir(a.residuals, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "clusterkin: cannot create %s: %s\n", a.residuals, strerror(errno));
    rc = EXIT_RUNTIME;
    goto done;
  }
  for (int i = 0; rc == 0 && a.residuals != NULL && i < a.n_paths; i++) {
    ck_status st = ck_compare_write_residuals(ctx, a.paths[i], a.residuals);
    rc = st == CK_OK ? 0 : cli_exit_for(st);
  }
  if (rc != 0) {
    cli_report(ctx, NULL);
  }
done:
  ck_compare_free(c);
  ck_ctx_free(ctx);
  free(a.paths), free(a.nested), free(pairs);
  return rc;
}
