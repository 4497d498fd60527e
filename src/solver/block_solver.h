/* SPDX-License-Identifier: MIT */
/* Direct solver for M = I - gamma J of dimer networks by block elimination.
 *
 * Species split into kept ones (the monomers, 0..nk-1) and eliminated ones
 * (the dimers). Dimers couple to each other only through exchange, which
 * keeps the dimer's total composition, so the dimer-dimer part of M is block
 * diagonal with small blocks (for binary N=25: 51 chains of at most 13).
 * Eliminating the blocks leaves a dense nk x nk Schur complement:
 *   S = M_KK - sum_B M_KB A_B^-1 M_BK,
 * and no other fill. Factorization costs O(sum_B L_B^2 C_B + nk^3) instead of a
 * general sparse LU's fill-dominated work. Pure C; no SUNDIALS here. */
#ifndef CK_BLOCK_SOLVER_H
#define CK_BLOCK_SOLVER_H

#include <stddef.h>

#include "core/core_impl.h"

typedef struct ck_block_solver ck_block_solver;

/* Plans the elimination for an n x n CSC pattern whose first nk species are
 * kept. Returns NULL with CK_ERR_LIMIT on ctx if a block exceeds max_block. */
CK_INTERNAL ck_block_solver *ck_block_solver_create(ck_ctx *ctx, size_t n, size_t nk,
                                                    const int *col_ptr, const int *row_idx,
                                                    size_t max_block);
CK_INTERNAL void ck_block_solver_free(ck_block_solver *bs);
/* Factors M = I + c J, J given by its values on the pattern (the identity
 * need not be part of J's values; every diagonal must be in the pattern).
 * 0 ok, 1 singular, 2 out of memory (the pivoted dense blocks' arrays,
 * allocated when chains first need them). */
CK_INTERNAL int ck_block_solver_factor(ck_block_solver *bs, const double *jac, double c);
/* Solves M x = b in place (x holds b on entry). */
CK_INTERNAL void ck_block_solver_solve(ck_block_solver *bs, double *x);
/* 1 if the last factorization used the chains' Thomas factors (every block
 * tridiagonal and no zero pivot), 0 if pivoted dense LU. */
CK_INTERNAL int ck_block_solver_uses_chains(const ck_block_solver *bs);
/* Largest eliminated block. */
CK_INTERNAL size_t ck_block_solver_max_block(const ck_block_solver *bs);

#endif /* CK_BLOCK_SOLVER_H */
