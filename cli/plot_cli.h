/* SPDX-License-Identifier: MIT */
/* Pieces of `clusterkin plot` that other commands use (simulate --plot, fit --plot). */
#ifndef CK_CLI_PLOT_H
#define CK_CLI_PLOT_H

#include "clusterkin/ck_plot.h"
#include "clusterkin/clusterkin.h"

/* The model description a channel CSV's header implies (plot_channels.c):
 * metals, N and monomer charge; prints the error and returns EXIT_USAGE if
 * the header has no channel label. */
int cli_plot_model_infer(const char *path, ck_model *stub);
/* Reads a channel CSV against model; prints the error (NULL) on failure. */
ck_channel_data *cli_plot_channels_load(ck_ctx *ctx, const char *path, const ck_model *model);
/* Contour map of a simulated series into path; prints the error and
 * returns the exit status on failure, 0 on success. */
int cli_plot_series_contour(ck_ctx *ctx, const ck_model *model, const ck_series *series,
                            const ck_channels *ch, const char *path);

/* Objective landscape of a grid.csv / profile curves of a profiles.csv
 * (`plot grid`, `plot profile`); print the error and return the exit status
 * on failure, 0 on success. */
int cli_plot_grid_file(ck_ctx *ctx, const char *path, const ck_plot_options *opt);
int cli_plot_profile_file(ck_ctx *ctx, const char *path, const ck_plot_options *opt);

#endif /* CK_CLI_PLOT_H */
