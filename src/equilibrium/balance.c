/* SPDX-License-Identifier: MIT */
/* Detailed balance at a steady state: each reaction's flux against its reverse's. */
#include <math.h>
#include <stdlib.h>

#include "equilibrium/equilibrium_impl.h"

/* Key of a reaction: sorted reactants then sorted products. */
typedef struct key {
  int s[4];
  size_t k;
} key;

static void sort2(int *a) {
  if (a[0] > a[1]) {
    int t = a[0];
    a[0] = a[1], a[1] = t;
  }
}

static int compare_keys(const void *pa, const void *pb) {
  const key *a = pa, *b = pb;
  for (int i = 0; i < 4; i++) {
    if (a->s[i] != b->s[i]) {
      return a->s[i] < b->s[i] ? -1 : 1;
    }
  }
  return 0;
}

ck_status ck_eq_detailed_balance(ck_ctx *ctx, const ck_eq_view *v, const double *y,
                                 int *all_paired, double *worst) {
  key *keys = ck_calloc(ctx, v->n_reactions + 1, sizeof *keys);
  if (keys == NULL) {
    return CK_ERR_NOMEM;
  }
  double v_max = 0.0;
  for (size_t k = 0; k < v->n_reactions; k++) {
    const ck_eq_reaction *r = v->rx + k;
    keys[k] = (key){{r->reactant[0], r->reactant[1], r->product[0], r->product[1]}, k};
    sort2(keys[k].s), sort2(keys[k].s + 2);
    v_max = fmax(v_max, ck_eq_flux(v, k, y));
  }
  qsort(keys, v->n_reactions, sizeof *keys, compare_keys);
  *all_paired = 1, *worst = 0.0;
  for (size_t k = 0; k < v->n_reactions; k++) {
    key rev = {{keys[k].s[2], keys[k].s[3], keys[k].s[0], keys[k].s[1]}, 0};
    const key *hit = bsearch(&rev, keys, v->n_reactions, sizeof *keys, compare_keys);
    if (hit == NULL) {
      *all_paired = 0;
      continue;
    }
    double vf = ck_eq_flux(v, keys[k].k, y), vr = ck_eq_flux(v, hit->k, y);
    double big = fmax(vf, vr);
    /* Fluxes at rounding level of the largest carry no information. */
    if (big > 1e-13 * v_max) {
      *worst = fmax(*worst, fabs(vf - vr) / big);
    }
  }
  free(keys);
  return CK_OK;
}
