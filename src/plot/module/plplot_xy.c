/* SPDX-License-Identifier: MIT */
/* Generic figures: several series against one x (lines, grouped bars) and a spectrum with
 * residuals. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot/module/plot_impl.h"

#define MAX_SERIES 64

typedef struct xy_fig {
  const ck_plot_xy *xy;
  double xmin, xmax, ymin, ymax;
  char xlabel[PLOT_TEXT_MAX], ylabel[PLOT_TEXT_MAX];
  char name[MAX_SERIES][PLOT_TEXT_MAX / 4];
} xy_fig;

static double plot_top(const plot_page *page) {
  return page->title[0] != '\0' ? 0.86 : 0.92;
}

static void legend_of(const xy_fig *f, int line, int marker) {
  plot_legend_entry e[MAX_SERIES];
  for (size_t s = 0; s < f->xy->n_series; s++) {
    e[s] = (plot_legend_entry){f->name[s], (int)s, line, marker};
  }
  ck_plot_legend(e, (int)f->xy->n_series);
}

static void draw_lines(const plot_page *page, void *arg) {
  const xy_fig *f = arg;
  const ck_plot_xy *xy = f->xy;
  ck_plot_page_title(page);
  int rev = xy->reverse_x != 0;
  plot_frame fr = {0.10,
                   0.95,
                   0.11,
                   plot_top(page),
                   rev ? f->xmax : f->xmin,
                   rev ? f->xmin : f->xmax,
                   f->ymin,
                   f->ymax,
                   "bcnst",
                   "bcnstv",
                   f->xlabel,
                   f->ylabel,
                   NULL};
  ck_plot_frame_open(&fr);
  for (size_t s = 0; s < xy->n_series; s++) {
    ck_plot_series_line((int)s);
    ck_plot_polyline(xy->n_points, xy->x, xy->y[s]);
  }
  pllsty(1);
  if (xy->n_series > 1) {
    legend_of(f, 1, 0);
  }
  ck_plot_frame_close(&fr);
}

/* Bars: group i centred on x[i], bar s of width w side by side. Fill colours
 * come from the sequential map, evenly spaced in lightness. */
static void draw_bars(const plot_page *page, void *arg) {
  const xy_fig *f = arg;
  const ck_plot_xy *xy = f->xy;
  ck_plot_cmap_sequential();
  ck_plot_page_title(page);
  plot_frame fr = {0.10,    0.95,    0.11,     plot_top(page), f->xmin,   f->xmax, f->ymin,
                   f->ymax, "bcnst", "bcnstv", f->xlabel,      f->ylabel, NULL};
  ck_plot_frame_open(&fr);
  double dx = INFINITY;
  for (size_t i = 1; i < xy->n_points; i++) {
    dx = fmin(dx, fabs(xy->x[i] - xy->x[i - 1]));
  }
  dx = isfinite(dx) && dx > 0.0 ? dx : 1.0;
  double w = 0.8 * dx / xy->n_series;
  for (size_t s = 0; s < xy->n_series; s++) {
    for (size_t i = 0; i < xy->n_points; i++) {
      double v = xy->y[s][i];
      if (!isfinite(v) || !isfinite(xy->x[i])) {
        continue;
      }
      double x0 = xy->x[i] - 0.4 * dx + s * w, base = f->ymin > 0.0 ? f->ymin : 0.0;
      PLFLT bx[4] = {x0, x0, x0 + w, x0 + w}, by[4] = {base, v, v, base};
      plcol1(xy->n_series > 1 ? 0.15 + 0.7 * s / (xy->n_series - 1) : 0.35);
      plfill(4, bx, by);
      plcol0(PLOT_BLACK);
      plline(4, bx, by);
    }
  }
  /* Legend: filled squares in the bar colours. */
  PLFLT xmin, xmax, ymin, ymax;
  plgvpw(&xmin, &xmax, &ymin, &ymax);
  plwind(0.0, 1.0, 0.0, 1.0);
  for (size_t s = 0; s < xy->n_series && xy->n_series > 1; s++) {
    PLFLT y = 0.94 - 0.07 * s;
    PLFLT bx[4] = {0.66, 0.66, 0.70, 0.70}, by[4] = {y - 0.02, y + 0.02, y + 0.02, y - 0.02};
    plcol1(0.15 + 0.7 * s / (xy->n_series - 1));
    plfill(4, bx, by);
    plcol0(PLOT_BLACK);
    plline(4, bx, by);
    plptex(0.72, y, 1.0, 0.0, 0.0, f->name[s]);
  }
  plwind(xmin, xmax, ymin, ymax);
  ck_plot_frame_close(&fr);
}

static ck_status prepare_xy(ck_ctx *ctx, xy_fig *f, const ck_plot_xy *xy, int bars) {
  memset(f, 0, sizeof *f);
  f->xy = xy;
  if (xy->n_series > MAX_SERIES) {
    CK_FAIL(ctx, CK_ERR_INPUT, "plot: at most %d series", MAX_SERIES);
  }
  double lo = INFINITY, hi = -INFINITY;
  int any = 0;
  for (size_t s = 0; s < xy->n_series; s++) {
    double a, b;
    if (xy->y[s] != NULL && ck_plot_range(xy->n_points, xy->y[s], 0.0, &a, &b)) {
      lo = fmin(lo, a), hi = fmax(hi, b), any = 1;
    }
    ck_plot_escape(f->name[s], sizeof f->name[s], xy->name[s]);
  }
  if (!any || !ck_plot_range(xy->n_points, xy->x, bars ? 0.0 : 0.0, &f->xmin, &f->xmax)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "plot: no finite values to draw");
  }
  if (bars) {
    lo = fmin(lo, 0.0);
    double dx = xy->n_points > 1 ? (f->xmax - f->xmin) / (xy->n_points - 1) : 1.0;
    f->xmin -= 0.6 * dx, f->xmax += 0.6 * dx;
  }
  double pad = hi > lo ? 0.05 * (hi - lo) : 1.0;
  f->ymin = bars && lo >= 0.0 ? 0.0 : lo - pad;
  f->ymax = hi + (xy->n_series > 1 ? 0.1 * xy->n_series * (hi - lo) + pad : pad);
  ck_plot_escape(f->xlabel, sizeof f->xlabel, xy->xlabel != NULL ? xy->xlabel : "x");
  ck_plot_escape(f->ylabel, sizeof f->ylabel, xy->ylabel != NULL ? xy->ylabel : "y");
  return CK_OK;
}

ck_status ck_plot_draw_lines(ck_ctx *ctx, const ck_plot_options *opt, const ck_plot_xy *xy) {
  xy_fig *f = ck_calloc(ctx, 1, sizeof *f);
  ck_status st = f == NULL ? CK_ERR_NOMEM : prepare_xy(ctx, f, xy, 0);
  if (st == CK_OK) {
    st = ck_plot_run(ctx, opt, "", draw_lines, f);
  }
  free(f);
  return st;
}

ck_status ck_plot_draw_bars(ck_ctx *ctx, const ck_plot_options *opt, const ck_plot_xy *xy) {
  xy_fig *f = ck_calloc(ctx, 1, sizeof *f);
  ck_status st = f == NULL ? CK_ERR_NOMEM : prepare_xy(ctx, f, xy, 1);
  if (st == CK_OK) {
    st = ck_plot_run(ctx, opt, "", draw_bars, f);
  }
  free(f);
  return st;
}

/* ---- spectrum with residuals ------------------------------------------- */

typedef struct spectrum_fig {
  size_t n;
  const double *mz, *measured, *fitted;
  double *residual;
  double xmin, xmax, ymin, ymax, rmin, rmax;
} spectrum_fig;

static void draw_spectrum(const plot_page *page, void *arg) {
  const spectrum_fig *f = arg;
  ck_plot_page_title(page);
  double top = plot_top(page), split = f->fitted != NULL ? 0.36 : 0.11;
  plot_frame upper = {0.10,
                      0.95,
                      split,
                      top,
                      f->xmin,
                      f->xmax,
                      f->ymin,
                      f->ymax,
                      f->fitted != NULL ? "bcst" : "bcnst",
                      "bcnstv",
                      f->fitted != NULL ? NULL : "m/z / Th",
                      "intensity",
                      NULL};
  ck_plot_frame_open(&upper);
  ck_plot_series_line(0);
  ck_plot_polyline(f->n, f->mz, f->measured);
  if (f->fitted != NULL) {
    ck_plot_series_line(1);
    ck_plot_polyline(f->n, f->mz, f->fitted);
    plot_legend_entry e[2] = {{"measured", 0, 1, 0}, {"fitted", 1, 1, 0}};
    ck_plot_legend(e, 2);
  }
  ck_plot_frame_close(&upper);
  if (f->fitted == NULL) {
    return;
  }
  plot_frame lower = {0.10,    0.95,    0.11,     0.30,       f->xmin,    f->xmax, f->rmin,
                      f->rmax, "bcnst", "bcnstv", "m/z / Th", "residual", NULL};
  ck_plot_frame_open(&lower);
  PLFLT zx[2] = {f->xmin, f->xmax}, zy[2] = {0.0, 0.0};
  plcol0(PLOT_GREY);
  plline(2, zx, zy);
  ck_plot_series_line(0);
  pllsty(1);
  ck_plot_polyline(f->n, f->mz, f->residual);
  ck_plot_frame_close(&lower);
}

ck_status ck_plot_draw_spectrum(ck_ctx *ctx, const ck_plot_options *opt, size_t n, const double *mz,
                                const double *measured, const double *fitted) {
  spectrum_fig f = {n, mz, measured, fitted, NULL, 0, 0, 0, 0, 0, 0};
  double lo, hi, flo, fhi;
  if (!ck_plot_range(n, mz, 0.0, &f.xmin, &f.xmax) || !ck_plot_range(n, measured, 0.0, &lo, &hi)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "spectrum: no finite values to draw");
  }
  if (fitted != NULL && ck_plot_range(n, fitted, 0.0, &flo, &fhi)) {
    lo = fmin(lo, flo), hi = fmax(hi, fhi);
  }
  f.ymin = fmin(lo, 0.0), f.ymax = hi + 0.08 * (hi - f.ymin);
  if (fitted != NULL) {
    if ((f.residual = ck_calloc(ctx, n, sizeof *f.residual)) == NULL) {
      return CK_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
      f.residual[i] = measured[i] - fitted[i];
    }
    if (!ck_plot_range(n, f.residual, 0.1, &f.rmin, &f.rmax)) {
      f.rmin = -1.0, f.rmax = 1.0;
    }
  }
  ck_status st = ck_plot_run(ctx, opt, fitted != NULL ? "measured and fitted spectrum" : "spectrum",
                             draw_spectrum, &f);
  free(f.residual);
  return st;
}
