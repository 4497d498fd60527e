/* SPDX-License-Identifier: MIT */
/* A fit's result.json read back (for `clusterkin compare`). */
#ifndef CK_FIT_RESULT_READ_H
#define CK_FIT_RESULT_READ_H

#include "core/core_impl.h"

#define FIT_RECORD_MAX_PARAMS 3

typedef struct fit_record {
  char *model, *mechanism, *objective_kind;
  int known_noise;
  size_t n_residuals;
  int free_parameters;
  double rss; /* NaN when the file has null */
  int n_params;
  char *param_name[FIT_RECORD_MAX_PARAMS];
  double param_value[FIT_RECORD_MAX_PARAMS];
  int n_free; /* keys of intervals: the free rate constants */
  char *free_name[FIT_RECORD_MAX_PARAMS];
  int n_datasets;
  char **data;
  double *dead_time_s, *dimer_factor;
} fit_record;

/* Reads path (JSON, parsed as the YAML it also is); a missing key or a
 * file that is no fit result: CK_ERR_INPUT naming the file. */
CK_INTERNAL ck_status fit_record_read(ck_ctx *ctx, const char *path, fit_record *out);
CK_INTERNAL void fit_record_free(fit_record *r);

#endif /* CK_FIT_RESULT_READ_H */
