/* SPDX-License-Identifier: MIT */
/* Mass-action starting point for Newton: statistical (multinomial) monomers,
 * dimers at their dimerization/dissociation balance (MODEL.md section 2),
 * each family holding its own subunits (MODEL.md section 3). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "equilibrium/equilibrium_impl.h"

/* Multinomial probability of composition c at metal fractions p. */
static double multinomial(const int *c, const double *p, int nx) {
  int n = 0;
  double lw = 0.0;
  for (int x = 0; x < nx; x++) {
    if (c[x] == 0) {
      continue;
    }
    if (p[x] <= 0.0) {
      return 0.0;
    }
    n += c[x];
    lw += c[x] * log(p[x]) - lgamma(c[x] + 1.0);
  }
  return exp(lw + lgamma(n + 1.0));
}

/* Formation and dissociation rate coefficients of each dimer, from the reactions. */
static void dimer_constants(const ck_eq_view *v, double *k_form, double *k_diss) {
  int nm = (int)v->n_monomers;
  for (size_t k = 0; k < v->n_reactions; k++) {
    const ck_eq_reaction *r = v->rx + k;
    int join = r->reactant[0] >= 0 && r->reactant[0] < nm && r->reactant[1] >= 0 &&
               r->reactant[1] < nm && r->product[0] >= nm && r->product[1] < 0;
    int split = r->reactant[0] >= nm && r->reactant[1] < 0 && r->product[0] >= 0 &&
                r->product[0] < nm && r->product[1] >= 0 && r->product[1] < nm;
    if (join) {
      k_form[r->product[0] - nm] += v->rate[r->reaction];
    } else if (split) {
      k_diss[r->reactant[0] - nm] += v->rate[r->reaction];
    }
  }
}

/* First composition of monomer i's family in i's exchange component. */
static size_t block_key(const ck_eq_view *v, const ck_network *net, const ck_eq_laws *laws,
                        size_t i) {
  int fi[2], fj[2];
  ck_network_species_families(net, i, fi);
  for (size_t j = 0; j < v->n_monomers; j++) {
    ck_network_species_families(net, j, fj);
    if (fj[0] == fi[0] && laws->component[j] == laws->component[i]) {
      return j;
    }
  }
  return i;
}

/* Monomer weights within each family: each (family, exchange component)
 * block keeps its share of the family's subunits in y0, spread over its
 * compositions as the multinomial at the component's metal fractions
 * (MODEL.md section 2: with statistical exchange every subunit is
 * multinomial at one p). A composition nothing changes is its own block. */
static void monomer_weights(const ck_eq_view *v, const ck_network *net, const ck_eq_laws *laws,
                            const double *sub0, const double *fam0, double *w, double *scratch) {
  int nx, family[2];
  const int *counts = ck_network_metal_counts(net, &nx);
  size_t nm = v->n_monomers;
  double *atoms = scratch, *block0 = scratch + nm * (size_t)nx, *block_w = block0 + nm;
  memset(scratch, 0, nm * ((size_t)nx + 2) * sizeof *scratch);
  for (size_t i = 0; i < nm; i++) { /* metal atoms per component */
    for (int x = 0; x < nx; x++) {
      atoms[(size_t)laws->component[i] * (size_t)nx + (size_t)x] +=
          sub0[i] * counts[i * (size_t)nx + (size_t)x];
    }
  }
  for (size_t i = 0; i < nm; i++) {
    const double *a = atoms + (size_t)laws->component[i] * (size_t)nx;
    double p[CK_MAX_METALS], sum = 0.0;
    for (int x = 0; x < nx; x++) {
      sum += a[x];
    }
    for (int x = 0; x < nx; x++) {
      p[x] = sum > 0.0 ? a[x] / sum : 0.0;
    }
    w[i] = multinomial(counts + i * (size_t)nx, p, nx);
  }
  for (size_t i = 0; i < nm; i++) {
    size_t key = block_key(v, net, laws, i);
    block0[key] += sub0[i], block_w[key] += w[i];
  }
  for (size_t i = 0; i < nm; i++) {
    size_t key = block_key(v, net, laws, i);
    ck_network_species_families(net, i, family);
    double share = fam0[family[0]] > 0.0 ? block0[key] / fam0[family[0]] : 0.0;
    w[i] = block_w[key] > 0.0 ? w[i] / block_w[key] * share : 0.0;
  }
}

/* Subunits of each composition (sub0) and family (fam0) in y0. */
static void subunits_of(const ck_eq_view *v, const ck_network *net, const double *y0, double *sub0,
                        double *fam0) {
  int family[2];
  for (size_t s = 0; s < v->n; s++) {
    if (s < v->n_monomers) {
      sub0[s] += y0[s];
      continue;
    }
    const int *sub = v->dimer_sub + 2 * (s - v->n_monomers);
    for (int k = 0; k < 2; k++) {
      if (sub[k] >= 0) {
        sub0[sub[k]] += y0[s];
      }
    }
  }
  for (size_t i = 0; i < v->n_monomers; i++) {
    ck_network_species_families(net, i, family);
    fam0[family[0]] += sub0[i];
  }
}

/* Each family's free-monomer scale u_f such that monomers (u_f w_i) and
 * dimers (K_d y_a y_b) hold its fam0 subunits: u_f = S_f / (1 + B_f(u)),
 * B_f the family's bound subunits per free one, iterated to a fixed point
 * (monotone: more free monomers of one family bind more of the others). */
static void family_scales(const ck_eq_view *v, const ck_network *net, const double *w,
                          const double *k_bind, const double *fam0, double *u) {
  int nf = ck_network_family_count(net), family[2];
  for (int f = 0; f < nf; f++) {
    u[f] = fam0[f];
  }
  for (int it = 0; it < 500; it++) {
    double bound[CK_MAX_FAMILIES] = {0.0}, change = 0.0;
    for (size_t d = 0; d < v->n - v->n_monomers; d++) {
      int a = v->dimer_sub[2 * d], b = v->dimer_sub[2 * d + 1];
      if (a < 0 || k_bind[d] == 0.0) {
        continue;
      }
      ck_network_species_families(net, v->n_monomers + d, family);
      double y_ab = k_bind[d] * w[a] * w[b] * u[family[0]] * u[family[1]];
      bound[family[0]] += y_ab, bound[family[1]] += y_ab;
    }
    for (int f = 0; f < nf; f++) {
      double next = u[f] > 0.0 ? fam0[f] / (1.0 + bound[f] / u[f]) : 0.0;
      next = 0.5 * (u[f] + next); /* damped: the plain map can oscillate */
      change = fmax(change, fabs(next - u[f]) / (fam0[f] + 1e-300));
      u[f] = next;
    }
    if (change < 1e-13) {
      break;
    }
  }
}

ck_status ck_eq_start_guess(ck_ctx *ctx, const ck_eq_view *v, const ck_network *net,
                            const ck_eq_laws *laws, const double *y0, double *y) {
  int nx;
  ck_network_metal_counts(net, &nx);
  size_t nm = v->n_monomers, nd = v->n - nm;
  double fam0[CK_MAX_FAMILIES] = {0.0}, u[CK_MAX_FAMILIES];
  int family[2];
  memset(y, 0, v->n * sizeof *y);
  double *k_form = ck_calloc(ctx, 3 * nd + nm * (4 + (size_t)nx) + 1, sizeof *k_form);
  if (k_form == NULL) {
    return CK_ERR_NOMEM; /* not a guess without dimers: the failure is reported (issue 8) */
  }
  double *k_diss = k_form + nd, *k_bind = k_diss + nd, *w = k_bind + nd, *sub0 = w + nm;
  dimer_constants(v, k_form, k_diss);
  for (size_t d = 0; d < nd; d++) {
    /* A stable dimer (no dissociation) is guessed strongly bound. */
    double kd = k_diss[d] > 0.0 ? k_diss[d] : 1e-3 * k_form[d];
    k_bind[d] = kd > 0.0 ? k_form[d] / kd : 0.0;
  }
  subunits_of(v, net, y0, sub0, fam0);
  monomer_weights(v, net, laws, sub0, fam0, w, sub0 + nm);
  family_scales(v, net, w, k_bind, fam0, u);
  for (size_t i = 0; i < nm; i++) {
    ck_network_species_families(net, i, family);
    y[i] = u[family[0]] * w[i];
  }
  for (size_t d = 0; d < nd; d++) {
    int a = v->dimer_sub[2 * d], b = v->dimer_sub[2 * d + 1];
    y[nm + d] = a < 0 ? 0.0 : k_bind[d] * y[a] * y[b];
  }
  free(k_form);
  return CK_OK;
}
