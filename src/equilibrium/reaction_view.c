/* SPDX-License-Identifier: MIT */
/* Reactant/product view of every reaction, from the kinetics' shape groups. */
#include <stdlib.h>
#include <string.h>

#include "equilibrium/equilibrium_impl.h"

/* Products = reactants + net stoichiometry (so a catalyst, dropped from the
 * net entries, reappears on both sides). */
static ck_status from_entries(ck_ctx *ctx, ck_eq_reaction *r, int n_entries, const int *species,
                              const double *coef) {
  int sp[6], n_sp = 0;
  double count[6];
  for (int s = 0; s < 2; s++) {
    if (r->reactant[s] >= 0) {
      sp[n_sp] = r->reactant[s], count[n_sp++] = 1.0;
    }
  }
  for (int e = 0; e < n_entries; e++) {
    sp[n_sp] = species[e], count[n_sp++] = coef[e];
  }
  int n_prod = 0;
  r->product[0] = r->product[1] = -1;
  for (int i = 0; i < n_sp; i++) {
    double c = count[i];
    for (int j = 0; j < i; j++) { /* counted already with an earlier entry */
      c = sp[j] == sp[i] ? 0.0 : c;
    }
    for (int j = i + 1; j < n_sp && c != 0.0; j++) {
      c += sp[j] == sp[i] ? count[j] : 0.0;
    }
    for (; c > 0.5; c -= 1.0) {
      if (n_prod == 2) {
        CK_FAIL(ctx, CK_ERR_UNSUPPORTED, "equilibrium: reaction %d has more than two products",
                r->reaction);
      }
      r->product[n_prod++] = sp[i];
    }
  }
  return CK_OK;
}

static void fill_shapes(ck_eq_view *v, size_t *k) {
  const ck_kinetics *kin = &v->kin;
  const int *row = kin->shape[CK_SHAPE_ISOMERIZE];
  for (size_t i = 0; i < kin->n_shape[CK_SHAPE_ISOMERIZE]; i++, row += 3) {
    v->rx[(*k)++] = (ck_eq_reaction){row[0], {row[1], -1}, {row[2], -1}};
  }
  row = kin->shape[CK_SHAPE_SPLIT];
  for (size_t i = 0; i < kin->n_shape[CK_SHAPE_SPLIT]; i++, row += 4) {
    v->rx[(*k)++] = (ck_eq_reaction){row[0], {row[1], -1}, {row[2], row[3]}};
  }
  row = kin->shape[CK_SHAPE_JOIN];
  for (size_t i = 0; i < kin->n_shape[CK_SHAPE_JOIN]; i++, row += 4) {
    v->rx[(*k)++] = (ck_eq_reaction){row[0], {row[1], row[2]}, {row[3], -1}};
  }
}

/* Dimer subunits: the generator's table, else (a hand-built network) through
 * the public lookup over every unordered monomer pair. */
static void find_dimers(ck_eq_view *v, const ck_network *net) {
  /* With several families the lookup by size is ambiguous: use the table. */
  if (net->dimer_sub != NULL && net->n_monomers + net->n_dimers == v->n) {
    memcpy(v->dimer_sub, net->dimer_sub, 2 * (v->n - v->n_monomers) * sizeof *v->dimer_sub);
    return;
  }
  int n_metals;
  const int *counts = ck_network_metal_counts(net, &n_metals);
  size_t nm = v->n_monomers;
  for (size_t d = 0; d < v->n - nm; d++) {
    v->dimer_sub[2 * d] = v->dimer_sub[2 * d + 1] = -1;
  }
  for (size_t i = 0; i < nm; i++) {
    for (size_t j = i; j < nm; j++) {
      int sub[2][CK_MAX_METALS] = {{0}};
      memcpy(sub[0], counts + i * (size_t)n_metals, (size_t)n_metals * sizeof(int));
      memcpy(sub[1], counts + j * (size_t)n_metals, (size_t)n_metals * sizeof(int));
      size_t s;
      if (ck_network_find_species(net, 2, (const int(*)[CK_MAX_METALS])sub, &s) == CK_OK &&
          s >= nm) {
        v->dimer_sub[2 * (s - nm)] = (int)i;
        v->dimer_sub[2 * (s - nm) + 1] = (int)j;
      }
    }
  }
}

ck_status ck_eq_view_init(ck_ctx *ctx, ck_eq_view *v, const ck_network *net) {
  memset(v, 0, sizeof *v);
  if (ck_network_trimer_count(net) > 0) { /* the view knows monomers and dimers only */
    CK_FAIL(ctx, CK_ERR_UNSUPPORTED,
            "equilibrium and EXSY of a network with trimers are not supported yet; "
            "simulate to long times instead");
  }
  ck_status st = ck_kinetics_init(ctx, &v->kin, net);
  if (st != CK_OK) {
    return st;
  }
  v->rate = net->rate;
  v->n = ck_network_species_count(net);
  v->n_monomers = ck_network_monomer_count(net);
  v->n_reactions = ck_network_reaction_count(net);
  v->rx = ck_calloc(ctx, v->n_reactions + 1, sizeof *v->rx);
  v->dimer_sub = ck_calloc(ctx, 2 * (v->n - v->n_monomers) + 1, sizeof *v->dimer_sub);
  if (v->rx == NULL || v->dimer_sub == NULL) {
    ck_eq_view_destroy(v);
    return CK_ERR_NOMEM;
  }
  size_t k = 0;
  fill_shapes(v, &k);
  for (size_t i = 0; i < v->kin.n_general; i++) {
    const ck_general_reaction *g = v->kin.general + i;
    ck_eq_reaction *r = v->rx + k++;
    *r = (ck_eq_reaction){g->reaction, {g->a, g->b}, {-1, -1}};
    if ((st = from_entries(ctx, r, g->n_entries, g->species, g->coef)) != CK_OK) {
      ck_eq_view_destroy(v);
      return st;
    }
  }
  v->n_reactions = k;
  find_dimers(v, net);
  return CK_OK;
}

void ck_eq_view_destroy(ck_eq_view *v) {
  ck_kinetics_destroy(&v->kin);
  free(v->rx);
  free(v->dimer_sub);
  memset(v, 0, sizeof *v);
}
