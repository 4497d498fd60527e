/* SPDX-License-Identifier: MIT */
/* Expansion of a dimer-exchange mechanism into species and reactions (MODEL.md section 2). */
#include <stdlib.h>
#include <string.h>

#include "network/network_impl.h"
#include "network/site_weights.h"

static ck_status check_model(ck_ctx *ctx, const ck_model *model) {
  if (model->kind != CK_MECHANISM_DIMER_EXCHANGE &&
      model->kind != CK_MECHANISM_COLLISION_EXCHANGE) {
    CK_FAIL(ctx, CK_ERR_ARG, "unknown mechanism kind %d", (int)model->kind);
  }
  if (model->n_metals < 1 || model->n_metals > CK_MAX_METALS) {
    CK_FAIL(ctx, CK_ERR_INPUT, "a model needs 1 to %d exchangeable metals, not %d", CK_MAX_METALS,
            model->n_metals);
  }
  if (model->nuclearity < 1) {
    CK_FAIL(ctx, CK_ERR_INPUT, "nuclearity must be at least 1, not %d", model->nuclearity);
  }
  if (model->scaling_metal >= model->n_metals) {
    CK_FAIL(ctx, CK_ERR_INPUT, "dimerization scaling names metal %d of %d", model->scaling_metal,
            model->n_metals);
  }
  /* the trimers' size guard first: its message says what to change */
  if (ck_trimers_check(ctx, model,
                       (double)ck_composition_count(model->nuclearity, model->n_metals)) != CK_OK) {
    return ck_ctx_status(ctx);
  }
  ck_memory_estimate e;
  if (ck_network_estimate_memory(ctx, model, &e) != CK_OK) {
    return ck_ctx_status(ctx);
  }
  if (e.network_bytes > e.limit_bytes) {
    return ck_memory_refuse(ctx, "the reaction network", e.network_bytes, e.species, e.reactions,
                            e.limit_bytes);
  }
  if (ck_composition_count(model->nuclearity, model->n_metals) > 100000) {
    CK_FAIL(ctx, CK_ERR_LIMIT, "%llu monomer states: too many for the dimer-exchange generator",
            (unsigned long long)ck_composition_count(model->nuclearity, model->n_metals));
  }
  return CK_OK;
}

/* Dimerization scaling f(a, b) (MODEL.md section 2): 1, or the fraction of
 * the named metal among the atoms of both reactants. */
static double dimerization_factor(const ck_model *model, const int *a, const int *b) {
  if (model->scaling_metal < 0) {
    return 1.0;
  }
  int x = model->scaling_metal;
  return (double)(a[x] + b[x]) / (2.0 * model->nuclearity);
}

/* The exchange products of subunits (or colliding monomers) i <= j of the
 * one family (see ck_exchange_swaps). */
static int exchange_products(const ck_network *net, size_t i, size_t j, ck_swap *out) {
  ck_swap_partner first = {i, 0, net->nuclearity}, second = {j, 0, net->nuclearity};
  return ck_exchange_swaps(net, &first, &second, 1, out);
}

static void fill_species(ck_network *net) {
  int m = net->n_metals;
  size_t nm = net->n_monomers;
  ck_composition_enumerate(net->nuclearity, m, net->composition);
  memcpy(net->metal_counts, net->composition, nm * (size_t)m * sizeof(int));
  for (size_t i = 0; i < nm && net->n_dimers > 0; i++) {
    for (size_t j = i; j < nm; j++) {
      size_t d = ck_dimer_index(i, j, nm);
      net->dimer_sub[2 * d] = (int)i;
      net->dimer_sub[2 * d + 1] = (int)j;
      int *counts = net->metal_counts + (nm + d) * (size_t)m;
      for (int x = 0; x < m; x++) {
        counts[x] = net->composition[i * (size_t)m + x] + net->composition[j * (size_t)m + x];
      }
    }
  }
}

/* swaps: each dimer's exchange products, per apart (exchange_products'), n_swaps of them. */
static void add_reactions(ck_network *net, const ck_model *model, const ck_swap *swaps,
                          const int *n_swaps, size_t per) {
  size_t nm = net->n_monomers, nd = net->n_dimers;
  int m = net->n_metals;
  for (size_t d = 0; d < nd; d++) { /* dimerization; homo: v = (k/2)[M]^2 */
    int i = net->dimer_sub[2 * d], j = net->dimer_sub[2 * d + 1];
    double f = dimerization_factor(model, net->composition + (size_t)i * (size_t)m,
                                   net->composition + (size_t)j * (size_t)m);
    ck_network_add_reaction(net, CK_REACTION_DIMERIZATION, i, j, (int)(nm + d), -1,
                            i == j ? 0.5 * f : f);
  }
  for (size_t d = 0; d < nd; d++) {
    ck_network_add_reaction(net, CK_REACTION_DISSOCIATION, (int)(nm + d), -1, net->dimer_sub[2 * d],
                            net->dimer_sub[2 * d + 1], 1.0);
  }
  for (size_t d = 0; d < nd; d++) {
    const ck_swap *products = swaps + d * per;
    for (int k = 0; k < n_swaps[d]; k++) {
      double factor = model->probability == CK_EXCHANGE_STATISTICAL ? products[k].probability : 1.0;
      size_t product = ck_dimer_index(products[k].p, products[k].q, nm);
      ck_network_add_reaction(net, CK_REACTION_EXCHANGE, (int)(nm + d), -1, (int)(nm + product), -1,
                              factor);
    }
  }
}

/* Collision exchange (MODEL.md section 3): the fast-dissociation limit of the
 * dimer mechanism. A dimer formed at k_dim f [M_a][M_b] (half that for a = b)
 * that exchanges at k_ex P before it falls apart at k_diss >> k_ex gives
 * M_a + M_b -> M_a' + M_b' at k_c f P [M_a][M_b] with k_c = k_dim k_ex / k_diss,
 * so the factor carries f, P (or 1 for constant exchange) and the same 1/2 for
 * a homo-encounter. Returns the number of reactions; adds them when add is set. */
static size_t collision_reactions(ck_network *net, const ck_model *model, int add) {
  size_t nm = net->n_monomers, count = 0;
  int m = net->n_metals;
  ck_swap products[CK_MAX_SWAPS];
  for (size_t i = 0; i < nm; i++) {
    for (size_t j = i; j < nm; j++) {
      int n = exchange_products(net, i, j, products);
      count += (size_t)n;
      if (!add) {
        continue;
      }
      double f = dimerization_factor(model, net->composition + i * (size_t)m,
                                     net->composition + j * (size_t)m);
      for (int k = 0; k < n; k++) {
        double p = model->probability == CK_EXCHANGE_STATISTICAL ? products[k].probability : 1.0;
        ck_network_add_reaction(net, CK_REACTION_EXCHANGE, (int)i, (int)j, (int)products[k].p,
                                (int)products[k].q, (i == j ? 0.5 : 1.0) * f * p);
      }
    }
  }
  return count;
}

static ck_network *generate_collision(ck_ctx *ctx, const ck_model *model, ck_network *net) {
  size_t n = collision_reactions(net, model, 0);
  if (ck_network_reserve(ctx, net, n) != CK_OK) {
    ck_network_free(net);
    return NULL;
  }
  net->k[CK_REACTION_EXCHANGE] = model->k_coll_per_nM_s;
  collision_reactions(net, model, 1);
  ck_network_finalize(net);
  return net;
}

static ck_network *generate(ck_ctx *ctx, const ck_model *model) {
  if (check_model(ctx, model) != CK_OK) {
    return NULL;
  }
  if (model->n_pairs > 0) {
    return ck_network_generate_families(ctx, model);
  }
  int m = model->n_metals;
  int collision = model->kind == CK_MECHANISM_COLLISION_EXCHANGE;
  size_t nm = (size_t)ck_composition_count(model->nuclearity, m);
  size_t nd = collision ? 0 : nm * (nm + 1) / 2;
  size_t nt = model->trimers.enabled ? (size_t)ck_trimer_count((double)nm) : 0;
  /* Every dimer has at most CK_MAX_SWAPS exchange products; usually far fewer,
   * so count them exactly after the species exist, then size the arrays. */
  ck_network *net = ck_network_alloc(ctx, nm, nd + nt, m, 0);
  if (net == NULL) {
    return NULL;
  }
  net->n_dimers = nd, net->n_trimers = nt; /* trimers: species after the dimers */
  net->collision = collision;
  net->memory_limit_bytes = ck_memory_limit(model);
  net->nuclearity = model->nuclearity;
  net->charge = model->charge;
  memcpy(net->metal, model->metal, sizeof net->metal);
  net->n_fixed = model->n_fixed;
  memcpy(net->fixed_metal, model->fixed_metal, sizeof net->fixed_metal);
  memcpy(net->fixed_count, model->fixed_count, sizeof net->fixed_count);
  net->composition = ck_calloc(ctx, nm * (size_t)m, sizeof(int));
  net->dimer_sub = ck_calloc(ctx, 2 * nd + 1, sizeof(int));
  if (net->composition == NULL || net->dimer_sub == NULL) {
    ck_network_free(net);
    return NULL;
  }
  fill_species(net);
  ck_network_set_one_family(net, model);
  if (collision) {
    return generate_collision(ctx, model, net);
  }
  /* Exchange products found once, kept until the reaction arrays are sized
   * (they cost more than the rest of the generation): at most one pair per
   * ordered metal pair, m (m - 1) per dimer. */
  size_t per = (size_t)m * (size_t)(m - 1), n_exchange = 0;
  ck_swap *swaps = ck_calloc(ctx, nd * per + 1, sizeof *swaps);
  int *n_swaps = ck_calloc(ctx, nd + 1, sizeof(int));
  if (swaps == NULL || n_swaps == NULL) {
    free(swaps), free(n_swaps);
    ck_network_free(net);
    return NULL;
  }
  for (size_t d = 0; d < nd; d++) {
    ck_swap products[CK_MAX_SWAPS];
    n_swaps[d] = exchange_products(net, (size_t)net->dimer_sub[2 * d],
                                   (size_t)net->dimer_sub[2 * d + 1], products);
    memcpy(swaps + d * per, products, (size_t)n_swaps[d] * sizeof *products);
    n_exchange += (size_t)n_swaps[d];
  }
  if (ck_network_reserve(ctx, net, 2 * nd + n_exchange) != CK_OK) {
    free(swaps), free(n_swaps);
    ck_network_free(net);
    return NULL;
  }
  net->k[CK_REACTION_DIMERIZATION] = model->k_dim_per_nM_s;
  net->k[CK_REACTION_DISSOCIATION] = model->k_diss_per_s;
  net->k[CK_REACTION_EXCHANGE] = model->k_ex_per_s;
  add_reactions(net, model, swaps, n_swaps, per);
  free(swaps), free(n_swaps);
  if (nt > 0 && ck_trimers_add(ctx, net, model) != CK_OK) {
    ck_network_free(net);
    return NULL;
  }
  ck_network_finalize(net);
  return net;
}

ck_network *ck_network_generate(ck_ctx *ctx, const ck_model *model) {
  ck_network *net = generate(ctx, model);
  if (net != NULL) {
    net->labels_spaced = ck_model_labels_spaced(model);
  }
  /* Site free energies (MODEL.md section 5) bend the exchange factors; site_weights.c. */
  if (net != NULL && ck_site_weights_apply(ctx, model, net) != CK_OK) {
    ck_network_free(net);
    return NULL;
  }
  return net;
}
