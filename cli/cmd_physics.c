/* SPDX-License-Identifier: MIT */
/* `clusterkin physics`: diffusion limit with the Debye factor, dimer lifetime
 * and Poisson exchange statistics, superatom electron count (MODEL.md section 4). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *help =
    "usage: clusterkin physics diffusion --viscosity Q --temperature Q\n"
    "                 [--charges QA,QB --permittivity EPS --distance Q] [--json]\n"
    "       clusterkin physics poisson (--dissociation Q | --lifetime Q) --exchange Q [--json]\n"
    "       clusterkin physics electrons FORMULA [--ligand-charge LIGAND=Q]... [--json]\n"
    "\n"
    "Plausibility checks for exchange kinetics (MODEL.md section 4).\n"
    "  diffusion   k_D = (8/3) k_B T N_A / eta, times the Debye factor\n"
    "              f = x/(exp(x)-1), x = qA qB e^2/(4 pi eps0 eps_r R k_B T), for ions;\n"
    "              rate constants in L nmol^-1 s^-1 (JSON: k_diffusion, debye_factor, k_ion;\n"
    "              without --charges the factor is 1)\n"
    "              --viscosity \"0.799 mPa s\" (Pa s, mPa s, cP), --temperature \"298 K\"\n"
    "              (K, degC), --charges -1,-1 (units of e), --permittivity 38.4 (relative),\n"
    "              --distance \"12.7 A\" (A, nm, pm, m: the contact distance)\n"
    "  poisson     dimer lifetime tau = 1/k_diss and exchanges per lifetime, Poisson with\n"
    "              mean k_ex tau (JSON: lifetime_s, mean_exchanges); --dissociation \"0.056 /s\",\n"
    "              or --lifetime \"100 s\" directly, and --exchange \"0.032 /s\"\n"
    "  electrons   n_e = metal valence electrons (Cu, Ag, Au 1) + ligand charges - z\n"
    "              (JSON: electrons). Ligands go in parentheses: each S of a carbon-bearing\n"
    "              ligand counts -1, a top-level H (hydride) -1; other ligands need\n"
    "              --ligand-charge, e.g. --ligand-charge Cl=-1 or \"S2P(OC3H7)2=-1\"\n";

#define MAX_LIGAND_CHARGES 16

typedef struct physics_args {
  const char *mode;
  const char *viscosity, *temperature, *charges, *permittivity, *distance;
  const char *dissociation, *lifetime, *exchange;
  const char *formula;
  ck_ligand_charge ligands[MAX_LIGAND_CHARGES];
  int n_ligands;
  int json;
  int (*run)(ck_ctx *, const struct physics_args *); /* the check named by mode */
} physics_args;

static int choose_check(physics_args *a); /* after the checks it chooses from */

/* The option's slot in a, or NULL for an unknown option. */
static const char **option_slot(physics_args *a, const char *name) {
  static const char *const names[] = {"--viscosity",    "--temperature", "--charges",
                                      "--permittivity", "--distance",    "--dissociation",
                                      "--lifetime",     "--exchange"};
  const char **slots[] = {&a->viscosity, &a->temperature,  &a->charges,  &a->permittivity,
                          &a->distance,  &a->dissociation, &a->lifetime, &a->exchange};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (strcmp(name, names[i]) == 0) {
      return slots[i];
    }
  }
  return NULL;
}

/* "S2P(OC3H7)2=-1" into a ligand charge (the text stays in argv). */
static int parse_ligand_charge(physics_args *a, char *spec) {
  char *eq = strrchr(spec, '=');
  char *end = NULL;
  long q = eq != NULL ? strtol(eq + 1, &end, 10) : 0;
  if (eq == NULL || eq == spec || end == eq + 1 || *end != '\0' || q < -100 || q > 100) {
    return cli_usage_error("physics", "--ligand-charge needs LIGAND=CHARGE, e.g. Cl=-1, not '%s'",
                           spec);
  }
  if (a->n_ligands == MAX_LIGAND_CHARGES) {
    return cli_usage_error("physics", "more than %d --ligand-charge options", MAX_LIGAND_CHARGES);
  }
  *eq = '\0';
  a->ligands[a->n_ligands++] = (ck_ligand_charge){spec, (int)q};
  return 0;
}

static int parse_args(int argc, char **argv, void *args) {
  physics_args *a = args;
  if (argc < 2) {
    return cli_usage_error("physics", "which check: diffusion, poisson or electrons?");
  }
  a->mode = argv[1];
  for (int i = 2; i < argc; i++) {
    const char *opt = argv[i];
    const char **slot = option_slot(a, opt);
    int takes_value = slot != NULL || strcmp(opt, "--ligand-charge") == 0;
    if (takes_value && i + 1 >= argc) {
      return cli_usage_error("physics", "%s needs a value", opt);
    }
    if (strcmp(opt, "--json") == 0) {
      a->json = 1;
    } else if (slot != NULL) {
      *slot = argv[++i];
    } else if (strcmp(opt, "--ligand-charge") == 0) {
      int rc = parse_ligand_charge(a, argv[++i]);
      if (rc != 0) {
        return rc;
      }
    } else if (opt[0] == '-' && opt[1] == '-') {
      return cli_usage_error("physics", "unknown option '%s'", opt);
    } else if (a->formula == NULL) {
      a->formula = opt;
    } else {
      return cli_usage_error("physics", "unexpected argument '%s'", opt);
    }
  }
  return choose_check(a);
}

/* Parses an option's quantity; prints "clusterkin physics: --opt: message" on failure. */
static int quantity(ck_ctx *ctx, const char *option, const char *text, ck_quantity_kind kind,
                    double *value) {
  if (text == NULL) {
    return cli_usage_error("physics", "%s is required", option);
  }
  if (ck_units_parse(ctx, text, kind, value) != CK_OK) {
    fprintf(stderr, "clusterkin physics: %s: %s\n", option, ck_ctx_errmsg(ctx));
    return cli_exit_for(ck_ctx_status(ctx));
  }
  return 0;
}

static int report(ck_ctx *ctx) {
  fprintf(stderr, "clusterkin physics: %s\n", ck_ctx_errmsg(ctx));
  return cli_exit_for(ck_ctx_status(ctx));
}

/* "-1,-1" into two charges. */
static int parse_charges(const char *text, int *qa, int *qb) {
  char *end = NULL;
  long a = strtol(text, &end, 10);
  if (end == text || *end != ',') {
    return cli_usage_error("physics", "--charges needs two integers, e.g. -1,-1, not '%s'", text);
  }
  const char *second = end + 1;
  long b = strtol(second, &end, 10);
  if (end == second || *end != '\0' || labs(a) > 100 || labs(b) > 100) {
    return cli_usage_error("physics", "--charges needs two integers, e.g. -1,-1, not '%s'", text);
  }
  *qa = (int)a;
  *qb = (int)b;
  return 0;
}

/* Debye factor from the ion options; 1 without --charges. */
static int debye_from_options(ck_ctx *ctx, const physics_args *a, double t_k, double *f) {
  *f = 1.0;
  if (a->charges == NULL) {
    if (a->permittivity != NULL || a->distance != NULL) {
      return cli_usage_error("physics", "--permittivity and --distance go with --charges");
    }
    return 0;
  }
  int qa = 0, qb = 0;
  double eps = 0.0, r_m = 0.0;
  int rc = parse_charges(a->charges, &qa, &qb);
  if (rc == 0) {
    rc = quantity(ctx, "--permittivity", a->permittivity, CK_QTY_DIMENSIONLESS, &eps);
  }
  if (rc == 0) {
    rc = quantity(ctx, "--distance", a->distance, CK_QTY_LENGTH, &r_m);
  }
  if (rc == 0 && ck_physics_debye_factor(ctx, qa, qb, eps, r_m, t_k, f) != CK_OK) {
    rc = report(ctx);
  }
  return rc;
}

static int run_diffusion(ck_ctx *ctx, const physics_args *a) {
  double eta = 0.0, t_k = 0.0, k_d = 0.0, f = 1.0;
  int rc = quantity(ctx, "--viscosity", a->viscosity, CK_QTY_VISCOSITY, &eta);
  if (rc == 0) {
    rc = quantity(ctx, "--temperature", a->temperature, CK_QTY_TEMPERATURE, &t_k);
  }
  if (rc == 0 && ck_physics_diffusion_limit(ctx, eta, t_k, &k_d) != CK_OK) {
    rc = report(ctx);
  }
  if (rc == 0) {
    rc = debye_from_options(ctx, a, t_k, &f);
  }
  if (rc != 0) {
    return rc;
  }
  if (a->json) {
    printf("{\"k_diffusion\": %.6g, \"debye_factor\": %.6g, \"k_ion\": %.6g}\n", k_d, f, k_d * f);
    return EXIT_OK;
  }
  printf("%-28s %.4g L nmol^-1 s^-1 (= %.4g M^-1 s^-1)\n", "diffusion limit k_D", k_d, k_d * 1e9);
  printf("%-28s %.4g%s\n", "Debye factor f", f, a->charges == NULL ? " (no --charges)" : "");
  printf("%-28s %.4g L nmol^-1 s^-1 (= %.4g M^-1 s^-1)\n", "ion encounter limit f k_D", k_d * f,
         k_d * f * 1e9);
  return EXIT_OK;
}

static int run_poisson(ck_ctx *ctx, const physics_args *a) {
  double k_diss = 0.0, tau_s = 0.0, k_ex = 0.0, mean = 0.0;
  int rc = 0;
  if ((a->dissociation == NULL) == (a->lifetime == NULL)) {
    return cli_usage_error("physics", "poisson needs one of --dissociation and --lifetime");
  }
  if (a->lifetime != NULL) {
    rc = quantity(ctx, "--lifetime", a->lifetime, CK_QTY_TIME, &tau_s);
  } else {
    rc = quantity(ctx, "--dissociation", a->dissociation, CK_QTY_RATE_FIRST_ORDER, &k_diss);
    if (rc == 0 && ck_physics_dimer_lifetime(ctx, k_diss, &tau_s) != CK_OK) {
      rc = report(ctx);
    }
  }
  if (rc == 0) {
    rc = quantity(ctx, "--exchange", a->exchange, CK_QTY_RATE_FIRST_ORDER, &k_ex);
  }
  if (rc == 0 && ck_physics_mean_exchanges(ctx, tau_s, k_ex, &mean) != CK_OK) {
    rc = report(ctx);
  }
  if (rc != 0) {
    return rc;
  }
  if (a->json) {
    printf("{\"lifetime_s\": %.6g, \"mean_exchanges\": %.6g}\n", tau_s, mean);
    return EXIT_OK;
  }
  printf("%-28s %.4g s\n", "dimer lifetime tau", tau_s);
  printf("%-28s %.4g\n", "mean exchanges per lifetime", mean);
  printf("exchanges,probability\n");
  double cumulative = 0.0;
  for (int n = 0; n < 1000 && (n <= mean || cumulative < 0.9999); n++) {
    double p = ck_physics_poisson_probability(mean, n);
    cumulative += p;
    printf("%d,%.6f\n", n, p);
  }
  return EXIT_OK;
}

static int run_electrons(ck_ctx *ctx, const physics_args *a) {
  if (a->formula == NULL) {
    return cli_usage_error("physics", "electrons needs a FORMULA");
  }
  ck_electron_count c;
  if (ck_physics_electron_count(ctx, a->formula, a->ligands, a->n_ligands, &c) != CK_OK) {
    fprintf(stderr, "clusterkin physics: formula '%s': %s\n", a->formula, ck_ctx_errmsg(ctx));
    return cli_exit_for(ck_ctx_status(ctx));
  }
  if (a->json) {
    printf("{\"electrons\": %d}\n", c.electrons);
    return EXIT_OK;
  }
  printf("%-28s %d\n", "metal valence electrons", c.metal_electrons);
  printf("%-28s %d\n", "ligand charges (e)", c.ligand_charge);
  printf("%-28s %d\n", "cluster charge z (e)", c.cluster_charge);
  printf("%-28s %d = %d + (%d) - (%d)\n", "superatom electrons", c.electrons, c.metal_electrons,
         c.ligand_charge, c.cluster_charge);
  return EXIT_OK;
}

/* The last step of parse_args: the check the first argument names. */
static int choose_check(physics_args *a) {
  if (strcmp(a->mode, "diffusion") == 0) {
    a->run = run_diffusion;
  } else if (strcmp(a->mode, "poisson") == 0) {
    a->run = run_poisson;
  } else if (strcmp(a->mode, "electrons") == 0) {
    a->run = run_electrons;
  } else {
    return cli_usage_error("physics", "unknown check '%s' (diffusion, poisson, electrons)", a->mode);
  }
  if (a->run != run_electrons && a->formula != NULL) {
    return cli_usage_error("physics", "unexpected argument '%s'", a->formula);
  }
  return 0;
}

int cmd_physics(int argc, char **argv) {
  physics_args a = {0};
  ck_ctx *ctx;
  int rc = cli_start(argc, argv, help, parse_args, &a, &ctx);
  if (ctx == NULL) {
    return rc;
  }
  rc = a.run(ctx, &a);
  ck_ctx_free(ctx);
  return rc;
}
