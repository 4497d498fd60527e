/* SPDX-License-Identifier: MIT */
/* Reaction networks: species, mass-action reactions, sparse stoichiometry.
 *
 * ck_network_generate expands a model's mechanism into every species and
 * reaction (MODEL.md section 2). Species are numbered monomers first (in
 * channel order: compositions in decreasing lexicographic order over the
 * model's metals, so [Ag25Au0] is 0 for binary Ag/Au) and dimers after them.
 * A network borrows nothing from the model: the model may be freed first.
 * Label strings written by the network go to caller buffers. */
#ifndef CK_NETWORK_H
#define CK_NETWORK_H

#include <stddef.h>

#include "ck_error.h"
#include "ck_export.h"
#include "ck_model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ck_reaction_kind {
  CK_REACTION_DIMERIZATION = 0, /* M_a + M_b -> D{a,b} */
  CK_REACTION_DISSOCIATION,     /* D{a,b} -> M_a + M_b */
  CK_REACTION_EXCHANGE,         /* D{a,b} -> D{a',b'}; collision exchange: M_a + M_b -> M_a' + M_b' */
  CK_REACTION_TRIMERIZATION,    /* D{a,b} + M_c -> T{a,b,c} (opt-in trimers) */
  CK_REACTION_TRIMER_DISSOCIATION, /* T{a,b,c} -> D{b,c} + M_a */
  CK_REACTION_TRIMER_EXCHANGE,  /* T{a,b,c} -> T{a',b',c}: two subunits swap atoms, at k_ex */
  CK_REACTION_KIND_COUNT
} ck_reaction_kind;

typedef struct ck_network ck_network;

CK_API ck_network *ck_network_generate(ck_ctx *ctx, const ck_model *model);
CK_API void ck_network_free(ck_network *net);

CK_API size_t ck_network_species_count(const ck_network *net);
CK_API size_t ck_network_monomer_count(const ck_network *net);
CK_API size_t ck_network_dimer_count(const ck_network *net);
/* Trimers (opt-in, ck_model.trimers): species after the dimers, each an
 * unordered triple of monomer subunits of the one family. 0 without them. */
CK_API size_t ck_network_trimer_count(const ck_network *net);
CK_API size_t ck_network_reaction_count(const ck_network *net);
CK_API size_t ck_network_reaction_count_of(const ck_network *net, ck_reaction_kind kind);

/* Sets the three rate constants (1/(nM s), 1/s, 1/s) without regenerating;
 * k_ex also drives exchange inside trimers, whose own constants stay.
 * CK_ERR_UNSUPPORTED for a collision-exchange network (it has one constant). */
CK_API ck_status ck_network_set_rates(ck_network *net, double k_dim_per_nM_s, double k_diss_per_s,
                                      double k_ex_per_s);

/* Collision exchange (MODEL.md section 3): the network has monomers only and
 * its CK_REACTION_EXCHANGE reactions M_a + M_b -> M_a' + M_b' share the
 * rate constant k_c = rates.collision in 1/(nM s). Sets it without
 * regenerating; CK_ERR_UNSUPPORTED for a dimer-exchange network. */
CK_API ck_status ck_network_set_collision_rate(ck_network *net, double k_coll_per_nM_s);
/* The mechanism the network was generated from. */
CK_API ck_mechanism_kind ck_network_mechanism(const ck_network *net);

/* What generating and simulating a model would need, estimated before any
 * allocation (counts exact except reactions, an upper bound: every dimer or
 * encounter at most n_metals (n_metals - 1) exchanges). Bytes are estimates
 * of the peak heap: network = species tables, reactions, stoichiometry;
 * solver = RHS and Jacobian tables, the CSC Jacobian, the linear solver's
 * factors (KLU fill taken as 3x the pattern; block: the dense monomer
 * Schur complement) and CVODE's vectors; with linear-solver: krylov only the
 * RHS tables and the vectors (GMRES basis included). ck_network_generate refuses a model
 * whose network_bytes exceed its memory limit, ck_solver_create a network
 * whose total does, with CK_ERR_LIMIT and a message giving both numbers. */
typedef struct ck_memory_estimate {
  double species, monomers, dimers, reactions, jacobian_nonzeros;
  double network_bytes, solver_bytes, total_bytes;
  double limit_bytes; /* the model's limit (default resolved) */
  double trimers;     /* trimer species (opt-in), included in species */
} ck_memory_estimate;

CK_API ck_status ck_network_estimate_memory(ck_ctx *ctx, const ck_model *model,
                                            ck_memory_estimate *out);

/* Species label: "[Ag13Au12]" for a monomer, "[Ag25Au0][Ag0Au25]" for a dimer
 * (larger first-metal subunit first), three subunits likewise for a trimer.
 * Writes at most size bytes; returns the length the full label needs, like
 * snprintf. */
CK_API int ck_network_species_label(const ck_network *net, size_t species, char *buf, size_t size);

/* One-line description of reaction r: "D: [..] + [..] -> [..]  k = ... 1/(nM s)". */
CK_API int ck_network_reaction_describe(const ck_network *net, size_t r, char *buf, size_t size);

/* Species index of a monomer/dimer given by subunit compositions (model metal
 * order); n_subunits 1 or 2, or 3 for a trimer of a network with trimers (the
 * subunits in any order). Returns CK_ERR_ARG if no such species exists. */
CK_API ck_status ck_network_find_species(const ck_network *net, int n_subunits,
                                         const int subunit[][CK_MAX_METALS], size_t *species);

/* Several cluster families (README, "Several cluster families"). Species are
 * numbered: monomers family by family, then dimers pair class by pair class
 * (families f <= g, in the order of ck_model.pairs). ck_network_find_species
 * takes a subunit's family from its atom count (CK_ERR_ARG when two families
 * share it); this one is told the families (ck_cluster.family). */
CK_API ck_status ck_network_find_family_species(const ck_network *net, int n_subunits,
                                                const int family[],
                                                const int subunit[][CK_MAX_METALS],
                                                size_t *species);
/* Sets the rate constants (1/(nM s), 1/s, 1/s) of the pair class of
 * families f and g (any order) of a network generated with a pairs: table,
 * without regenerating. CK_ERR_ARG when those families do not dimerize in
 * this network or a constant is negative; CK_ERR_UNSUPPORTED for a network
 * without pair classes (use ck_network_set_rates). */
CK_API ck_status ck_network_set_pair_rates(ck_network *net, int f, int g, double k_dim_per_nM_s,
                                           double k_diss_per_s, double k_ex_per_s);
/* Families of the network (1 for a one-family model). */
CK_API int ck_network_family_count(const ck_network *net);
/* Subunits of a species (1 monomer, 2 dimer, 3 trimer; 0 out of range) and
 * the family of each into family[0..1] (a monomer's twice; a trimer's
 * subunits are all of the one family, given in both). */
CK_API int ck_network_species_families(const ck_network *net, size_t species, int family[2]);

/* Atoms of each metal per species: counts[species * n_metals + metal]. Borrowed. */
CK_API const int *ck_network_metal_counts(const ck_network *net, int *n_metals);

#ifdef __cplusplus
}
#endif
#endif /* CK_NETWORK_H */
