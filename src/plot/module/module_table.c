/* SPDX-License-Identifier: MIT */
/* The plot module's one exported symbol: its table of drawing functions (plot_module.h). */
#include "plot/module/plot_impl.h"
#include "plot/plot_module.h"

static const ck_plot_module table = {
    .version = CK_PLOT_MODULE_VERSION,
    .contour = ck_plot_draw_contour,
    .contour_compare = ck_plot_draw_contour_compare,
    .contour_diff = ck_plot_draw_contour_diff,
    .traces = ck_plot_draw_traces,
    .tmax = ck_plot_draw_tmax,
    .lines = ck_plot_draw_lines,
    .bars = ck_plot_draw_bars,
    .spectrum = ck_plot_draw_spectrum,
    .grid = ck_plot_draw_grid,
    .profiles = ck_plot_draw_profiles,
};

const ck_plot_module *ck_plot_module_table(void) {
  return &table;
}
