/* SPDX-License-Identifier: MIT */
/* Heap pages mapped in one system call rather than one page fault each.
 *
 * Where the kernel runs under a hypervisor that traps every page fault (the
 * 2-core CI-class machine), a fault costs about 10 us; madvise's
 * MADV_POPULATE_WRITE maps pages at about 2 us each. A sim3 `simulate` touched
 * ~270 fresh heap pages: ~2.7 ms of a 15 ms process. So a command that is
 * about to build and integrate a network asks for the heap it will need in
 * one call, from the estimate the memory limit uses (less what the block
 * solver never allocates) and the output buffers. A page populated but not
 * touched costs ~0.8 us, one touched but not populated ~12 us: err large,
 * but not by much (sim3: 282 pages populated, 258 touched). Kernels without
 * the advice refuse it and nothing changes. */
#define _DEFAULT_SOURCE 1 /* madvise; before any header */
#include "cli.h"

#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

enum {
  PAGE_BYTES = 4096,
  PREFAULT_MAX_BYTES = 32 << 20, /* beyond this, faults are a small part of the work */
  /* The output files' stdio buffers (src/io/output.c, 128 kB each, touched
   * as far as a file fills it): the channel CSV fills one, the rest are small. */
  OUTPUT_BUFFERS_BYTES = (128 << 10) + PAGE_BYTES,
};

void cli_prefault_heap(size_t bytes) {
  if (bytes < PAGE_BYTES) {
    return;
  }
  bytes = bytes > PREFAULT_MAX_BYTES ? PREFAULT_MAX_BYTES : bytes;
  /* Large blocks from the heap, not their own mappings, and freed memory kept:
   * the mapped pages then serve every later allocation. */
  mallopt(M_MMAP_THRESHOLD, 2 * PREFAULT_MAX_BYTES);
  mallopt(M_TRIM_THRESHOLD, 4 * PREFAULT_MAX_BYTES);
  char *block = malloc(bytes);
  if (block == NULL) {
    return;
  }
  uintptr_t lo = ((uintptr_t)block + PAGE_BYTES - 1) & ~(uintptr_t)(PAGE_BYTES - 1);
  uintptr_t hi = ((uintptr_t)block + bytes) & ~(uintptr_t)(PAGE_BYTES - 1);
  if (hi > lo) {
    madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
  }
  free(block);
}

void cli_prefault_for_model(ck_ctx *ctx, const ck_model *model) {
  ck_memory_estimate est;
  if (ck_network_estimate_memory(ctx, model, &est) != CK_OK) {
    ck_ctx_clear(ctx); /* only a hint: generating the network reports the problem */
    return;
  }
  /* the channel series: outputs x channels (about three per monomer) */
  double series = (double)ck_simulate_output_count(&model->simulate) * 3.0 * est.monomers * 8.0;
  double bytes = est.total_bytes + series;
  /* A dimer network goes to the block solver (linear-solver auto or
   * block, no trimers), whose Jacobian has about two nonzeros per reaction
   * and no sparse LU factors: the estimate's eight per reaction (src/network/
   * estimate.c, 24 bytes each) and their KLU fill (3 x 12 bytes each) are
   * never allocated. The memory limit keeps them (a bound, not a forecast);
   * the heap populated here should be what is touched, ~0.8 us a page. */
  ck_linear_solver ls = model->simulate.linear_solver;
  if (est.dimers > 0.0 && est.trimers == 0.0 &&
      (ls == CK_LINSOL_AUTO || ls == CK_LINSOL_BLOCK)) {
    bytes -= (24.0 + 3.0 * 12.0) * est.jacobian_nonzeros;
  }
  bytes += OUTPUT_BUFFERS_BYTES;
  cli_prefault_heap(bytes < (double)PREFAULT_MAX_BYTES ? (size_t)bytes : PREFAULT_MAX_BYTES);
}
