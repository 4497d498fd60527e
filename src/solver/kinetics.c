/* SPDX-License-Identifier: MIT */
/* Mass-action right-hand side and analytic sparse Jacobian as tight loops over flat arrays. */
#include "solver/kinetics.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const int shape_width[CK_SHAPE_COUNT] = {3, 4, 4};

/* The shape of reaction r, or -1; fills the shape's row when row != NULL. */
static int classify(const ck_network *net, size_t r, int *row) {
  int sp[4];
  double co[4];
  int a = net->reactant[2 * r], b = net->reactant[2 * r + 1];
  int k = ck_network_reaction_entries(net, r, sp, co);
  int shape = -1;
  if (b < 0 && k == 2 && sp[0] == a && co[0] == -1.0 && co[1] == 1.0) {
    shape = CK_SHAPE_ISOMERIZE;
  } else if (b < 0 && k == 3 && sp[0] == a && co[0] == -1.0 && co[1] == 1.0 && co[2] == 1.0) {
    shape = CK_SHAPE_SPLIT;
  } else if (b >= 0 && a != b && k == 3 && sp[0] == a && sp[1] == b && co[0] == -1.0 &&
             co[1] == -1.0 && co[2] == 1.0) {
    shape = CK_SHAPE_JOIN;
  }
  if (shape >= 0 && row != NULL) {
    row[0] = (int)r;
    for (int e = 0; e < k; e++) {
      row[1 + e] = sp[e];
    }
  }
  return shape;
}

static ck_status group_by_shape(ck_ctx *ctx, ck_kinetics *kin) {
  const ck_network *net = kin->net;
  for (size_t r = 0; r < net->n_reactions; r++) {
    int shape = classify(net, r, NULL);
    if (shape >= 0) {
      kin->n_shape[shape]++;
    } else {
      kin->n_general++;
    }
  }
  for (int g = 0; g < CK_SHAPE_COUNT; g++) {
    kin->shape[g] = ck_calloc(ctx, kin->n_shape[g] * (size_t)shape_width[g] + 1, sizeof(int));
    if (kin->shape[g] == NULL) {
      return CK_ERR_NOMEM;
    }
  }
  kin->general = ck_calloc(ctx, kin->n_general + 1, sizeof *kin->general);
  if (kin->general == NULL) {
    return CK_ERR_NOMEM;
  }
  size_t fill[CK_SHAPE_COUNT] = {0}, ng = 0;
  for (size_t r = 0; r < net->n_reactions; r++) {
    int row[4];
    int shape = classify(net, r, row);
    if (shape >= 0) {
      memcpy(kin->shape[shape] + fill[shape]++ * (size_t)shape_width[shape], row,
             (size_t)shape_width[shape] * sizeof(int));
      continue;
    }
    ck_general_reaction *g = kin->general + ng++;
    g->reaction = (int)r, g->a = net->reactant[2 * r], g->b = net->reactant[2 * r + 1];
    g->n_entries = ck_network_reaction_entries(net, r, g->species, g->coef);
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
          out[count] =
              (ck_jac_term){(size_t)cols[t] * n + (size_t)sp[e], (int)r, others[t], coefs[t]};
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
  if (group_by_shape(ctx, kin) != CK_OK) {
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

ck_status ck_kinetics_init_rhs(ck_ctx *ctx, ck_kinetics *kin, const ck_network *net) {
  memset(kin, 0, sizeof *kin);
  kin->net = net;
  kin->n = net->n_species;
  if (group_by_shape(ctx, kin) != CK_OK) {
    ck_kinetics_destroy(kin);
    return CK_ERR_NOMEM;
  }
  return CK_OK;
}

void ck_kinetics_destroy(ck_kinetics *kin) {
  for (int g = 0; g < CK_SHAPE_COUNT; g++) {
    free(kin->shape[g]);
  }
  free(kin->general);
  free(kin->col_ptr);
  free(kin->row_idx);
  free(kin->terms);
  memset(kin, 0, sizeof *kin);
}

void ck_kinetics_rhs(ck_kinetics *kin, const double *restrict y, double *restrict dydt) {
  const double *restrict rate = kin->net->rate;
  memset(dydt, 0, kin->n * sizeof *dydt);
  const int *row = kin->shape[CK_SHAPE_ISOMERIZE];
  for (size_t k = 0; k < kin->n_shape[CK_SHAPE_ISOMERIZE]; k++, row += 3) {
    double v = rate[row[0]] * y[row[1]];
    dydt[row[1]] -= v;
    dydt[row[2]] += v;
  }
  row = kin->shape[CK_SHAPE_SPLIT];
  for (size_t k = 0; k < kin->n_shape[CK_SHAPE_SPLIT]; k++, row += 4) {
    double v = rate[row[0]] * y[row[1]];
    dydt[row[1]] -= v;
    dydt[row[2]] += v;
    dydt[row[3]] += v;
  }
  row = kin->shape[CK_SHAPE_JOIN];
  for (size_t k = 0; k < kin->n_shape[CK_SHAPE_JOIN]; k++, row += 4) {
    double v = rate[row[0]] * y[row[1]] * y[row[2]];
    dydt[row[1]] -= v;
    dydt[row[2]] -= v;
    dydt[row[3]] += v;
  }
  for (size_t k = 0; k < kin->n_general; k++) {
    const ck_general_reaction *g = kin->general + k;
    double v = rate[g->reaction] * y[g->a] * (g->b >= 0 ? y[g->b] : 1.0);
    for (int e = 0; e < g->n_entries; e++) {
      dydt[g->species[e]] += g->coef[e] * v;
    }
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
