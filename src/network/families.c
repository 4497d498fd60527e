/* SPDX-License-Identifier: MIT */
/* Networks of several cluster families with per-pair switches (MODEL.md section 3).
 *
 * The dimer-exchange mechanism of MODEL.md section 2, generalised: monomers
 * of family f are compositions of its N_f exchangeable atoms over the model's
 * metals; each pair class (families f <= g) that dimerizes has dimers of one
 * subunit of each, with its own k_dim, k_diss (0: a stable dimer, no
 * dissociation reactions) and k_ex (exchange may be off). Exchange in a
 * heterodimer swaps one atom for one, so each subunit keeps its N: an atom
 * of metal x of the f-subunit (a atoms) trades places with an atom of metal
 * y != x of the g-subunit (b atoms) with probability (a_x / N_f)(b_y / N_g).
 * For f == g this is generate.c's rule exactly; for f < g the subunits are
 * told apart by their family, so every swap gives a different ordered pair
 * and no sum over labeled ways arises. Reactions carry their pair class
 * (net->group), whose constants finalize multiplies in. */
#include <stdlib.h>
#include <string.h>

#include "network/network_impl.h"

#define MAX_MONOMERS 100000 /* as for one family: the pair tables grow with its square */

static size_t family_size(const ck_network *net, int f) {
  return net->fam_start[f + 1] - net->fam_start[f];
}

/* Dimer species of the ordered subunits (i of family f, j of family g) in class p. */
static size_t dimer_species(const ck_network *net, int p, size_t i, size_t j) {
  int f = net->pair_family[p][0], g = net->pair_family[p][1];
  size_t li = i - net->fam_start[f], lj = j - net->fam_start[g];
  size_t local =
      f == g ? ck_dimer_index(li, lj, family_size(net, f)) : li * family_size(net, g) + lj;
  return net->n_monomers + net->pair_start[p] + local;
}

/* The exchange products of subunit i (family f) with subunit j (family g),
 * global monomer indices in the class's order (see ck_exchange_swaps). */
static int products_of(const ck_network *net, int f, int g, size_t i, size_t j, ck_swap *out) {
  ck_swap_partner first = {i, net->fam_start[f], net->fam[f].nuclearity};
  ck_swap_partner second = {j, net->fam_start[g], net->fam[g].nuclearity};
  return ck_exchange_swaps(net, &first, &second, f == g, out);
}

/* Calls visit(net, model, p, d, i, j) for every dimer d (global dimer index)
 * of every class, subunits i (family f) and j (family g). */
typedef void (*dimer_visitor)(ck_network *net, const ck_model *model, int p, size_t d, size_t i,
                              size_t j, size_t *count);

static void each_dimer(ck_network *net, const ck_model *model, dimer_visitor visit, size_t *count) {
  for (int p = 0; p < net->n_pairs; p++) {
    int f = net->pair_family[p][0], g = net->pair_family[p][1];
    size_t d = net->pair_start[p];
    for (size_t i = net->fam_start[f]; i < net->fam_start[f + 1]; i++) {
      for (size_t j = f == g ? i : net->fam_start[g]; j < net->fam_start[g + 1]; j++, d++) {
        visit(net, model, p, d, i, j, count);
      }
    }
  }
}

static void fill_dimer(ck_network *net, const ck_model *model, int p, size_t d, size_t i, size_t j,
                       size_t *count) {
  (void)model, (void)p, (void)count;
  int m = net->n_metals;
  net->dimer_sub[2 * d] = (int)i;
  net->dimer_sub[2 * d + 1] = (int)j;
  int *counts = net->metal_counts + (net->n_monomers + d) * (size_t)m;
  for (int x = 0; x < m; x++) {
    counts[x] = net->composition[i * (size_t)m + x] + net->composition[j * (size_t)m + x];
  }
}

static const ck_pair *pair_of(const ck_model *model, const ck_network *net, int p) {
  for (int k = 0; k < model->n_pairs; k++) {
    if (model->pairs[k].family[0] == net->pair_family[p][0] &&
        model->pairs[k].family[1] == net->pair_family[p][1]) {
      return &model->pairs[k];
    }
  }
  return NULL;
}

static void count_exchange(ck_network *net, const ck_model *model, int p, size_t d, size_t i,
                           size_t j, size_t *count) {
  (void)d;
  ck_swap out[CK_MAX_SWAPS];
  if (pair_of(model, net, p)->exchange) {
    *count += (size_t)products_of(net, net->pair_family[p][0], net->pair_family[p][1], i, j, out);
  }
}

static void add_reaction(ck_network *net, int p, ck_reaction_kind kind, int r0, int r1, int p0,
                         int p1, double factor) {
  net->group[net->n_reactions] = (unsigned char)p;
  ck_network_add_reaction(net, kind, r0, r1, p0, p1, factor);
}

/* Dimerization scaling (MODEL.md section 2) over the atoms of both subunits. */
static double scaling(const ck_network *net, const ck_model *model, size_t i, size_t j, int f,
                      int g) {
  if (model->scaling_metal < 0) {
    return 1.0;
  }
  int x = model->scaling_metal, m = net->n_metals;
  return (double)(net->composition[i * (size_t)m + x] + net->composition[j * (size_t)m + x]) /
         (double)(net->fam[f].nuclearity + net->fam[g].nuclearity);
}

static void add_dimer_reactions(ck_network *net, const ck_model *model, int p, size_t d, size_t i,
                                size_t j, size_t *count) {
  (void)count;
  int f = net->pair_family[p][0], g = net->pair_family[p][1];
  const ck_pair *pair = pair_of(model, net, p);
  int s = (int)(net->n_monomers + d);
  double fs = scaling(net, model, i, j, f, g);
  add_reaction(net, p, CK_REACTION_DIMERIZATION, (int)i, (int)j, s, -1, i == j ? 0.5 * fs : fs);
  if (pair->k_diss_per_s > 0.0) { /* a stable dimer has no way back */
    add_reaction(net, p, CK_REACTION_DISSOCIATION, s, -1, (int)i, (int)j, 1.0);
  }
  if (!pair->exchange) {
    return;
  }
  ck_swap out[CK_MAX_SWAPS];
  int n = products_of(net, f, g, i, j, out);
  for (int k = 0; k < n; k++) {
    double factor = model->probability == CK_EXCHANGE_STATISTICAL ? out[k].probability : 1.0;
    add_reaction(net, p, CK_REACTION_EXCHANGE, s, -1,
                 (int)dimer_species(net, p, out[k].p, out[k].q), -1, factor);
  }
}

static ck_status check_families(ck_ctx *ctx, const ck_model *model, int nf) {
  if (nf < 1 || nf > CK_MAX_FAMILIES || model->n_pairs > nf * (nf + 1) / 2) {
    CK_FAIL(ctx, CK_ERR_INPUT,
            "%d families and %d pairs: expected 1 to %d families and a pair "
            "entry for each pair of them",
            nf, model->n_pairs, CK_MAX_FAMILIES);
  }
  for (int k = 0; k < model->n_pairs; k++) {
    const ck_pair *p = &model->pairs[k];
    if (p->family[0] < 0 || p->family[0] > p->family[1] || p->family[1] >= nf) {
      CK_FAIL(ctx, CK_ERR_INPUT, "pair %d names families %d and %d of %d", k, p->family[0],
              p->family[1], nf);
    }
  }
  return CK_OK;
}

static ck_network *build(ck_ctx *ctx, const ck_model *model, const ck_family *fams, int nf) {
  int m = model->n_metals;
  size_t start[CK_MAX_FAMILIES + 1] = {0};
  for (int f = 0; f < nf; f++) {
    uint64_t count = ck_composition_count(fams[f].nuclearity, m);
    if (fams[f].nuclearity < 1 || count > MAX_MONOMERS) {
      ck_error_set(ctx, CK_ERR_LIMIT, "family %d: %llu monomer states (N = %d): not supported", f,
                   (unsigned long long)count, fams[f].nuclearity);
      return NULL;
    }
    start[f + 1] = start[f] + (size_t)count;
  }
  int n_pairs = 0;
  size_t pair_start[CK_MAX_FAMILIES * (CK_MAX_FAMILIES + 1) / 2 + 1] = {0};
  int pair_family[CK_MAX_FAMILIES * (CK_MAX_FAMILIES + 1) / 2][2];
  for (int k = 0; k < model->n_pairs; k++) { /* classes in the order of model->pairs */
    const ck_pair *p = &model->pairs[k];
    if (!p->dimerize) {
      continue;
    }
    size_t nf_ = start[p->family[0] + 1] - start[p->family[0]];
    size_t ng = start[p->family[1] + 1] - start[p->family[1]];
    pair_family[n_pairs][0] = p->family[0], pair_family[n_pairs][1] = p->family[1];
    pair_start[n_pairs + 1] =
        pair_start[n_pairs] + (p->family[0] == p->family[1] ? nf_ * (nf_ + 1) / 2 : nf_ * ng);
    n_pairs++;
  }
  ck_network *net = ck_network_alloc(ctx, start[nf], pair_start[n_pairs], m, 0);
  if (net == NULL) {
    return NULL;
  }
  memcpy(net->metal, model->metal, sizeof net->metal);
  net->memory_limit_bytes = ck_memory_limit(model);
  ck_network_set_families(net, fams, nf);
  memcpy(net->fam_start, start, sizeof start);
  net->n_pairs = n_pairs;
  memcpy(net->pair_family, pair_family, sizeof pair_family);
  memcpy(net->pair_start, pair_start, sizeof pair_start);
  /* The one-family fields describe family 0. */
  net->nuclearity = fams[0].nuclearity;
  net->charge = fams[0].charge;
  net->n_fixed = fams[0].n_fixed;
  memcpy(net->fixed_metal, fams[0].fixed_metal, sizeof net->fixed_metal);
  memcpy(net->fixed_count, fams[0].fixed_count, sizeof net->fixed_count);
  for (int p = 0; p < n_pairs; p++) {
    const ck_pair *pair = pair_of(model, net, p);
    net->pair_k[p][CK_REACTION_DIMERIZATION] = pair->k_dim_per_nM_s;
    net->pair_k[p][CK_REACTION_DISSOCIATION] = pair->k_diss_per_s;
    net->pair_k[p][CK_REACTION_EXCHANGE] = pair->k_ex_per_s;
  }
  net->composition = ck_calloc(ctx, net->n_monomers * (size_t)m, sizeof(int));
  net->dimer_sub = ck_calloc(ctx, 2 * net->n_dimers + 1, sizeof(int));
  if (net->composition == NULL || net->dimer_sub == NULL) {
    ck_network_free(net);
    return NULL;
  }
  for (int f = 0; f < nf; f++) {
    ck_composition_enumerate(fams[f].nuclearity, m, net->composition + start[f] * (size_t)m);
  }
  memcpy(net->metal_counts, net->composition, net->n_monomers * (size_t)m * sizeof(int));
  return net;
}

/* ---- collision exchange (MODEL.md section 3) ----------------------------- */

/* Encounters M_i + M_j -> M_p + M_q of every pair that exchanges (model
 * slot k, families f <= g): the fast-dissociation limit of the pair's dimer
 * exchange, swapping one atom for one so each cluster keeps its N, at
 * k_c f P [M_i][M_j] (a homo-encounter i = j half that, as in generate.c).
 * The reaction's group is the slot, whose k_c finalize multiplies in.
 * Returns the number of reactions; adds them when add is set. */
static size_t collisions(ck_network *net, const ck_model *model, int add) {
  size_t count = 0;
  ck_swap out[CK_MAX_SWAPS];
  for (int k = 0; k < model->n_pairs; k++) {
    const ck_pair *pair = &model->pairs[k];
    int f = pair->family[0], g = pair->family[1];
    if (!pair->exchange) {
      continue;
    }
    for (size_t i = net->fam_start[f]; i < net->fam_start[f + 1]; i++) {
      for (size_t j = f == g ? i : net->fam_start[g]; j < net->fam_start[g + 1]; j++) {
        int n = products_of(net, f, g, i, j, out);
        count += (size_t)n;
        double fs = add ? scaling(net, model, i, j, f, g) : 0.0;
        for (int s = 0; add && s < n; s++) {
          double p = model->probability == CK_EXCHANGE_STATISTICAL ? out[s].probability : 1.0;
          add_reaction(net, k, CK_REACTION_EXCHANGE, (int)i, (int)j, (int)out[s].p, (int)out[s].q,
                       (i == j ? 0.5 : 1.0) * fs * p);
        }
      }
    }
  }
  return count;
}

static ck_network *generate_collisions(ck_ctx *ctx, const ck_model *model, ck_network *net) {
  net->collision = 1;
  for (int k = 0; k < model->n_pairs; k++) { /* group = model slot, no dimer classes */
    net->pair_k[k][CK_REACTION_EXCHANGE] = model->pairs[k].k_coll_per_nM_s;
  }
  size_t capacity = collisions(net, model, 0);
  net->group = ck_calloc(ctx, capacity + 1, 1);
  if (net->group == NULL || ck_network_reserve(ctx, net, capacity) != CK_OK) {
    ck_network_free(net);
    return NULL;
  }
  collisions(net, model, 1);
  ck_network_finalize(net);
  return net;
}

ck_network *ck_network_generate_families(ck_ctx *ctx, const ck_model *model) {
  ck_family one;
  const ck_family *fams = model->families;
  int nf = model->n_families;
  if (nf < 1 || fams == NULL) { /* a program's model: one family in the old fields */
    memset(&one, 0, sizeof one);
    one.nuclearity = model->nuclearity, one.charge = model->charge, one.n_fixed = model->n_fixed;
    memcpy(one.fixed_metal, model->fixed_metal, sizeof one.fixed_metal);
    memcpy(one.fixed_count, model->fixed_count, sizeof one.fixed_count);
    fams = &one, nf = 1;
  }
  if (check_families(ctx, model, nf) != CK_OK) {
    return NULL;
  }
  ck_network *net = build(ctx, model, fams, nf);
  if (net == NULL || model->kind == CK_MECHANISM_COLLISION_EXCHANGE) {
    return net == NULL ? NULL : generate_collisions(ctx, model, net);
  }
  size_t n_exchange = 0, n_diss = 0;
  each_dimer(net, model, fill_dimer, NULL);
  each_dimer(net, model, count_exchange, &n_exchange);
  for (int p = 0; p < net->n_pairs; p++) {
    n_diss += pair_of(model, net, p)->k_diss_per_s > 0.0
                  ? net->pair_start[p + 1] - net->pair_start[p]
                  : 0;
  }
  size_t capacity = net->n_dimers + n_diss + n_exchange;
  net->group = ck_calloc(ctx, capacity + 1, 1);
  if (net->group == NULL || ck_network_reserve(ctx, net, capacity) != CK_OK) {
    ck_network_free(net);
    return NULL;
  }
  each_dimer(net, model, add_dimer_reactions, NULL);
  ck_network_finalize(net);
  return net;
}

ck_status ck_network_set_pair_rates(ck_network *net, int f, int g, double k_dim_per_nM_s,
                                    double k_diss_per_s, double k_ex_per_s) {
  if (net->group == NULL) {
    return CK_ERR_UNSUPPORTED;
  }
  if (!(k_dim_per_nM_s >= 0.0 && k_diss_per_s >= 0.0 && k_ex_per_s >= 0.0)) {
    return CK_ERR_ARG; /* also rejects NaN */
  }
  int lo = f < g ? f : g, hi = f < g ? g : f, p = 0;
  while (p < net->n_pairs && !(net->pair_family[p][0] == lo && net->pair_family[p][1] == hi)) {
    p++;
  }
  if (p == net->n_pairs) {
    return CK_ERR_ARG;
  }
  net->pair_k[p][CK_REACTION_DIMERIZATION] = k_dim_per_nM_s;
  net->pair_k[p][CK_REACTION_DISSOCIATION] = k_diss_per_s;
  net->pair_k[p][CK_REACTION_EXCHANGE] = k_ex_per_s;
  for (size_t r = 0; r < net->n_reactions; r++) {
    if (net->group[r] == p) {
      net->rate[r] = net->pair_k[p][net->kind[r]] * net->factor[r];
    }
  }
  return CK_OK;
}
