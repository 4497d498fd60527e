/* SPDX-License-Identifier: MIT */
/* Inside the plot module: the PLplot session runner and the drawing helpers every plot kind shares.
 *
 * Only src/plot/module/ includes <plplot.h>. A plot kind first prepares all
 * its arrays (allocations happen outside PLplot), then hands a draw
 * callback to ck_plot_run, which owns the PLplot session: lock, device,
 * temporary file, error traps, page, fonts, colours, plend1, rename. */
#ifndef CK_PLOT_IMPL_H
#define CK_PLOT_IMPL_H

#include <plplot.h>
#include <stddef.h>

#include "clusterkin/ck_plot.h"
#include "core/core_impl.h"

/* What a draw callback knows about its page. */
typedef struct plot_page {
  int width_px, height_px;
  double font_scale; /* character size relative to the 1200 x 800 default */
  const char *title; /* escaped for PLplot; "" for none */
} plot_page;

typedef void (*plot_draw_fn)(const plot_page *page, void *arg);

/* Runs one PLplot session that draws into opt->path (atomic rename) and
 * returns CK_OK, or CK_ERR_IO with the reason on ctx. default_title is used
 * when opt->title is NULL. Serialised across threads. */
CK_INTERNAL ck_status ck_plot_run(ck_ctx *ctx, const ck_plot_options *opt,
                                  const char *default_title, plot_draw_fn draw, void *arg);
/* Blanks the creation date cairo stamps into the PDF at path (pdf_date.c). */
CK_INTERNAL ck_status ck_plot_pdf_blank_date(ck_ctx *ctx, const char *path);

/* ---- style (plplot_style.c) --------------------------------------------- */

#define PLOT_BLACK 1          /* cmap0 index of axes and text */
#define PLOT_GREY 2           /* cmap0 index of reference lines */
#define PLOT_SERIES_COLOURS 7 /* cmap0 indices 3..9: series colours */
#define PLOT_TEXT_MAX 256

/* Copies text into out with PLplot's escape character '#' doubled. */
CK_INTERNAL void ck_plot_escape(char *out, size_t size, const char *text);
/* Sets cmap0 (white background, black, grey, colour-blind-safe series colours). */
CK_INTERNAL void ck_plot_palette(void);
/* cmap1: sequential viridis-like map, or diverging blue-white-red. */
CK_INTERNAL void ck_plot_cmap_sequential(void);
CK_INTERNAL void ck_plot_cmap_diverging(void);
/* Sets the pen width of axes (series get twice that) for this session. */
CK_INTERNAL void ck_plot_style_scale(double scale);
/* Colour, dash pattern and marker of series s. */
CK_INTERNAL void ck_plot_series_line(int s);
CK_INTERNAL const char *ck_plot_series_marker(int s);
/* Page title above everything. */
CK_INTERNAL void ck_plot_page_title(const plot_page *page);
/* A framed panel: viewport (normalised page coordinates), world window
 * (xmin > xmax reverses the axis), box options as plbox's, labels (escaped). */
typedef struct plot_frame {
  double vx0, vx1, vy0, vy1;
  double xmin, xmax, ymin, ymax;
  const char *xopt, *yopt;
  const char *xlabel, *ylabel, *title;
} plot_frame;
CK_INTERNAL void ck_plot_frame_open(const plot_frame *f);  /* viewport + window */
CK_INTERNAL void ck_plot_frame_close(const plot_frame *f); /* box + labels on top */
/* nlevel equally spaced levels from zmin to zmax. */
CK_INTERNAL void ck_plot_levels(double zmin, double zmax, int nlevel, PLFLT *levels);
/* Shade map of z[ix][iy] on the rectilinear grid x[nx], y[ny] (cmap1). */
CK_INTERNAL void ck_plot_shade(const PLFLT *const *z, int nx, int ny, const PLFLT *x,
                               const PLFLT *y, const PLFLT *levels, int nlevel);
/* A vertical colour bar in the given viewport, labelled on its right. */
CK_INTERNAL void ck_plot_colorbar(double vx0, double vx1, double vy0, double vy1,
                                  const PLFLT *levels, int nlevel, const char *label);
/* Legend in the upper right corner of the current viewport. */
typedef struct plot_legend_entry {
  const char *text;
  int series; /* style index */
  int line;   /* draw a line sample */
  int marker; /* draw a marker sample */
} plot_legend_entry;
CK_INTERNAL void ck_plot_legend(const plot_legend_entry *e, int n);
/* Lines through (x[i], y[i]), broken at non-finite values. */
CK_INTERNAL void ck_plot_polyline(size_t n, const double *x, const double *y);
/* Markers at the finite points. */
CK_INTERNAL void ck_plot_markers(size_t n, const double *x, const double *y, const char *glyph);
/* Finite range of values, padded by pad x the span (a span of 0 becomes +-1 or +-10 %). */
CK_INTERNAL int ck_plot_range(size_t n, const double *v, double pad, double *lo, double *hi);

/* Matrix with row pointers: m[i][j], i < rows, j < cols, one allocation. */
CK_INTERNAL PLFLT **ck_plot_matrix(ck_ctx *ctx, size_t rows, size_t cols);

/* ---- the kinds (one file each), entered through module_table.c ----------- */

CK_INTERNAL ck_status ck_plot_draw_contour(ck_ctx *, const ck_plot_options *,
                                           const ck_plot_channels *);
CK_INTERNAL ck_status ck_plot_draw_contour_compare(ck_ctx *, const ck_plot_options *,
                                                   const ck_plot_channels *,
                                                   const ck_plot_channels *);
CK_INTERNAL ck_status ck_plot_draw_contour_diff(ck_ctx *, const ck_plot_options *,
                                                const ck_plot_channels *, const ck_plot_channels *);
CK_INTERNAL ck_status ck_plot_draw_traces(ck_ctx *, const ck_plot_options *,
                                          const ck_plot_channels *, const ck_plot_channels *,
                                          const char *const *, size_t);
CK_INTERNAL ck_status ck_plot_draw_tmax(ck_ctx *, const ck_plot_options *, size_t, const double *,
                                        const double *);
CK_INTERNAL ck_status ck_plot_draw_lines(ck_ctx *, const ck_plot_options *, const ck_plot_xy *);
CK_INTERNAL ck_status ck_plot_draw_bars(ck_ctx *, const ck_plot_options *, const ck_plot_xy *);
CK_INTERNAL ck_status ck_plot_draw_spectrum(ck_ctx *, const ck_plot_options *, size_t,
                                            const double *, const double *, const double *);
CK_INTERNAL ck_status ck_plot_draw_grid(ck_ctx *, const ck_plot_options *, size_t, size_t,
                                        const char *const *, const double *, const double *);
CK_INTERNAL ck_status ck_plot_draw_profiles(ck_ctx *, const ck_plot_options *, size_t,
                                            const char *const *, const double *, const double *);

#endif /* CK_PLOT_IMPL_H */
