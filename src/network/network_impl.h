/* SPDX-License-Identifier: MIT */
/* Internal layout of a reaction network and the builder used to fill it. */
#ifndef CK_NETWORK_IMPL_H
#define CK_NETWORK_IMPL_H

#include <stdint.h>

#include "clusterkin/ck_network.h"
#include "core/core_impl.h"

/* Mass-action reaction: v = rate * y[reactant[0]] * y[reactant[1]] (second
 * factor absent when reactant[1] < 0; y^2 when both are the same species). */
struct ck_network {
  int n_metals;
  int nuclearity;
  int charge;                /* monomer charge; dimers carry 2x */
  int collision;             /* collision exchange: no dimers, k[EXCHANGE] in 1/(nM s) */
  double memory_limit_bytes; /* the model's, resolved; the solver checks against it */
  char metal[CK_MAX_METALS][CK_SYMBOL_MAX];
  /* Fixed atoms per monomer (ck_model.fixed_*): in labels, never in compositions. */
  int n_fixed;
  char fixed_metal[CK_MAX_METALS][CK_SYMBOL_MAX];
  int fixed_count[CK_MAX_METALS];

  /* Families (README, "Several cluster families"): always at least one.
   * Monomers of family f are species fam_start[f] .. fam_start[f+1]-1, in
   * composition rank order over fam[f].nuclearity atoms; the dimers of pair
   * class p (families pair_family[p][0] <= [1]) are dimers pair_start[p] ..
   * pair_start[p+1]-1. A one-family network has one class (0, 0) when it has
   * dimers. Labels write the exchange metals, then label_fixed[] (each fixed
   * metal that does not exchange, first appearance over the families). */
  int n_families;
  ck_family fam[CK_MAX_FAMILIES]; /* name NULL: the network borrows nothing */
  size_t fam_start[CK_MAX_FAMILIES + 1];
  int n_pairs;
  int pair_family[CK_MAX_FAMILIES * (CK_MAX_FAMILIES + 1) / 2][2];
  size_t pair_start[CK_MAX_FAMILIES * (CK_MAX_FAMILIES + 1) / 2 + 1];
  double pair_k[CK_MAX_FAMILIES * (CK_MAX_FAMILIES + 1) / 2][CK_REACTION_KIND_COUNT];
  unsigned char *group; /* per reaction: its pair class when the model has pairs:, else NULL */
  int n_label_fixed;
  char label_fixed[CK_MAX_FAMILIES * CK_MAX_METALS][CK_SYMBOL_MAX];
  int labels_spaced; /* terms separated by a space: ck_model_labels_spaced */

  size_t n_monomers, n_dimers, n_species; /* monomers are species 0..n_monomers-1 */
  int *composition;                       /* n_monomers x n_metals */
  int *dimer_sub;                         /* n_dimers x 2 monomer indices, first <= second */
  /* Opt-in trimers (trimers.c): species n_monomers + n_dimers .. n_species-1,
   * one family only, numbered by ck_trimer_index. */
  size_t n_trimers;
  int *trimer_sub;   /* n_trimers x 3 monomer indices, ascending */
  int *metal_counts; /* n_species x n_metals */

  size_t n_reactions, capacity;
  size_t count_of[CK_REACTION_KIND_COUNT];
  unsigned char *kind;
  int *reactant;  /* n_reactions x 2, second -1 for unimolecular */
  int *product;   /* n_reactions x 2, -1 for none */
  double *factor; /* rate = k[kind] * factor: 1/2 for homodimerization, f, P */
  double *rate;
  double k[CK_REACTION_KIND_COUNT];
};

/* Builder: allocate for n_species and up to capacity reactions, add, finalize.
 * Monomer/dimer tables are the generator's to fill; a hand-built network (the
 * tests' labeled network) may leave composition/dimer_sub NULL. */
CK_INTERNAL ck_network *ck_network_alloc(ck_ctx *ctx, size_t n_monomers, size_t n_dimers,
                                         int n_metals, size_t capacity);
/* Grows the reaction arrays to hold capacity reactions (never shrinks). */
CK_INTERNAL ck_status ck_network_reserve(ck_ctx *ctx, ck_network *net, size_t capacity);
/* Appends a reaction; the caller has reserved room for it. */
CK_INTERNAL void ck_network_add_reaction(ck_network *net, ck_reaction_kind kind, int r0, int r1,
                                         int p0, int p1, double factor);
/* Net stoichiometric entries of reaction r (species, coefficient), duplicates
 * merged and zeros dropped; returns how many (at most 4). */
CK_INTERNAL int ck_network_reaction_entries(const ck_network *net, size_t r, int species[4],
                                            double coef[4]);
/* Sets the rate coefficients once every reaction is in. */
CK_INTERNAL void ck_network_finalize(ck_network *net);

/* Appends "[Ag13Au12]" for exchangeable composition c of `subunits` monomers
 * (1 or 2) of families family[0..subunits) at buf + at: every exchange metal
 * in model order, counting the fixed atoms of that metal, then label_fixed[]
 * (`fixed:` order for one family). snprintf-like: returns the end offset the
 * full text needs. */
CK_INTERNAL size_t ck_network_put_formula(const ck_network *net, const int *c, const int *family,
                                          int subunits, char *buf, size_t size, size_t at);
/* Family of monomer i. */
CK_INTERNAL int ck_network_monomer_family(const ck_network *net, size_t i);
/* 1 when channel and species labels separate their terms by a space (some
 * symbol is an isotope label, "107Ag"); labels.c. */
CK_INTERNAL int ck_model_labels_spaced(const ck_model *model);
/* Copies the families (names dropped) and derives label_fixed. */
CK_INTERNAL void ck_network_set_families(ck_network *net, const ck_family *families,
                                         int n_families);
/* Fills the one-family description (fam[0], label_fixed, one pair class) from model. */
CK_INTERNAL void ck_network_set_one_family(ck_network *net, const ck_model *model);
/* Generator for models with a pairs: table (families.c). */
CK_INTERNAL ck_network *ck_network_generate_families(ck_ctx *ctx, const ck_model *model);

/* ---- trimers (trimers.c) ---- */
/* Unordered triples i <= j <= k of n monomers: C(n + 2, 3) of them. */
CK_INTERNAL double ck_trimer_count(double n);
/* Index of the triple i <= j <= k in lexicographic order. */
CK_INTERNAL size_t ck_trimer_index(size_t i, size_t j, size_t k, size_t n);
/* Checks a model's trimers: block against the generator's limits (one family,
 * dimer exchange, the size guard); CK_OK when trimers are off. */
CK_INTERNAL ck_status ck_trimers_check(ck_ctx *ctx, const ck_model *model, double monomers);
/* Fills trimer_sub and the trimers' metal counts, then appends the trimer
 * reactions after the dimer ones; the network was allocated with room for
 * n_trimers more species and the caller finalizes. */
CK_INTERNAL ck_status ck_trimers_add(ck_ctx *ctx, ck_network *net, const ck_model *model);
/* Upper bound on the trimer reactions of n monomer states over m metals. */
CK_INTERNAL double ck_trimer_reaction_bound(double n, int m);

/* Memory estimates (estimate.c): solver bytes for a network of this size,
 * the model's limit with the default resolved, and the refusal message. */
CK_INTERNAL double ck_memory_solver_bytes(double species, double monomers, double reactions);
/* The same for linear-solver: krylov: RHS tables and vectors, no Jacobian. */
CK_INTERNAL double ck_memory_krylov_bytes(double species, double reactions);
CK_INTERNAL double ck_memory_limit(const ck_model *model);
CK_INTERNAL ck_status ck_memory_refuse(ck_ctx *ctx, const char *what, double need, double species,
                                       double reactions, double limit);

/* Compositions of n atoms over m metals (MODEL.md section 2 monomer states),
 * numbered in decreasing lexicographic order. */
CK_INTERNAL uint64_t ck_composition_count(int n, int m);
CK_INTERNAL size_t ck_composition_rank(const int *c, int n, int m);

/* ---- exchange swaps (swaps.c) ---- */
/* One product pair of an exchange event (monomer indices) and the summed
 * probability of reaching it. */
typedef struct ck_swap {
  size_t p, q;
  double probability;
} ck_swap;
/* At most this many product pairs per event (one per ordered metal pair). */
#define CK_MAX_SWAPS (CK_MAX_METALS * CK_MAX_METALS)
/* A subunit in an exchange: its monomer index, its family's first monomer
 * index and its number of exchangeable atoms. */
typedef struct ck_swap_partner {
  size_t monomer, family_start;
  int atoms;
} ck_swap_partner;
/* Every labeled swap between two subunits (or colliding monomers): an atom of
 * metal x of the first trades places with an atom of metal y != x of the
 * second, with probability (a_x / N_1)(b_y / N_2). Each swap is counted once;
 * swaps reaching the same product pair are summed (a homodimer reaches
 * D{n+1,n-1} two ways); those mapping the pair onto itself are no reaction.
 * unordered (subunits of one family): products are sorted p <= q. Returns the
 * number of pairs written to out[0..CK_MAX_SWAPS). */
CK_INTERNAL int ck_exchange_swaps(const ck_network *net, const ck_swap_partner *first,
                                  const ck_swap_partner *second, int unordered, ck_swap *out);
/* Fills out (count x m) with all compositions in rank order. */
CK_INTERNAL void ck_composition_enumerate(int n, int m, int *out);
/* Index of the unordered pair {i, j} of n monomers, i <= j. */
static inline size_t ck_dimer_index(size_t i, size_t j, size_t n) {
  return i * n - i * (i - 1) / 2 + (j - i);
}

#endif /* CK_NETWORK_IMPL_H */
