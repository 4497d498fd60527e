/* SPDX-License-Identifier: MIT */
/* The model description: clusters, mechanism, rate constants, run settings.
 *
 * A ck_model is plain data read from a model file (MODEL.md section 8) or
 * filled in by a program; every quantity is in internal units (nM, s, 1/s,
 * 1/(nM s)) and every name says its unit. It is transparent on purpose: it is
 * a description, not an object with invariants, and the generator validates
 * it. ck_model_free releases a model from ck_model_load/ck_model_parse,
 * including all strings and arrays it points to. */
#ifndef CK_MODEL_H
#define CK_MODEL_H

#include <stddef.h>

#include "ck_error.h"
#include "ck_export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CK_MAX_METALS 8   /* exchangeable metals per model */
#define CK_SYMBOL_MAX 8   /* "Ag", "Au", isotope labels "107Ag", room for the NUL */
#define CK_MEMORY_LIMIT_DEFAULT 8589934592.0 /* 8 GiB: networks estimated above are refused */
/* 2 GiB: output files estimated larger are refused before writing (issue 8). */
#define CK_OUTPUT_LIMIT_DEFAULT 2147483648.0
#define CK_MAX_FAMILIES 8 /* cluster families per model (README, "Several cluster families") */

typedef enum ck_mechanism_kind {
  CK_MECHANISM_DIMER_EXCHANGE = 0,
  CK_MECHANISM_COLLISION_EXCHANGE /* no dimer species: M_a + M_b -> M_a' + M_b' (MODEL.md s. 3) */
} ck_mechanism_kind;

/* MODEL.md section 2, rate conventions. */
typedef enum ck_exchange_probability {
  CK_EXCHANGE_STATISTICAL = 0, /* v = k_ex * P * [D], P summed over labeled ways */
  CK_EXCHANGE_CONSTANT         /* v = k_ex * [D] for every directed exchange */
} ck_exchange_probability;

typedef enum ck_normalize {
  CK_NORMALIZE_TOTAL_ION = 0, /* channels divided by their sum at every time */
  CK_NORMALIZE_NONE           /* concentrations in nM */
} ck_normalize;

typedef enum ck_linear_solver {
  CK_LINSOL_AUTO = 0, /* block elimination where the network allows it, else KLU */
  CK_LINSOL_BLOCK,    /* dimer-block elimination with a dense monomer Schur complement */
  CK_LINSOL_KLU,      /* general sparse LU (SuiteSparse KLU) */
  CK_LINSOL_DENSE,    /* dense LU: only sensible for tiny networks and tests */
  CK_LINSOL_KRYLOV    /* GMRES (CVODE SPGMR), Jacobi preconditioner: no Jacobian matrix */
} ck_linear_solver;

typedef struct ck_cluster {
  char *name;                     /* key under clusters: ("Ag25") */
  char *formula;                  /* as written ("[Ag25(C8H9S)18]-") */
  int charge;                     /* signed, in e */
  int metal_count[CK_MAX_METALS]; /* atoms of each exchangeable metal, model order */
  int nuclearity;                 /* sum of metal_count */
  double concentration_nM;        /* initial monomer concentration at mixing */
  int line;                       /* line in the model file (0 = unknown) */
  /* fixed: {Au: 1}: atoms that never move (a central dopant). They are not in
   * metal_count or nuclearity, which count the exchangeable atoms only. */
  int n_fixed;
  char fixed_metal[CK_MAX_METALS][CK_SYMBOL_MAX];
  int fixed_count[CK_MAX_METALS];
  int family;                     /* index into ck_model.families (0 with one family) */
} ck_cluster;

/* A cluster family (MODEL.md section 3): clusters with the same exchangeable
 * nuclearity, charge and fixed atoms. Inferred from the cluster entries and
 * named after the first cluster of the family in file order. */
typedef struct ck_family {
  char *name;       /* borrowed from that cluster's name */
  int nuclearity;   /* exchangeable atoms per monomer */
  int charge;       /* monomer charge, signed, in e */
  int n_fixed;
  char fixed_metal[CK_MAX_METALS][CK_SYMBOL_MAX];
  int fixed_count[CK_MAX_METALS];
} ck_family;

/* What happens when monomers of families family[0] <= family[1] meet
 * (`pairs:` block): whether they dimerize, whether the dimer exchanges atoms,
 * and the pair's rate constants. A stable dimer has k_diss_per_s = 0. */
typedef struct ck_pair {
  int family[2];
  int dimerize;
  int exchange;
  double k_dim_per_nM_s, k_diss_per_s, k_ex_per_s;
  int line; /* the pairs: entry that set it last (0 = the default) */
  /* 1 where the constant (dimerization, dissociation, exchange order) is
   * mechanism.rates' because no entry set it: a fit of that mechanism rate
   * moves this pair too (ck_fit_spec.h). */
  unsigned char inherits[3];
  /* collision-exchange (MODEL.md section 3): no dimers (dimerize 0); the
   * pair's encounters swap atoms at k_coll when exchange is set. */
  double k_coll_per_nM_s;
} ck_pair;

/* An initial concentration given for a species by label (`initial:` block):
 * a monomer (one subunit) or a dimer (two subunits), each subunit a
 * composition over the model's exchangeable metals. */
typedef struct ck_initial {
  char *label;                      /* as written ("[Au25]2") */
  int n_subunits;                   /* 1 = monomer, 2 = dimer */
  int subunit[2][CK_MAX_METALS];    /* compositions, model metal order */
  double concentration_nM;
  int line;
} ck_initial;

/* Opt-in trimers (mechanism.trimers; README, "Trimers"): a dimer and a
 * monomer associate, D{a,b} + M_c -> T{a,b,c} at k_tri [D][M] (every
 * dimer-monomer encounter alike), and a trimer loses one subunit at
 * k_tri_diss in total, each subunit with a third of it. With exchange set,
 * every pair of subunits of a trimer exchanges by the dimer's rule at k_ex.
 * max_species guards the size: C(n+2, 3) trimers for n monomer states. */
#define CK_TRIMERS_MAX_SPECIES_DEFAULT 200000.0
typedef struct ck_trimers {
  int enabled;
  double k_tri_per_nM_s;   /* trimers.formation */
  double k_tri_diss_per_s; /* trimers.dissociation */
  int exchange;            /* trimers.exchange (default true) */
  double max_species;      /* trimers.max-species; 0 = CK_TRIMERS_MAX_SPECIES_DEFAULT */
} ck_trimers;

/* The fit: block, defined in ck_fit_spec.h; owned by the model. */
typedef struct ck_fit_spec ck_fit_spec;
/* The sites: block, defined in ck_sites.h; owned by the model. */
typedef struct ck_sites ck_sites;

typedef struct ck_simulate_options {
  double dead_time_s;   /* model time = experimental time + dead time (default 0) */
  double end_s;         /* last output, experimental time (default 3600) */
  double step_s;        /* output spacing, experimental time (default 10) */
  ck_normalize normalize;
  double rtol;          /* CVODE relative tolerance (default 1e-8) */
  double atol_nM;       /* CVODE absolute tolerance (default 1e-12 nM) */
  ck_linear_solver linear_solver;
  long max_steps;       /* internal steps allowed between two outputs (default 1e6) */
} ck_simulate_options;

typedef struct ck_model {
  char *name;          /* name: (or the file name) */
  char *source;        /* path the model came from, for messages ("<string>" if none) */

  int n_metals;                              /* exchange: [Ag, Au] */
  char metal[CK_MAX_METALS][CK_SYMBOL_MAX];  /* in model order: channel labels follow it */
  int nuclearity;                            /* N, shared by all clusters */
  int charge;                                /* monomer charge, shared by all clusters */

  int n_clusters;
  ck_cluster *clusters;
  int n_initial;
  ck_initial *initial;

  ck_mechanism_kind kind;
  ck_exchange_probability probability;
  int scaling_metal;          /* dimerization-scaling metal-fraction: index into metal[], -1 = none */
  double k_dim_per_nM_s;      /* rates.dimerization */
  double k_diss_per_s;        /* rates.dissociation */
  double k_ex_per_s;          /* rates.exchange */

  ck_simulate_options simulate;
  int has_fit_block;          /* a fit: block was present */
  ck_fit_spec *fit;           /* the fit: block (ck_fit_spec.h), NULL when absent */
  double k_coll_per_nM_s;     /* rates.collision (collision-exchange only) */
  /* Fixed atoms per monomer, shared by all clusters (one family): carried in
   * every subunit, never exchanged; channels and formulas count them. */
  int n_fixed;
  char fixed_metal[CK_MAX_METALS][CK_SYMBOL_MAX];
  int fixed_count[CK_MAX_METALS];
  double memory_limit_bytes;  /* limits.memory or --memory-limit; 0 = CK_MEMORY_LIMIT_DEFAULT */
  double output_limit_bytes;  /* limits.output or --output-limit; 0 = CK_OUTPUT_LIMIT_DEFAULT */
  double time_limit_s;        /* limits.time or --time-limit (wall clock); 0 = none */
  ck_sites *sites;            /* site classes (MODEL.md section 5), NULL = all sites alike */
  /* Several families (README, "Several cluster families"). n_families is 0 or
   * 1 for one family, described by nuclearity, charge and fixed_* above. With
   * n_pairs > 0 the generator follows pairs[] (one entry for every unordered
   * pair of families, f <= g, in the order (0,0), (0,1), ..., (1,1), ...)
   * instead of the mechanism's rates; ck_model_load fills it when a model has
   * several families or a pairs: block. */
  int n_families;
  ck_family *families;
  int n_pairs;
  ck_pair *pairs;
  ck_trimers trimers; /* opt-in; enabled 0 = dimers only */
} ck_model;

/* Default run settings (MODEL.md section 8). */
CK_API ck_simulate_options ck_simulate_options_default(void);

/* Reads a model file. NULL on failure with the file and line on ctx. */
CK_API ck_model *ck_model_load(ck_ctx *ctx, const char *path);
/* Reads a model from memory; source names it in messages. */
CK_API ck_model *ck_model_parse(ck_ctx *ctx, const char *text, size_t length, const char *source);
CK_API void ck_model_free(ck_model *model);

/* Accessors for bindings that do not mirror struct ck_model (ctypes): the
 * same fields, read through functions. Strings are borrowed from the model;
 * a cluster index out of range gives NULL (NaN for the concentration). */
CK_API const char *ck_model_name(const ck_model *model);
CK_API const char *ck_model_source(const ck_model *model);
CK_API int ck_model_cluster_count(const ck_model *model);
CK_API const char *ck_model_cluster_name(const ck_model *model, int i);
CK_API const char *ck_model_cluster_formula(const ck_model *model, int i);
CK_API double ck_model_cluster_concentration_nM(const ck_model *model, int i);
/* 1 when the model has a fit: block. */
CK_API int ck_model_has_fit(const ck_model *model);

#ifdef __cplusplus
}
#endif
#endif /* CK_MODEL_H */
