/* SPDX-License-Identifier: MIT */
/* libclusterkin_omp.so: the one place clusterkin enters OpenMP. It calls
 * back into the loop's functions and needs nothing else from libclusterkin. */
#include "parallel/parallel.h"

#include <omp.h>

void ck_omp_run(const ck_parallel_loop *loop) {
  int threads = loop->threads > 0 ? loop->threads : omp_get_max_threads();
#pragma omp parallel num_threads(threads)
  {
    void *state = loop->start != NULL ? loop->start(loop->user) : NULL;
#pragma omp for schedule(dynamic, 1)
    for (size_t k = loop->first; k < loop->end; k += loop->stride) {
      loop->task(loop->user, state, k);
    }
    if (loop->finish != NULL) {
      loop->finish(loop->user, state);
    }
  }
}
