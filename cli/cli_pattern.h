/* SPDX-License-Identifier: MIT */
/* Formula arguments and isotope patterns as CSV, shared by `mass` and `isotopes`. */
#ifndef CK_CLI_PATTERN_H
#define CK_CLI_PATTERN_H

#include <stdio.h>

#include "cli.h"

/* What pattern to print: fine structure at coverage, merged into bins of
 * bin_mz when > 0; a profile at resolving_power when > 0. */
typedef struct cli_pattern_request {
  double coverage;
  double bin_mz;
  double resolving_power;
} cli_pattern_request;

/* The tail of the option loops of mass and isotopes: "--x" not matched
 * before is an unknown option; anything else, even "-x", is the formula, and
 * a second one is a usage error naming both. Returns 0 or EXIT_USAGE. */
int cli_take_formula(const char *command, const char *arg, const char **formula);
/* "clusterkin: formula 'X': message" for the error on ctx; returns the exit status. */
int cli_formula_error(ck_ctx *ctx, const char *formula);
/* "107Ag=0.99" into table; prints the error and returns the exit status (0 on success). */
int cli_apply_label(ck_ctx *ctx, ck_abundance_table *table, const char *spec, const char *command);
/* The pattern of f as CSV on stream: `mz,probability` (fine or binned) or
 * `mz,intensity` (profile, probability per m/z on a grid of FWHM/20 steps).
 * Prints the error and returns the exit status on failure (0 on success). */
int cli_write_pattern(ck_ctx *ctx, const char *formula, const ck_formula *f,
                      const ck_abundance_table *table, const cli_pattern_request *req,
                      FILE *stream);

#endif /* CK_CLI_PATTERN_H */
