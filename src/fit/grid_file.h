/* SPDX-License-Identifier: MIT */
/* The grid search's tables and its append-only grid file (MODEL.md section 8). */
#ifndef CK_FIT_GRID_FILE_H
#define CK_FIT_GRID_FILE_H

#include "clusterkin/ck_io.h"
#include "fit/fit_impl.h"

/* Objective of every grid point, filled by the search or read back. */
typedef struct fit_grid {
  size_t n_points, n_done;
  unsigned char *done;
  double *objective;     /* NaN for a failed point */
  double *parts;         /* n_points x n_datasets */
  size_t stride, offset; /* this process computes the points p % stride == offset (MPI ranks) */
  size_t end;            /* and only those below end (an MPI round); n_points otherwise */
} fit_grid;

typedef struct fit_grid_file {
  const char *path;
  int fd;
  int has_header;
  ck_lock *lock; /* GRID.lock, held while open */
} fit_grid_file;

/* Locks path (path.lock) and opens it for appending. With resume, rows
 * already there fill grid (a torn or checksum-failing last line is cut off;
 * a file of another fit, model or data is an error, and so is a damaged row
 * before the last); without, a non-empty file is refused rather than
 * overwritten. Writes the key file path.key. */
CK_INTERNAL ck_status fit_grid_file_open(ck_ctx *ctx, fit_grid_file *g, const char *path,
                                         int resume, const ck_fit *fit, fit_grid *grid);
/* Appends one finished point. */
CK_INTERNAL ck_status fit_grid_file_append(ck_ctx *ctx, fit_grid_file *g, const ck_fit *fit,
                                           size_t point, double objective, const double *parts,
                                           int ok);
CK_INTERNAL void fit_grid_file_close(fit_grid_file *g);

#endif /* CK_FIT_GRID_FILE_H */
