/* SPDX-License-Identifier: MIT */
/* Mass-action starting point for Newton: statistical (multinomial) monomers,
 * dimers at their dimerization/dissociation balance (MODEL.md section 2). */
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

ck_status ck_eq_start_guess(ck_ctx *ctx, const ck_eq_view *v, const ck_network *net,
                            const double *totals, double *y) {
  int nx;
  const int *counts = ck_network_metal_counts(net, &nx);
  size_t nm = v->n_monomers, nd = v->n - nm;
  double atoms = 0.0, p[CK_MAX_METALS];
  for (int x = 0; x < nx; x++) {
    atoms += totals[x];
  }
  for (int x = 0; x < nx; x++) {
    p[x] = totals[x] / atoms;
  }
  memset(y, 0, v->n * sizeof *y);
  /* k_form and k_diss share y's dimer slots' space: two scratch halves. */
  double *k_form = ck_calloc(ctx, 2 * nd + 1, sizeof *k_form);
  if (k_form == NULL) {
    return CK_ERR_NOMEM; /* not a guess without dimers: the failure is reported (issue 8) */
  }
  double *k_diss = k_form + nd;
  double lin = 0.0, quad = 0.0; /* atoms = lin s + quad s^2 */
  for (size_t i = 0; i < nm; i++) {
    y[i] = multinomial(counts + i * (size_t)nx, p, nx);
    for (int x = 0; x < nx; x++) {
      lin += counts[i * (size_t)nx + (size_t)x] * y[i];
    }
  }
  dimer_constants(v, k_form, k_diss);
  for (size_t d = 0; d < nd; d++) {
    int a = v->dimer_sub[2 * d], b = v->dimer_sub[2 * d + 1];
    if (a < 0) {
      continue;
    }
    /* A stable dimer (no dissociation) is guessed strongly bound. */
    double kd = k_diss[d] > 0.0 ? k_diss[d] : 1e-3 * k_form[d];
    y[nm + d] = kd > 0.0 ? k_form[d] / kd * y[a] * y[b] : 0.0;
    for (int x = 0; x < nx; x++) {
      quad += counts[(nm + d) * (size_t)nx + (size_t)x] * y[nm + d];
    }
  }
  free(k_form);
  double s = quad > 0.0 ? 2.0 * atoms / (lin + sqrt(lin * lin + 4.0 * quad * atoms))
                        : atoms / lin;
  for (size_t i = 0; i < v->n; i++) {
    y[i] *= i < nm ? s : s * s;
  }
  return CK_OK;
}
