/* SPDX-License-Identifier: MIT */
/* Experimental t_max from a measured channel CSV, for `plot tmax --data`. */
#ifndef CK_CLI_PLOT_TMAX_DATA_H
#define CK_CLI_PLOT_TMAX_DATA_H

#include "cli.h"

/* Reads the channel CSV data_path (model_path names the model, NULL: the
 * metals and charges are read off the labels) and computes each channel's
 * t_max with ck_tmax_compute: *tmax_s[c] for (*data)->labels[c], NaN where
 * undefined or where the channel's maximum is below
 * CK_FIT_DEFAULT_TMAX_THRESHOLD of its row's total signal (the fit leaves
 * those out too). Prints any error and returns the exit status; on success
 * the caller frees *data (ck_channel_data_free) and *tmax_s (free). */
int cli_plot_data_tmax(ck_ctx *ctx, const char *data_path, const char *model_path,
                       ck_channel_data **data, double **tmax_s);

#endif /* CK_CLI_PLOT_TMAX_DATA_H */
