/* SPDX-License-Identifier: MIT */
/* Equilibrium internals: a flat view of the reactions (reactant and product
 * species, rate constant) built from the kinetics' own grouping, so this
 * module depends on src/network only through the solver's kinetics. */
#ifndef CK_EQUILIBRIUM_IMPL_H
#define CK_EQUILIBRIUM_IMPL_H

#include "clusterkin/ck_equilibrium.h"
#include "solver/kinetics.h"

/* v = rate[reaction] * y[reactant[0]] * y[reactant[1]] (factor absent when -1). */
typedef struct ck_eq_reaction {
  int reaction;
  int reactant[2]; /* species, -1 = none */
  int product[2];  /* species, -1 = none; catalysts are kept on both sides */
} ck_eq_reaction;

typedef struct ck_eq_view {
  ck_kinetics kin;
  const double *rate; /* the network's rate coefficients, borrowed */
  size_t n, n_monomers, n_reactions;
  ck_eq_reaction *rx;
  int *dimer_sub; /* (n - n_monomers) x 2 monomer indices, -1 for none */
} ck_eq_view;

CK_INTERNAL ck_status ck_eq_view_init(ck_ctx *ctx, ck_eq_view *view, const ck_network *net);
CK_INTERNAL void ck_eq_view_destroy(ck_eq_view *view);
/* Flux of reaction k of the view at y. */
static inline double ck_eq_flux(const ck_eq_view *v, size_t k, const double *y) {
  const ck_eq_reaction *r = v->rx + k;
  double f = v->rate[r->reaction];
  for (int s = 0; s < 2; s++) {
    if (r->reactant[s] >= 0) {
      f *= y[r->reactant[s]];
    }
  }
  return f;
}

/* Worst relative mismatch between each reaction's flux and its reverse's;
 * *all_paired = 0 when some reaction has no reverse. */
CK_INTERNAL ck_status ck_eq_detailed_balance(ck_ctx *ctx, const ck_eq_view *v, const double *y,
                                             int *all_paired, double *worst);

/* Conserved quantities (conservation.c): law k is sum_s row[k n_species + s] y[s].
 * component[i]: the exchange component of monomer composition i (the
 * smallest composition reachable from i by reactions that change subunits). */
typedef struct ck_eq_laws {
  int n;
  size_t n_species;
  double *row;
  int *component;
} ck_eq_laws;
CK_INTERNAL ck_status ck_eq_laws_init(ck_ctx *ctx, ck_eq_laws *laws, const ck_eq_view *v,
                                      const ck_network *net);
/* Values of the laws at y into totals[0..laws->n). */
CK_INTERNAL void ck_eq_laws_totals(const ck_eq_laws *laws, const double *y, double *totals);
CK_INTERNAL void ck_eq_laws_destroy(ck_eq_laws *laws);

/* Damped Newton from y (overwritten with the solution) for f(y) = 0 with the
 * conserved quantities fixed at totals (laws->n of them); atoms_nM (all
 * metal atoms) sets the scale. Returns CK_OK when converged. */
typedef struct ck_eq_newton_result {
  int iterations;
  double residual;
} ck_eq_newton_result;
CK_INTERNAL ck_status ck_eq_newton(ck_ctx *ctx, ck_eq_view *v, const ck_eq_laws *laws,
                                   const double *totals, double atoms_nM, double *y,
                                   ck_eq_newton_result *res);

/* Mass-action starting guess: multinomial monomers at the metal fractions of
 * their exchange component in y0, dimers from each dimer's formation/
 * dissociation constant, each family scaled to its number of subunits in y0.
 * CK_ERR_NOMEM (on ctx) when its scratch fails. */
CK_INTERNAL ck_status ck_eq_start_guess(ck_ctx *ctx, const ck_eq_view *v, const ck_network *net,
                                        const ck_eq_laws *laws, const double *y0, double *y);

#endif /* CK_EQUILIBRIUM_IMPL_H */
