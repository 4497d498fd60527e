/* SPDX-License-Identifier: MIT */
/* ck_fit_mpi_start: opens the MPI module and initialises MPI, only when asked.
 *
 * `clusterkin fit` asks only when mpirun launched it (ck_fit_mpi_launched):
 * MPI_Init costs ~0.4 s and loading libmpi milliseconds, which no plain run
 * and no other command should pay (issue 3 part 5). The module is found
 * beside libclusterkin.so, as the SBML writer is (src/core/module.c). The
 * static library (tests) has no module: a fit there always runs alone. */
#include <stdlib.h>

#include "clusterkin/ck_fit.h"
#include "core/module.h"
#include "mpi/mpi_world.h"

static const ck_mpi_ops *world_ops;
static int world_rank, world_size = 1;

int ck_fit_mpi_launched(void) {
  const char *n = getenv("OMPI_COMM_WORLD_SIZE");
  return n != NULL && *n != '\0';
}

const ck_mpi_ops *ck_mpi_world(int *rank, int *size) {
  *rank = world_rank, *size = world_size;
  return world_ops;
}

#ifdef CK_STATIC

ck_status ck_fit_mpi_start(ck_ctx *ctx, int *rank, int *size) {
  *rank = 0, *size = 1;
  return ck_error_set(ctx, CK_ERR_UNSUPPORTED, "MPI is available only in the shared library");
}

void ck_fit_mpi_stop(void) {}

#else

ck_status ck_fit_mpi_start(ck_ctx *ctx, int *rank, int *size) {
  *rank = 0, *size = 1;
  if (world_ops != NULL) {
    *rank = world_rank, *size = world_size;
    return CK_OK;
  }
  /* Global: Open MPI opens its own plugins, which need libmpi's symbols. */
  ck_mpi_ops_fn get;
  *(void **)&get =
      ck_module_symbol(ctx, CK_MPI_MODULE_FILE, CK_MPI_MODULE_SYMBOL, "MPI", CK_MODULE_GLOBAL);
  if (get == NULL) {
    return ck_ctx_status(ctx);
  }
  const ck_mpi_ops *ops = get();
  if (ops->init(&world_rank, &world_size) != 0) {
    CK_FAIL(ctx, CK_ERR_IO, "MPI_Init failed");
  }
  world_ops = ops; /* the module stays open for the life of the process */
  *rank = world_rank, *size = world_size;
  return CK_OK;
}

void ck_fit_mpi_stop(void) {
  if (world_ops != NULL) {
    world_ops->finalize();
    world_ops = NULL;
    world_rank = 0, world_size = 1;
  }
}

#endif
