/* SPDX-License-Identifier: MIT */
/* ck_parallel_for: OpenMP opened on first use. Linked, OpenMP's runtime
 * (libgomp: loading, its constructor reading the machine's CPUs and
 * environment) costs every clusterkin process 0.2-0.3 ms on the CI-class
 * machine, and issue 2 budgets 1 ms for all of `clusterkin simulate` beyond
 * the simulation; only fits and deconvolution run parallel loops. So the
 * loops run in libclusterkin_omp.so (omp_module.c), opened here by the first
 * one. The static library (tests, benchmarks) links it directly. */
#include "parallel/parallel.h"

#include "core/module.h"

/* One thread asked for: the loop as OpenMP would run it on one thread,
 * without opening OpenMP at all. */
static void run_serial(const ck_parallel_loop *loop) {
  void *state = loop->start != NULL ? loop->start(loop->user) : NULL;
  for (size_t k = loop->first; k < loop->end; k += loop->stride) {
    loop->task(loop->user, state, k);
  }
  if (loop->finish != NULL) {
    loop->finish(loop->user, state);
  }
}

ck_status ck_parallel_for(ck_ctx *ctx, const ck_parallel_loop *loop) {
  if (loop->threads == 1) {
    run_serial(loop);
    return CK_OK;
  }
#ifdef CK_STATIC
  (void)ctx;
  ck_omp_run(loop);
#else
  void (*run)(const ck_parallel_loop *);
  *(void **)&run = ck_module_symbol(ctx, CK_OMP_MODULE_FILE, CK_OMP_MODULE_SYMBOL, "OpenMP threads",
                                    CK_MODULE_LOCAL);
  if (run == NULL) {
    return ck_ctx_status(ctx);
  }
  run(loop);
#endif
  return CK_OK;
}
