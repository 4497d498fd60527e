/* SPDX-License-Identifier: MIT */
/* The fit's MPI calls live in a module opened on first use (mpi_loader.c).
 *
 * MPI_Init costs ~0.4 s here and even loading libmpi costs milliseconds, so
 * nothing but `mpirun ... clusterkin fit` may pay for them: libmpi is linked
 * only into libclusterkin_mpi.so, opened when the fit runs under mpirun. The
 * module is plain MPI: no clusterkin types cross this interface. */
#ifndef CK_MPI_MODULE_H
#define CK_MPI_MODULE_H

#include <stddef.h>

#define CK_MPI_MODULE_FILE "libclusterkin_mpi.so"
#define CK_MPI_MODULE_SYMBOL "ck_mpi_module_ops"

/* Every call is collective over MPI_COMM_WORLD and returns 0 on success. */
typedef struct ck_mpi_ops {
  int (*init)(int *rank, int *size);
  int (*finalize)(void);
  /* bytes of buf from rank 0 to every rank */
  int (*bcast)(void *buf, size_t bytes);
  /* rows[i * row_len ...] is computed by rank i % size; afterwards every
   * rank holds every row (rows of other ranks are overwritten) */
  int (*share_rows)(double *rows, size_t n_rows, size_t row_len);
  /* *value becomes the minimum over the ranks */
  int (*min_int)(int *value);
} ck_mpi_ops;

__attribute__((visibility("default"))) const ck_mpi_ops *ck_mpi_module_ops(void);
typedef const ck_mpi_ops *(*ck_mpi_ops_fn)(void);

#endif /* CK_MPI_MODULE_H */
