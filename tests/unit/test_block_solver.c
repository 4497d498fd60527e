/* SPDX-License-Identifier: MIT */
/* The block solver (src/solver/block_solver.c) against an independent dense
 * Gaussian elimination, on both of its paths: chains (tridiagonal blocks,
 * Thomas factors, level-major sweeps) and pivoted dense blocks; and the
 * fallback from chains to pivoting when a Thomas pivot vanishes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "solver/block_solver.h"

enum { NMAX = 32 };

/* A test matrix: pattern and values of J (CSC), kept species first. */
typedef struct {
  int n, nk;
  double dense[NMAX][NMAX]; /* J */
  int col_ptr[NMAX + 1], row_idx[NMAX * NMAX];
  double val[NMAX * NMAX];
} system_t;

static unsigned long long lcg_state = 12345;
static double uniform(void) {
  lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (double)(lcg_state >> 11) * 0x1.0p-53;
}

/* Kept block dense (tridiagonal when kept_tri); each eliminated species
 * couples to two kept ones both ways; eliminated species are chained within
 * blocks of the given lengths, plus the extra (local a, local b) couplings in
 * the first block. */
static void build(system_t *s, int nk, const int *lengths, int n_blocks, int extra_a, int extra_b,
                  int kept_tri) {
  memset(s, 0, sizeof *s);
  s->nk = nk;
  int n = nk;
  for (int b = 0; b < n_blocks; b++) {
    n += lengths[b];
  }
  s->n = n;
  int *in = calloc((size_t)(n * n), sizeof(int));
  for (int i = 0; i < nk; i++) {
    for (int j = 0; j < nk; j++) {
      in[i * n + j] = !kept_tri || abs(i - j) <= 1;
    }
  }
  int start = nk;
  for (int b = 0; b < n_blocks; b++) {
    for (int k = 0; k < lengths[b]; k++) {
      int e = start + k, k1 = (e * 7) % nk, k2 = (e * 3 + 1) % nk;
      in[e * n + k1] = in[k1 * n + e] = in[e * n + k2] = in[k2 * n + e] = 1;
      in[e * n + e] = 1;
      if (k + 1 < lengths[b]) {
        in[e * n + e + 1] = in[(e + 1) * n + e] = 1;
      }
    }
    if (b == 0 && extra_a >= 0) {
      in[(start + extra_a) * n + start + extra_b] = in[(start + extra_b) * n + start + extra_a] = 1;
    }
    start += lengths[b];
  }
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < n; j++) {
      if (in[i * n + j] && i != j) {
        s->dense[i][j] = uniform();
      }
    }
  }
  for (int j = 0; j < n; j++) { /* a rate matrix: outflow on the diagonal */
    double col = 0.0;
    for (int i = 0; i < n; i++) {
      col += i != j ? s->dense[i][j] : 0.0;
    }
    s->dense[j][j] = -col - uniform();
  }
  int p = 0;
  for (int j = 0; j < n; j++) {
    s->col_ptr[j] = p;
    for (int i = 0; i < n; i++) {
      if (in[i * n + j]) {
        s->row_idx[p] = i, s->val[p] = s->dense[i][j], p++;
      }
    }
  }
  s->col_ptr[n] = p;
  free(in);
}

/* x = M^-1 b for M = I + c J by Gaussian elimination with partial pivoting. */
static void reference_solve(const system_t *s, double c, const double *b, double *x) {
  int n = s->n;
  double a[NMAX][NMAX + 1];
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < n; j++) {
      a[i][j] = (i == j) + c * s->dense[i][j];
    }
    a[i][n] = b[i];
  }
  for (int k = 0; k < n; k++) {
    int p = k;
    for (int i = k + 1; i < n; i++) {
      p = fabs(a[i][k]) > fabs(a[p][k]) ? i : p;
    }
    for (int j = 0; j <= n; j++) {
      double t = a[k][j];
      a[k][j] = a[p][j], a[p][j] = t;
    }
    for (int i = k + 1; i < n; i++) {
      double l = a[i][k] / a[k][k];
      for (int j = k; j <= n; j++) {
        a[i][j] -= l * a[k][j];
      }
    }
  }
  for (int i = n - 1; i >= 0; i--) {
    double r = a[i][n];
    for (int j = i + 1; j < n; j++) {
      r -= a[i][j] * x[j];
    }
    x[i] = r / a[i][i];
  }
}

/* Factors bs for I + c J and checks its solves against reference_solve. */
static void factor_and_check(ck_block_solver *bs, system_t *s, double c, int expect_chains) {
  assert_int_equal(ck_block_solver_factor(bs, s->val, c), 0);
  assert_int_equal(ck_block_solver_uses_chains(bs), expect_chains);
  for (int trial = 0; trial < 3; trial++) {
    double b[NMAX], x[NMAX], ref[NMAX];
    for (int i = 0; i < s->n; i++) {
      b[i] = x[i] = uniform() - 0.5;
    }
    ck_block_solver_solve(bs, x);
    reference_solve(s, c, b, ref);
    for (int i = 0; i < s->n; i++) {
      expect_abs(x[i], ref[i], 1e-12 * (1.0 + fabs(ref[i])));
    }
  }
}

static void check_solves(system_t *s, double c, int expect_chains) {
  ck_block_solver *bs =
      ck_block_solver_create(NULL, (size_t)s->n, (size_t)s->nk, s->col_ptr, s->row_idx, 64);
  assert_non_null(bs);
  factor_and_check(bs, s, c, expect_chains);
  ck_block_solver_free(bs);
}

/* J[j][j] = v, in the dense copy and in the CSC values the solver reads. */
static void set_jacobian_diagonal(system_t *s, int j, double v) {
  s->dense[j][j] = v;
  for (int p = s->col_ptr[j]; p < s->col_ptr[j + 1]; p++) {
    if (s->row_idx[p] == j) {
      s->val[p] = v;
    }
  }
}

static void chains_should_solve_like_dense_elimination(void **state) {
  (void)state;
  static const int lengths[] = {5, 3, 1, 4, 3, 2};
  system_t s;
  build(&s, 4, lengths, 6, -1, -1, 0);
  check_solves(&s, -0.7, 1);
  check_solves(&s, -30.0, 1); /* a large step: M far from the identity */
}

static void non_chain_blocks_should_use_pivoted_lu(void **state) {
  (void)state;
  static const int lengths[] = {5, 3, 2};
  system_t s;
  build(&s, 4, lengths, 3, 0, 3, 0); /* first block couples locals 0 and 3: not tridiagonal */
  check_solves(&s, -0.7, 0);
}

static void zero_thomas_pivot_should_fall_back_to_pivoting(void **state) {
  (void)state;
  static const int lengths[] = {2, 3};
  system_t s;
  build(&s, 3, lengths, 2, -1, -1, 0);
  /* Make the first chain's leading entry of I + c J exactly zero. */
  int e = s.nk;
  double c = -0.5;
  set_jacobian_diagonal(&s, e, 2.0); /* 1 + c * 2 = 0 */
  check_solves(&s, c, 0);
}

/* A Schur complement whose diagonal vanishes but for the chains' small
 * share, so its LU swaps rows at most steps (a rate matrix's I - gamma J is
 * column diagonally dominant and never does): the row swaps must carry the
 * multipliers found so far along. */
static void schur_row_swaps_should_solve_like_dense_elimination(void **state) {
  (void)state;
  static const int lengths[] = {3, 2, 4, 1};
  system_t s;
  build(&s, 7, lengths, 4, -1, -1, 0);
  double c = -1.0;
  for (int j = 0; j < s.nk; j++) { /* 1 + c J_jj = 0 */
    set_jacobian_diagonal(&s, j, 1.0);
  }
  check_solves(&s, c, 1);
}

/* CVODE refactors one solver as gamma changes, and the path can switch
 * between chains and pivoted blocks: each factorization must start afresh
 * (nothing of the previous one's S, X or factors may leak into it; with a
 * sparse kept block, S has entries outside J's pattern). */
static void refactoring_should_not_depend_on_earlier_factors(void **state) {
  (void)state;
  static const int lengths[] = {4, 1, 3};
  system_t s;
  build(&s, 4, lengths, 3, -1, -1, 1); /* the Schur complement fills in S's zeros */
  int e = s.nk; /* c = -0.5 makes the first chain's leading pivot zero */
  set_jacobian_diagonal(&s, e, 2.0);
  ck_block_solver *bs =
      ck_block_solver_create(NULL, (size_t)s.n, (size_t)s.nk, s.col_ptr, s.row_idx, 64);
  assert_non_null(bs);
  factor_and_check(bs, &s, -30.0, 1);
  factor_and_check(bs, &s, -0.7, 1);
  factor_and_check(bs, &s, -0.5, 0);
  factor_and_check(bs, &s, -2.0, 1);
  ck_block_solver_free(bs);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(chains_should_solve_like_dense_elimination),
      cmocka_unit_test(non_chain_blocks_should_use_pivoted_lu),
      cmocka_unit_test(zero_thomas_pivot_should_fall_back_to_pivoting),
      cmocka_unit_test(refactoring_should_not_depend_on_earlier_factors),
      cmocka_unit_test(schur_row_swaps_should_solve_like_dense_elimination),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
