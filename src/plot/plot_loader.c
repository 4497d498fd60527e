/* SPDX-License-Identifier: MIT */
/* The public ck_plot_* functions: check the options, load the plot module on first use, draw.
 *
 * PLplot brings cairo, pango and fontconfig; linked into libclusterkin they
 * would be loaded (and their initialisers run) by every `clusterkin
 * simulate`, whose whole process overhead has a 1 ms budget (issue 2). So,
 * as for SBML export, the drawing code is the module libclusterkin_plot.so
 * beside libclusterkin.so, opened when a plot is asked for (src/core/module.c).
 * The static library (tests, benchmarks) links it directly. */
#include "clusterkin/ck_plot.h"
#include "core/module.h"
#include "plot/plot_module.h"

#ifdef CK_STATIC

static const ck_plot_module *load(ck_ctx *ctx) {
  (void)ctx;
  return ck_plot_module_table();
}

#else

static const ck_plot_module *load(ck_ctx *ctx) {
  ck_plot_module_fn fn;
  *(void **)&fn =
      ck_module_symbol(ctx, CK_PLOT_MODULE_FILE, CK_PLOT_MODULE_SYMBOL, "plot", CK_MODULE_LOCAL);
  if (fn == NULL) {
    return NULL;
  }
  const ck_plot_module *table = fn();
  if (table == NULL || table->version != CK_PLOT_MODULE_VERSION) {
    ck_error_set(ctx, CK_ERR_IO, "plot module %s is not version %d", CK_PLOT_MODULE_FILE,
                 CK_PLOT_MODULE_VERSION);
    return NULL;
  }
  return table;
}

#endif

/* The module after the options pass; NULL with the error on ctx. */
static const ck_plot_module *ready(ck_ctx *ctx, const ck_plot_options *opt) {
  return ck_plot_options_check(ctx, opt) == CK_OK ? load(ctx) : NULL;
}

static ck_status check_channels(ck_ctx *ctx, const ck_plot_channels *c, int optional) {
  if (c == NULL) {
    return optional ? CK_OK : ck_error_set(ctx, CK_ERR_ARG, "plot: NULL channel table");
  }
  if (c->n_times == 0 || c->n_channels == 0 || c->time_s == NULL || c->label == NULL ||
      c->id == NULL || c->value == NULL) {
    CK_FAIL(ctx, CK_ERR_INPUT, "plot: the channel table is empty");
  }
  return CK_OK;
}

#define CALL(ctx, opt, checks, member, ...)                         \
  do {                                                              \
    if ((checks) != CK_OK) {                                        \
      return ck_ctx_status(ctx);                                    \
    }                                                               \
    const ck_plot_module *m = ready((ctx), (opt));                  \
    return m != NULL ? m->member(__VA_ARGS__) : ck_ctx_status(ctx); \
  } while (0)

ck_status ck_plot_contour(ck_ctx *ctx, const ck_plot_options *opt, const ck_plot_channels *series) {
  CALL(ctx, opt, check_channels(ctx, series, 0), contour, ctx, opt, series);
}

ck_status ck_plot_contour_compare(ck_ctx *ctx, const ck_plot_options *opt,
                                  const ck_plot_channels *sim, const ck_plot_channels *data) {
  CALL(ctx, opt, check_channels(ctx, sim, 0) | check_channels(ctx, data, 0), contour_compare, ctx,
       opt, sim, data);
}

ck_status ck_plot_contour_diff(ck_ctx *ctx, const ck_plot_options *opt, const ck_plot_channels *sim,
                               const ck_plot_channels *data) {
  CALL(ctx, opt, check_channels(ctx, sim, 0) | check_channels(ctx, data, 0), contour_diff, ctx, opt,
       sim, data);
}

ck_status ck_plot_traces(ck_ctx *ctx, const ck_plot_options *opt, const ck_plot_channels *sim,
                         const ck_plot_channels *data, const char *const *labels, size_t n_labels) {
  ck_status args = (labels == NULL && n_labels > 0)
                       ? ck_error_set(ctx, CK_ERR_ARG, "ck_plot_traces: NULL labels")
                       : CK_OK;
  CALL(ctx, opt, args | check_channels(ctx, sim, 0) | check_channels(ctx, data, 1), traces, ctx,
       opt, sim, data, labels, n_labels);
}

ck_status ck_plot_tmax(ck_ctx *ctx, const ck_plot_options *opt, size_t n, const double *sim_s,
                       const double *exp_s) {
  ck_status args = (sim_s == NULL || exp_s == NULL)
                       ? ck_error_set(ctx, CK_ERR_ARG, "ck_plot_tmax: NULL argument")
                       : CK_OK;
  CALL(ctx, opt, args, tmax, ctx, opt, n, sim_s, exp_s);
}

static ck_status check_xy(ck_ctx *ctx, const ck_plot_xy *xy) {
  if (xy == NULL || xy->x == NULL || xy->y == NULL || xy->name == NULL) {
    CK_FAIL(ctx, CK_ERR_ARG, "plot: NULL series");
  }
  if (xy->n_points == 0 || xy->n_series == 0) {
    CK_FAIL(ctx, CK_ERR_INPUT, "plot: no points to draw");
  }
  return CK_OK;
}

ck_status ck_plot_lines(ck_ctx *ctx, const ck_plot_options *opt, const ck_plot_xy *xy) {
  CALL(ctx, opt, check_xy(ctx, xy), lines, ctx, opt, xy);
}

ck_status ck_plot_bars(ck_ctx *ctx, const ck_plot_options *opt, const ck_plot_xy *xy) {
  CALL(ctx, opt, check_xy(ctx, xy), bars, ctx, opt, xy);
}

ck_status ck_plot_spectrum(ck_ctx *ctx, const ck_plot_options *opt, size_t n, const double *mz,
                           const double *measured, const double *fitted) {
  ck_status args = (mz == NULL || measured == NULL)
                       ? ck_error_set(ctx, CK_ERR_ARG, "ck_plot_spectrum: NULL argument")
                   : n < 2 ? ck_error_set(ctx, CK_ERR_INPUT, "spectrum: fewer than 2 points")
                           : CK_OK;
  CALL(ctx, opt, args, spectrum, ctx, opt, n, mz, measured, fitted);
}

ck_status ck_plot_grid(ck_ctx *ctx, const ck_plot_options *opt, size_t n_points, size_t n_params,
                       const char *const *names, const double *value, const double *objective) {
  ck_status args = (names == NULL || value == NULL || objective == NULL)
                       ? ck_error_set(ctx, CK_ERR_ARG, "ck_plot_grid: NULL argument")
                   : n_params < 2
                       ? ck_error_set(ctx, CK_ERR_INPUT, "grid plot: needs at least 2 parameters")
                       : CK_OK;
  CALL(ctx, opt, args, grid, ctx, opt, n_points, n_params, names, value, objective);
}

ck_status ck_plot_profiles(ck_ctx *ctx, const ck_plot_options *opt, size_t n,
                           const char *const *parameter, const double *value,
                           const double *objective) {
  ck_status args = (parameter == NULL || value == NULL || objective == NULL)
                       ? ck_error_set(ctx, CK_ERR_ARG, "ck_plot_profiles: NULL argument")
                   : n == 0 ? ck_error_set(ctx, CK_ERR_INPUT, "profile plot: no points")
                            : CK_OK;
  CALL(ctx, opt, args, profiles, ctx, opt, n, parameter, value, objective);
}
