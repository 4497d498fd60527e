/* SPDX-License-Identifier: MIT */
/* Mass-action right-hand side and analytic sparse Jacobian as tight loops over flat arrays. */
#include "solver/kinetics.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const int shape_width[CK_SHAPE_COUNT] = {3, 4, 4};

/* A table row of 3 or 4 ints: a loop the compiler unrolls, where a memcpy
 * call per row cost more than the copy. */
static inline void copy_row(int *restrict dst, const int *restrict src, size_t width) {
  for (size_t e = 0; e < width; e++) {
    dst[e] = src[e];
  }
}

/* The shape of reaction r, or -1; fills the shape's row when row != NULL. */
static int classify(const ck_network *net, size_t r, int *row) {
  int a0 = net->reactant[2 * r], b0 = net->reactant[2 * r + 1];
  int p0 = net->product[2 * r], q0 = net->product[2 * r + 1];
  /* Every generated reaction but a homodimer's: distinct species, so its
   * entries are its slots in order, reactants -1 and products +1
   * (ck_network_reaction_entries), and the shape is read off the slots. */
  if (a0 >= 0 && p0 >= 0 && a0 != p0 && (b0 < 0 || (b0 != a0 && b0 != p0)) &&
      (q0 < 0 || (q0 != a0 && q0 != p0 && q0 != b0))) {
    int shape = b0 < 0 ? (q0 < 0 ? CK_SHAPE_ISOMERIZE : CK_SHAPE_SPLIT)
                       : (q0 < 0 ? CK_SHAPE_JOIN : -1);
    if (shape >= 0 && row != NULL) {
      row[0] = (int)r, row[1] = a0;
      row[2] = b0 >= 0 ? b0 : p0;
      row[3] = b0 >= 0 ? p0 : q0; /* not part of an isomerization's row */
    }
    if (shape >= 0) {
      return shape;
    }
  }
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

/* Classifies every reaction once (its entries are the costly part), keeping
 * the rows in a scratch table until the shape arrays are sized. The table
 * (4 ints per reaction: its row when shaped, then shape_of at 4 nr) goes to
 * *keep when keep != NULL (the Jacobian terms read it; caller frees). */
static ck_status group_by_shape(ck_ctx *ctx, ck_kinetics *kin, int **keep) {
  const ck_network *net = kin->net;
  size_t nr = net->n_reactions;
  /* Every slot read is written first (ck_malloc: no zeroing, here and below
   * wherever a table is filled in full before use). */
  int *scratch = ck_malloc(ctx, (5 * nr + 1) * sizeof(int));
  if (scratch == NULL) {
    return CK_ERR_NOMEM;
  }
  int *shape_of = scratch + 4 * nr;
  for (size_t r = 0; r < nr; r++) {
    shape_of[r] = classify(net, r, scratch + 4 * r);
    if (shape_of[r] >= 0) {
      kin->n_shape[shape_of[r]]++;
    } else {
      kin->n_general++;
    }
  }
  for (int g = 0; g < CK_SHAPE_COUNT; g++) {
    kin->shape[g] = ck_malloc(ctx, (kin->n_shape[g] * (size_t)shape_width[g] + 1) * sizeof(int));
    if (kin->shape[g] == NULL) {
      free(scratch);
      return CK_ERR_NOMEM;
    }
  }
  kin->general = ck_calloc(ctx, kin->n_general + 1, sizeof *kin->general);
  if (kin->general == NULL) {
    free(scratch);
    return CK_ERR_NOMEM;
  }
  size_t fill[CK_SHAPE_COUNT] = {0}, ng = 0;
  for (size_t r = 0; r < nr; r++) {
    int shape = shape_of[r];
    if (shape >= 0) {
      copy_row(kin->shape[shape] + fill[shape]++ * (size_t)shape_width[shape], scratch + 4 * r,
               (size_t)shape_width[shape]);
      continue;
    }
    ck_general_reaction *g = kin->general + ng++;
    g->reaction = (int)r, g->a = net->reactant[2 * r], g->b = net->reactant[2 * r + 1];
    g->n_entries = ck_network_reaction_entries(net, r, g->species, g->coef);
  }
  if (keep != NULL) {
    *keep = scratch;
  } else {
    free(scratch);
  }
  return CK_OK;
}

/* A reaction's partner key: the species it connects (sorted where the
 * order carries no meaning), which way it runs, and where its row is. */
typedef struct pair_key {
  int a, b, c, dir, row;
} pair_key;

/* (b, c, dir, row) order: the key order within one a. */
static int key_compare_rest(const pair_key *x, const pair_key *y) {
  if (x->b != y->b) {
    return x->b < y->b ? -1 : 1;
  }
  if (x->c != y->c) {
    return x->c < y->c ? -1 : 1;
  }
  if (x->dir != y->dir) {
    return x->dir < y->dir ? -1 : 1;
  }
  return (x->row > y->row) - (x->row < y->row);
}

static int key_compare(const void *xp, const void *yp) {
  const pair_key *x = xp, *y = yp;
  return x->a != y->a ? (x->a < y->a ? -1 : 1) : key_compare_rest(x, y);
}

/* Sorts keys by (a, b, c, dir, row) into tmp and returns it: one stable
 * counting pass by a (fields in [0, range); keys arrive in row order),
 * then each run of equal a, a species' few reactions, by insertion (qsort
 * for a long run): a third fewer instructions than a counting pass per
 * field (sim3). count holds range + 1 sizes, tmp n keys. */
static pair_key *sort_pair_keys(const pair_key *keys, pair_key *tmp, size_t n, size_t range,
                                size_t *count) {
  memset(count, 0, (range + 1) * sizeof *count);
  for (size_t k = 0; k < n; k++) {
    count[keys[k].a + 1]++;
  }
  for (size_t v = 0; v < range; v++) {
    count[v + 1] += count[v];
  }
  for (size_t k = 0; k < n; k++) {
    tmp[count[keys[k].a]++] = keys[k];
  }
  for (size_t lo = 0, hi; lo < n; lo = hi) {
    for (hi = lo + 1; hi < n && tmp[hi].a == tmp[lo].a; hi++) {
    }
    if (hi - lo > 32) {
      qsort(tmp + lo, hi - lo, sizeof *tmp, key_compare);
      continue;
    }
    for (size_t q = lo + 1; q < hi; q++) {
      pair_key v = tmp[q];
      size_t p = q;
      for (; p > lo && key_compare_rest(tmp + p - 1, &v) > 0; p--) {
        tmp[p] = tmp[p - 1];
      }
      tmp[p] = v;
    }
  }
  return tmp;
}

/* Sorts the keys and marks partners: partner[row of dir 0] = row of dir 1
 * and vice versa, one to one within equal (a, b, c) in row order; -1 for
 * none. Returns the number of pairs. */
static size_t match_pairs(const pair_key *unsorted, pair_key *tmp, size_t n, size_t range,
                          size_t *count, int *partner) {
  const pair_key *keys = sort_pair_keys(unsorted, tmp, n, range, count);
  size_t pairs = 0;
  for (size_t k = 0; k < n; k++) {
    partner[keys[k].row] = -1;
  }
  for (size_t lo = 0, hi; lo < n; lo = hi) {
    size_t rev = lo;
    for (hi = lo; hi < n && keys[hi].a == keys[lo].a && keys[hi].b == keys[lo].b &&
                  keys[hi].c == keys[lo].c;
         hi++) {
      rev += keys[hi].dir == 0;
    }
    for (size_t f = lo; f < rev && rev + (f - lo) < hi; f++) { /* forward rows first, then reverse */
      partner[keys[f].row] = keys[rev + (f - lo)].row;
      partner[keys[rev + (f - lo)].row] = keys[f].row;
      pairs++;
    }
  }
  return pairs;
}

/* Copies the unpaired rows of shape g into rest[g]. */
static ck_status keep_rest(ck_ctx *ctx, ck_kinetics *kin, int g, const int *partner,
                           size_t pairs_taken) {
  size_t w = (size_t)shape_width[g], m = 0;
  kin->n_rest[g] = kin->n_shape[g] - pairs_taken;
  kin->rest[g] = ck_malloc(ctx, (kin->n_rest[g] * w + 1) * sizeof(int));
  if (kin->rest[g] == NULL) {
    return CK_ERR_NOMEM;
  }
  for (size_t k = 0; k < kin->n_shape[g]; k++) {
    if (partner[k] < 0) {
      copy_row(kin->rest[g] + m++ * w, kin->shape[g] + k * w, w);
    }
  }
  return CK_OK;
}

/* Deals rows (width ints, species at column col) round-robin over that
 * species: the first row of every species, then the second, and so on, in
 * their order otherwise. The generator makes a monomer's dimerizations one
 * after another, and consecutive rows subtracting from the same dydt[A]
 * each waited for the previous one's store: a third of the RHS time. Only
 * the order of the sums into dydt changes (rounding). */
static ck_status deal_round_robin(ck_ctx *ctx, int *rows, size_t n, int width, int col,
                                  size_t n_species) {
  int *seen = ck_calloc(ctx, n_species + n + 1, sizeof(int)); /* per species, then per rank */
  int *rank = ck_malloc(ctx, (n + 1) * sizeof(int));
  int *dealt = ck_malloc(ctx, (n * (size_t)width + 1) * sizeof(int));
  if (seen == NULL || rank == NULL || dealt == NULL) {
    free(seen), free(rank), free(dealt);
    return CK_ERR_NOMEM;
  }
  int *per_rank = seen + n_species;
  for (size_t k = 0; k < n; k++) {
    rank[k] = seen[rows[k * (size_t)width + (size_t)col]]++;
    per_rank[rank[k]]++;
  }
  for (size_t r = 0, start = 0; r < n; r++) { /* counts -> first slot of each rank */
    size_t c = (size_t)per_rank[r];
    per_rank[r] = (int)start;
    start += c;
  }
  for (size_t k = 0; k < n; k++) {
    copy_row(dealt + (size_t)per_rank[rank[k]]++ * (size_t)width, rows + k * (size_t)width,
             (size_t)width);
  }
  memcpy(rows, dealt, n * (size_t)width * sizeof(int));
  free(seen), free(rank), free(dealt);
  return CK_OK;
}

/* Exchange A -> P meets P -> A; dimerization A + B -> D meets D -> A + B. */
static ck_status pair_reactions(ck_ctx *ctx, ck_kinetics *kin) {
  size_t ni = kin->n_shape[CK_SHAPE_ISOMERIZE], ns = kin->n_shape[CK_SHAPE_SPLIT],
         nj = kin->n_shape[CK_SHAPE_JOIN], most = ni > ns + nj ? ni : ns + nj;
  size_t range = kin->n + 2; /* species and dir */
  pair_key *keys = ck_malloc(ctx, (2 * most + 1) * sizeof *keys); /* + the sort's other buffer */
  int *partner = ck_malloc(ctx, (most + 1) * sizeof(int));  /* match_pairs sets every row's */
  size_t *count = ck_malloc(ctx, (range + 1) * sizeof *count); /* cleared by each sort pass */
  if (keys == NULL || partner == NULL || count == NULL) {
    free(keys), free(partner), free(count);
    return CK_ERR_NOMEM;
  }
  pair_key *tmp = keys + most;
  const int *iso = kin->shape[CK_SHAPE_ISOMERIZE];
  for (size_t k = 0; k < ni; k++) {
    int a = iso[3 * k + 1], p = iso[3 * k + 2];
    keys[k] = (pair_key){a < p ? a : p, a < p ? p : a, 0, a > p, (int)k};
  }
  kin->n_iso_pair = match_pairs(keys, tmp, ni, range, count, partner);
  kin->iso_pair = ck_malloc(ctx, (4 * kin->n_iso_pair + 1) * sizeof(int));
  ck_status st = kin->iso_pair != NULL ? keep_rest(ctx, kin, CK_SHAPE_ISOMERIZE, partner,
                                                   2 * kin->n_iso_pair)
                                       : CK_ERR_NOMEM;
  for (size_t k = 0, m = 0; st == CK_OK && k < ni; k++) {
    int q = partner[k];
    if (q >= 0 && iso[3 * k + 1] < iso[3 * k + 2]) { /* once, from the forward row */
      int *row = kin->iso_pair + 4 * m++;
      row[0] = iso[3 * k], row[1] = iso[3 * q], row[2] = iso[3 * k + 1], row[3] = iso[3 * k + 2];
    }
  }
  /* Joins are rows 0..nj-1 of the keys, splits nj..nj+ns-1 (dir 0 and 1). */
  const int *join = kin->shape[CK_SHAPE_JOIN], *split = kin->shape[CK_SHAPE_SPLIT];
  for (size_t k = 0; k < nj; k++) {
    int a = join[4 * k + 1], b = join[4 * k + 2];
    keys[k] = (pair_key){join[4 * k + 3], a < b ? a : b, a < b ? b : a, 0, (int)k};
  }
  for (size_t k = 0; k < ns; k++) {
    int p = split[4 * k + 2], q = split[4 * k + 3];
    keys[nj + k] = (pair_key){split[4 * k + 1], p < q ? p : q, p < q ? q : p, 1, (int)(nj + k)};
  }
  kin->n_bind_pair = st == CK_OK ? match_pairs(keys, tmp, nj + ns, range, count, partner) : 0;
  kin->bind_pair = st == CK_OK ? ck_malloc(ctx, (5 * kin->n_bind_pair + 1) * sizeof(int)) : NULL;
  if (st == CK_OK && kin->bind_pair == NULL) {
    st = CK_ERR_NOMEM;
  }
  if (st == CK_OK) {
    st = keep_rest(ctx, kin, CK_SHAPE_JOIN, partner, kin->n_bind_pair);
  }
  if (st == CK_OK) {
    st = keep_rest(ctx, kin, CK_SHAPE_SPLIT, partner + nj, kin->n_bind_pair);
  }
  for (size_t k = 0, m = 0; st == CK_OK && k < nj; k++) {
    int q = partner[k] - (int)nj; /* the split's row */
    if (partner[k] >= 0) {
      int *row = kin->bind_pair + 5 * m++;
      row[0] = join[4 * k], row[1] = split[4 * q];
      row[2] = join[4 * k + 1], row[3] = join[4 * k + 2], row[4] = join[4 * k + 3];
    }
  }
  if (st == CK_OK) {
    st = deal_round_robin(ctx, kin->bind_pair, kin->n_bind_pair, 5, 2, kin->n);
  }
  free(keys), free(partner), free(count);
  return st;
}

/* How many terms make_terms writes: one per entry, two for a
 * heterodimerization's (one per reactant); shaped reactions have 2, 3 and
 * 3 entries. */
static size_t count_terms(const ck_kinetics *kin) {
  size_t count = 2 * kin->n_shape[CK_SHAPE_ISOMERIZE] + 3 * kin->n_shape[CK_SHAPE_SPLIT] +
                 6 * kin->n_shape[CK_SHAPE_JOIN];
  for (size_t k = 0; k < kin->n_general; k++) {
    const ck_general_reaction *g = kin->general + k;
    count += (size_t)g->n_entries * (g->b >= 0 && g->a != g->b ? 2 : 1);
  }
  return count;
}

/* Position (j, i) of the Jacobian while the pattern is built: column in the
 * high half, row in the low half (species are ints), so ordering needs no
 * division by n. */
static size_t packed_position(int j, int i) {
  return ((size_t)(unsigned)j << 32) | (size_t)(unsigned)i;
}

/* Terms of d(dy_i/dt)/dy_j for every reaction, in reaction order: dest holds
 * packed_position(j, i) until the pattern exists. Each reaction's entries
 * come from group_by_shape's table (rows: the reaction, then its entries'
 * species; coefficients -1 for reactants, +1 for products, as classify
 * requires) or its general row, not from the network again. Returns the
 * number written. */
static size_t make_terms(const ck_kinetics *kin, const int *table, ck_jac_term *out) {
  const ck_network *net = kin->net;
  size_t nr = net->n_reactions, count = 0, ng = 0;
  const int *shape_of = table + 4 * nr;
  for (size_t r = 0; r < nr; r++) {
    /* The shapes written out: the general loop below, unrolled. */
    const int *row = table + 4 * r;
    ck_jac_term *o = out + count;
    int ri = (int)r;
    if (shape_of[r] == CK_SHAPE_ISOMERIZE || shape_of[r] == CK_SHAPE_SPLIT) { /* A -> P (+ Q) */
      int a = row[1], w = shape_width[shape_of[r]] - 1;
      o[0] = (ck_jac_term){packed_position(a, a), ri, -1, -1.0};
      o[1] = (ck_jac_term){packed_position(a, row[2]), ri, -1, 1.0};
      if (w == 3) {
        o[2] = (ck_jac_term){packed_position(a, row[3]), ri, -1, 1.0};
      }
      count += (size_t)w;
      continue;
    }
    if (shape_of[r] == CK_SHAPE_JOIN) { /* A + B -> P, A != B: d/dA (times y_B) and d/dB */
      int a = row[1], b = row[2], p = row[3];
      o[0] = (ck_jac_term){packed_position(a, a), ri, b, -1.0};
      o[1] = (ck_jac_term){packed_position(b, a), ri, a, -1.0};
      o[2] = (ck_jac_term){packed_position(a, b), ri, b, -1.0};
      o[3] = (ck_jac_term){packed_position(b, b), ri, a, -1.0};
      o[4] = (ck_jac_term){packed_position(a, p), ri, b, 1.0};
      o[5] = (ck_jac_term){packed_position(b, p), ri, a, 1.0};
      count += 6;
      continue;
    }
    int a = net->reactant[2 * r], b = net->reactant[2 * r + 1];
    const ck_general_reaction *g = kin->general + ng++;
    const int *sp = g->species;
    const double *co = g->coef;
    int k = g->n_entries;
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
        out[count++] = (ck_jac_term){packed_position(cols[t], sp[e]), (int)r, others[t], coefs[t]};
      }
    }
  }
  return count;
}

static int compare_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

/* Sorts the k distinct rows[0..k) of column j ascending; mark[i] == j holds
 * exactly for them. A dense column (a monomer's, k >= n / 16) by a scan of
 * the marks, a short one by insertion, a long sparse one (only when n >
 * 1024) by qsort: linear in k in the first two cases, k log k in the last. */
static void sort_column_rows(int *rows, size_t k, const int *mark, int j, size_t n) {
  if (16 * k >= n) {
    size_t q = 0;
    for (size_t i = 0; i < n; i++) {
      if (mark[i] == j) {
        rows[q++] = (int)i;
      }
    }
  } else if (k <= 64) {
    for (size_t q = 1; q < k; q++) {
      int v = rows[q];
      size_t p = q;
      for (; p > 0 && rows[p - 1] > v; p--) {
        rows[p] = rows[p - 1];
      }
      rows[p] = v;
    }
  } else {
    qsort(rows, k, sizeof *rows, compare_int);
  }
}

/* CSC pattern: union of the terms' positions and the diagonal, rows
 * ascending in each column. The terms are grouped by column (one stable
 * counting pass); each column then marks its distinct rows (mark[i] = j),
 * sorts those few, and hands each term its place in the CSC data through
 * slot[row]. Linear in the terms, without sorting every term by row and
 * then by column. */
static ck_status build_pattern(ck_ctx *ctx, ck_kinetics *kin) {
  size_t n = kin->n, nt = kin->n_terms, u = 0;
  int *start = ck_calloc(ctx, n + 2, sizeof(int));
  int *by_col = ck_malloc(ctx, (nt + 1) * sizeof(int));
  int *scratch = ck_malloc(ctx, (3 * n + 1) * sizeof(int)); /* mark, slot, rows */
  int *row_idx = ck_malloc(ctx, (nt + n + 1) * sizeof(int)); /* at most one per term + diagonal */
  kin->col_ptr = ck_malloc(ctx, (n + 1) * sizeof(int));
  if (start == NULL || by_col == NULL || scratch == NULL || row_idx == NULL ||
      kin->col_ptr == NULL) {
    free(start), free(by_col), free(scratch), free(row_idx);
    return CK_ERR_NOMEM;
  }
  for (size_t t = 0; t < nt; t++) {
    start[(kin->terms[t].dest >> 32) + 2]++;
  }
  for (size_t j = 0; j < n; j++) {
    start[j + 2] += start[j + 1];
  }
  for (size_t t = 0; t < nt; t++) { /* afterwards column j is by_col[start[j] .. start[j + 1]) */
    by_col[start[(kin->terms[t].dest >> 32) + 1]++] = (int)t;
  }
  int *mark = scratch, *slot = scratch + n, *rows = scratch + 2 * n;
  for (size_t i = 0; i < n; i++) {
    mark[i] = -1;
  }
  for (size_t j = 0; j < n; j++) {
    size_t k = 1;
    mark[j] = (int)j, rows[0] = (int)j; /* the diagonal */
    for (int q = start[j]; q < start[j + 1]; q++) {
      int i = (int)(kin->terms[by_col[q]].dest & 0xffffffffu);
      if (mark[i] != (int)j) {
        mark[i] = (int)j, rows[k++] = i;
      }
    }
    sort_column_rows(rows, k, mark, (int)j, n);
    kin->col_ptr[j] = (int)u;
    for (size_t q = 0; q < k; q++) {
      slot[rows[q]] = (int)(u + q), row_idx[u + q] = rows[q];
    }
    u += k;
    for (int q = start[j]; q < start[j + 1]; q++) {
      ck_jac_term *term = kin->terms + by_col[q];
      term->dest = (size_t)slot[term->dest & 0xffffffffu];
    }
  }
  kin->col_ptr[n] = (int)u;
  free(start), free(by_col), free(scratch);
  kin->nnz = u;
  kin->row_idx = row_idx; /* the bound's slack is never touched (no realloc: one less failure) */
  return CK_OK;
}

/* The RHS tables; with table != NULL, also group_by_shape's table for the
 * Jacobian terms (the caller frees it). */
static ck_status init_tables(ck_ctx *ctx, ck_kinetics *kin, const ck_network *net, int **table) {
  memset(kin, 0, sizeof *kin);
  kin->net = net;
  kin->n = net->n_species;
  if (group_by_shape(ctx, kin, table) != CK_OK || pair_reactions(ctx, kin) != CK_OK) {
    if (table != NULL) {
      free(*table), *table = NULL;
    }
    ck_kinetics_destroy(kin);
    return CK_ERR_NOMEM;
  }
  return CK_OK;
}

ck_status ck_kinetics_init_rhs(ck_ctx *ctx, ck_kinetics *kin, const ck_network *net) {
  return init_tables(ctx, kin, net, NULL);
}

ck_status ck_kinetics_init(ck_ctx *ctx, ck_kinetics *kin, const ck_network *net) {
  int *table = NULL;
  if (init_tables(ctx, kin, net, &table) != CK_OK) {
    return CK_ERR_NOMEM;
  }
  kin->terms = ck_malloc(ctx, (count_terms(kin) + 1) * sizeof *kin->terms);
  if (kin->terms == NULL) {
    free(table);
    ck_kinetics_destroy(kin);
    return CK_ERR_NOMEM;
  }
  kin->n_terms = make_terms(kin, table, kin->terms);
  free(table);
  if (build_pattern(ctx, kin) != CK_OK) {
    ck_kinetics_destroy(kin);
    return CK_ERR_NOMEM;
  }
  return CK_OK;
}

void ck_kinetics_destroy(ck_kinetics *kin) {
  for (int g = 0; g < CK_SHAPE_COUNT; g++) {
    free(kin->shape[g]), free(kin->rest[g]);
  }
  free(kin->iso_pair), free(kin->bind_pair);
  free(kin->general);
  free(kin->col_ptr);
  free(kin->row_idx);
  free(kin->terms);
  memset(kin, 0, sizeof *kin);
}

void ck_kinetics_rhs(ck_kinetics *kin, const double *restrict y, double *restrict dydt) {
  const double *restrict rate = kin->net->rate;
  memset(dydt, 0, kin->n * sizeof *dydt);
  const int *row = kin->iso_pair;
  for (size_t k = 0; k < kin->n_iso_pair; k++, row += 4) {
    double v = rate[row[0]] * y[row[2]] - rate[row[1]] * y[row[3]];
    dydt[row[2]] -= v;
    dydt[row[3]] += v;
  }
  row = kin->bind_pair;
  for (size_t k = 0; k < kin->n_bind_pair; k++, row += 5) {
    double v = rate[row[0]] * y[row[2]] * y[row[3]] - rate[row[1]] * y[row[4]];
    dydt[row[2]] -= v;
    dydt[row[3]] -= v;
    dydt[row[4]] += v;
  }
  row = kin->rest[CK_SHAPE_ISOMERIZE];
  for (size_t k = 0; k < kin->n_rest[CK_SHAPE_ISOMERIZE]; k++, row += 3) {
    double v = rate[row[0]] * y[row[1]];
    dydt[row[1]] -= v;
    dydt[row[2]] += v;
  }
  row = kin->rest[CK_SHAPE_SPLIT];
  for (size_t k = 0; k < kin->n_rest[CK_SHAPE_SPLIT]; k++, row += 4) {
    double v = rate[row[0]] * y[row[1]];
    dydt[row[1]] -= v;
    dydt[row[2]] += v;
    dydt[row[3]] += v;
  }
  row = kin->rest[CK_SHAPE_JOIN];
  for (size_t k = 0; k < kin->n_rest[CK_SHAPE_JOIN]; k++, row += 4) {
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
