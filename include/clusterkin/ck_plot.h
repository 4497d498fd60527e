/* SPDX-License-Identifier: MIT */
/* Publication plots (PNG, SVG, PDF) of in-memory results: channel maps, traces, t_max, spectra,
 * fits.
 *
 * Every function draws one figure into opt->path, whose extension picks the
 * format (.png, .svg, .pdf; any case). The file is written whole or not at
 * all: PLplot renders into a temporary file beside it, renamed on success.
 * Sizes are in pixels for PNG; SVG and PDF take the same numbers as points
 * (1/72 in). Defaults: 1200 x 800, fonts scaled to the height.
 *
 * Drawing uses PLplot with its cairo driver, loaded on first use from the
 * module libclusterkin_plot.so beside libclusterkin.so (src/plot/plot_loader.c),
 * so the other commands never pay for PLplot, cairo and fontconfig at start-up.
 * PLplot keeps process-wide state: calls are serialised (one figure at a time,
 * from any thread), and a failure inside PLplot that would make it exit the
 * process is caught and returned as CK_ERR_IO; after such a failure later
 * plots in the same process fail too (PLplot's state cannot be trusted).
 *
 * Colour maps: sequential maps are viridis-like (lightness rises
 * monotonically, so they survive grey-scale printing); differences use a
 * diverging blue-white-red map centred on zero. Line series differ in colour,
 * dash pattern and marker, not in colour alone.
 *
 * All inputs are borrowed for the duration of the call. Errors: CK_ERR_ARG
 * for a NULL or inconsistent argument, CK_ERR_INPUT for an unknown extension,
 * a bad size, a channel or column that is not there; CK_ERR_IO when the file
 * cannot be written or the plot module cannot be loaded. */
#ifndef CK_PLOT_H
#define CK_PLOT_H

#include <stddef.h>

#include "ck_data.h"
#include "ck_error.h"
#include "ck_export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CK_PLOT_DEFAULT_WIDTH_PX 1200
#define CK_PLOT_DEFAULT_HEIGHT_PX 800
#define CK_PLOT_MIN_PX 100
#define CK_PLOT_MAX_PX 20000

typedef enum ck_plot_format { CK_PLOT_PNG = 0, CK_PLOT_SVG, CK_PLOT_PDF } ck_plot_format;

typedef struct ck_plot_options {
  const char *path;  /* output file; its extension gives the format */
  int width_px;      /* 0: CK_PLOT_DEFAULT_WIDTH_PX */
  int height_px;     /* 0: CK_PLOT_DEFAULT_HEIGHT_PX */
  const char *title; /* NULL: a title chosen by the plot kind; "": none */
} ck_plot_options;

/* Format of a path from its extension; CK_ERR_INPUT for any other. */
CK_API ck_status ck_plot_format_from_path(ck_ctx *ctx, const char *path, ck_plot_format *out);
/* Parses "WIDTHxHEIGHT" ("1600x900") into opt; CK_ERR_INPUT unless both lie
 * in [CK_PLOT_MIN_PX, CK_PLOT_MAX_PX]. */
CK_API ck_status ck_plot_size_parse(ck_ctx *ctx, const char *text, ck_plot_options *opt);
/* Checks path and size as every plot function does, without loading PLplot. */
CK_API ck_status ck_plot_options_check(ck_ctx *ctx, const ck_plot_options *opt);

/* ---- channel maps and traces (MODEL.md section 2 "Observables") -------- */

/* A channel table: the rows of a channel CSV, simulated or measured.
 * id[c] says which composition and charge label[c] is (ck_channel_label_parse);
 * the map's composition axis is id[c].composition[0], the atoms of the
 * first exchange metal. */
typedef struct ck_plot_channels {
  size_t n_times;
  const double *time_s; /* experimental time, increasing */
  size_t n_channels;
  const char *const *label;
  const ck_channel_id *id;
  const double *value; /* value[k * n_channels + c]: channel c at time_s[k] */
} ck_plot_channels;

/* A view of measured data (no copy: valid while data lives). */
CK_API ck_plot_channels ck_plot_channels_from_data(const ck_channel_data *data);

/* Shade map of channel intensity over time (x) and composition (y),
 * monomer channels (monoanions) and dimer channels (dianions) side by side,
 * as the paper's Figure 3. Channels absent from the table draw as 0. */
CK_API ck_status ck_plot_contour(ck_ctx *ctx, const ck_plot_options *opt,
                                 const ck_plot_channels *series);
/* Simulation (top row) above data (bottom row), on one colour scale per column. */
CK_API ck_status ck_plot_contour_compare(ck_ctx *ctx, const ck_plot_options *opt,
                                         const ck_plot_channels *sim, const ck_plot_channels *data);
/* Simulation minus data on the data's times and channels (diverging map).
 * The simulation is interpolated linearly in time and, as the fit does
 * (MODEL.md section 8), renormalised over the channels the data holds;
 * every data channel must be in the simulation (CK_ERR_INPUT otherwise). */
CK_API ck_status ck_plot_contour_diff(ck_ctx *ctx, const ck_plot_options *opt,
                                      const ck_plot_channels *sim, const ck_plot_channels *data);

/* Traces of the chosen channels over time: simulation as lines, data (may be
 * NULL) as markers in the same colour. labels NULL (n_labels 0): the six
 * channels of sim with the largest maxima. */
CK_API ck_status ck_plot_traces(ck_ctx *ctx, const ck_plot_options *opt,
                                const ck_plot_channels *sim, const ck_plot_channels *data,
                                const char *const *labels, size_t n_labels);

/* t_max of simulation against experiment, one marker per channel, with the
 * diagonal; non-finite pairs are left out (at least one must remain). */
CK_API ck_status ck_plot_tmax(ck_ctx *ctx, const ck_plot_options *opt, size_t n,
                              const double *sim_s, const double *exp_s);

/* ---- generic figures --------------------------------------------------- */

/* Several y columns against one x column (spectra, NMR, scans). */
typedef struct ck_plot_xy {
  size_t n_points;
  const double *x;
  size_t n_series;
  const double *const *y;  /* y[s][i]: series s at x[i]; NaN: gap */
  const char *const *name; /* legend entry of each series */
  const char *xlabel, *ylabel;
  int reverse_x; /* 1: x decreases to the right (NMR ppm) */
} ck_plot_xy;

/* Lines through the points of each series. */
CK_API ck_status ck_plot_lines(ck_ctx *ctx, const ck_plot_options *opt, const ck_plot_xy *xy);
/* Grouped bars: one group per x value, one bar per series (equilibrium
 * distribution against binomial). */
CK_API ck_status ck_plot_bars(ck_ctx *ctx, const ck_plot_options *opt, const ck_plot_xy *xy);

/* Measured spectrum (m/z in Th) and, if fitted is not NULL, the fit on the
 * same m/z grid over a panel of residuals (measured - fitted). */
CK_API ck_status ck_plot_spectrum(ck_ctx *ctx, const ck_plot_options *opt, size_t n,
                                  const double *mz, const double *measured, const double *fitted);

/* ---- fit diagnostics --------------------------------------------------- */

/* Objective landscape of a grid search: for each pair of parameters a shade
 * map of the minimum objective over all other parameters (log10 axes, log10
 * objective), for all pairs in one figure. value[p * n_params + j] is
 * parameter j (> 0) at point p; non-finite objectives are ignored. */
CK_API ck_status ck_plot_grid(ck_ctx *ctx, const ck_plot_options *opt, size_t n_points,
                              size_t n_params, const char *const *names, const double *value,
                              const double *objective);

/* Profile curves: parameter[i] names the profile of point i (value[i] > 0,
 * log10 axis; objective[i]); one panel per parameter, points in value order. */
CK_API ck_status ck_plot_profiles(ck_ctx *ctx, const ck_plot_options *opt, size_t n,
                                  const char *const *parameter, const double *value,
                                  const double *objective);

#ifdef __cplusplus
}
#endif
#endif /* CK_PLOT_H */
