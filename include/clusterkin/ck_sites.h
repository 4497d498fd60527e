/* SPDX-License-Identifier: MIT */
/* Site-resolved thermodynamics of a cluster family (MODEL.md section 5).
 *
 * A family may declare site classes j with capacities c_j (summing to the
 * exchangeable nuclearity N) and per-metal site free energies E_jm. A
 * composition x (atoms of each metal) then has the weight
 *   Z(x) = sum over occupations x_jm (sum_m x_jm = c_j, sum_j x_jm = x_m)
 *          of prod_j multinomial(c_j; x_j1..x_jM) exp(-sum_jm x_jm E_jm / RT)
 * and the equilibrium monomer distribution is P(x) ~ Z(x) lambda^x, lambda
 * fixed by mass balance (binomial when all sites are alike).
 *
 * Only the relative energies eps_jm = (E_jm - E_j0) - (E_0m - E_00) (class 0
 * and metal 0 in declaration/model order as references) change any
 * distribution: a shift of one metal's energy in every class is absorbed by
 * lambda (atoms are conserved), a shift of one class for every metal is a
 * constant factor. The functions below use the relative energies, so their
 * Z(x) is the above times exp(sum_m x_m E_0m / RT) times a constant.
 *
 * Kinetics: with sites declared, the statistical exchange factor of every
 * exchange reaction (subunits a, b -> a', b') is multiplied by
 *   g = sqrt(w(a') w(b') / (w(a) w(b))),  w(x) = Z(x) / multinomial(N; x),
 * and its reverse by 1/g, so forward/backward = [multinomial ratio of the
 * statistical model] x w-ratio = Z(a')Z(b') / (Z(a)Z(b)): detailed balance
 * with Z. The energy difference is split symmetrically (each direction
 * carries half of it, exp(-dG/2RT) in the language of a Broensted slope of
 * 1/2). When every relative energy is zero the factors are not touched at
 * all, so the network is bit-for-bit the statistical one.
 *
 * Ownership: ck_sites_create returns an owned object freed by ck_sites_free
 * (NULL allowed); a ck_model owns its sites (ck_model_free frees them). */
#ifndef CK_SITES_H
#define CK_SITES_H

#include "ck_error.h"
#include "ck_export.h"
#include "ck_model.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CK_SITE_NAME_MAX 32
#define CK_MAX_SITE_CLASSES 8
#define CK_GAS_CONSTANT_J_PER_MOL_K 8.314462618 /* R = k_B N_A (CODATA 2018, exact) */

typedef struct ck_site_class {
  char name[CK_SITE_NAME_MAX];                /* key under sites.classes ("inner") */
  int capacity;                               /* sites of this class per cluster */
  double energy_J_per_mol[CK_MAX_METALS];     /* per metal, model metal order; 0 if not given */
  int line;                                   /* in the model file (0 = unknown) */
} ck_site_class;

struct ck_sites {
  double temperature_K; /* for E / RT */
  int n_classes;
  ck_site_class classes[CK_MAX_SITE_CLASSES];
};
typedef struct ck_sites ck_sites;

CK_API ck_sites *ck_sites_create(ck_ctx *ctx);
CK_API void ck_sites_free(ck_sites *sites);

/* Capacities positive and summing to nuclearity, a positive temperature,
 * 1..CK_MAX_SITE_CLASSES classes. */
CK_API ck_status ck_sites_check(ck_ctx *ctx, const ck_sites *sites, int nuclearity);

/* 1 when every relative energy eps_jm is exactly zero (no site preference). */
CK_API int ck_sites_uniform(const ck_sites *sites, int n_metals);

/* Relative energy eps_jm / RT (dimensionless) of class j, metal m. */
CK_API double ck_sites_relative_kT(const ck_sites *sites, int j, int m);

/* log Z(x) with relative energies (header comment) for composition x of
 * n_metals metals summing to the capacities' total. */
CK_API double ck_sites_log_weight(const ck_sites *sites, int n_metals, const int *x);

/* log w(x) = log Z(x) - log multinomial(N; x): 0 for uniform sites. */
CK_API double ck_sites_log_excess(const ck_sites *sites, int n_metals, const int *x);

/* The closed-form equilibrium distribution P(x) ~ Z(x) lambda^x over the
 * compositions of N = total capacity atoms of n_metals metals, in the
 * network's monomer order (ck_network_species_label of species 0, 1, ...),
 * with lambda such that the mean atoms of each metal equal mean_atoms[m]
 * (summing to N). sites NULL gives the multinomial. Writes fractions (sum
 * 1) to p, which has ck_sites_composition_count entries. */
CK_API size_t ck_sites_composition_count(int nuclearity, int n_metals);
CK_API ck_status ck_sites_distribution(ck_ctx *ctx, const ck_sites *sites, int nuclearity,
                                       int n_metals, const double *mean_atoms, double *p);

#ifdef __cplusplus
}
#endif
#endif /* CK_SITES_H */
