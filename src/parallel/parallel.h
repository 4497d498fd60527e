/* SPDX-License-Identifier: MIT */
/* Independent tasks on OpenMP threads: the fit's grid points, refinement
 * starts and profiles, the deconvolution's scans. OpenMP's runtime lives in
 * the module libclusterkin_omp.so, opened on the first parallel loop
 * (parallel.c says why). */
#ifndef CK_PARALLEL_H
#define CK_PARALLEL_H

#include <stddef.h>

#include "core/core_impl.h"

typedef struct ck_parallel_loop {
  size_t first, end, stride; /* the tasks k = first, first + stride, ... below end */
  int threads;               /* <= 0: OpenMP's default (OMP_NUM_THREADS, else one per core) */
  void *user;
  /* Per thread, before its first task: the thread's state (may be NULL; a
   * NULL start gives every task a NULL state). */
  void *(*start)(void *user);
  /* Task k; tasks are handed out one at a time (a dynamic schedule). */
  void (*task)(void *user, void *state, size_t k);
  /* Per thread, after its last task (may be NULL). */
  void (*finish)(void *user, void *state);
} ck_parallel_loop;

/* Runs every task of loop. CK_ERR_IO on ctx, and no task run, when the
 * OpenMP module cannot be opened. start, task and finish run concurrently:
 * what they share in user they guard themselves. */
CK_INTERNAL ck_status ck_parallel_for(ck_ctx *ctx, const ck_parallel_loop *loop);

/* The module's side (omp_module.c): exported from libclusterkin_omp.so,
 * called directly in the static library. */
#define CK_OMP_MODULE_FILE "libclusterkin_omp.so"
#define CK_OMP_MODULE_SYMBOL "ck_omp_run"
__attribute__((visibility("default"))) void ck_omp_run(const ck_parallel_loop *loop);

#endif /* CK_PARALLEL_H */
