/* SPDX-License-Identifier: MIT */
/* Jacobian-vector products and the Jacobi preconditioner of the Krylov path,
 * straight from the kinetics' reaction tables: memory linear in reactions. */
#include "solver/krylov.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solver/solver_impl.h"

ck_status ck_krylov_prec_init(ck_ctx *ctx, ck_krylov_prec *p, const ck_kinetics *kin) {
  memset(p, 0, sizeof *p);
  p->kin = kin;
  p->diag = ck_calloc(ctx, kin->n + 1, sizeof *p->diag);
  p->inv = ck_calloc(ctx, kin->n + 1, sizeof *p->inv);
  if (p->diag == NULL || p->inv == NULL) {
    ck_krylov_prec_destroy(p);
    return CK_ERR_NOMEM;
  }
  return CK_OK;
}

void ck_krylov_prec_destroy(ck_krylov_prec *p) {
  free(p->diag);
  free(p->inv);
  memset(p, 0, sizeof *p);
}

void ck_krylov_prec_setup(ck_krylov_prec *p, const double *y, double gamma) {
  if (y != NULL) {
    ck_kinetics_jacobian_diagonal(p->kin, y, p->diag);
  }
  for (size_t i = 0; i < p->kin->n; i++) {
    double m = 1.0 - gamma * p->diag[i];
    /* m >= 1 for mass action (J_ii <= 0); the guard only keeps a NaN or a
     * non-physical rate from turning into a division by zero. */
    p->inv[i] = m > 0.0 && isfinite(m) ? 1.0 / m : 1.0;
  }
}

void ck_krylov_prec_solve(const ck_krylov_prec *p, const double *r, double *z) {
  const double *restrict inv = p->inv;
  for (size_t i = 0; i < p->kin->n; i++) {
    z[i] = inv[i] * r[i];
  }
}

/* The shape rows are those of kinetics.h: ISOMERIZE (r, A, P), SPLIT (r, A,
 * P, Q), JOIN (r, A, B, P), each with net stoichiometry -1 on the reactants
 * and +1 on the products, which are distinct from the reactants. */

void ck_kinetics_jacobian_diagonal(const ck_kinetics *kin, const double *restrict y,
                                   double *restrict diag) {
  const double *restrict rate = kin->net->rate;
  memset(diag, 0, kin->n * sizeof *diag);
  const int *row = kin->shape[CK_SHAPE_ISOMERIZE];
  for (size_t k = 0; k < kin->n_shape[CK_SHAPE_ISOMERIZE]; k++, row += 3) {
    diag[row[1]] -= rate[row[0]];
  }
  row = kin->shape[CK_SHAPE_SPLIT];
  for (size_t k = 0; k < kin->n_shape[CK_SHAPE_SPLIT]; k++, row += 4) {
    diag[row[1]] -= rate[row[0]];
  }
  row = kin->shape[CK_SHAPE_JOIN];
  for (size_t k = 0; k < kin->n_shape[CK_SHAPE_JOIN]; k++, row += 4) {
    diag[row[1]] -= rate[row[0]] * y[row[2]];
    diag[row[2]] -= rate[row[0]] * y[row[1]];
  }
  for (size_t k = 0; k < kin->n_general; k++) {
    const ck_general_reaction *g = kin->general + k;
    double rk = rate[g->reaction];
    /* v = rk y_a y_b (y_b = 1 when unimolecular): dv/dy_a, dv/dy_b */
    double dva = g->b < 0 ? rk : (g->a == g->b ? 2.0 * rk * y[g->a] : rk * y[g->b]);
    double dvb = g->b >= 0 && g->a != g->b ? rk * y[g->a] : 0.0;
    for (int e = 0; e < g->n_entries; e++) {
      int sp = g->species[e];
      diag[sp] += sp == g->a ? g->coef[e] * dva : sp == g->b ? g->coef[e] * dvb : 0.0;
    }
  }
}

void ck_kinetics_jtimes(const ck_kinetics *kin, const double *restrict y, const double *restrict v,
                        double *restrict jv) {
  const double *restrict rate = kin->net->rate;
  memset(jv, 0, kin->n * sizeof *jv);
  const int *row = kin->shape[CK_SHAPE_ISOMERIZE];
  for (size_t k = 0; k < kin->n_shape[CK_SHAPE_ISOMERIZE]; k++, row += 3) {
    double w = rate[row[0]] * v[row[1]];
    jv[row[1]] -= w;
    jv[row[2]] += w;
  }
  row = kin->shape[CK_SHAPE_SPLIT];
  for (size_t k = 0; k < kin->n_shape[CK_SHAPE_SPLIT]; k++, row += 4) {
    double w = rate[row[0]] * v[row[1]];
    jv[row[1]] -= w;
    jv[row[2]] += w;
    jv[row[3]] += w;
  }
  row = kin->shape[CK_SHAPE_JOIN];
  for (size_t k = 0; k < kin->n_shape[CK_SHAPE_JOIN]; k++, row += 4) {
    double w = rate[row[0]] * (v[row[1]] * y[row[2]] + y[row[1]] * v[row[2]]);
    jv[row[1]] -= w;
    jv[row[2]] -= w;
    jv[row[3]] += w;
  }
  for (size_t k = 0; k < kin->n_general; k++) {
    const ck_general_reaction *g = kin->general + k;
    /* d(rk y_a y_b) along v; a == b gives 2 rk y_a v_a as it should */
    double w = g->b < 0 ? v[g->a] : v[g->a] * y[g->b] + y[g->a] * v[g->b];
    w *= rate[g->reaction];
    for (int e = 0; e < g->n_entries; e++) {
      jv[g->species[e]] += g->coef[e] * w;
    }
  }
}

void ck_krylov_conserve(const ck_network *net, const double *w, const double *target, double *x) {
  int m = net->n_metals;
  double have[CK_MAX_METALS], g[CK_MAX_METALS], a[CK_MAX_METALS][CK_MAX_METALS] = {{0.0}};
  ck_metal_totals(net, x, have);
  for (int p = 0; p < m; p++) {
    g[p] = target[p] - have[p];
  }
  /* Normal equations of the weighted least-norm problem: (C^T W^-2 C) l = g,
   * dx = W^-2 C l. m <= CK_MAX_METALS, so a small dense elimination. */
  const int *c = net->metal_counts;
  for (size_t i = 0; i < net->n_species; i++, c += m) {
    double wi2 = w != NULL ? 1.0 / (w[i] * w[i]) : 1.0;
    for (int p = 0; p < m; p++) {
      for (int q = 0; q < m; q++) {
        a[p][q] += c[p] * c[q] * wi2;
      }
    }
  }
  double lambda[CK_MAX_METALS] = {0.0};
  int used[CK_MAX_METALS] = {0}, order[CK_MAX_METALS];
  double scale = 0.0;
  for (int p = 0; p < m; p++) {
    scale = fmax(scale, a[p][p]);
  }
  /* Gauss-Jordan with full pivoting on the diagonal (a is symmetric positive
   * semi-definite): a pivot below 1e-13 of the largest diagonal belongs to a
   * metal no species carries, or to one fixed by the others; it gets l = 0. */
  int rank = 0;
  for (int k = 0; k < m; k++) {
    int piv = -1;
    for (int p = 0; p < m; p++) {
      if (!used[p] && (piv < 0 || a[p][p] > a[piv][piv])) {
        piv = p;
      }
    }
    if (!(a[piv][piv] > 1e-13 * scale)) {
      break;
    }
    used[piv] = 1, order[rank++] = piv;
    for (int p = 0; p < m; p++) {
      if (p == piv) {
        continue;
      }
      double f = a[p][piv] / a[piv][piv];
      for (int q = 0; q < m; q++) {
        a[p][q] -= f * a[piv][q];
      }
      g[p] -= f * g[piv];
    }
  }
  for (int k = 0; k < rank; k++) {
    int p = order[k];
    lambda[p] = g[p] / a[p][p];
  }
  c = net->metal_counts;
  for (size_t i = 0; i < net->n_species; i++, c += m) {
    double s = 0.0;
    for (int p = 0; p < m; p++) {
      s += c[p] * lambda[p];
    }
    x[i] += s * (w != NULL ? 1.0 / (w[i] * w[i]) : 1.0);
  }
}
