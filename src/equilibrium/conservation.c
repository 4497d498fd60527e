/* SPDX-License-Identifier: MIT */
/* The conserved quantities of a network: the rows Newton holds fixed.
 *
 * One family that exchanges conserves each metal (MODEL.md section 2). With
 * several families (MODEL.md section 3) more holds: every family's subunits
 * are conserved (exchange is one-for-one, dimers keep their subunits), a
 * family exchanging with no one keeps every composition, and families that
 * exchange only among themselves conserve each metal separately. Rather than
 * sort these cases by hand, the laws are computed: every reaction keeps the
 * subunits (monomers and dimer halves) of each composition except for the
 * ones it changes, so a conserved quantity is a weight c_i per monomer
 * composition i with sum_i c_i s_ri = 0 for every reaction's net subunit
 * change s_r, i.e. c in the null space of G = sum_r s_r s_r^T (monomers x
 * monomers, small). Readable laws (unchanging compositions, metal
 * balances, family counts, family metals) are taken first when they hold,
 * the null space's basis fills up the rest, so a one-family model keeps
 * exactly its metal balances. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "equilibrium/equilibrium_impl.h"

#define NULL_RTOL 1e-9  /* |G c| below this share of |G| |c|: c is conserved */
#define INDEP_RTOL 1e-8 /* Gram-Schmidt residual below this share of |c|: dependent */

typedef struct finder {
  size_t nm;
  double *g; /* nm x nm */
  double g_max;
  int rank;
  double *kept;  /* laws kept so far, orthonormalised: n x nm */
  double *basis; /* the kept laws as given: n x nm */
  int n;
  double *tmp, *cand; /* nm each */
} finder;

/* Net change in the subunits of each composition by reaction k, into idx/val. */
static int subunit_change(const ck_eq_view *v, size_t k, int idx[8], double val[8]) {
  const ck_eq_reaction *r = v->rx + k;
  int n = 0;
  for (int side = 0; side < 2; side++) {
    const int *sp = side == 0 ? r->reactant : r->product;
    double sign = side == 0 ? -1.0 : 1.0;
    for (int s = 0; s < 2; s++) {
      if (sp[s] < 0) {
        continue;
      }
      int sub[2] = {sp[s], -1};
      if ((size_t)sp[s] >= v->n_monomers) {
        sub[0] = v->dimer_sub[2 * ((size_t)sp[s] - v->n_monomers)];
        sub[1] = v->dimer_sub[2 * ((size_t)sp[s] - v->n_monomers) + 1];
      }
      for (int u = 0; u < 2 && sub[u] >= 0; u++) {
        int j = 0;
        while (j < n && idx[j] != sub[u]) {
          j++;
        }
        if (j == n) {
          idx[n] = sub[u], val[n++] = 0.0;
        }
        val[j] += sign;
      }
    }
  }
  return n;
}

static void build_gram(const ck_eq_view *v, finder *f) {
  for (size_t k = 0; k < v->n_reactions; k++) {
    int idx[8];
    double val[8];
    int n = subunit_change(v, k, idx, val);
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        f->g[(size_t)idx[a] * f->nm + (size_t)idx[b]] += val[a] * val[b];
      }
    }
  }
  for (size_t i = 0; i < f->nm * f->nm; i++) {
    f->g_max = fmax(f->g_max, fabs(f->g[i]));
  }
}

/* Row-reduces a copy of G; null-space basis vectors go to *out (n_out x nm). */
static ck_status null_space(ck_ctx *ctx, finder *f, double **out, int *n_out) {
  size_t nm = f->nm;
  double *a = ck_calloc(ctx, nm * nm, sizeof *a);
  int *pivot_col = ck_calloc(ctx, nm + 1, sizeof *pivot_col);
  double *basis = ck_calloc(ctx, nm * nm + 1, sizeof *basis);
  if (a == NULL || pivot_col == NULL || basis == NULL) {
    free(a), free(pivot_col), free(basis);
    return CK_ERR_NOMEM;
  }
  memcpy(a, f->g, nm * nm * sizeof *a);
  double tol = NULL_RTOL * (f->g_max > 0.0 ? f->g_max : 1.0);
  int rank = 0;
  for (size_t col = 0; col < nm && (size_t)rank < nm; col++) {
    size_t best = (size_t)rank;
    for (size_t r = (size_t)rank; r < nm; r++) {
      best = fabs(a[r * nm + col]) > fabs(a[best * nm + col]) ? r : best;
    }
    if (fabs(a[best * nm + col]) <= tol) {
      continue;
    }
    for (size_t j = 0; j < nm; j++) { /* swap rows best and rank, scale the pivot to 1 */
      double t = a[best * nm + j];
      a[best * nm + j] = a[(size_t)rank * nm + j], a[(size_t)rank * nm + j] = t;
    }
    double p = a[(size_t)rank * nm + col];
    for (size_t j = 0; j < nm; j++) {
      a[(size_t)rank * nm + j] /= p;
    }
    for (size_t r = 0; r < nm; r++) {
      double m = r == (size_t)rank ? 0.0 : a[r * nm + col];
      for (size_t j = 0; m != 0.0 && j < nm; j++) {
        a[r * nm + j] -= m * a[(size_t)rank * nm + j];
      }
    }
    pivot_col[rank++] = (int)col;
  }
  int n = 0;
  for (size_t col = 0, r = 0; col < nm; col++) {
    if ((int)r < rank && pivot_col[r] == (int)col) {
      r++;
      continue;
    }
    double *c = basis + (size_t)n++ * nm; /* free column: c_col = 1, pivots follow */
    c[col] = 1.0;
    for (int q = 0; q < rank; q++) {
      c[pivot_col[q]] = -a[(size_t)q * nm + col];
    }
  }
  f->rank = rank;
  free(a), free(pivot_col);
  *out = basis, *n_out = n;
  return CK_OK;
}

/* Keeps c as a law when G c = 0 and c is independent of the laws kept. */
static void offer(finder *f, const double *c) {
  size_t nm = f->nm;
  double c_norm = 0.0, gc_max = 0.0;
  for (size_t i = 0; i < nm; i++) {
    c_norm += fabs(c[i]);
  }
  if (c_norm == 0.0 || f->n >= (int)nm - f->rank) {
    return;
  }
  for (size_t i = 0; i < nm; i++) {
    double s = 0.0;
    for (size_t j = 0; j < nm; j++) {
      s += f->g[i * nm + j] * c[j];
    }
    gc_max = fmax(gc_max, fabs(s));
  }
  if (gc_max > NULL_RTOL * f->g_max * c_norm) {
    return;
  }
  double norm0 = 0.0, norm = 0.0;
  memcpy(f->tmp, c, nm * sizeof *c);
  for (size_t i = 0; i < nm; i++) {
    norm0 += c[i] * c[i];
  }
  for (int k = 0; k < f->n; k++) {
    const double *q = f->kept + (size_t)k * nm;
    double dot = 0.0;
    for (size_t i = 0; i < nm; i++) {
      dot += q[i] * f->tmp[i];
    }
    for (size_t i = 0; i < nm; i++) {
      f->tmp[i] -= dot * q[i];
    }
  }
  for (size_t i = 0; i < nm; i++) {
    norm += f->tmp[i] * f->tmp[i];
  }
  if (sqrt(norm) <= INDEP_RTOL * sqrt(norm0)) {
    return;
  }
  for (size_t i = 0; i < nm; i++) {
    f->kept[(size_t)f->n * nm + i] = f->tmp[i] / sqrt(norm);
  }
  memcpy(f->basis + (size_t)f->n * nm, c, nm * sizeof *c);
  f->n++;
}

/* Compositions nothing changes (each its own law, with integer rows, so one
 * absent from the mixture stays exactly 0), metal balances, then each
 * family's subunits, then each family's metals. */
static void offer_readable(finder *f, const ck_network *net) {
  int nx;
  const int *counts = ck_network_metal_counts(net, &nx);
  int nf = ck_network_family_count(net);
  for (size_t i = 0; i < f->nm; i++) {
    memset(f->cand, 0, f->nm * sizeof *f->cand);
    f->cand[i] = 1.0;
    offer(f, f->cand);
  }
  for (int fam = -1; fam < nf; fam++) {
    for (int x = fam < 0 ? 0 : -1; x < nx; x++) {
      for (size_t i = 0; i < f->nm; i++) {
        int family[2];
        ck_network_species_families(net, i, family);
        int in = fam < 0 || family[0] == fam;
        f->cand[i] = !in ? 0.0 : x < 0 ? 1.0 : counts[i * (size_t)nx + (size_t)x];
      }
      offer(f, f->cand);
    }
  }
}

static int root(int *parent, int i) {
  while (parent[i] != i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

/* Compositions linked by some reaction (G_ij != 0) share a component,
 * labelled by its smallest member. */
static void components(const finder *f, int *parent) {
  for (size_t i = 0; i < f->nm; i++) {
    parent[i] = (int)i;
  }
  for (size_t i = 0; i < f->nm; i++) {
    for (size_t j = i + 1; j < f->nm; j++) {
      int a = root(parent, (int)i), b = root(parent, (int)j);
      if (f->g[i * f->nm + j] != 0.0 && a != b) {
        parent[a > b ? a : b] = a < b ? a : b;
      }
    }
  }
  for (size_t i = 0; i < f->nm; i++) {
    parent[i] = root(parent, (int)i);
  }
}

/* Law rows over species from weights per composition (a dimer counts both halves). */
static void expand(const ck_eq_view *v, const double *c, double *row) {
  for (size_t s = 0; s < v->n; s++) {
    if (s < v->n_monomers) {
      row[s] = c[s];
      continue;
    }
    const int *sub = v->dimer_sub + 2 * (s - v->n_monomers);
    row[s] = (sub[0] >= 0 ? c[sub[0]] : 0.0) + (sub[1] >= 0 ? c[sub[1]] : 0.0);
  }
}

/* A network without subunit tables (hand-built): the metal balances alone. */
static ck_status metal_laws(ck_ctx *ctx, ck_eq_laws *laws, const ck_eq_view *v,
                            const ck_network *net) {
  int nx;
  const int *counts = ck_network_metal_counts(net, &nx);
  laws->n = nx, laws->n_species = v->n;
  laws->row = ck_calloc(ctx, (size_t)nx * v->n + 1, sizeof *laws->row);
  laws->component = ck_calloc(ctx, v->n_monomers + 1, sizeof *laws->component);
  if (laws->row == NULL || laws->component == NULL) {
    ck_eq_laws_destroy(laws);
    return CK_ERR_NOMEM;
  }
  for (int x = 0; x < nx; x++) {
    for (size_t s = 0; s < v->n; s++) {
      laws->row[(size_t)x * v->n + s] = counts[s * (size_t)nx + (size_t)x];
    }
  }
  /* one component: every composition exchanges with every other */
  return CK_OK;
}

ck_status ck_eq_laws_init(ck_ctx *ctx, ck_eq_laws *laws, const ck_eq_view *v,
                          const ck_network *net) {
  memset(laws, 0, sizeof *laws);
  for (size_t d = 0; d < v->n - v->n_monomers; d++) {
    if (v->dimer_sub[2 * d] < 0 || v->dimer_sub[2 * d + 1] < 0) {
      return metal_laws(ctx, laws, v, net);
    }
  }
  finder f = {.nm = v->n_monomers};
  size_t nm = f.nm;
  double *null = NULL;
  int n_null = 0;
  f.g = ck_calloc(ctx, nm * nm + 1, sizeof *f.g);
  f.kept = ck_calloc(ctx, nm * nm + 1, sizeof *f.kept);
  f.basis = ck_calloc(ctx, nm * nm + 1, sizeof *f.basis);
  f.tmp = ck_calloc(ctx, nm + 1, sizeof *f.tmp);
  f.cand = ck_calloc(ctx, nm + 1, sizeof *f.cand);
  laws->component = ck_calloc(ctx, nm + 1, sizeof *laws->component);
  ck_status st = f.g == NULL || f.kept == NULL || f.basis == NULL || f.tmp == NULL ||
                         f.cand == NULL || laws->component == NULL
                     ? CK_ERR_NOMEM
                     : CK_OK;
  if (st == CK_OK) {
    build_gram(v, &f);
    st = null_space(ctx, &f, &null, &n_null);
  }
  if (st == CK_OK) {
    offer_readable(&f, net);
    for (int k = 0; k < n_null; k++) {
      offer(&f, null + (size_t)k * nm);
    }
    laws->n = f.n;
    laws->n_species = v->n;
    laws->row = ck_calloc(ctx, (size_t)f.n * v->n + 1, sizeof *laws->row);
    st = laws->row == NULL ? CK_ERR_NOMEM : CK_OK;
  }
  for (int k = 0; st == CK_OK && k < f.n; k++) {
    expand(v, f.basis + (size_t)k * nm, laws->row + (size_t)k * v->n);
  }
  if (st == CK_OK) {
    components(&f, laws->component);
  }
  free(f.g), free(f.kept), free(f.basis), free(f.tmp), free(f.cand), free(null);
  if (st != CK_OK) {
    ck_eq_laws_destroy(laws);
  }
  return st;
}

void ck_eq_laws_totals(const ck_eq_laws *laws, const double *y, double *totals) {
  for (int k = 0; k < laws->n; k++) {
    const double *row = laws->row + (size_t)k * laws->n_species;
    totals[k] = 0.0;
    for (size_t s = 0; s < laws->n_species; s++) {
      totals[k] += row[s] * y[s];
    }
  }
}

void ck_eq_laws_destroy(ck_eq_laws *laws) {
  free(laws->row);
  free(laws->component);
  memset(laws, 0, sizeof *laws);
}
