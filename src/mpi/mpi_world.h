/* SPDX-License-Identifier: MIT */
/* The MPI world the fit splits its work over (mpi_loader.c). */
#ifndef CK_MPI_WORLD_H
#define CK_MPI_WORLD_H

#include "core/core_impl.h"
#include "mpi/mpi_module.h"

/* The module's calls once ck_fit_mpi_start has run (*rank, *size set), else
 * NULL with rank 0 of 1: the fit then runs alone. */
CK_INTERNAL const ck_mpi_ops *ck_mpi_world(int *rank, int *size);

#endif /* CK_MPI_WORLD_H */
