/* SPDX-License-Identifier: MIT */
/* Physical plausibility checks for exchange kinetics (MODEL.md section 4):
 * the diffusion limit of a bimolecular rate constant with the Debye factor
 * for ions, dimer lifetime and Poisson statistics of exchanges per lifetime,
 * and the superatom electron count of a cluster formula.
 *
 * Inputs are in SI (Pa s, K, m) and 1/s; rate constants come out in the
 * library's internal second-order unit, L nmol^-1 s^-1 (= 1/(nM s)). Nothing
 * here allocates or keeps pointers. */
#ifndef CK_PHYSICS_H
#define CK_PHYSICS_H

#include "ck_error.h"
#include "ck_export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* CODATA 2018 (E. Tiesinga et al., Rev. Mod. Phys. 93, 025010 (2021)); the
 * first three are exact in the 2019 SI. */
#define CK_BOLTZMANN_J_PER_K 1.380649e-23
#define CK_AVOGADRO_PER_MOL 6.02214076e23
#define CK_ELEMENTARY_CHARGE_C 1.602176634e-19
#define CK_VACUUM_PERMITTIVITY_F_PER_M 8.8541878128e-12

/* Most parts ck_physics_electron_count accepts in a formula. */
#define CK_PHYSICS_MAX_PARTS 64

/* Smoluchowski limit for two equal spheres (Stokes-Einstein radii cancel):
 * k_D = (8/3) k_B T N_A / eta, in L nmol^-1 s^-1. CK_ERR_INPUT unless
 * viscosity and temperature are positive and finite. */
CK_API ck_status ck_physics_diffusion_limit(ck_ctx *ctx, double viscosity_pa_s,
                                            double temperature_k, double *k_l_per_nmol_s);

/* Debye factor f = x / (exp(x) - 1), x = q_a q_b e^2 / (4 pi eps0 eps_r R k_B T):
 * below 1 for like charges (repulsion), above 1 for opposite ones, 1 for a
 * neutral partner. Charges in units of e; eps_r relative permittivity of the
 * solvent; R the contact distance. CK_ERR_INPUT for non-positive eps_r, R or T. */
CK_API ck_status ck_physics_debye_factor(ck_ctx *ctx, int charge_a, int charge_b,
                                         double permittivity_rel, double distance_m,
                                         double temperature_k, double *factor);

/* Dimer lifetime tau = 1 / k_diss (s). CK_ERR_INPUT unless k_diss > 0. */
CK_API ck_status ck_physics_dimer_lifetime(ck_ctx *ctx, double k_diss_per_s, double *lifetime_s);
/* Mean number of exchanges in a dimer's lifetime, k_ex tau: the exchanges
 * are a Poisson process while the dimer lasts. CK_ERR_INPUT for a negative
 * rate or a non-positive lifetime. */
CK_API ck_status ck_physics_mean_exchanges(ck_ctx *ctx, double lifetime_s, double k_ex_per_s,
                                           double *mean);
/* Poisson probability of n events at the given mean (0 for n < 0). */
CK_API double ck_physics_poisson_probability(double mean, int n);

/* A ligand's charge written out where the default rule does not apply. */
typedef struct ck_ligand_charge {
  const char *ligand; /* formula of one ligand, "Cl", "S2P(OC3H7)2" */
  int charge;         /* in units of e, e.g. -1 */
} ck_ligand_charge;

/* The terms of n_e = sum of metal valence electrons + sum of ligand charges - z. */
typedef struct ck_electron_count {
  int metal_electrons; /* Cu, Ag, Au 1; Zn, Cd, Hg 2; Ni, Pd, Pt 0 */
  int ligand_charge;   /* signed sum (negative for thiolates and hydrides) */
  int cluster_charge;  /* z, signed */
  int electrons;
} ck_electron_count;

/* Superatom electron count of a formula (MODEL.md section 4). Its top-level
 * parts (ck_formula_parts) are metal atoms, hydrides (a top-level H or D:
 * -1 each) and ligands, written in parentheses. A ligand's charge is taken
 * from charges[0..n_charges) when its formula is listed there (same elements
 * and counts, any order); otherwise a carbon-bearing ligand has -1 per sulfur
 * (C8H9S -1, C6H4S2 -2, C18H15P 0); any other ligand needs a listed charge.
 * CK_ERR_INPUT names the part that has no rule. */
CK_API ck_status ck_physics_electron_count(ck_ctx *ctx, const char *formula,
                                           const ck_ligand_charge *charges, int n_charges,
                                           ck_electron_count *out);

#ifdef __cplusplus
}
#endif
#endif /* CK_PHYSICS_H */
