/* SPDX-License-Identifier: MIT */
/* `--plot FILE [--plot-size WxH]` on commands other than `plot` and `simulate`:
 * deconvolve, nmr hydride, equilibrium, scan. Each draws with the ck_plot_*
 * API what the command computed, after its own outputs are written. */
#ifndef CK_CLI_PLOT_WIRE_H
#define CK_CLI_PLOT_WIRE_H

#include "cli.h"
#include "clusterkin/ck_deconvolve.h"
#include "clusterkin/ck_plot.h"

typedef struct cli_plot_request {
  const char *size;    /* --plot-size text, NULL: default */
  ck_plot_options opt; /* opt.path NULL: no plot */
} cli_plot_request;

/* Parses --plot FILE or --plot-size WxH at argv[*i] (advancing *i past the
 * value) and checks it at once, so a bad extension or size stops the command
 * before any work. Returns 1 if the option was one of them, 0 if not, or
 * -EXIT_USAGE after printing a usage error for command. */
int cli_plot_option(const char *command, int argc, char **argv, int *i, cli_plot_request *r);
/* After parsing: --plot-size without --plot is a usage error (EXIT_USAGE); 0 otherwise. */
int cli_plot_request_check(const char *command, const cli_plot_request *r);

/* The functions below print any error and return the exit status (0: drawn). */

/* Measured scan `scan` (1-based; 0: the last) of series against its fit, with
 * the residual panel. A scan number beyond the series is EXIT_USAGE. */
int cli_plot_deconvolution(ck_ctx *ctx, const cli_plot_request *r,
                           const ck_spectrum_series *series, const ck_deconvolution *fit,
                           const ck_ms_templates *templates, long scan);
/* Hydride spectrum over a reversed ppm axis: the total and, with components,
 * one line per composition. */
int cli_plot_nmr(ck_ctx *ctx, const cli_plot_request *r, const ck_nmr_spectrum *s,
                 const ck_nmr_spec *spec, int components);
/* Monomer distribution over the atoms of the first exchange metal (percent of
 * monomers, summed over the other metals) as bars beside the binomial
 * distribution with the monomers' own mean fraction of that metal, the
 * statistical limit (MODEL.md section 2). percent per monomer as
 * ck_equilibrium_monomer_percent gives it. */
int cli_plot_equilibrium(ck_ctx *ctx, const cli_plot_request *r, const ck_model *model,
                         const ck_network *net, const double *percent);
/* Mean atoms of each exchange metal per monomer against the fraction of
 * cluster a in the mixture, one line per metal, points in increasing order.
 * mean[k * CK_MAX_METALS + x]: metal x at ratio k. */
int cli_plot_scan(ck_ctx *ctx, const cli_plot_request *r, const ck_model *model, const char *a,
                  const char *b, size_t n, const double *a_nM, const double *b_nM,
                  const double *mean);

#endif /* CK_CLI_PLOT_WIRE_H */
