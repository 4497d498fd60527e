/* SPDX-License-Identifier: MIT */
/* `clusterkin network`: a model's species and reaction counts, full list, or SBML export. */
#include <string.h>

#include "cli.h"

static const char *help =
    "usage: clusterkin network MODEL.yaml [--json] [--list] [--sbml FILE] [--memory-limit SIZE]\n"
    "\n"
    "Generates the reaction network of MODEL.yaml and prints its size.\n"
    "  --json   one JSON object: species, monomers, dimers, reactions,\n"
    "           dimerization, dissociation, exchange (integers); with trimers\n"
    "           also trimers, trimerization, trimer_dissociation, trimer_exchange\n"
    "  --list   every species and every reaction with its rate constant\n"
    "  --sbml FILE  also write the network as SBML Level 3 Version 2 (for COPASI,\n"
    "           libRoadRunner): concentrations in nM, time in s from mixing,\n"
    "           mass-action kinetic laws; written whole or not at all\n"
    "  --memory-limit SIZE  refuse networks estimated above SIZE (\"8 GiB\", the\n"
    "           default, or limits: {memory: ...} in the model)\n";

static void print_json(const ck_network *net) {
  printf(
      "{\"species\": %zu, \"monomers\": %zu, \"dimers\": %zu, \"reactions\": %zu, "
      "\"dimerization\": %zu, \"dissociation\": %zu, \"exchange\": %zu",
      ck_network_species_count(net), ck_network_monomer_count(net), ck_network_dimer_count(net),
      ck_network_reaction_count(net), ck_network_reaction_count_of(net, CK_REACTION_DIMERIZATION),
      ck_network_reaction_count_of(net, CK_REACTION_DISSOCIATION),
      ck_network_reaction_count_of(net, CK_REACTION_EXCHANGE));
  if (ck_network_trimer_count(net) > 0) { /* opt-in trimers: extra keys, the others unchanged */
    printf(
        ", \"trimers\": %zu, \"trimerization\": %zu, \"trimer_dissociation\": %zu, "
        "\"trimer_exchange\": %zu",
        ck_network_trimer_count(net), ck_network_reaction_count_of(net, CK_REACTION_TRIMERIZATION),
        ck_network_reaction_count_of(net, CK_REACTION_TRIMER_DISSOCIATION),
        ck_network_reaction_count_of(net, CK_REACTION_TRIMER_EXCHANGE));
  }
  printf("}\n");
}

static void print_summary(const ck_model *model, const ck_network *net) {
  printf("%s\n", model->name);
  printf("  species    %8zu  (%zu monomers, %zu dimers)\n", ck_network_species_count(net),
         ck_network_monomer_count(net), ck_network_dimer_count(net));
  printf("  reactions  %8zu  (%zu dimerization, %zu dissociation, %zu exchange)\n",
         ck_network_reaction_count(net),
         ck_network_reaction_count_of(net, CK_REACTION_DIMERIZATION),
         ck_network_reaction_count_of(net, CK_REACTION_DISSOCIATION),
         ck_network_reaction_count_of(net, CK_REACTION_EXCHANGE));
  if (ck_network_trimer_count(net) > 0) {
    printf("  trimers    %8zu  (%zu trimerization, %zu trimer dissociation, %zu trimer exchange)\n",
           ck_network_trimer_count(net),
           ck_network_reaction_count_of(net, CK_REACTION_TRIMERIZATION),
           ck_network_reaction_count_of(net, CK_REACTION_TRIMER_DISSOCIATION),
           ck_network_reaction_count_of(net, CK_REACTION_TRIMER_EXCHANGE));
  }
}

static void print_list(const ck_network *net) {
  char buf[512];
  printf("# species\n");
  for (size_t i = 0; i < ck_network_species_count(net); i++) {
    ck_network_species_label(net, i, buf, sizeof buf);
    printf("%zu %s\n", i, buf);
  }
  printf("# reactions\n");
  for (size_t r = 0; r < ck_network_reaction_count(net); r++) {
    ck_network_reaction_describe(net, r, buf, sizeof buf);
    printf("%zu %s\n", r, buf);
  }
}

/* Writes the SBML file whole or not at all; returns the exit status. */
static int write_sbml(ck_ctx *ctx, const char *model_path, const char *sbml_path,
                      const ck_model *model, const ck_network *net) {
  ck_output *out = ck_output_open(ctx, sbml_path);
  if (out == NULL) {
    cli_report(ctx, NULL);
    return EXIT_RUNTIME;
  }
  ck_status st = ck_sbml_write(ctx, model, net, ck_output_stream(out));
  if (st != CK_OK) {
    ck_output_abort(out);
    /* Bad input is the model's fault; anything else concerns the SBML file. */
    cli_report(ctx, cli_exit_for(st) == EXIT_USAGE ? model_path : sbml_path);
    return cli_exit_for(st);
  }
  if (ck_output_commit(ctx, out) != CK_OK) {
    cli_report(ctx, NULL);
    return EXIT_RUNTIME;
  }
  return EXIT_OK;
}

int cmd_network(int argc, char **argv) {
  const char *path = NULL;
  const char *sbml = NULL, *memory_limit = NULL;
  int json = 0, list = 0, rc;
  for (int i = 1; i < argc; i++) {
    if (cli_is_help(argv[i])) {
      fputs(help, stdout);
      return EXIT_OK;
    } else if (strcmp(argv[i], "--json") == 0) {
      json = 1;
    } else if (strcmp(argv[i], "--list") == 0) {
      list = 1;
    } else if (strcmp(argv[i], "--sbml") == 0) {
      if (i + 1 >= argc) {
        return cli_usage_error("network", "--sbml needs a file name");
      }
      sbml = argv[++i];
    } else if (strcmp(argv[i], "--memory-limit") == 0) {
      if (i + 1 >= argc) {
        return cli_usage_error("network", "--memory-limit needs a size");
      }
      memory_limit = argv[++i];
    } else if ((rc = cli_take_model("network", argv[i], &path)) != 0) {
      return rc;
    }
  }
  if ((rc = cli_require("network", path, "model file")) != 0) {
    return rc;
  }
  ck_ctx *ctx = cli_ctx_create();
  if (ctx == NULL) {
    return EXIT_RUNTIME;
  }
  ck_model *model;
  ck_network *net;
  rc = cli_load_limited(ctx, path, memory_limit, &model, &net);
  if (rc == 0 && sbml != NULL) {
    rc = write_sbml(ctx, path, sbml, model, net);
  }
  if (rc == 0) {
    if (json) {
      print_json(net);
    } else {
      print_summary(model, net);
    }
    if (list) {
      print_list(net);
    }
  }
  ck_network_free(net);
  ck_model_free(model);
  ck_ctx_free(ctx);
  return rc;
}
