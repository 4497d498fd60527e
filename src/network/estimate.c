/* SPDX-License-Identifier: MIT */
/* Memory estimates before allocation (issue 5): refuse rather than swap. */
#include <math.h>
#include <stdio.h>

#include "network/network_impl.h"

/* Bytes per reaction in the network (network_impl.h): kind (1), reactants
 * and products (16), factor and rate (16), and its pair class (1) when the
 * model has pairs:. Stoichiometry is not stored: the solver's kinetics tables
 * hold it, counted in SOLVER_BYTES_PER_TERM. */
#define NETWORK_BYTES_PER_REACTION 34.0
/* Jacobian terms per reaction: up to 4 species x 2 reactants. */
#define TERMS_PER_REACTION 8.0
/* ck_jac_term (24) + its sort key (8) + shape rows (16 / reaction amortised). */
#define SOLVER_BYTES_PER_TERM 34.0
/* CSC pattern and values, KLU's copy (int index + double value, twice). */
#define BYTES_PER_NONZERO 24.0
#define KLU_FILL 3.0
#define CVODE_VECTORS 25.0 /* BDF history, error weights, Newton work */

double ck_memory_solver_bytes(double species, double monomers, double reactions) {
  double nnz = fmin(TERMS_PER_REACTION * reactions + species, species * species);
  double bytes = SOLVER_BYTES_PER_TERM * TERMS_PER_REACTION * reactions;
  bytes += BYTES_PER_NONZERO * nnz + KLU_FILL * 12.0 * nnz; /* KLU: L and U factors */
  bytes += 3.0 * 8.0 * monomers * monomers;                /* block: Schur complement, LU */
  return bytes + CVODE_VECTORS * 8.0 * species;
}

/* The RHS tables (ck_kinetics_init_rhs): a shape row is 12-16 bytes, a
 * reaction that fits no shape 64 (collision exchange); the larger is taken. */
#define KRYLOV_BYTES_PER_REACTION 64.0
/* CVODE's BDF history and work vectors (25), the GMRES basis (CK_KRYLOV_MAXL
 * + 1 = 31) and work vectors (4), the Jacobi preconditioner (2). */
#define KRYLOV_VECTORS (25.0 + 31.0 + 4.0 + 2.0)

double ck_memory_krylov_bytes(double species, double reactions) {
  return KRYLOV_BYTES_PER_REACTION * reactions + KRYLOV_VECTORS * 8.0 * species;
}

double ck_memory_limit(const ck_model *model) {
  return model->memory_limit_bytes > 0.0 ? model->memory_limit_bytes : CK_MEMORY_LIMIT_DEFAULT;
}

ck_status ck_network_estimate_memory(ck_ctx *ctx, const ck_model *model, ck_memory_estimate *out) {
  if (model == NULL || out == NULL || model->n_metals < 1) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_network_estimate_memory: no model or no metals");
  }
  double m = model->n_metals;
  double nm = (double)ck_composition_count(model->nuclearity, model->n_metals);
  double pairs = nm * (nm + 1.0) / 2.0;
  int collision = model->kind == CK_MECHANISM_COLLISION_EXCHANGE;
  if (model->n_pairs > 0 && model->n_families > 1 && model->families != NULL) {
    /* several families: monomers of each, dimers of each dimerizing pair class */
    double size[CK_MAX_FAMILIES];
    nm = 0.0, pairs = 0.0;
    for (int f = 0; f < model->n_families && f < CK_MAX_FAMILIES; f++) {
      size[f] = (double)ck_composition_count(model->families[f].nuclearity, model->n_metals);
      nm += size[f];
    }
    for (int k = 0; k < model->n_pairs; k++) {
      const ck_pair *p = &model->pairs[k];
      if (p->dimerize && p->family[0] >= 0 && p->family[1] < model->n_families) {
        double a = size[p->family[0]], b = size[p->family[1]];
        pairs += p->family[0] == p->family[1] ? a * (a + 1.0) / 2.0 : a * b;
      }
    }
  }
  out->monomers = nm;
  out->dimers = collision ? 0.0 : pairs;
  /* opt-in trimers (trimers.c): one family, every triple of monomers */
  out->trimers = model->trimers.enabled && !collision ? ck_trimer_count(nm) : 0.0;
  out->species = nm + out->dimers + out->trimers;
  out->reactions = pairs * m * (m - 1.0) + 2.0 * out->dimers;
  if (out->trimers > 0.0) {
    out->reactions += ck_trimer_reaction_bound(nm, model->n_metals);
  }
  out->jacobian_nonzeros = fmin(TERMS_PER_REACTION * out->reactions + out->species,
                                out->species * out->species);
  out->network_bytes = out->species * 4.0 * m + nm * 4.0 * m + out->dimers * 8.0 +
                       out->trimers * 12.0 +
                       NETWORK_BYTES_PER_REACTION * out->reactions;
  out->solver_bytes = model->simulate.linear_solver == CK_LINSOL_KRYLOV
                          ? ck_memory_krylov_bytes(out->species, out->reactions)
                          : ck_memory_solver_bytes(out->species, nm, out->reactions);
  out->total_bytes = out->network_bytes + out->solver_bytes;
  out->limit_bytes = ck_memory_limit(model);
  return CK_OK;
}

ck_status ck_memory_refuse(ck_ctx *ctx, const char *what, double need, double species,
                           double reactions, double limit) {
  CK_FAIL(ctx, CK_ERR_LIMIT,
          "%s would need about %.3g GiB (%.4g species, %.4g reactions), above the memory limit "
          "of %.3g GiB; raise it with limits: {memory: ...} or --memory-limit, or shrink the model",
          what, need / 1073741824.0, species, reactions, limit / 1073741824.0);
}
