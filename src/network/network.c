/* SPDX-License-Identifier: MIT */
/* Network storage: allocation, reaction builder, accessors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "network/network_impl.h"

ck_network *ck_network_alloc(ck_ctx *ctx, size_t n_monomers, size_t n_dimers, int n_metals,
                             size_t capacity) {
  ck_network *net = ck_calloc(ctx, 1, sizeof *net);
  if (net == NULL) {
    return NULL;
  }
  net->n_metals = n_metals;
  net->n_monomers = n_monomers;
  net->n_dimers = n_dimers;
  net->n_species = n_monomers + n_dimers;
  net->metal_counts = ck_calloc(ctx, net->n_species * (size_t)(n_metals > 0 ? n_metals : 1),
                                sizeof(int));
  if (net->metal_counts == NULL || ck_network_reserve(ctx, net, capacity) != CK_OK) {
    ck_network_free(net);
    return NULL;
  }
  return net;
}

ck_status ck_network_reserve(ck_ctx *ctx, ck_network *net, size_t capacity) {
  if (capacity <= net->capacity) {
    return CK_OK;
  }
  unsigned char *kind = ck_calloc(ctx, capacity, 1);
  int *reactant = ck_calloc(ctx, 2 * capacity, sizeof(int));
  int *product = ck_calloc(ctx, 2 * capacity, sizeof(int));
  double *factor = ck_calloc(ctx, capacity, sizeof(double));
  double *rate = ck_calloc(ctx, capacity, sizeof(double));
  if (kind == NULL || reactant == NULL || product == NULL || factor == NULL || rate == NULL) {
    free(kind), free(reactant), free(product), free(factor), free(rate);
    return CK_ERR_NOMEM;
  }
  size_t n = net->n_reactions;
  if (n > 0) {
    memcpy(kind, net->kind, n);
    memcpy(reactant, net->reactant, 2 * n * sizeof(int));
    memcpy(product, net->product, 2 * n * sizeof(int));
    memcpy(factor, net->factor, n * sizeof(double));
  }
  free(net->kind), free(net->reactant), free(net->product), free(net->factor), free(net->rate);
  net->kind = kind, net->reactant = reactant, net->product = product;
  net->factor = factor, net->rate = rate;
  net->capacity = capacity;
  return CK_OK;
}

void ck_network_free(ck_network *net) {
  if (net == NULL) {
    return;
  }
  free(net->composition);
  free(net->dimer_sub);
  free(net->trimer_sub);
  free(net->metal_counts);
  free(net->kind);
  free(net->reactant);
  free(net->product);
  free(net->factor);
  free(net->rate);
  free(net->group);
  free(net);
}

void ck_network_add_reaction(ck_network *net, ck_reaction_kind kind, int r0, int r1, int p0,
                             int p1, double factor) {
  size_t r = net->n_reactions++;
  net->kind[r] = (unsigned char)kind;
  net->reactant[2 * r] = r0;
  net->reactant[2 * r + 1] = r1;
  net->product[2 * r] = p0;
  net->product[2 * r + 1] = p1;
  net->factor[r] = factor;
  net->count_of[kind]++;
}


/* 1 when the species present (>= 0) among s[0..4) are all different. */
static int all_different(const int s[4]) {
  for (int i = 0; i < 4; i++) {
    for (int j = i + 1; j < 4; j++) {
      if (s[i] >= 0 && s[i] == s[j]) {
        return 0;
      }
    }
  }
  return 1;
}

int ck_network_reaction_entries(const ck_network *net, size_t r, int species[4], double coef[4]) {
  const int s[4] = {net->reactant[2 * r], net->reactant[2 * r + 1], net->product[2 * r],
                    net->product[2 * r + 1]};
  int n = 0;
  if (all_different(s)) { /* the usual case (all but homodimers): nothing merges or cancels */
    for (int k = 0; k < 4; k++) {
      if (s[k] >= 0) {
        species[n] = s[k], coef[n++] = k < 2 ? -1.0 : 1.0;
      }
    }
    return n;
  }
  for (int k = 0; k < 4; k++) {
    double c = k < 2 ? -1.0 : 1.0;
    if (s[k] < 0) {
      continue;
    }
    int found = 0;
    for (int e = 0; e < n; e++) {
      if (species[e] == s[k]) {
        coef[e] += c;
        found = 1;
      }
    }
    if (!found) {
      species[n] = s[k];
      coef[n++] = c;
    }
  }
  int kept = 0;
  for (int e = 0; e < n; e++) {
    if (coef[e] != 0.0) {
      species[kept] = species[e];
      coef[kept++] = coef[e];
    }
  }
  return kept;
}

void ck_network_finalize(ck_network *net) {
  for (size_t r = 0; r < net->n_reactions; r++) {
    double k = net->group != NULL ? net->pair_k[net->group[r]][net->kind[r]] : net->k[net->kind[r]];
    net->rate[r] = k * net->factor[r];
  }
}

static int is_exchange_metal(const ck_network *net, const char *symbol) {
  for (int x = 0; x < net->n_metals; x++) {
    if (strcmp(net->metal[x], symbol) == 0) {
      return 1;
    }
  }
  return 0;
}

/* Fixed metals that do not exchange, in order of first appearance over the
 * families (one family: its `fixed:` order, as labels always had). */
static void set_label_fixed(ck_network *net) {
  net->n_label_fixed = 0;
  for (int f = 0; f < net->n_families; f++) {
    for (int i = 0; i < net->fam[f].n_fixed; i++) {
      const char *symbol = net->fam[f].fixed_metal[i];
      int seen = is_exchange_metal(net, symbol);
      for (int k = 0; k < net->n_label_fixed; k++) {
        seen |= strcmp(net->label_fixed[k], symbol) == 0;
      }
      if (!seen) {
        snprintf(net->label_fixed[net->n_label_fixed++], CK_SYMBOL_MAX, "%s", symbol);
      }
    }
  }
}

void ck_network_set_families(ck_network *net, const ck_family *families, int n_families) {
  net->n_families = n_families;
  for (int f = 0; f < n_families; f++) {
    net->fam[f] = families[f];
    net->fam[f].name = NULL;
  }
  set_label_fixed(net);
}

void ck_network_set_one_family(ck_network *net, const ck_model *model) {
  ck_family f;
  memset(&f, 0, sizeof f);
  f.nuclearity = model->nuclearity;
  f.charge = model->charge;
  f.n_fixed = model->n_fixed;
  memcpy(f.fixed_metal, model->fixed_metal, sizeof f.fixed_metal);
  memcpy(f.fixed_count, model->fixed_count, sizeof f.fixed_count);
  ck_network_set_families(net, &f, 1);
  net->fam_start[0] = 0;
  net->fam_start[1] = net->n_monomers;
  net->n_pairs = net->n_dimers > 0 ? 1 : 0;
  net->pair_family[0][0] = net->pair_family[0][1] = 0;
  net->pair_start[0] = 0;
  net->pair_start[1] = net->n_dimers;
}

size_t ck_network_species_count(const ck_network *net) {
  return net->n_species;
}
size_t ck_network_monomer_count(const ck_network *net) {
  return net->n_monomers;
}
size_t ck_network_dimer_count(const ck_network *net) {
  return net->n_dimers;
}
size_t ck_network_trimer_count(const ck_network *net) {
  return net->n_trimers;
}
size_t ck_network_reaction_count(const ck_network *net) {
  return net->n_reactions;
}
size_t ck_network_reaction_count_of(const ck_network *net, ck_reaction_kind kind) {
  return (kind >= 0 && kind < CK_REACTION_KIND_COUNT) ? net->count_of[kind] : 0;
}

const int *ck_network_metal_counts(const ck_network *net, int *n_metals) {
  if (n_metals != NULL) {
    *n_metals = net->n_metals;
  }
  return net->metal_counts;
}

ck_status ck_network_set_rates(ck_network *net, double k_dim_per_nM_s, double k_diss_per_s,
                               double k_ex_per_s) {
  if (!(k_dim_per_nM_s >= 0.0 && k_diss_per_s >= 0.0 && k_ex_per_s >= 0.0)) {
    return CK_ERR_ARG; /* also rejects NaN */
  }
  if (net->collision || net->group != NULL) {
    return CK_ERR_UNSUPPORTED; /* one constant (collision), or one set per pair (pairs:) */
  }
  net->k[CK_REACTION_DIMERIZATION] = k_dim_per_nM_s;
  net->k[CK_REACTION_DISSOCIATION] = k_diss_per_s;
  net->k[CK_REACTION_EXCHANGE] = k_ex_per_s;
  net->k[CK_REACTION_TRIMER_EXCHANGE] = k_ex_per_s; /* trimers exchange by the dimer's rule */
  for (size_t r = 0; r < net->n_reactions; r++) {
    net->rate[r] = net->k[net->kind[r]] * net->factor[r];
  }
  return CK_OK;
}

ck_status ck_network_set_collision_rate(ck_network *net, double k_coll_per_nM_s) {
  if (!net->collision || net->group != NULL) { /* with pairs: one constant per pair */
    return CK_ERR_UNSUPPORTED;
  }
  if (!(k_coll_per_nM_s >= 0.0)) {
    return CK_ERR_ARG;
  }
  net->k[CK_REACTION_EXCHANGE] = k_coll_per_nM_s;
  for (size_t r = 0; r < net->n_reactions; r++) {
    net->rate[r] = net->k[net->kind[r]] * net->factor[r];
  }
  return CK_OK;
}

ck_mechanism_kind ck_network_mechanism(const ck_network *net) {
  return net->collision ? CK_MECHANISM_COLLISION_EXCHANGE : CK_MECHANISM_DIMER_EXCHANGE;
}
