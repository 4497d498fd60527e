/* SPDX-License-Identifier: MIT */
/* `clusterkin network`: species and reaction counts of a model, or the full list. */
#include <string.h>

#include "cli.h"

static const char *help =
    "usage: clusterkin network MODEL.yaml [--json] [--list]\n"
    "\n"
    "Generates the reaction network of MODEL.yaml and prints its size.\n"
    "  --json   one JSON object: species, monomers, dimers, reactions,\n"
    "           dimerization, dissociation, exchange (integers)\n"
    "  --list   every species and every reaction with its rate constant\n";

static void print_json(const ck_network *net) {
  printf("{\"species\": %zu, \"monomers\": %zu, \"dimers\": %zu, \"reactions\": %zu, "
         "\"dimerization\": %zu, \"dissociation\": %zu, \"exchange\": %zu}\n",
         ck_network_species_count(net), ck_network_monomer_count(net),
         ck_network_dimer_count(net), ck_network_reaction_count(net),
         ck_network_reaction_count_of(net, CK_REACTION_DIMERIZATION),
         ck_network_reaction_count_of(net, CK_REACTION_DISSOCIATION),
         ck_network_reaction_count_of(net, CK_REACTION_EXCHANGE));
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

int cmd_network(int argc, char **argv) {
  const char *path = NULL;
  int json = 0, list = 0;
  for (int i = 1; i < argc; i++) {
    if (cli_is_help(argv[i])) {
      fputs(help, stdout);
      return EXIT_OK;
    } else if (strcmp(argv[i], "--json") == 0) {
      json = 1;
    } else if (strcmp(argv[i], "--list") == 0) {
      list = 1;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      return cli_usage_error("network", "unknown option '%s'", argv[i]);
    } else if (path == NULL) {
      path = argv[i];
    } else {
      return cli_usage_error("network", "more than one model file");
    }
  }
  if (path == NULL) {
    return cli_usage_error("network", "no model file given");
  }
  ck_ctx *ctx = ck_ctx_create();
  if (ctx == NULL) {
    fprintf(stderr, "clusterkin: out of memory\n");
    return EXIT_RUNTIME;
  }
  ck_model *model;
  ck_network *net;
  int rc = cli_load(ctx, path, &model, &net);
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
