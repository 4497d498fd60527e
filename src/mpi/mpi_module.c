/* SPDX-License-Identifier: MIT */
/* The MPI module (libclusterkin_mpi.so, see mpi_module.h): the only code that calls MPI. */
#include "mpi/mpi_module.h"

#include <limits.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

static int world_rank, world_size = 1;

static int init(int *rank, int *size) {
  int provided;
  /* Only the thread that called MPI_Init makes MPI calls (OpenMP threads never do). */
  if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    return -1;
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &world_size);
  *rank = world_rank, *size = world_size;
  return 0;
}

static int finalize(void) {
  return MPI_Finalize() == MPI_SUCCESS ? 0 : -1;
}

static int bcast(void *buf, size_t bytes) {
  char *p = buf;
  while (bytes > 0) { /* counts are int */
    int n = bytes > (size_t)INT_MAX ? INT_MAX : (int)bytes;
    if (MPI_Bcast(p, n, MPI_BYTE, 0, MPI_COMM_WORLD) != MPI_SUCCESS) {
      return -1;
    }
    p += n, bytes -= (size_t)n;
  }
  return 0;
}

/* Each rank packs its rows (i % size == rank) in order; Allgatherv puts the
 * packs side by side, and they are dealt back to their interleaved places. */
static int share_rows(double *rows, size_t n_rows, size_t row_len) {
  int size = world_size;
  if (size <= 1 || n_rows == 0) {
    return 0;
  }
  int *counts = malloc((size_t)size * sizeof *counts),
      *displs = malloc((size_t)size * sizeof *displs);
  size_t mine = n_rows / (size_t)size + ((size_t)world_rank < n_rows % (size_t)size);
  double *send = malloc((mine * row_len + 1) * sizeof *send);
  double *recv = malloc((n_rows * row_len + 1) * sizeof *recv);
  int rc = -1;
  if (counts == NULL || displs == NULL || send == NULL || recv == NULL ||
      n_rows * row_len > (size_t)INT_MAX) {
    goto done;
  }
  for (size_t i = (size_t)world_rank, k = 0; i < n_rows; i += (size_t)size, k++) {
    memcpy(send + k * row_len, rows + i * row_len, row_len * sizeof *rows);
  }
  for (int r = 0, at = 0; r < size; r++) {
    size_t n = n_rows / (size_t)size + ((size_t)r < n_rows % (size_t)size);
    counts[r] = (int)(n * row_len), displs[r] = at;
    at += counts[r];
  }
  if (MPI_Allgatherv(send, (int)(mine * row_len), MPI_DOUBLE, recv, counts, displs, MPI_DOUBLE,
                     MPI_COMM_WORLD) != MPI_SUCCESS) {
    goto done;
  }
  for (int r = 0; r < size; r++) {
    const double *pack = recv + displs[r];
    for (size_t i = (size_t)r, k = 0; i < n_rows; i += (size_t)size, k++) {
      memcpy(rows + i * row_len, pack + k * row_len, row_len * sizeof *rows);
    }
  }
  rc = 0;
done:
  free(counts), free(displs), free(send), free(recv);
  return rc;
}

static int min_int(int *value) {
  int in = *value;
  return MPI_Allreduce(&in, value, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD) == MPI_SUCCESS ? 0 : -1;
}

const ck_mpi_ops *ck_mpi_module_ops(void) {
  static const ck_mpi_ops ops = {init, finalize, bcast, share_rows, min_int};
  return &ops;
}
