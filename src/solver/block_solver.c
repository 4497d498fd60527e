/* SPDX-License-Identifier: MIT */
/* Block elimination of dimer blocks with a dense monomer Schur complement (see block_solver.h). */
#include "solver/block_solver.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "solver/dense_lu.h"

enum { NZ_KK, NZ_EE, NZ_EK, NZ_KE };

/* Doubles per AVX vector: the hot loops run over arrays padded to whole
 * vectors, with zeros in the padding, so they need no remainder loops. */
enum { CHAIN_VEC = 4 };

static inline size_t vec_round(size_t n) {
  return (n + CHAIN_VEC - 1) / CHAIN_VEC * CHAIN_VEC;
}

struct ck_block_solver {
  size_t n, nk, nnz;
  int n_blocks;
  int *block_ptr;        /* n_blocks + 1, into members, piv and z */
  int *members;          /* eliminated species grouped by block, ascending */
  int *block_of;         /* species -> block, -1 when kept */
  int *local;            /* species -> position in its block */
  int *ccol_ptr, *ccol;  /* kept columns that each block's rows couple to */
  int *ccol_lo; /* per block: its first coupled column when they are contiguous, else -1 */
  size_t *a_off, *x_off; /* per block: dense A (L x L) and X (L x C), row-major, in work */
  int *kb_ptr, *kb_row, *kb_local; /* kept rows of block columns, grouped by block */
  double *kb_val;
  /* M_EK by eliminated row: the solve's back-substitution uses these few
   * entries instead of the dense X = A^-1 M_EK. Rows are stored in "slot"
   * order: level-major for chains (the order the chain solve visits them),
   * member order otherwise; ek_slot maps member -> slot. Every row has
   * ek_width entries (a dimer has two monomer columns), padded with a 0.0
   * times a 0.0 kept at bk[bk_zero]: subtracting +0.0 leaves any value
   * as it was, so the padding changes no result, and the solve needs no
   * row pointers. */
  int ek_width, bk_zero;
  int *ek_col, *ek_slot;
  size_t *ek_src; /* where scatter left the value, in work (work[work_size] stays 0.0) */
  double *ek_val;
  unsigned char *nz_kind; /* where each CSC nonzero goes */
  size_t *nz_dest;
  double *s;     /* nk x nk Schur complement, row-major (LU factors) */
  /* The LU factors of S again, by columns, with 1 / U[j][j]: the solves run
   * column-oriented, each step one vector update, which costs less per
   * Newton iteration than the explicit inverse S^-1 cost to form at each
   * factorization. L (below the diagonal) and U (above it) are kept apart,
   * ldc = vec_round(nk) columns of ldc rows each, zeros elsewhere (also in
   * the padding columns, whose s_rdiag is 0.0 too): s_col[j * ldc + i] =
   * L[i][j], s_col[(ldc + j) * ldc + i] = U[i][j]. The solve then runs
   * whole vectors and whole blocks of columns; what the padding adds is
   * 0.0 times something finite. s_out: the solve's work vector, ldc long. s_lu: the LU's work
   * matrix, nk rows of ldc (see factor_schur). */
  double *s_col, *s_rdiag, *s_out, *s_lu;
  double *a_inv; /* per block L x L inverse at a_off, by columns */
  int *s_piv, *piv;
  double *work, *z, *bk;
  size_t work_size;
  /* Chains: when every block is tridiagonal in member order (binary exchange
   * moves a dimer only to its two neighbours of the same total composition),
   * blocks are factored by Thomas' algorithm without pivoting, which is
   * stable because I - gamma J is column diagonally dominant there
   * (a dimer's exchange outflow is at most its diagonal).
   * One chain's Thomas sweep is a chain of dependent operations, so the
   * solves run all chains side by side: the factors are also kept
   * "level-major", position k of every chain long enough together (chains
   * sorted longest first, so each level is a contiguous run), and a sweep
   * is one short vector loop per level. */
  int all_tri;                         /* every block tridiagonal (decided from the pattern) */
  int use_tri;                         /* the current factors are Thomas factors */
  int n_levels;                        /* longest chain */
  int *lvl_ptr;                        /* n_levels + 1: start of each level */
  int *lvl_pos;                        /* member -> level-major position */
  int *lvl_species;                    /* level-major position -> species */
  int *kb_zpos;                        /* M_KB entry -> level-major position of its column */
  /* M_KB again, by kept row (entries of a row in M_KB order, so each row's
   * sum runs in the same order as a scatter over M_KB would): the chains'
   * solve forms b_K - M_KB z row by row, in a register. */
  int *kr_ptr, *kr_zpos, *kr_src; /* nk + 1; per entry: padded z position, M_KB entry */
  double *kr_val;
  double *lv_lo, *lv_up, *lv_rdiag;    /* the factors, padded level-major (below) */
  /* The solve's sweeps run on a padded copy of the level-major order: each
   * level's run is processed in whole AVX vectors (pl_width: its count
   * rounded up to CHAIN_VEC) and stored with room for the level above's
   * width, so no sweep has a remainder loop. Pads have multiplier and
   * superdiagonal 0.0 and pivot 1.0 and hold a finite value (x[0],
   * gathered by pz_src), which only ever meets a 0.0 factor: a chain that
   * ends at level k has superdiagonal 0.0 there, so reading the pad above
   * it changes nothing but the sign of a zero. */
  int pz_size;
  int *pl_start, *pl_width; /* n_levels + 1 and n_levels */
  int *pz_src;              /* padded position -> species gathered */
  int *pz_of;               /* level-major position -> padded position */
  double *pz;               /* z, padded */
  /* The chains' factorization scatters I + c J without a dense A or X:
   * cf_buf holds S (nk x nk, row-major), then the chains' diagonal, sub-
   * and superdiagonal in the padded level-major order (pads 0.0), M_KB in
   * kb order, and M_EK in slot order (as ek_val); cf_dest is where each
   * CSC nonzero goes. Every slot but S's is written at each factorization
   * or never (M_EK's padding stays 0.0), so only S is cleared, and only
   * when J lacks some kept-kept entry (cf_s_full). cf_cpos: each M_EK entry's column within
   * its block's coupled columns (padding: nc, a spare column of X).
   * cf_x: one chain's X, rows padded to whole AVX vectors (chain_ldx).
   * cf_u: the Thomas pivots, padded level-major; cf_mpos: member -> its
   * padded level-major position. */
  double *cf_buf, *cf_x, *cf_u;
  int *cf_mpos;
  size_t *cf_dest;
  size_t cf_diag, cf_sub, cf_sup, cf_kb, cf_ek;
  int *cf_cpos;
  int cf_s_full; /* J has every kept-kept entry: the scatter writes all of S */
};

static int uf_find(int *parent, int i) {
  while (parent[i] != i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

/* Blocks = connected components of the eliminated-eliminated pattern. */
static ck_status find_blocks(ck_ctx *ctx, ck_block_solver *bs, const int *col_ptr,
                             const int *row_idx) {
  size_t n = bs->n, nk = bs->nk, ne = n - nk;
  int *parent = ck_calloc(ctx, n, sizeof(int));
  int *root_block = ck_calloc(ctx, n, sizeof(int));
  bs->block_of = ck_calloc(ctx, n, sizeof(int));
  bs->local = ck_calloc(ctx, n, sizeof(int));
  bs->members = ck_calloc(ctx, ne, sizeof(int));
  if (parent == NULL || root_block == NULL || bs->block_of == NULL || bs->local == NULL ||
      bs->members == NULL) {
    free(parent), free(root_block);
    return CK_ERR_NOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    parent[i] = (int)i, root_block[i] = -1, bs->block_of[i] = -1;
  }
  for (size_t j = nk; j < n; j++) {
    for (int p = col_ptr[j]; p < col_ptr[j + 1]; p++) {
      if ((size_t)row_idx[p] >= nk) {
        int a = uf_find(parent, row_idx[p]), b = uf_find(parent, (int)j);
        parent[a > b ? a : b] = a > b ? b : a;
      }
    }
  }
  for (size_t i = nk; i < n; i++) { /* number blocks by their smallest member */
    int root = uf_find(parent, (int)i);
    if (root_block[root] < 0) {
      root_block[root] = bs->n_blocks++;
    }
    bs->block_of[i] = root_block[root];
  }
  free(parent), free(root_block);
  bs->block_ptr = ck_calloc(ctx, (size_t)bs->n_blocks + 1, sizeof(int));
  if (bs->block_ptr == NULL) {
    return CK_ERR_NOMEM;
  }
  for (size_t i = nk; i < n; i++) {
    bs->block_ptr[bs->block_of[i] + 1]++;
  }
  for (int b = 0; b < bs->n_blocks; b++) {
    bs->block_ptr[b + 1] += bs->block_ptr[b];
  }
  int *fill = ck_calloc(ctx, (size_t)bs->n_blocks, sizeof(int));
  if (fill == NULL) {
    return CK_ERR_NOMEM;
  }
  for (size_t i = nk; i < n; i++) {
    int b = bs->block_of[i];
    bs->local[i] = fill[b]++;
    bs->members[bs->block_ptr[b] + bs->local[i]] = (int)i;
  }
  free(fill);
  return CK_OK;
}

/* Kept columns each block couples to, ascending and unique per block. The
 * columns are visited in ascending order, so a block's next column is new
 * exactly when it differs from the last one it recorded (last[b]): two
 * passes, count then fill, instead of sorting (block, column) keys. */
static ck_status find_coupled_columns(ck_ctx *ctx, ck_block_solver *bs, const int *col_ptr,
                                      const int *row_idx) {
  size_t nk = bs->nk, nb = (size_t)bs->n_blocks;
  bs->ccol_ptr = ck_calloc(ctx, nb + 1, sizeof(int));
  int *last = ck_malloc(ctx, (2 * nb + 1) * sizeof(int)); /* + each block's fill position */
  bs->ccol = ck_malloc(ctx, ((size_t)col_ptr[nk] + 1) * sizeof(int)); /* at most one per entry */
  if (bs->ccol_ptr == NULL || last == NULL || bs->ccol == NULL) {
    free(last);
    return CK_ERR_NOMEM;
  }
  int *fill = last + nb;
  for (int pass = 0; pass < 2; pass++) {
    for (size_t b = 0; b < nb; b++) {
      last[b] = -1, fill[b] = bs->ccol_ptr[b];
    }
    for (size_t j = 0; j < nk; j++) {
      for (int p = col_ptr[j]; p < col_ptr[j + 1]; p++) {
        if ((size_t)row_idx[p] < nk) {
          continue;
        }
        int b = bs->block_of[row_idx[p]];
        if (last[b] != (int)j) {
          last[b] = (int)j;
          if (pass == 0) {
            bs->ccol_ptr[b + 1]++;
          } else {
            bs->ccol[fill[b]++] = (int)j;
          }
        }
      }
    }
    for (size_t b = 0; pass == 0 && b < nb; b++) {
      bs->ccol_ptr[b + 1] += bs->ccol_ptr[b];
    }
  }
  free(last);
  /* Sorted and unique, so contiguous iff last - first + 1 == count. With
   * monomers numbered by composition, a binary chain couples to a range. */
  bs->ccol_lo = ck_calloc(ctx, (size_t)bs->n_blocks + 1, sizeof(int));
  if (bs->ccol_lo == NULL) {
    return CK_ERR_NOMEM;
  }
  for (int b = 0; b < bs->n_blocks; b++) {
    int first = bs->ccol_ptr[b], nc = bs->ccol_ptr[b + 1] - first;
    bs->ccol_lo[b] = nc > 0 && bs->ccol[first + nc - 1] - bs->ccol[first] == nc - 1
                         ? bs->ccol[first]
                         : -1;
  }
  return CK_OK;
}

/* Position of kept column col among block b's coupled columns, -1 if absent. */
static int ccol_search(const ck_block_solver *bs, int b, int col) {
  const int *lo = bs->ccol + bs->ccol_ptr[b];
  int n = bs->ccol_ptr[b + 1] - bs->ccol_ptr[b], a = 0, z = n - 1;
  while (a <= z) {
    int mid = (a + z) / 2;
    if (lo[mid] == col) {
      return mid;
    }
    if (lo[mid] < col) {
      a = mid + 1;
    } else {
      z = mid - 1;
    }
  }
  return -1;
}

/* The same, inline for a contiguous range (ccol_lo; every binary chain's):
 * a subtraction where the set-up called a binary search per M_EK entry. */
static inline int ccol_position(const ck_block_solver *bs, int b, int col) {
  int lo = bs->ccol_lo[b];
  if (lo < 0) {
    return ccol_search(bs, b, col);
  }
  int c = col - lo;
  return c >= 0 && c < bs->ccol_ptr[b + 1] - bs->ccol_ptr[b] ? c : -1;
}

static ck_status allocate_work(ck_ctx *ctx, ck_block_solver *bs) {
  size_t nb = (size_t)bs->n_blocks, off = 0;
  bs->a_off = ck_calloc(ctx, nb + 1, sizeof(size_t));
  bs->x_off = ck_calloc(ctx, nb + 1, sizeof(size_t));
  if (bs->a_off == NULL || bs->x_off == NULL) {
    return CK_ERR_NOMEM;
  }
  for (size_t b = 0; b < nb; b++) {
    size_t l = (size_t)(bs->block_ptr[b + 1] - bs->block_ptr[b]);
    size_t c = (size_t)(bs->ccol_ptr[b + 1] - bs->ccol_ptr[b]);
    bs->a_off[b] = off;
    off += l * l;
    bs->x_off[b] = off;
    off += l * c;
  }
  bs->work_size = off;
  bs->s_col = ck_calloc(ctx, 2 * vec_round(bs->nk) * vec_round(bs->nk) + 1, sizeof(double));
  bs->s_out = ck_calloc(ctx, vec_round(bs->nk) + 1, sizeof(double));
  bs->s_lu = ck_calloc(ctx, bs->nk * vec_round(bs->nk) + 1, sizeof(double));
  bs->s_rdiag = ck_calloc(ctx, vec_round(bs->nk) + 1, sizeof(double));
  bs->s_piv = ck_calloc(ctx, bs->nk + 1, sizeof(int));
  size_t gather = bs->nk;
  for (size_t b = 0; b < nb; b++) {
    size_t l = (size_t)(bs->block_ptr[b + 1] - bs->block_ptr[b]);
    size_t c = (size_t)(bs->ccol_ptr[b + 1] - bs->ccol_ptr[b]);
    gather = l > gather ? l : gather;
    gather = c > gather ? c : gather;
  }
  /* x_K, a gather buffer, and a 0.0 for M_EK's padding */
  bs->bk = ck_calloc(ctx, bs->nk + gather + 1, sizeof(double));
  bs->bk_zero = (int)(bs->nk + gather);
  if (bs->s_col == NULL || bs->s_rdiag == NULL || bs->s_out == NULL || bs->s_lu == NULL ||
      bs->s_piv == NULL || bs->bk == NULL) {
    return CK_ERR_NOMEM;
  }
  return CK_OK;
}

/* What only the pivoted dense blocks use: the blocks' A and X (work), their
 * inverses, S and the pivots, and the M_KB and M_EK values. Chains need
 * none of it unless a Thomas pivot vanishes, so for them it waits for that
 * (ck_block_solver_factor): for sim3, 150 kB (36 pages) never touched. */
static ck_status allocate_dense(ck_ctx *ctx, ck_block_solver *bs) {
  size_t ne = bs->n - bs->nk, nkb = (size_t)bs->kb_ptr[bs->n_blocks];
  size_t nek = ne * (size_t)bs->ek_width;
  /* Each only if missing: a failed attempt is retried at the next factorization. */
#define CK_DENSE_ALLOC(field, count, type) \
  (void)(bs->field != NULL || (bs->field = ck_calloc(ctx, (count), sizeof(type))) != NULL)
  CK_DENSE_ALLOC(work, bs->work_size + 1, double); /* + a 0.0 for M_EK's padding */
  CK_DENSE_ALLOC(s, bs->nk * bs->nk + 1, double);
  CK_DENSE_ALLOC(a_inv, bs->work_size + 1, double);
  CK_DENSE_ALLOC(piv, ne + 1, int);
  CK_DENSE_ALLOC(z, ne + 1, double);
  CK_DENSE_ALLOC(kb_val, nkb + 1, double);
  CK_DENSE_ALLOC(ek_val, nek + 1, double);
#undef CK_DENSE_ALLOC
  if (bs->work == NULL || bs->s == NULL || bs->a_inv == NULL || bs->piv == NULL ||
      bs->z == NULL || bs->kb_val == NULL || bs->ek_val == NULL) {
    return CK_ERR_NOMEM;
  }
  return CK_OK;
}

/* M_EK by eliminated row in slot order, rows padded to the widest. */
static ck_status plan_ek(ck_ctx *ctx, ck_block_solver *bs, const int *col_ptr, const int *row_idx) {
  size_t nk = bs->nk, ne = bs->n - nk;
  int *fill = ck_calloc(ctx, ne + 1, sizeof(int));
  bs->ek_slot = ck_calloc(ctx, ne + 1, sizeof(int));
  if (fill == NULL || bs->ek_slot == NULL) {
    free(fill);
    return CK_ERR_NOMEM;
  }
  for (size_t m = 0; m < ne; m++) {
    bs->ek_slot[m] = bs->all_tri ? bs->lvl_pos[m] : (int)m;
  }
  for (size_t j = 0; j < nk; j++) {
    for (int p = col_ptr[j]; p < col_ptr[j + 1]; p++) {
      int i = row_idx[p];
      if ((size_t)i >= nk) {
        int m = bs->ek_slot[bs->block_ptr[bs->block_of[i]] + bs->local[i]];
        fill[m]++;
        bs->ek_width = fill[m] > bs->ek_width ? fill[m] : bs->ek_width;
      }
    }
  }
  size_t nek = ne * (size_t)bs->ek_width;
  bs->ek_col = ck_malloc(ctx, (nek + 1) * sizeof(int)); /* padded in full below */
  bs->ek_src = ck_malloc(ctx, (nek + 1) * sizeof(size_t));
  if (bs->ek_col == NULL || bs->ek_src == NULL) {
    free(fill);
    return CK_ERR_NOMEM;
  }
  for (size_t q = 0; q < nek; q++) { /* padding until overwritten below */
    bs->ek_col[q] = bs->bk_zero, bs->ek_src[q] = bs->work_size;
  }
  memset(fill, 0, (ne + 1) * sizeof(int));
  for (size_t j = 0; j < nk; j++) {
    for (int p = col_ptr[j]; p < col_ptr[j + 1]; p++) {
      int i = row_idx[p];
      if ((size_t)i >= nk) {
        int b = bs->block_of[i];
        size_t m = (size_t)bs->ek_slot[bs->block_ptr[b] + bs->local[i]];
        size_t nc = (size_t)(bs->ccol_ptr[b + 1] - bs->ccol_ptr[b]);
        size_t q = m * (size_t)bs->ek_width + (size_t)fill[m]++;
        bs->ek_col[q] = (int)j;
        bs->ek_src[q] =
            bs->x_off[b] + (size_t)bs->local[i] * nc + (size_t)ccol_position(bs, b, (int)j);
      }
    }
  }
  free(fill);
  return CK_OK;
}

/* Where every CSC nonzero lands: S, a block's A, a block's X (M_BK), or the M_KB list. */
static ck_status plan_scatter(ck_ctx *ctx, ck_block_solver *bs, const int *col_ptr,
                              const int *row_idx) {
  size_t nk = bs->nk, nkb = 0;
  /* Every nonzero is M_KB (first loop) or KK, EE or EK (last loop): no zeroing. */
  bs->nz_kind = ck_malloc(ctx, bs->nnz + 1);
  bs->nz_dest = ck_malloc(ctx, (bs->nnz + 1) * sizeof(size_t));
  bs->kb_ptr = ck_calloc(ctx, (size_t)bs->n_blocks + 1, sizeof(int));
  if (bs->nz_kind == NULL || bs->nz_dest == NULL || bs->kb_ptr == NULL) {
    return CK_ERR_NOMEM;
  }
  for (size_t j = nk; j < bs->n; j++) {
    for (int p = col_ptr[j]; p < col_ptr[j + 1]; p++) {
      nkb += (size_t)row_idx[p] < nk;
    }
  }
  bs->kb_row = ck_malloc(ctx, (nkb + 1) * sizeof(int));
  bs->kb_local = ck_malloc(ctx, (nkb + 1) * sizeof(int));
  if (bs->kb_row == NULL || bs->kb_local == NULL) {
    return CK_ERR_NOMEM;
  }
  size_t q = 0;
  for (int b = 0; b < bs->n_blocks; b++) { /* M_KB entries grouped by block */
    bs->kb_ptr[b] = (int)q;
    for (int m = bs->block_ptr[b]; m < bs->block_ptr[b + 1]; m++) {
      int j = bs->members[m];
      for (int p = col_ptr[j]; p < col_ptr[j + 1]; p++) {
        if ((size_t)row_idx[p] < nk) {
          bs->kb_row[q] = row_idx[p], bs->kb_local[q] = bs->local[j];
          bs->nz_kind[p] = NZ_KE, bs->nz_dest[p] = q++;
        }
      }
    }
  }
  bs->kb_ptr[bs->n_blocks] = (int)q;
  if (plan_ek(ctx, bs, col_ptr, row_idx) != CK_OK) {
    return CK_ERR_NOMEM;
  }
  for (size_t j = 0; j < bs->n; j++) {
    for (int p = col_ptr[j]; p < col_ptr[j + 1]; p++) {
      size_t i = (size_t)row_idx[p];
      if (i < nk && j < nk) {
        bs->nz_kind[p] = NZ_KK, bs->nz_dest[p] = i * nk + j;
      } else if (i >= nk && j >= nk) {
        int b = bs->block_of[i];
        size_t l = (size_t)(bs->block_ptr[b + 1] - bs->block_ptr[b]);
        bs->nz_kind[p] = NZ_EE;
        bs->nz_dest[p] = bs->a_off[b] + (size_t)bs->local[i] * l + (size_t)bs->local[j];
      } else if (i >= nk) {
        int b = bs->block_of[i];
        size_t nc = (size_t)(bs->ccol_ptr[b + 1] - bs->ccol_ptr[b]);
        size_t c = (size_t)ccol_position(bs, b, (int)j);
        bs->nz_kind[p] = NZ_EK, bs->nz_dest[p] = bs->x_off[b] + (size_t)bs->local[i] * nc + c;
      }
    }
  }
  return CK_OK;
}

/* Decides whether every block is a chain (tridiagonal in member order). */
static ck_status plan_chains(ck_ctx *ctx, ck_block_solver *bs, const int *col_ptr,
                             const int *row_idx) {
  size_t nk = bs->nk, ne = bs->n - nk;
  bs->all_tri = ne > 0;
  for (size_t j = nk; j < bs->n && bs->all_tri; j++) {
    for (int p = col_ptr[j]; p < col_ptr[j + 1]; p++) {
      size_t i = (size_t)row_idx[p];
      if (i >= nk && abs(bs->local[i] - bs->local[j]) > 1) {
        bs->all_tri = 0;
        break;
      }
    }
  }
  if (!bs->all_tri) {
    return CK_OK;
  }
  bs->lvl_pos = ck_calloc(ctx, ne, sizeof(int));
  bs->lvl_species = ck_calloc(ctx, ne, sizeof(int));
  int n_levels = (int)ck_block_solver_max_block(bs);
  bs->lvl_ptr = ck_calloc(ctx, (size_t)n_levels + 1, sizeof(int));
  int *order = ck_calloc(ctx, (size_t)bs->n_blocks, sizeof(int));
  if (bs->lvl_pos == NULL || bs->lvl_species == NULL || bs->lvl_ptr == NULL || order == NULL) {
    free(order);
    return CK_ERR_NOMEM;
  }
  bs->n_levels = n_levels;
  /* Chains longest first (a stable counting sort by length). */
  int r = 0;
  for (int len = n_levels; len >= 1; len--) {
    for (int b = 0; b < bs->n_blocks; b++) {
      if (bs->block_ptr[b + 1] - bs->block_ptr[b] == len) {
        order[r++] = b;
      }
    }
  }
  int p = 0;
  for (int k = 0; k < n_levels; k++) {
    bs->lvl_ptr[k] = p;
    for (r = 0; r < bs->n_blocks && bs->block_ptr[order[r] + 1] - bs->block_ptr[order[r]] > k;
         r++) {
      int m = bs->block_ptr[order[r]] + k;
      bs->lvl_pos[m] = p, bs->lvl_species[p] = bs->members[m];
      p++;
    }
  }
  bs->lvl_ptr[n_levels] = p;
  free(order);
  return CK_OK;
}

/* M_KB for the chains' solve: each entry's level-major column, and the
 * entries regrouped by kept row (a stable counting sort). */
static ck_status plan_chain_rows(ck_ctx *ctx, ck_block_solver *bs) {
  if (!bs->all_tri) {
    return CK_OK;
  }
  size_t nkb = (size_t)bs->kb_ptr[bs->n_blocks], nk = bs->nk;
  bs->kb_zpos = ck_malloc(ctx, (nkb + 1) * sizeof(int)); /* these three: every entry below */
  bs->kr_ptr = ck_calloc(ctx, nk + 1, sizeof(int));
  bs->kr_zpos = ck_malloc(ctx, (nkb + 1) * sizeof(int));
  bs->kr_src = ck_malloc(ctx, (nkb + 1) * sizeof(int));
  bs->kr_val = ck_calloc(ctx, nkb + 1, sizeof(double));
  int *fill = ck_calloc(ctx, nk + 1, sizeof(int));
  if (bs->kb_zpos == NULL || bs->kr_ptr == NULL || bs->kr_zpos == NULL || bs->kr_src == NULL ||
      bs->kr_val == NULL || fill == NULL) {
    free(fill);
    return CK_ERR_NOMEM;
  }
  for (int b = 0; b < bs->n_blocks; b++) {
    for (int q = bs->kb_ptr[b]; q < bs->kb_ptr[b + 1]; q++) {
      bs->kb_zpos[q] = bs->lvl_pos[bs->block_ptr[b] + bs->kb_local[q]];
      bs->kr_ptr[bs->kb_row[q] + 1]++;
    }
  }
  for (size_t i = 0; i < nk; i++) {
    bs->kr_ptr[i + 1] += bs->kr_ptr[i];
  }
  for (size_t q = 0; q < nkb; q++) {
    int e = bs->kr_ptr[bs->kb_row[q]] + fill[bs->kb_row[q]]++;
    bs->kr_zpos[e] = bs->kb_zpos[q], bs->kr_src[e] = (int)q;
  }
  free(fill);
  return CK_OK;
}

/* The chains' X rows are padded to a multiple of CHAIN_VEC doubles, with
 * at least one spare column for M_EK's padding. The spare columns stay
 * +-0.0 (zeroed in row 0, and each later row is a multiple of the rows
 * before it). */
static inline int chain_ldx(int nc) {
  return (nc + CHAIN_VEC) / CHAIN_VEC * CHAIN_VEC;
}

/* The padded level-major order of the solve's sweeps (see pz_size in the
 * struct). Runs after plan_chain_rows, whose z positions it remaps. */
static ck_status plan_chain_padding(ck_ctx *ctx, ck_block_solver *bs) {
  if (!bs->all_tri) {
    return CK_OK;
  }
  int nl = bs->n_levels, pos = 0;
  size_t ne = bs->n - bs->nk;
  const int *lp = bs->lvl_ptr;
  bs->pl_start = ck_calloc(ctx, (size_t)nl + 1, sizeof(int));
  bs->pl_width = ck_calloc(ctx, (size_t)nl + 1, sizeof(int));
  bs->pz_of = ck_calloc(ctx, ne + 1, sizeof(int));
  if (bs->pl_start == NULL || bs->pl_width == NULL || bs->pz_of == NULL) {
    return CK_ERR_NOMEM;
  }
  for (int k = 0; k < nl; k++) { /* counts do not grow with k (chains sorted longest first) */
    int w = (int)vec_round((size_t)(lp[k + 1] - lp[k]));
    bs->pl_width[k] = w, bs->pl_start[k] = pos;
    pos += k > 0 ? bs->pl_width[k - 1] : w; /* room for the level below's backward read */
  }
  bs->pl_start[nl] = bs->pz_size = pos;
  bs->lv_lo = ck_calloc(ctx, (size_t)pos, sizeof(double));
  bs->lv_up = ck_calloc(ctx, (size_t)pos, sizeof(double));
  bs->lv_rdiag = ck_calloc(ctx, (size_t)pos, sizeof(double));
  /* z gets one more level's room, never written: the last level's
   * successor, 0.0s that its 0.0 superdiagonals multiply. */
  bs->pz = ck_calloc(ctx, (size_t)(pos + bs->pl_width[nl - 1]), sizeof(double));
  bs->pz_src = ck_calloc(ctx, (size_t)pos, sizeof(int)); /* pads gather species 0 */
  if (bs->lv_lo == NULL || bs->lv_up == NULL || bs->lv_rdiag == NULL || bs->pz == NULL ||
      bs->pz_src == NULL) {
    return CK_ERR_NOMEM;
  }
  for (int k = 0; k < nl; k++) {
    for (int r = 0; r < lp[k + 1] - lp[k]; r++) {
      int q = lp[k] + r, pp = bs->pl_start[k] + r;
      bs->pz_of[q] = pp, bs->pz_src[pp] = bs->lvl_species[q];
    }
  }
  for (int e = 0; e < bs->kr_ptr[bs->nk]; e++) {
    bs->kr_zpos[e] = bs->pz_of[bs->kr_zpos[e]];
  }
  return CK_OK;
}

/* Destinations of the chains' scatter (see cf_buf in the struct). */
static ck_status plan_chain_factor(ck_ctx *ctx, ck_block_solver *bs, const int *col_ptr,
                                   const int *row_idx) {
  if (!bs->all_tri) {
    return CK_OK;
  }
  size_t nk = bs->nk, ne = bs->n - nk, nek = ne * (size_t)bs->ek_width;
  /* S gets CHAIN_VEC - 1 spare doubles: the padded S -= M_KB X (see
   * schur_update) may run that far past the last row. */
  size_t pz = (size_t)bs->pz_size;
  bs->cf_diag = nk * nk + CHAIN_VEC, bs->cf_sub = bs->cf_diag + pz, bs->cf_sup = bs->cf_sub + pz;
  bs->cf_kb = bs->cf_sup + pz, bs->cf_ek = bs->cf_kb + (size_t)bs->kb_ptr[bs->n_blocks];
  bs->cf_buf = ck_malloc(ctx, (bs->cf_ek + nek + 1) * sizeof(double)); /* zeros: below */
  bs->cf_dest = ck_malloc(ctx, (bs->nnz + 1) * sizeof(size_t)); /* every nonzero's, below */
  bs->cf_cpos = ck_malloc(ctx, (nek + 1) * sizeof(int));         /* every entry's, below */
  size_t x_size = 0;
  for (int b = 0; b < bs->n_blocks; b++) {
    size_t l = (size_t)(bs->block_ptr[b + 1] - bs->block_ptr[b]);
    size_t ldx = (size_t)chain_ldx(bs->ccol_ptr[b + 1] - bs->ccol_ptr[b]);
    x_size = l * ldx > x_size ? l * ldx : x_size;
  }
  bs->cf_x = ck_calloc(ctx, x_size + 1, sizeof(double));
  bs->cf_u = ck_calloc(ctx, pz + 1, sizeof(double));
  bs->cf_mpos = ck_calloc(ctx, ne + 1, sizeof(int));
  /* work index -> M_EK entry; read only at M_EK's own indices (ek_src) */
  int *ek_at = ck_malloc(ctx, (bs->work_size + 1) * sizeof(int));
  if (bs->cf_buf == NULL || bs->cf_dest == NULL || bs->cf_cpos == NULL || bs->cf_x == NULL ||
      bs->cf_u == NULL || bs->cf_mpos == NULL || ek_at == NULL) {
    free(ek_at);
    return CK_ERR_NOMEM;
  }
  /* cf_buf's zeros: S's spare doubles and the chains' pads, and M_EK's
   * padding. S (written or cleared at each factorization before it is
   * read), M_KB and M_EK proper are written by every scatter. */
  memset(bs->cf_buf + nk * nk, 0, (bs->cf_kb - nk * nk) * sizeof(double));
  for (size_t q = 0; q <= nek; q++) {
    if (q == nek || bs->ek_col[q] == bs->bk_zero) {
      bs->cf_buf[bs->cf_ek + q] = 0.0;
    }
  }
  for (size_t m = 0; m < ne; m++) {
    bs->cf_mpos[m] = bs->pz_of[bs->lvl_pos[m]];
  }
  for (size_t q = 0; q < nek; q++) {
    int b = bs->block_of[bs->lvl_species[q / (size_t)bs->ek_width]];
    bs->cf_cpos[q] = bs->ccol_ptr[b + 1] - bs->ccol_ptr[b];
    ek_at[bs->ek_src[q]] = (int)q;
  }
  for (size_t j = 0; j < bs->n; j++) {
    for (int p = col_ptr[j]; p < col_ptr[j + 1]; p++) {
      size_t i = (size_t)row_idx[p], d = bs->nz_dest[p];
      if (bs->nz_kind[p] == NZ_KK) {
        bs->cf_dest[p] = d;
        bs->cf_s_full++;
      } else if (bs->nz_kind[p] == NZ_KE) {
        bs->cf_dest[p] = bs->cf_kb + d;
      } else if (bs->nz_kind[p] == NZ_EK) {
        bs->cf_dest[p] = bs->cf_ek + (size_t)ek_at[d];
        bs->cf_cpos[ek_at[d]] = ccol_position(bs, bs->block_of[i], (int)j);
      } else { /* tridiagonal (plan_chains checked) */
        size_t m = (size_t)(bs->block_ptr[bs->block_of[i]] + bs->local[i]);
        int li = bs->local[i], lj = bs->local[j];
        bs->cf_dest[p] = (size_t)bs->cf_mpos[m] +
                         (li == lj ? bs->cf_diag : li > lj ? bs->cf_sub : bs->cf_sup);
      }
    }
  }
  free(ek_at);
  bs->cf_s_full = (size_t)bs->cf_s_full == nk * nk; /* CSC entries are unique */
  return CK_OK;
}

ck_block_solver *ck_block_solver_create(ck_ctx *ctx, size_t n, size_t nk, const int *col_ptr,
                                        const int *row_idx, size_t max_block) {
  ck_block_solver *bs = ck_calloc(ctx, 1, sizeof *bs);
  if (bs == NULL) {
    return NULL;
  }
  bs->n = n, bs->nk = nk, bs->nnz = (size_t)col_ptr[n];
  if (find_blocks(ctx, bs, col_ptr, row_idx) != CK_OK ||
      find_coupled_columns(ctx, bs, col_ptr, row_idx) != CK_OK) {
    ck_block_solver_free(bs);
    return NULL;
  }
  if (ck_block_solver_max_block(bs) > max_block) {
    ck_error_set(ctx, CK_ERR_LIMIT, "dimer block of %zu species exceeds the block solver's %zu",
                 ck_block_solver_max_block(bs), max_block);
    ck_block_solver_free(bs);
    return NULL;
  }
  /* Chains first: the M_EK rows are stored in the chains' order. */
  if (allocate_work(ctx, bs) != CK_OK || plan_chains(ctx, bs, col_ptr, row_idx) != CK_OK ||
      plan_scatter(ctx, bs, col_ptr, row_idx) != CK_OK || plan_chain_rows(ctx, bs) != CK_OK ||
      plan_chain_padding(ctx, bs) != CK_OK ||
      plan_chain_factor(ctx, bs, col_ptr, row_idx) != CK_OK ||
      (!bs->all_tri && allocate_dense(ctx, bs) != CK_OK)) {
    ck_block_solver_free(bs);
    return NULL;
  }
  return bs;
}

void ck_block_solver_free(ck_block_solver *bs) {
  if (bs == NULL) {
    return;
  }
  free(bs->block_ptr), free(bs->members), free(bs->block_of), free(bs->local);
  free(bs->ccol_ptr), free(bs->ccol), free(bs->ccol_lo), free(bs->a_off), free(bs->x_off);
  free(bs->kb_ptr), free(bs->kb_row), free(bs->kb_local), free(bs->kb_val);
  free(bs->ek_col), free(bs->ek_slot), free(bs->ek_src), free(bs->ek_val);
  free(bs->kr_ptr), free(bs->kr_zpos), free(bs->kr_src), free(bs->kr_val);
  free(bs->nz_kind), free(bs->nz_dest), free(bs->s), free(bs->s_piv), free(bs->piv);
  free(bs->s_col), free(bs->s_rdiag), free(bs->s_out), free(bs->s_lu), free(bs->a_inv);
  free(bs->lv_lo), free(bs->lv_up), free(bs->lv_rdiag), free(bs->lvl_ptr), free(bs->lvl_pos);
  free(bs->lvl_species), free(bs->kb_zpos);
  free(bs->work), free(bs->z), free(bs->bk);
  free(bs->cf_buf), free(bs->cf_x), free(bs->cf_u), free(bs->cf_mpos), free(bs->cf_dest);
  free(bs->cf_cpos);
  free(bs->pl_start), free(bs->pl_width), free(bs->pz_src), free(bs->pz_of), free(bs->pz);
  free(bs);
}

int ck_block_solver_uses_chains(const ck_block_solver *bs) {
  return bs->use_tri;
}

size_t ck_block_solver_max_block(const ck_block_solver *bs) {
  size_t best = 0;
  for (int b = 0; b < bs->n_blocks; b++) {
    size_t l = (size_t)(bs->block_ptr[b + 1] - bs->block_ptr[b]);
    best = l > best ? l : best;
  }
  return best;
}

/* M = I + c J into S, the blocks' A and X, and the M_KB list. */
static void scatter(ck_block_solver *bs, const double *jac, double c) {
  memset(bs->s, 0, bs->nk * bs->nk * sizeof(double));
  memset(bs->work, 0, bs->work_size * sizeof(double));
  for (size_t p = 0; p < bs->nnz; p++) {
    double v = c * jac[p];
    switch (bs->nz_kind[p]) {
      case NZ_KK:
        bs->s[bs->nz_dest[p]] = v;
        break;
      case NZ_KE:
        bs->kb_val[bs->nz_dest[p]] = v;
        break;
      default: /* NZ_EE and NZ_EK both live in work */
        bs->work[bs->nz_dest[p]] = v;
        break;
    }
  }
  for (size_t i = 0; i < bs->nk; i++) {
    bs->s[i * bs->nk + i] += 1.0;
  }
  for (int b = 0; b < bs->n_blocks; b++) {
    size_t l = (size_t)(bs->block_ptr[b + 1] - bs->block_ptr[b]);
    for (size_t k = 0; k < l; k++) {
      bs->work[bs->a_off[b] + k * l + k] += 1.0;
    }
  }
}

static inline void identity(double *a, int n) {
  memset(a, 0, (size_t)n * (size_t)n * sizeof *a);
  for (int i = 0; i < n; i++) {
    a[i * n + i] = 1.0;
  }
}

/* inv = A^-1 from the LU factors of A (n x n, row-major). */
static void invert(const double *lu, int n, const int *piv, double *inv) {
  identity(inv, n);
  ck_dense_lu_solve_many(lu, n, piv, inv, n);
}

static inline void transpose(double *a, int n) {
  for (int i = 0; i < n; i++) {
    for (int j = i + 1; j < n; j++) {
      double t = a[i * n + j];
      a[i * n + j] = a[j * n + i];
      a[j * n + i] = t;
    }
  }
}

/* y = M x for an n x n M stored by columns: a sum of scaled columns, which
 * vectorises without reordering any sum (a row-major dot product would
 * not, short of -ffast-math). Each y[i] still adds its terms in column order. */
static inline __attribute__((always_inline)) void mat_vec(const double *m, int n, const double *x,
                                                          double *y) {
  for (int i = 0; i < n; i++) {
    y[i] = 0.0;
  }
  for (int j = 0; j < n; j++) {
    const double *col = m + (size_t)j * (size_t)n;
    double xj = x[j];
    for (int i = 0; i < n; i++) {
      y[i] += col[i] * xj;
    }
  }
}

/* y -= c x_j over whole vectors (n a multiple of CHAIN_VEC). The restrict
 * parameters spare GCC its runtime overlap tests at every call. */
static inline __attribute__((always_inline)) void col_update(double *restrict y,
                                                             const double *restrict c, double xj,
                                                             int n) {
  for (int i = 0; i < n; i += CHAIN_VEC) {
    for (int w = 0; w < CHAIN_VEC; w++) {
      y[i + w] -= c[i + w] * xj;
    }
  }
}

/* y -= c0 a0, then c1 a1, c2 a2, c3 a3 (in that order), over whole vectors:
 * four columns of a triangular factor applied to the rows past a block. */
static inline __attribute__((always_inline)) void rank4_update(
    double *restrict y, const double *restrict c0, const double *restrict c1,
    const double *restrict c2, const double *restrict c3, double a0, double a1, double a2,
    double a3, int n) {
  for (int i = 0; i < n; i += CHAIN_VEC) {
    for (int w = 0; w < CHAIN_VEC; w++) {
      double v = y[i + w];
      v -= c0[i + w] * a0;
      v -= c1[i + w] * a1;
      v -= c2[i + w] * a2;
      v -= c3[i + w] * a3;
      y[i + w] = v;
    }
  }
}

/* out = S^-1 g from the column-oriented LU factors (g is left as it was).
 * Blocks of CHAIN_VEC columns: each block's triangle is solved in registers
 * and its columns are applied to the other rows in one pass, so the chain
 * of dependent steps is one per block rather than one per column. Every
 * y_i still receives its terms in column order, as a column at a time
 * would give it; the padding columns are zeros with 1/pivot 0.0 (s_col). */
static inline __attribute__((always_inline)) void s_solve(const ck_block_solver *bs,
                                                          const double *g, double *out) {
  int n = (int)bs->nk, ldc = (int)vec_round(bs->nk);
  const double *lower = bs->s_col, *upper = bs->s_col + (size_t)ldc * (size_t)ldc;
  const double *rd = bs->s_rdiag;
  double *y = bs->s_out;
  for (int i = 0; i < ldc; i++) { /* the pads start at 0.0 in every solve */
    y[i] = i < n ? g[i] : 0.0;
  }
  for (int k = 0; k < n; k++) { /* the row swaps, in factorization order */
    int p = bs->s_piv[k];
    double t = y[k];
    y[k] = y[p];
    y[p] = t;
  }
  for (int b = 0; b < ldc; b += CHAIN_VEC) { /* L (unit diagonal) */
    const double *c0 = lower + (size_t)b * (size_t)ldc, *c1 = c0 + ldc, *c2 = c1 + ldc,
                 *c3 = c2 + ldc;
    double y0 = y[b], y1 = y[b + 1], y2 = y[b + 2], y3 = y[b + 3];
    y1 -= c0[b + 1] * y0;
    y2 -= c0[b + 2] * y0;
    y3 -= c0[b + 3] * y0;
    y2 -= c1[b + 2] * y1;
    y3 -= c1[b + 3] * y1;
    y3 -= c2[b + 3] * y2;
    y[b] = y0, y[b + 1] = y1, y[b + 2] = y2, y[b + 3] = y3;
    int past = b + CHAIN_VEC;
    rank4_update(y + past, c0 + past, c1 + past, c2 + past, c3 + past, y0, y1, y2, y3,
                 ldc - past);
  }
  for (int b = ldc - CHAIN_VEC; b >= 0; b -= CHAIN_VEC) { /* U, last column first */
    const double *c0 = upper + (size_t)b * (size_t)ldc, *c1 = c0 + ldc, *c2 = c1 + ldc,
                 *c3 = c2 + ldc;
    double y0 = y[b], y1 = y[b + 1], y2 = y[b + 2], y3 = y[b + 3];
    y3 *= rd[b + 3];
    y0 -= c3[b] * y3;
    y1 -= c3[b + 1] * y3;
    y2 -= c3[b + 2] * y3;
    y2 *= rd[b + 2];
    y0 -= c2[b] * y2;
    y1 -= c2[b + 1] * y2;
    y1 *= rd[b + 1];
    y0 -= c1[b] * y1;
    y0 *= rd[b];
    y[b] = y0, y[b + 1] = y1, y[b + 2] = y2, y[b + 3] = y3;
    rank4_update(y, c3, c2, c1, c0, y3, y2, y1, y0, b);
  }
  for (int i = 0; i < n; i++) {
    out[i] = y[i];
  }
}

/* LU factors with partial pivoting of the Schur complement s (nk x nk,
 * row-major), into s_col, s_rdiag and s_piv. 0 ok, 1 singular.
 * The same elimination as ck_dense_lu_factor, on rows padded to ldc, with
 * L written straight to its columns in s_col rather than below U: each row
 * update then runs whole vectors from an aligned column at or before k + 1.
 * What that adds lands on entries left of the diagonal that are dead (their
 * multipliers are in s_col already) or on the +-0.0 padding, so the live
 * entries see exactly the dense LU's operations. Inlined, so it is built
 * for each target of ck_block_solver_factor (CK_VECTOR_KERNEL). */
static inline __attribute__((always_inline)) int factor_schur(ck_block_solver *bs,
                                                              const double *s) {
  int n = (int)bs->nk, ldc = (int)vec_round(bs->nk);
  if (n == 0) {
    return 0;
  }
  double *w = bs->s_lu, *lower = bs->s_col, *upper = bs->s_col + (size_t)ldc * (size_t)ldc;
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < ldc; j++) {
      w[i * ldc + j] = j < n ? s[i * n + j] : 0.0;
    }
  }
  for (int k = 0; k < n; k++) {
    double best;
    int p = ck_dense_pivot_row(w, ldc, k, n, &best);
    bs->s_piv[k] = p;
    if (best == 0.0) {
      return 1;
    }
    if (p != k) { /* whole rows, and the multipliers so far (LAPACK's order) */
      for (int j = 0; j < ldc; j++) {
        double t = w[k * ldc + j];
        w[k * ldc + j] = w[p * ldc + j], w[p * ldc + j] = t;
      }
      for (int j = 0; j < k; j++) {
        double t = lower[j * ldc + k];
        lower[j * ldc + k] = lower[j * ldc + p], lower[j * ldc + p] = t;
      }
    }
    double inv = 1.0 / w[k * ldc + k];
    int from = (k + 1) / CHAIN_VEC * CHAIN_VEC;
    for (int i = k + 1; i < n; i++) {
      double l = w[i * ldc + k] * inv;
      lower[k * ldc + i] = l;
      if (l != 0.0) {
        col_update(w + i * ldc + from, w + k * ldc + from, l, ldc - from);
      }
    }
  }
  for (int i = 0; i < n; i++) { /* the zeros around L and U stay from calloc */
    for (int j = i + 1; j < n; j++) {
      upper[j * ldc + i] = w[i * ldc + j];
    }
    bs->s_rdiag[i] = 1.0 / w[i * ldc + i];
  }
  return 0;
}

/* S -= M_KB X for block b; X row-major with row stride ldx. With padded,
 * the contiguous case runs whole vectors over X's +-0.0 spare columns too,
 * which leaves those entries of S as they were (but for the sign of a zero);
 * S then needs CHAIN_VEC - 1 spare doubles at its end. */
static inline __attribute__((always_inline)) void schur_update(ck_block_solver *bs, int b,
                                                               const double *kb_val, double *s,
                                                               const double *x, int ldx,
                                                               int padded) {
  size_t nk = bs->nk;
  int nc = bs->ccol_ptr[b + 1] - bs->ccol_ptr[b], lo = bs->ccol_lo[b];
  if (padded && lo >= 0) {
    int ncv = (int)vec_round((size_t)nc);
    for (int q = bs->kb_ptr[b]; q < bs->kb_ptr[b + 1]; q++) {
      double v = kb_val[q];
      col_update(s + (size_t)bs->kb_row[q] * nk + lo, x + (size_t)bs->kb_local[q] * (size_t)ldx,
                 v, ncv); /* X is not in S */
    }
    return;
  }
  const int *cols = bs->ccol + bs->ccol_ptr[b];
  for (int q = bs->kb_ptr[b]; q < bs->kb_ptr[b + 1]; q++) {
    double v = kb_val[q];
    double *srow = s + (size_t)bs->kb_row[q] * nk;
    const double *xl = x + (size_t)bs->kb_local[q] * (size_t)ldx;
    if (lo >= 0) { /* contiguous columns: one vector loop */
      double *sr = srow + lo;
      for (int c = 0; c < nc; c++) {
        sr[c] -= v * xl[c];
      }
    } else {
      for (int c = 0; c < nc; c++) {
        srow[cols[c]] -= v * xl[c];
      }
    }
  }
}

/* One row of a chain's X: row = f prev, and row = (row - up next) rd; n a
 * multiple of CHAIN_VEC, rows never overlap. */
static inline __attribute__((always_inline)) void row_times(double *restrict row,
                                                            const double *restrict prev, double f,
                                                            int n) {
  for (int c = 0; c < n; c += CHAIN_VEC) {
    for (int w = 0; w < CHAIN_VEC; w++) {
      row[c + w] = f * prev[c + w];
    }
  }
}

static inline __attribute__((always_inline)) void row_back(double *restrict row,
                                                           const double *restrict next, double up,
                                                           double rd, int n) {
  for (int c = 0; c < n; c += CHAIN_VEC) {
    for (int w = 0; w < CHAIN_VEC; w++) {
      row[c + w] = (row[c + w] - up * next[c + w]) * rd;
    }
  }
}

/* Thomas' pivots of every chain at once, level by level over the padded
 * level-major diagonals (see pz_size): one vector loop per level, where a
 * chain at a time would be a chain of dependent divisions. The same
 * operations per chain as the dense path's sweep, so the same values.
 * Multipliers, superdiagonals and 1/pivots go to lv_lo, lv_up, lv_rdiag
 * (pads: 0.0, 0.0, 1.0). 1 if a pivot vanishes or is not finite. */
static inline __attribute__((always_inline)) int level_pivots(
    double *restrict u, double *restrict lo, double *restrict rd, const double *restrict diag,
    const double *restrict sub, const double *restrict u_prev, const double *restrict sup_prev,
    int n) {
  int bad = 0;
  for (int r = 0; r < n; r++) {
    double m = u_prev != NULL ? sub[r] / u_prev[r] : 0.0;
    double piv = diag[r] + 1.0 - (u_prev != NULL ? m * sup_prev[r] : 0.0);
    u[r] = piv, lo[r] = m, rd[r] = 1.0 / piv;
    bad |= (piv == 0.0) | !(piv - piv == 0.0); /* zero or not finite */
  }
  return bad;
}

static inline __attribute__((always_inline)) int chain_pivots(ck_block_solver *bs,
                                                              const double *diag,
                                                              const double *sub,
                                                              const double *sup) {
  const int *ps = bs->pl_start, *pw = bs->pl_width;
  double *u = bs->cf_u, *lo = bs->lv_lo, *rd = bs->lv_rdiag;
  int bad = level_pivots(u, lo, rd, diag, sub, NULL, NULL, pw[0]);
  for (int k = 1; k < bs->n_levels; k++) { /* levels do not overlap */
    int b = ps[k], pr = ps[k - 1];
    bad |= level_pivots(u + b, lo + b, rd + b, diag + b, sub + b, u + pr, sup + pr, pw[k]);
  }
  /* The superdiagonal as scattered: a chain's last member has none (0.0). */
  memcpy(bs->lv_up, sup, (size_t)bs->pz_size * sizeof(double));
  return bad;
}

/* The factorization when every block is a chain: M = I + c J scattered
 * straight into cf_buf (see the struct), then per chain Thomas' algorithm
 * fused with X = A^-1 M_BK, X built row by row in cf_x (row k is row k of
 * M_BK, whose few entries are at cf_cpos, less the multiplier times row
 * k - 1: written whole, no X to clear first), and S -= M_KB X. No
 * pivoting (see all_tri in the struct); 1 if a pivot vanishes or is not
 * finite, and the caller falls back to the pivoted dense blocks. The
 * arithmetic is the dense path's Thomas sweep on the same values, so the
 * results agree with it but for the sign of some zeros. */
static inline __attribute__((always_inline)) int factor_chains(ck_block_solver *bs,
                                                               const double *jac, double c,
                                                               int width) {
  size_t nk = bs->nk, nnz = bs->nnz;
  double *buf = bs->cf_buf, *s = buf;
  const size_t *dest = bs->cf_dest;
  if (!bs->cf_s_full) {
    memset(s, 0, nk * nk * sizeof(double));
  }
#pragma GCC unroll 4 /* indexed stores: no vector form; fewer loop tests */
  for (size_t p = 0; p < nnz; p++) {
    buf[dest[p]] = c * jac[p];
  }
  for (size_t i = 0; i < nk; i++) {
    s[i * nk + i] += 1.0;
  }
  if (chain_pivots(bs, buf + bs->cf_diag, buf + bs->cf_sub, buf + bs->cf_sup) != 0) {
    return 1;
  }
  const double *kb = buf + bs->cf_kb, *ek = buf + bs->cf_ek;
  const double *lo = bs->lv_lo, *up = bs->lv_up, *rd = bs->lv_rdiag;
  const int *cpos = bs->cf_cpos, *mpos = bs->cf_mpos;
  double *x = bs->cf_x;
  for (int b = 0; b < bs->n_blocks; b++) {
    int l = bs->block_ptr[b + 1] - bs->block_ptr[b], g = bs->block_ptr[b];
    int nc = bs->ccol_ptr[b + 1] - bs->ccol_ptr[b], ldx = chain_ldx(nc);
    int ncv = (int)vec_round((size_t)nc);
    for (int k = 0; k < l; k++) { /* X = A^-1 M_BK: forward elimination */
      size_t e = (size_t)bs->ek_slot[g + k] * (size_t)width;
      double *row = x + (size_t)k * (size_t)ldx;
      if (k == 0) {
        for (int cc = 0; cc < ldx; cc += CHAIN_VEC) {
          for (int w = 0; w < CHAIN_VEC; w++) {
            row[cc + w] = 0.0;
          }
        }
        for (int w = 0; w < width; w++) {
          row[cpos[e + w]] = ek[e + w];
        }
      } else {
        const double *prev = row - ldx;
        double mult = lo[mpos[g + k]];
        row_times(row, prev, -mult, ldx);
        for (int w = 0; w < width; w++) {
          int cp = cpos[e + w];
          row[cp] = ek[e + w] - mult * prev[cp]; /* M_BK - mult prev, as before */
        }
      }
    }
    for (int k = l - 1; k >= 0; k--) { /* X = A^-1 M_BK: back substitution */
      double *row = x + (size_t)k * (size_t)ldx;
      double upk = up[mpos[g + k]], rdk = rd[mpos[g + k]];
      if (k + 1 < l) {
        row_back(row, row + ldx, upk, rdk, ncv);
      } else {
        for (int cc = 0; cc < ncv; cc += CHAIN_VEC) {
          for (int w = 0; w < CHAIN_VEC; w++) {
            row[cc + w] *= rdk;
          }
        }
      }
    }
    schur_update(bs, b, kb, s, x, ldx, 1);
  }
  for (int e = 0; e < bs->kr_ptr[nk]; e++) {
    bs->kr_val[e] = kb[bs->kr_src[e]];
  }
  return 0;
}

CK_VECTOR_KERNEL(int, ck_block_solver_factor,
                 (ck_block_solver *bs, const double *jac, double jac_scale),
                 (bs, jac, jac_scale)) {
  if (bs->all_tri) {
    int fail = bs->ek_width == 2 ? factor_chains(bs, jac, jac_scale, 2)
                                 : factor_chains(bs, jac, jac_scale, bs->ek_width);
    if (!fail) {
      bs->use_tri = 1;
      return factor_schur(bs, bs->cf_buf);
    }
  }
  bs->use_tri = 0; /* pivoted dense blocks */
  if (allocate_dense(NULL, bs) != CK_OK) {
    return 2;
  }
  scatter(bs, jac, jac_scale);
  for (size_t q = 0; q < (bs->n - bs->nk) * (size_t)bs->ek_width; q++) { /* before X overwrites M_EK */
    bs->ek_val[q] = bs->work[bs->ek_src[q]];
  }
  for (int b = 0; b < bs->n_blocks; b++) {
    int l = bs->block_ptr[b + 1] - bs->block_ptr[b];
    double *a = bs->work + bs->a_off[b], *x = bs->work + bs->x_off[b];
    int nc = bs->ccol_ptr[b + 1] - bs->ccol_ptr[b];
    int *piv = bs->piv + bs->block_ptr[b];
    if (ck_dense_lu_factor(a, l, piv) != 0) {
      return 1;
    }
    ck_dense_lu_solve_many(a, l, piv, x, nc); /* X = A^-1 M_BK */
    invert(a, l, piv, bs->a_inv + bs->a_off[b]);
    transpose(bs->a_inv + bs->a_off[b], l);
    schur_update(bs, b, bs->kb_val, bs->s, x, nc, 0);
  }
  return factor_schur(bs, bs->s);
}

/* The sweeps' right-hand side into the padded z: without ek, b_E over every
 * padded position (pads gather x[0], see pz_size in the struct); with ek,
 * b_E - M_EK x_K (x_K in bk) over the real positions only, the pads keeping
 * their finite values from the first sweep. M_EK rows are level-major, of a
 * width that is a constant at the call sites that know it (binary dimers:
 * two monomer columns). */
static inline __attribute__((always_inline)) void chains_gather(const ck_block_solver *bs,
                                                                const double *x, double *z,
                                                                int with_ek, int width) {
  if (!with_ek) {
    const int *src = bs->pz_src;
#pragma GCC unroll 4 /* index loads: no vector form without gathers; fewer loop tests */
    for (int p = 0; p < bs->pz_size; p++) {
      z[p] = x[src[p]];
    }
    return;
  }
  const int *sp = bs->lvl_species, *pz_of = bs->pz_of, *c = bs->ek_col;
  const double *v = bs->cf_buf + bs->cf_ek, *bk = bs->bk;
#pragma GCC unroll 2
  for (size_t p = 0; p < bs->n - bs->nk; p++, v += width, c += width) {
    double r = x[sp[p]];
    for (int w = 0; w < width; w++) {
      r -= v[w] * bk[c[w]];
    }
    z[pz_of[p]] = r;
  }
}

/* The sweeps' level steps, n a multiple of CHAIN_VEC. Separate functions
 * for their restrict parameters: levels do not overlap, and GCC then
 * drops the runtime overlap tests it would put before every level. */
static inline __attribute__((always_inline)) void level_forward(double *restrict z,
                                                                const double *restrict lo,
                                                                const double *restrict zp, int n) {
  for (int r = 0; r < n; r += CHAIN_VEC) {
    for (int w = 0; w < CHAIN_VEC; w++) {
      z[r + w] -= lo[r + w] * zp[r + w];
    }
  }
}

static inline __attribute__((always_inline)) void level_backward(double *restrict z,
                                                                 const double *restrict up,
                                                                 const double *restrict zn,
                                                                 const double *restrict rd, int n) {
  for (int r = 0; r < n; r += CHAIN_VEC) {
    for (int w = 0; w < CHAIN_VEC; w++) {
      z[r + w] = (z[r + w] - up[r + w] * zn[r + w]) * rd[r + w];
    }
  }
}

/* z = A^-1 z for every chain at once, z padded level-major (see the struct):
 * one whole-vector loop per level and direction. */
static inline __attribute__((always_inline)) void chains_sweep(const ck_block_solver *bs,
                                                               double *z) {
  const int *ps = bs->pl_start, *pw = bs->pl_width;
  const double *lo = bs->lv_lo, *up = bs->lv_up, *rd = bs->lv_rdiag;
  int nl = bs->n_levels;
  for (int k = 1; k < nl; k++) {
    level_forward(z + ps[k], lo + ps[k], z + ps[k - 1], pw[k]);
  }
  /* The last level's successor is the spare room after it (see pz). */
  for (int k = nl - 1; k >= 0; k--) { /* a chain ending at k has up 0.0 there */
    level_backward(z + ps[k], up + ps[k], z + ps[k + 1], rd + ps[k], pw[k]);
  }
}

/* The solve when every block has Thomas factors (see ck_block_solver_solve). */
static inline __attribute__((always_inline)) void solve_chains(ck_block_solver *bs, double *x,
                                                               int width) {
  size_t nk = bs->nk;
  double *z = bs->pz, *g = bs->bk + nk;
  chains_gather(bs, x, z, 0, width);
  chains_sweep(bs, z); /* z = A^-1 b_E */
  const int *kr_ptr = bs->kr_ptr, *kr_zpos = bs->kr_zpos;
  const double *kr_val = bs->kr_val;
  for (size_t i = 0; i < nk; i++) { /* b_K - M_KB z */
    /* Two partial sums: a row has ~2 nc entries, and one running sum
     * would be a chain of dependent subtractions. */
    double r0 = x[i], r1 = 0.0;
    int e = kr_ptr[i], end = kr_ptr[i + 1];
    for (; e + 1 < end; e += 2) {
      r0 -= kr_val[e] * z[kr_zpos[e]];
      r1 -= kr_val[e + 1] * z[kr_zpos[e + 1]];
    }
    if (e < end) {
      r0 -= kr_val[e] * z[kr_zpos[e]];
    }
    g[i] = r0 + r1;
  }
  s_solve(bs, g, bs->bk); /* x_K = S^-1 (b_K - M_KB z) */
  memcpy(x, bs->bk, nk * sizeof(double));
  /* x_E = A^-1 (b_E - M_EK x_K); M_EK rows are level-major */
  chains_gather(bs, x, z, 1, width);
  chains_sweep(bs, z);
  const int *sp = bs->lvl_species, *pz_of = bs->pz_of;
#pragma GCC unroll 4
  for (size_t p = 0; p < bs->n - nk; p++) {
    x[sp[p]] = z[pz_of[p]];
  }
}

CK_VECTOR_KERNEL(void, ck_block_solver_solve, (ck_block_solver *bs, double *x), (bs, x)) {
  if (bs->use_tri) {
    if (bs->ek_width == 2) {
      solve_chains(bs, x, 2);
    } else {
      solve_chains(bs, x, bs->ek_width);
    }
    return;
  }
  size_t nk = bs->nk;
  double *g = bs->bk + nk;                 /* gather buffer for one block's right-hand side */
  for (int b = 0; b < bs->n_blocks; b++) { /* z = A^-1 b_E */
    int l = bs->block_ptr[b + 1] - bs->block_ptr[b];
    const int *members = bs->members + bs->block_ptr[b];
    for (int k = 0; k < l; k++) {
      g[k] = x[members[k]];
    }
    mat_vec(bs->a_inv + bs->a_off[b], l, g, bs->z + bs->block_ptr[b]);
  }
  for (size_t i = 0; i < nk; i++) {
    g[i] = x[i];
  }
  for (int b = 0; b < bs->n_blocks; b++) { /* b_K - M_KB z */
    const double *z = bs->z + bs->block_ptr[b];
    for (int q = bs->kb_ptr[b]; q < bs->kb_ptr[b + 1]; q++) {
      g[bs->kb_row[q]] -= bs->kb_val[q] * z[bs->kb_local[q]];
    }
  }
  s_solve(bs, g, bs->bk); /* x_K = S^-1 (b_K - M_KB z) */
  memcpy(x, bs->bk, nk * sizeof(double));
  for (int b = 0; b < bs->n_blocks; b++) { /* x_E = A^-1 (b_E - M_EK x_K) */
    int l = bs->block_ptr[b + 1] - bs->block_ptr[b];
    const int *members = bs->members + bs->block_ptr[b];
    for (int k = 0; k < l; k++) {
      double r = x[members[k]];
      const double *v = bs->ek_val + (size_t)bs->ek_slot[bs->block_ptr[b] + k] * (size_t)bs->ek_width;
      const int *c = bs->ek_col + (v - bs->ek_val);
      for (int w = 0; w < bs->ek_width; w++) {
        r -= v[w] * bs->bk[c[w]];
      }
      g[k] = r;
    }
    double *xe = bs->z + bs->block_ptr[b];
    mat_vec(bs->a_inv + bs->a_off[b], l, g, xe);
    for (int k = 0; k < l; k++) {
      x[members[k]] = xe[k];
    }
  }
}
