/* SPDX-License-Identifier: MIT */
/* Opt-in trimers (issue 5 item 7; README, "Trimers"): D + M <-> T and exchange inside T.
 *
 * The mass spectra of Ag25 + Au25 show [Ag_m Au_(75-m)]3- beside the dimers
 * (papers/neumaier-2021-ag25-au25-kinetics.txt). A trimer T{a,b,c} is an
 * UNORDERED triple of monomeric subunits that keep their identity, as the
 * dimer's two do (MODEL.md section 2). Reactions, with the rate conventions
 * chosen so that the lumped network is an exact lumping of the one in which
 * the three subunits are told apart:
 * - formation  D{a,b} + M_c -> T{a,b,c} at k_tri f [D][M]: every encounter
 *   of a dimer with a monomer alike (f: the dimerization scaling over the
 *   atoms of all three subunits, 1 without scaling);
 * - dissociation T{a,b,c} -> D{b,c} + M_a: the trimer falls apart at k_tri_diss
 *   in total (lifetime 1/k_tri_diss, like the dimer's 1/k_diss), each of its
 *   three subunits leaving with probability 1/3, so the factor is the number
 *   of subunits of that composition over 3;
 * - exchange: every pair of subunits exchanges by the dimer's rule (k_ex,
 *   statistical P summed over labeled ways, or constant), the third subunit
 *   looking on; labeled ways reaching the same product trimer are summed, and
 *   with constant exchange each distinct product trimer is one reaction at k_ex.
 * Detailed balance then holds at [T{a,b,c}] = 3 (k_tri / k_tri_diss) K_d
 * [M_a][M_b][M_c] / sigma (K_d = k_dim / k_diss, sigma = 1, 2, 6 for three,
 * two, one distinct subunits), so statistical exchange keeps the binomial
 * equilibrium of MODEL.md section 2; a pure cluster gives [T] = K_t [D][M],
 * K_t = k_tri / k_tri_diss. */
#include <string.h>

#include "network/network_impl.h"

/* At most this many distinct product trimers per trimer: 3 pairs x the swaps. */
#define MAX_PRODUCTS (3 * CK_MAX_SWAPS)

double ck_trimer_count(double n) {
  return n * (n + 1.0) * (n + 2.0) / 6.0;
}

/* C(n + 2, 3) exactly in integers (n(n+1)(n+2) is divisible by 6). */
static size_t triples(size_t n) {
  return n * (n + 1) * (n + 2) / 6;
}

size_t ck_trimer_index(size_t i, size_t j, size_t k, size_t n) {
  /* triples with a first subunit >= i are the triples over the last n - i */
  return triples(n) - triples(n - i) + ck_dimer_index(j - i, k - i, n - i);
}

double ck_trimer_reaction_bound(double n, int m) {
  /* per trimer: up to 3 formations, 3 dissociations, 3 pairs x m (m-1) swaps */
  return ck_trimer_count(n) * (6.0 + 3.0 * m * (m - 1.0));
}

static double max_species(const ck_model *model) {
  return model->trimers.max_species > 0.0 ? model->trimers.max_species
                                          : CK_TRIMERS_MAX_SPECIES_DEFAULT;
}

ck_status ck_trimers_check(ck_ctx *ctx, const ck_model *model, double monomers) {
  if (!model->trimers.enabled) {
    return CK_OK;
  }
  if (model->kind != CK_MECHANISM_DIMER_EXCHANGE) {
    CK_FAIL(ctx, CK_ERR_UNSUPPORTED, "trimers need kind: dimer-exchange");
  }
  if (model->n_pairs > 0 || model->n_families > 1) {
    CK_FAIL(ctx, CK_ERR_UNSUPPORTED,
            "trimers in a model of several families or with a pairs: block are not supported");
  }
  if (model->sites != NULL) {
    CK_FAIL(ctx, CK_ERR_UNSUPPORTED, "trimers together with sites: are not supported");
  }
  double n = ck_trimer_count(monomers), limit = max_species(model);
  if (n > limit) {
    CK_FAIL(ctx, CK_ERR_LIMIT,
            "trimers: %.0f monomer states give %.0f trimer species, above the size guard of "
            "%.0f; raise mechanism.trimers.max-species if you mean it, or shrink the model",
            monomers, n, limit);
  }
  return CK_OK;
}

/* The three subunits of trimer t (ascending monomer indices). */
static const int *subunits(const ck_network *net, size_t t) {
  return net->trimer_sub + 3 * t;
}

static int trimer_species(const ck_network *net, size_t a, size_t b, size_t c) {
  size_t s[3] = {a, b, c}, x;
  if (s[0] > s[1]) {
    x = s[0], s[0] = s[1], s[1] = x;
  }
  if (s[1] > s[2]) {
    x = s[1], s[1] = s[2], s[2] = x;
  }
  if (s[0] > s[1]) {
    x = s[0], s[0] = s[1], s[1] = x;
  }
  size_t nm = net->n_monomers;
  return (int)(nm + net->n_dimers + ck_trimer_index(s[0], s[1], s[2], nm));
}

static void fill_trimers(ck_network *net) {
  size_t nm = net->n_monomers, t = 0;
  int m = net->n_metals;
  for (size_t i = 0; i < nm; i++) {
    for (size_t j = i; j < nm; j++) {
      for (size_t k = j; k < nm; k++, t++) { /* lexicographic: t == ck_trimer_index(i, j, k) */
        int *sub = net->trimer_sub + 3 * t;
        sub[0] = (int)i, sub[1] = (int)j, sub[2] = (int)k;
        int *counts = net->metal_counts + (nm + net->n_dimers + t) * (size_t)m;
        for (int x = 0; x < m; x++) {
          counts[x] = net->composition[i * (size_t)m + x] + net->composition[j * (size_t)m + x] +
                      net->composition[k * (size_t)m + x];
        }
      }
    }
  }
}

/* Dimerization scaling (MODEL.md section 2) over the atoms of the three subunits. */
static double scaling(const ck_network *net, const ck_model *model, const int *sub) {
  if (model->scaling_metal < 0) {
    return 1.0;
  }
  int x = model->scaling_metal, m = net->n_metals, atoms = 0;
  for (int p = 0; p < 3; p++) {
    atoms += net->composition[(size_t)sub[p] * (size_t)m + x];
  }
  return (double)atoms / (3.0 * net->nuclearity);
}

/* Formation and dissociation of trimer t: one pair of reactions per distinct
 * subunit composition that can leave (sub is sorted, so equal ones are adjacent). */
static size_t association(ck_network *net, const ck_model *model, size_t t, int add) {
  const int *sub = subunits(net, t);
  int s = (int)(net->n_monomers + net->n_dimers + t);
  size_t count = 0;
  for (int p = 0; p < 3; p++) {
    if (p > 0 && sub[p] == sub[p - 1]) {
      continue;
    }
    int rest[2], r = 0, same = 0;
    for (int q = 0; q < 3; q++) {
      same += sub[q] == sub[p];
      if (q != p) {
        rest[r++] = sub[q];
      }
    }
    count += 2;
    if (!add) {
      continue;
    }
    int dimer =
        (int)(net->n_monomers + ck_dimer_index((size_t)rest[0], (size_t)rest[1], net->n_monomers));
    ck_network_add_reaction(net, CK_REACTION_TRIMERIZATION, dimer, sub[p], s, -1,
                            scaling(net, model, sub));
    ck_network_add_reaction(net, CK_REACTION_TRIMER_DISSOCIATION, s, -1, dimer, sub[p], same / 3.0);
  }
  return count;
}

static void add_product(ck_swap *list, int *n, size_t species, double prob) {
  for (int k = 0; k < *n; k++) {
    if (list[k].p == species) {
      list[k].probability += prob;
      return;
    }
  }
  list[*n] = (ck_swap){species, 0, prob};
  (*n)++;
}

/* Exchange products of trimer t: every pair of its subunits swaps by the
 * dimer's rule (ck_exchange_swaps), the third unchanged; products are trimer
 * species (in .p) with the summed probability. */
static int exchange_products(const ck_network *net, size_t t, ck_swap *out) {
  static const int pair[3][3] = {{0, 1, 2}, {0, 2, 1}, {1, 2, 0}}; /* two swap, one looks on */
  const int *sub = subunits(net, t);
  int self = (int)(net->n_monomers + net->n_dimers + t), n = 0;
  ck_swap swaps[CK_MAX_SWAPS];
  for (int k = 0; k < 3; k++) {
    ck_swap_partner a = {(size_t)sub[pair[k][0]], 0, net->nuclearity};
    ck_swap_partner b = {(size_t)sub[pair[k][1]], 0, net->nuclearity};
    int ns = ck_exchange_swaps(net, &a, &b, 1, swaps);
    for (int w = 0; w < ns; w++) {
      int product = trimer_species(net, swaps[w].p, swaps[w].q, (size_t)sub[pair[k][2]]);
      if (product != self) {
        add_product(out, &n, (size_t)product, swaps[w].probability);
      }
    }
  }
  return n;
}

static size_t exchange(ck_network *net, const ck_model *model, size_t t, int add) {
  ck_swap products[MAX_PRODUCTS];
  int n = exchange_products(net, t, products);
  int s = (int)(net->n_monomers + net->n_dimers + t);
  for (int k = 0; add && k < n; k++) {
    double factor = model->probability == CK_EXCHANGE_STATISTICAL ? products[k].probability : 1.0;
    ck_network_add_reaction(net, CK_REACTION_TRIMER_EXCHANGE, s, -1, (int)products[k].p, -1,
                            factor);
  }
  return (size_t)n;
}

static size_t trimer_reactions(ck_network *net, const ck_model *model, int add) {
  size_t count = 0;
  for (size_t t = 0; t < net->n_trimers; t++) {
    count += association(net, model, t, add);
  }
  for (size_t t = 0; model->trimers.exchange && t < net->n_trimers; t++) {
    count += exchange(net, model, t, add);
  }
  return count;
}

ck_status ck_trimers_add(ck_ctx *ctx, ck_network *net, const ck_model *model) {
  net->trimer_sub = ck_calloc(ctx, 3 * net->n_trimers + 1, sizeof(int));
  if (net->trimer_sub == NULL) {
    return CK_ERR_NOMEM;
  }
  fill_trimers(net);
  size_t n = trimer_reactions(net, model, 0);
  if (ck_network_reserve(ctx, net, net->n_reactions + n) != CK_OK) {
    return ck_ctx_status(ctx);
  }
  net->k[CK_REACTION_TRIMERIZATION] = model->trimers.k_tri_per_nM_s;
  net->k[CK_REACTION_TRIMER_DISSOCIATION] = model->trimers.k_tri_diss_per_s;
  net->k[CK_REACTION_TRIMER_EXCHANGE] = model->k_ex_per_s;
  trimer_reactions(net, model, 1);
  return CK_OK;
}
