/* SPDX-License-Identifier: MIT */
/* Mass-action right-hand side and analytic sparse Jacobian as tight loops over flat arrays. */
#include "solver/kinetics.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static ck_status split_by_order(ck_ctx *ctx, ck_kinetics *kin) {
  const ck_network *net = kin->net;
  for (size_t r = 0; r < net->n_reactions; r++) {
    if (net->reactant[2 * r + 1] >= 0) {
      kin->n_bi++;
    } else {
      kin->n_uni++;
    }
  }
  kin->bi = ck_calloc(ctx, 3 * kin->n_bi, sizeof(int));
  kin->uni = ck_calloc(ctx, 2 * kin->n_uni, sizeof(int));
  if (kin->bi == NULL || kin->uni == NULL) {
    return CK_ERR_NOMEM;
  }
  size_t nb = 0, nu = 0;
  for (size_t r = 0; r < net->n_reactions; r++) {
    int a = net->reactant[2 * r], b = net->reactant[2 * r + 1];
    if (b >= 0) {
      kin->bi[3 * nb] = (int)r, kin->bi[3 * nb + 1] = a, kin->bi[3 * nb + 2] = b;
      nb++;
    } else {
      kin->uni[2 * nu] = (int)r, kin->uni[2 * nu + 1] = a;
      nu++;
    }
  }
  return CK_OK;
}

/* Terms of d(dy_i/dt)/dy_j for every reaction: dest holds the key j*n+i until
 * the pattern exists. Returns the number written (count-only when out is NULL). */
static size_t make_terms(const ck_network *net, ck_jac_term *out) {
  size_t count = 0, n = net->n_species;
  int sp[4];
  double co[4];
  for (size_t r = 0; r < net->n_reactions; r++) {
    int a = net->reactant[2 * r], b = net->reactant[2 * r + 1];
    int k = ck_network_reaction_entries(net, r, sp, co);
    for (int e = 0; e < k; e++) {
      /* derivative with respect to a (and b); homo: d(c y^2)/dy = 2 c y */
      int cols[2] = {a, b}, others[2] = {b, a};
      double coefs[2] = {co[e], co[e]};
      int nterms = 2;
      if (b < 0) {
        nterms = 1, others[0] = -1;
      } else if (a == b) {
        nterms = 1, coefs[0] = 2.0 * co[e];
      }
      for (int t = 0; t < nterms; t++) {
        if (out != NULL) {
          out[count] = (ck_jac_term){(size_t)cols[t] * n + (size_t)sp[e], (int)r, others[t], coefs[t]};
        }
        count++;
      }
    }
  }
  return count;
}

/* CSC pattern: union of the terms' positions and the diagonal. */
static ck_status build_pattern(ck_ctx *ctx, ck_kinetics *kin) {
  size_t n = kin->n, nkeys = kin->n_terms + n;
  uint64_t *keys = ck_calloc(ctx, nkeys, sizeof *keys);
  if (keys == NULL) {
    return CK_ERR_NOMEM;
  }
  for (size_t t = 0; t < kin->n_terms; t++) {
    keys[t] = kin->terms[t].dest;
  }
  for (size_t i = 0; i < n; i++) {
    keys[kin->n_terms + i] = (uint64_t)i * n + i;
  }
  size_t u = ck_sort_unique_u64(keys, nkeys);
  kin->nnz = u;
  kin->col_ptr = ck_calloc(ctx, n + 1, sizeof(int));
  kin->row_idx = ck_calloc(ctx, u, sizeof(int));
  if (kin->col_ptr == NULL || kin->row_idx == NULL) {
    free(keys);
    return CK_ERR_NOMEM;
  }
  for (size_t k = 0; k < u; k++) {
    kin->row_idx[k] = (int)(keys[k] % n);
    kin->col_ptr[keys[k] / n + 1]++;
  }
  for (size_t j = 0; j < n; j++) {
    kin->col_ptr[j + 1] += kin->col_ptr[j];
  }
  for (size_t t = 0; t < kin->n_terms; t++) { /* key -> position in the CSC data */
    uint64_t *hit = bsearch(&kin->terms[t].dest, keys, u, sizeof *keys, ck_compare_u64);
    kin->terms[t].dest = (size_t)(hit - keys);
  }
  free(keys);
  return CK_OK;
}

ck_status ck_kinetics_init(ck_ctx *ctx, ck_kinetics *kin, const ck_network *net) {
  memset(kin, 0, sizeof *kin);
  kin->net = net;
  kin->n = net->n_species;
  kin->v = ck_calloc(ctx, net->n_reactions, sizeof(double));
  if (kin->v == NULL || split_by_order(ctx, kin) != CK_OK) {
    ck_kinetics_destroy(kin);
    return CK_ERR_NOMEM;
  }
  kin->n_terms = make_terms(net, NULL);
  kin->terms = ck_calloc(ctx, kin->n_terms, sizeof *kin->terms);
  if (kin->terms == NULL) {
    ck_kinetics_destroy(kin);
    return CK_ERR_NOMEM;
  }
  make_terms(net, kin->terms);
  if (build_pattern(ctx, kin) != CK_OK) {
    ck_kinetics_destroy(kin);
    return CK_ERR_NOMEM;
  }
  return CK_OK;
}

void ck_kinetics_destroy(ck_kinetics *kin) {
  free(kin->v);
  free(kin->bi);
  free(kin->uni);
  free(kin->col_ptr);
  free(kin->row_idx);
  free(kin->terms);
  memset(kin, 0, sizeof *kin);
}

void ck_kinetics_rhs(ck_kinetics *kin, const double *restrict y, double *restrict dydt) {
  const ck_network *net = kin->net;
  const double *restrict rate = net->rate;
  double *restrict v = kin->v;
  for (size_t k = 0; k < kin->n_bi; k++) {
    const int *b = kin->bi + 3 * k;
    v[b[0]] = rate[b[0]] * y[b[1]] * y[b[2]];
  }
  for (size_t k = 0; k < kin->n_uni; k++) {
    const int *u = kin->uni + 2 * k;
    v[u[0]] = rate[u[0]] * y[u[1]];
  }
  const size_t *ptr = net->stoich_ptr;
  const int *reaction = net->stoich_reaction;
  const double *coef = net->stoich_coef;
  for (size_t i = 0; i < kin->n; i++) {
    double s = 0.0;
    for (size_t p = ptr[i]; p < ptr[i + 1]; p++) {
      s += coef[p] * v[reaction[p]];
    }
    dydt[i] = s;
  }
}

void ck_kinetics_jacobian_csc(const ck_kinetics *kin, const double *restrict y,
                              double *restrict data) {
  const double *restrict rate = kin->net->rate;
  memset(data, 0, kin->nnz * sizeof *data);
  for (size_t t = 0; t < kin->n_terms; t++) {
    const ck_jac_term *term = kin->terms + t;
    double d = term->coef * rate[term->reaction];
    data[term->dest] += term->other >= 0 ? d * y[term->other] : d;
  }
}

void ck_kinetics_jacobian_dense(const ck_kinetics *kin, const double *y, double *csc_work,
                                double *a) {
  size_t n = kin->n;
  ck_kinetics_jacobian_csc(kin, y, csc_work);
  memset(a, 0, n * n * sizeof *a);
  for (size_t j = 0; j < n; j++) {
    for (int p = kin->col_ptr[j]; p < kin->col_ptr[j + 1]; p++) {
      a[j * n + (size_t)kin->row_idx[p]] = csc_work[p];
    }
  }
}
