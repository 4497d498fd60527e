/* SPDX-License-Identifier: MIT */
/* Equilibrium (or steady state) of a network solved directly, mixing-ratio
 * scans, and 2D EXSY peak volumes from the kinetics linearised there.
 *
 * ck_equilibrium_solve finds y with dy/dt = 0 and the model's metal totals
 * (MODEL.md section 2: each metal is conserved) by damped Newton on the
 * steady-state equations, no long integration. When every reaction's flux
 * equals its reverse's at the solution the state is an equilibrium (detailed
 * balance: statistical exchange, MODEL.md section 2); otherwise (constant
 * exchange) it is a steady state carried by cycle fluxes, and is labelled so.
 *
 * EXSY (MODEL.md section 6): a tagged cluster (its hydride or ligand nuclei)
 * moves between "states": a free monomer of composition x, or one subunit of
 * a dimer isomer. At equilibrium each reaction's flux v moves tagged
 * subunits from reactant to product states, a first-order label-transfer
 * matrix K (dP/dt = K P, columns sum to 0). Volumes are exp(K t) diag(P_eq),
 * lumped by subunit composition: a subunit inside a dimer is seen at the peak
 * of its own composition (dimer states are kept explicitly, not eliminated).
 * P_eq is normalised to sum 1 over all subunits (monomers + 2 x dimers).
 *
 * Ownership: results returned by _solve/_create are owned by the caller and
 * released with the matching _free (NULL allowed). Network and model are
 * borrowed for the call only; a ck_exsy copies what it needs. */
#ifndef CK_EQUILIBRIUM_H
#define CK_EQUILIBRIUM_H

#include <stddef.h>

#include "ck_error.h"
#include "ck_export.h"
#include "ck_model.h"
#include "ck_network.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Relative flux mismatch below which a reaction pair counts as balanced. */
#define CK_DETAILED_BALANCE_RTOL 1e-6

typedef struct ck_equilibrium {
  size_t n_species, n_monomers;
  double *y_nM;             /* concentration of every species (network order), nM */
  int n_metals;
  double metal_total_nM[CK_MAX_METALS]; /* atoms of each metal, nM (conserved) */
  int detailed_balance;     /* 1: every reaction has a reverse with equal flux */
  double balance_residual;  /* worst |v_f - v_r| / max(v_f, v_r) over reaction pairs */
  double residual;          /* worst |dy_i/dt| / (gross flux through i) at the solution */
  int newton_iterations;    /* total over all Newton attempts */
  double integrated_s;      /* model time integrated to reach Newton's basin (0: none) */
} ck_equilibrium;

/* Solves the steady state for the atoms in y0_nM (per species; NULL = the
 * model's initial state, ck_model_initial_state). net is borrowed; it is
 * non-const only because a fallback integration creates a ck_solver on it.
 * Fails with CK_ERR_LIMIT for networks too large for the dense Newton solve
 * (more than CK_EQUILIBRIUM_MAX_SPECIES species), CK_ERR_SOLVER when no
 * steady state was found. */
#define CK_EQUILIBRIUM_MAX_SPECIES 3000
CK_API ck_equilibrium *ck_equilibrium_solve(ck_ctx *ctx, const ck_model *model, ck_network *net,
                                            const double *y0_nM);
CK_API void ck_equilibrium_free(ck_equilibrium *eq);
/* "equilibrium" (detailed balance) or "steady state". */
CK_API const char *ck_equilibrium_state_name(const ck_equilibrium *eq);

/* The model's initial state with clusters a and b (names under clusters:)
 * set to total_nM * ratio_a / (ratio_a + ratio_b) and total_nM * ratio_b /
 * (...); every other species as in the model. total_nM <= 0 keeps the
 * model's sum of the two clusters' concentrations. */
CK_API ck_status ck_equilibrium_mixture(ck_ctx *ctx, const ck_model *model, const ck_network *net,
                                        const char *a, const char *b, double ratio_a,
                                        double ratio_b, double total_nM, double *y0_nM);

/* Mean atoms of each metal per free monomer and the monomer distribution in
 * percent of all free monomers (percent has ck_network_monomer_count entries). */
CK_API void ck_equilibrium_monomer_percent(const ck_equilibrium *eq, const ck_network *net,
                                           double *percent, double *mean_atoms);

typedef struct ck_exsy ck_exsy;

/* Label-transfer matrix at the state eq of net. */
CK_API ck_exsy *ck_exsy_create(ck_ctx *ctx, const ck_network *net, const ck_equilibrium *eq);
CK_API void ck_exsy_free(ck_exsy *exsy);
/* Tagged states (monomers, then dimer subunits) and the matrix K, row-major:
 * k[to * n + from] in 1/s. Borrowed, valid until ck_exsy_free. */
CK_API size_t ck_exsy_state_count(const ck_exsy *exsy);
CK_API const double *ck_exsy_rate_matrix(const ck_exsy *exsy);
/* Monomer composition (monomer species index) of each state, and P_eq (sum 1). */
CK_API const int *ck_exsy_state_composition(const ck_exsy *exsy);
CK_API const double *ck_exsy_state_population(const ck_exsy *exsy);
/* Peak volumes at mixing time t_mix_s between monomer compositions:
 * volume[from * n_monomers + to]; t1_s > 0 multiplies by exp(-t/T1), t1_s <= 0
 * means no relaxation. Sum of all volumes = exp(-t/T1). */
CK_API ck_status ck_exsy_volumes(ck_ctx *ctx, const ck_exsy *exsy, double t_mix_s, double t1_s,
                                 double *volume);

/* exp(a t) of the n x n row-major a into out (Pade 13, scaling and squaring). */
CK_API ck_status ck_matrix_expm(ck_ctx *ctx, const double *a, size_t n, double t, double *out);

#ifdef __cplusplus
}
#endif
#endif /* CK_EQUILIBRIUM_H */
