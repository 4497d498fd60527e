/* SPDX-License-Identifier: MIT */
/* EXSY (MODEL.md section 6): the first-order label-transfer matrix at a
 * steady state and the peak volumes exp(K t) diag(P_eq) between monomer
 * compositions. Dimer subunits are explicit states (see ck_equilibrium.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "equilibrium/equilibrium_impl.h"

struct ck_exsy {
  size_t ns, nm;
  double *k;   /* ns x ns row-major, k[to * ns + from] */
  int *comp;   /* monomer composition of each state */
  double *pop; /* P_eq, sum 1 */
};

/* One tagged subunit on either side of a reaction. */
typedef struct sub {
  int state, comp, slot, mult; /* mult 2: a homodimer's two subunits share the state */
} sub;

typedef struct layout {
  size_t nm;
  const int *dimer_sub;
  int *side_state; /* dimer x 2 */
} layout;

static int subunits(const layout *l, const int species[2], sub out[4]) {
  int n = 0;
  for (int slot = 0; slot < 2; slot++) {
    int s = species[slot];
    if (s < 0) {
      continue;
    }
    if ((size_t)s < l->nm) {
      out[n++] = (sub){s, s, slot, 1};
      continue;
    }
    size_t d = (size_t)s - l->nm;
    int a = l->dimer_sub[2 * d], b = l->dimer_sub[2 * d + 1], mult = a == b ? 2 : 1;
    out[n++] = (sub){l->side_state[2 * d], a, slot, mult};
    out[n++] = (sub){l->side_state[2 * d + 1], b, slot, mult};
  }
  return n;
}

static int distance(const int *counts, int nx, int a, int b) {
  int d = 0;
  for (int x = 0; x < nx; x++) {
    d += abs(counts[a * nx + x] - counts[b * nx + x]);
  }
  return d;
}

/* Adds reaction r's paths: each reactant subunit goes to the product subunit
 * it becomes (the pairing with the smaller composition change). */
static ck_status add_reaction(ck_ctx *ctx, ck_exsy *e, const ck_eq_view *v, const layout *l,
                              size_t k, const double *y, const int *counts, int nx) {
  const ck_eq_reaction *r = v->rx + k;
  sub in[4], out[4];
  int n_in = subunits(l, r->reactant, in), n_out = subunits(l, r->product, out);
  if (n_in != n_out || n_in > 2) {
    CK_FAIL(ctx, CK_ERR_UNSUPPORTED, "EXSY: reaction %d does not conserve clusters",
            r->reaction);
  }
  int swap = n_in == 2 && distance(counts, nx, in[0].comp, out[1].comp) +
                                  distance(counts, nx, in[1].comp, out[0].comp) <
                              distance(counts, nx, in[0].comp, out[0].comp) +
                                  distance(counts, nx, in[1].comp, out[1].comp);
  for (int p = 0; p < n_in; p++) {
    const sub *from = in + p, *to = out + (swap ? 1 - p : p);
    /* Rate per tagged subunit: the flux divided by its own concentration,
     * written without the division so empty states stay finite. */
    double rate = v->rate[r->reaction] / from->mult;
    int other = r->reactant[1 - from->slot];
    if (other >= 0) {
      rate *= y[other];
    }
    e->k[(size_t)to->state * e->ns + (size_t)from->state] += rate;
    e->k[(size_t)from->state * e->ns + (size_t)from->state] -= rate;
  }
  return CK_OK;
}

/* States: monomers, then one per distinct dimer subunit; populations. */
static ck_status make_states(ck_ctx *ctx, ck_exsy *e, const ck_eq_view *v, layout *l,
                             const double *y) {
  size_t nd = v->n - v->n_monomers, ns = v->n_monomers;
  for (size_t d = 0; d < nd; d++) {
    ns += v->dimer_sub[2 * d] < 0 ? 0 : (v->dimer_sub[2 * d] == v->dimer_sub[2 * d + 1] ? 1 : 2);
  }
  e->ns = ns, e->nm = v->n_monomers;
  e->k = ck_calloc(ctx, ns * ns, sizeof *e->k);
  e->comp = ck_calloc(ctx, ns, sizeof *e->comp);
  e->pop = ck_calloc(ctx, ns, sizeof *e->pop);
  l->side_state = ck_calloc(ctx, 2 * nd + 1, sizeof *l->side_state);
  if (e->k == NULL || e->comp == NULL || e->pop == NULL || l->side_state == NULL) {
    return CK_ERR_NOMEM;
  }
  size_t s = 0;
  double sum = 0.0;
  for (; s < e->nm; s++) {
    e->comp[s] = (int)s, e->pop[s] = y[s];
  }
  for (size_t d = 0; d < nd; d++) {
    int a = v->dimer_sub[2 * d], b = v->dimer_sub[2 * d + 1];
    if (a < 0) {
      CK_FAIL(ctx, CK_ERR_UNSUPPORTED, "EXSY: dimer species %zu has no known subunits",
              e->nm + d);
    }
    double c = y[e->nm + d];
    l->side_state[2 * d] = (int)s;
    e->comp[s] = a, e->pop[s++] = a == b ? 2.0 * c : c;
    if (a != b) {
      e->comp[s] = b, e->pop[s] = c;
    }
    l->side_state[2 * d + 1] = a == b ? (int)s - 1 : (int)s++;
  }
  for (s = 0; s < ns; s++) {
    sum += e->pop[s];
  }
  for (s = 0; s < ns; s++) {
    e->pop[s] /= sum;
  }
  return CK_OK;
}

ck_exsy *ck_exsy_create(ck_ctx *ctx, const ck_network *net, const ck_equilibrium *eq) {
  ck_eq_view v;
  if (ck_eq_view_init(ctx, &v, net) != CK_OK) {
    return NULL;
  }
  ck_exsy *e = ck_calloc(ctx, 1, sizeof *e);
  layout l = {v.n_monomers, v.dimer_sub, NULL};
  int nx;
  const int *counts = ck_network_metal_counts(net, &nx);
  ck_status st = e == NULL ? CK_ERR_NOMEM : make_states(ctx, e, &v, &l, eq->y_nM);
  for (size_t k = 0; k < v.n_reactions && st == CK_OK; k++) {
    st = add_reaction(ctx, e, &v, &l, k, eq->y_nM, counts, nx);
  }
  free(l.side_state);
  ck_eq_view_destroy(&v);
  if (st != CK_OK) {
    ck_exsy_free(e);
    return NULL;
  }
  return e;
}

void ck_exsy_free(ck_exsy *e) {
  if (e == NULL) {
    return;
  }
  free(e->k), free(e->comp), free(e->pop);
  free(e);
}

size_t ck_exsy_state_count(const ck_exsy *e) { return e->ns; }
const double *ck_exsy_rate_matrix(const ck_exsy *e) { return e->k; }
const int *ck_exsy_state_composition(const ck_exsy *e) { return e->comp; }
const double *ck_exsy_state_population(const ck_exsy *e) { return e->pop; }

ck_status ck_exsy_volumes(ck_ctx *ctx, const ck_exsy *e, double t_mix_s, double t1_s,
                          double *volume) {
  if (!(t_mix_s >= 0.0) || !isfinite(t_mix_s)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "EXSY: mixing time must be >= 0 s");
  }
  size_t ns = e->ns;
  double *ex = ck_calloc(ctx, ns * ns, sizeof *ex);
  if (ex == NULL) {
    return CK_ERR_NOMEM;
  }
  ck_status st = ck_matrix_expm(ctx, e->k, ns, t_mix_s, ex);
  double relax = t1_s > 0.0 ? exp(-t_mix_s / t1_s) : 1.0;
  memset(volume, 0, e->nm * e->nm * sizeof *volume);
  for (size_t to = 0; to < ns && st == CK_OK; to++) {
    for (size_t from = 0; from < ns; from++) {
      volume[(size_t)e->comp[from] * e->nm + (size_t)e->comp[to]] +=
          relax * ex[to * ns + from] * e->pop[from];
    }
  }
  free(ex);
  return st;
}
