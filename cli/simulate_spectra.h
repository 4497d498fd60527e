/* SPDX-License-Identifier: MIT */
/* `simulate --spectra DIR`: one synthetic profile spectrum per output time. */
#ifndef CK_SIMULATE_SPECTRA_H
#define CK_SIMULATE_SPECTRA_H

#include "cli.h"

typedef struct cli_spectra_options {
  const char *dir;        /* NULL: no spectra */
  double resolving_power; /* 0: CK_DECONVOLVE_DEFAULT_RESOLUTION */
  double mz_lo, mz_hi;    /* both 0: every channel's envelope */
  double mz_step;         /* 0: FWHM at mz_lo / 5 */
} cli_spectra_options;

/* Parses --spectra, --resolution, --mz-range A:B, --mz-step S at argv[*i]
 * (advancing *i past the value). Returns 1 if the option was one of them, 0
 * if not, or -EXIT_USAGE after printing a usage error. */
int cli_spectra_option(int argc, char **argv, int *i, cli_spectra_options *o);

/* Writes DIR/spectrum-<time>s.csv (mz,intensity) for every row of series:
 * each channel's profile at its share of the total, the profile of a channel
 * having area equal to its share. Prints errors; returns the exit status. */
int cli_write_spectra(ck_ctx *ctx, const ck_model *model, const ck_channels *ch,
                      const ck_series *series, const cli_spectra_options *o);

#endif /* CK_SIMULATE_SPECTRA_H */
