/* SPDX-License-Identifier: MIT */
/* The look shared by every plot: colours, colour maps, frames, colour bars, legends, lines.
 *
 * Series colours are the Okabe-Ito set (distinguishable with the common
 * colour-vision deficiencies); each series also has its own dash pattern and
 * marker, so a grey-scale print keeps them apart. The sequential map runs
 * through viridis' control colours, whose lightness rises monotonically. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot/module/plot_impl.h"

void ck_plot_escape(char *out, size_t size, const char *text) {
  size_t at = 0;
  for (const char *p = text != NULL ? text : ""; *p != '\0' && at + 2 < size; p++) {
    if (*p == '#') {
      out[at++] = '#';
    }
    out[at++] = *p;
  }
  out[at] = '\0';
}

void ck_plot_palette(void) {
  static const int rgb[][3] = {
      {255, 255, 255}, {0, 0, 0},      {150, 150, 150}, /* background, axes, reference */
      {0, 114, 178},   {213, 94, 0},   {0, 158, 115},   {204, 121, 167},
      {230, 159, 0},   {86, 180, 233}, {0, 0, 0},
  };
  int n = (int)(sizeof rgb / sizeof rgb[0]);
  plscmap0n(16);
  for (int i = 0; i < n; i++) {
    plscol0(i, rgb[i][0], rgb[i][1], rgb[i][2]);
  }
}

static void cmap1(const double (*rgb)[3], int n) {
  PLFLT pos[8], r[8], g[8], b[8];
  for (int i = 0; i < n; i++) {
    pos[i] = (double)i / (n - 1);
    r[i] = rgb[i][0] / 255.0, g[i] = rgb[i][1] / 255.0, b[i] = rgb[i][2] / 255.0;
  }
  plscmap1n(256);
  plscmap1l(1, n, pos, r, g, b, NULL);
}

void ck_plot_cmap_sequential(void) {
  static const double viridis[][3] = {{68, 1, 84},    {65, 68, 135},  {42, 120, 142},
                                      {34, 168, 132}, {122, 209, 81}, {253, 231, 37}};
  cmap1(viridis, 6);
}

void ck_plot_cmap_diverging(void) {
  static const double rdbu[][3] = {
      {33, 102, 172}, {103, 169, 207}, {247, 247, 247}, {239, 138, 98}, {178, 24, 43}};
  cmap1(rdbu, 5);
}

static double line_scale = 1.0; /* pens and glyphs follow the font scale (one session at a time) */

void ck_plot_style_scale(double scale) {
  line_scale = scale;
  plwidth(line_scale);
}

void ck_plot_series_line(int s) {
  plwidth(2.0 * line_scale);
  plcol0(3 + s % PLOT_SERIES_COLOURS);
  pllsty(1 + s % 4); /* 1 solid, 2-4 dashed patterns */
}

const char *ck_plot_series_marker(int s) {
  static const char *const glyphs[] = {"●", "■", "▲", "◆", "▼", "○", "□", "△"};
  return glyphs[s % 8];
}

void ck_plot_page_title(const plot_page *page) {
  if (page->title[0] == '\0') {
    return;
  }
  plvpor(0.0, 1.0, 0.0, 1.0);
  plwind(0.0, 1.0, 0.0, 1.0);
  plcol0(PLOT_BLACK);
  plschr(0.0, 1.25 * page->font_scale);
  plptex(0.5, 0.955, 1.0, 0.0, 0.5, page->title);
  plschr(0.0, page->font_scale);
}

void ck_plot_frame_open(const plot_frame *f) {
  plvpor(f->vx0, f->vx1, f->vy0, f->vy1);
  plwind(f->xmin, f->xmax, f->ymin, f->ymax);
}

void ck_plot_frame_close(const plot_frame *f) {
  plcol0(PLOT_BLACK);
  pllsty(1);
  plwidth(line_scale);
  plwind(f->xmin, f->xmax, f->ymin, f->ymax);
  plbox(f->xopt, 0.0, 0, f->yopt, 0.0, 0);
  if (f->xlabel != NULL) {
    plmtex("b", 3.0, 0.5, 0.5, f->xlabel);
  }
  if (f->ylabel != NULL) {
    plmtex("l", 5.0, 0.5, 0.5, f->ylabel);
  }
  if (f->title != NULL) {
    plmtex("t", 1.0, 0.5, 0.5, f->title);
  }
}

void ck_plot_levels(double zmin, double zmax, int nlevel, PLFLT *levels) {
  for (int i = 0; i < nlevel; i++) {
    levels[i] = zmin + (zmax - zmin) * i / (nlevel - 1);
  }
}

void ck_plot_shade(const PLFLT *const *z, int nx, int ny, const PLFLT *x, const PLFLT *y,
                   const PLFLT *levels, int nlevel) {
  PLcGrid grid = {(PLFLT *)x, (PLFLT *)y, NULL, nx, ny, 0};
  plshades(z, nx, ny, NULL, x[0], x[nx - 1], y[0], y[ny - 1], levels, nlevel, 1.0, 0, 0.0, plfill,
           1, pltr1, &grid);
}

void ck_plot_colorbar(double vx0, double vx1, double vy0, double vy1, const PLFLT *levels,
                      int nlevel, const char *label) {
  PLFLT col0[2] = {levels[0], levels[0]}, col1[2] = {levels[nlevel - 1], levels[nlevel - 1]};
  const PLFLT *z[2] = {col0, col1}; /* z[ix][iy]: value rises with y */
  PLFLT gx[2] = {0.0, 1.0}, gy[2] = {levels[0], levels[nlevel - 1]};
  col0[1] = col1[1] = levels[nlevel - 1];
  col0[0] = col1[0] = levels[0];
  plvpor(vx0, vx1, vy0, vy1);
  plwind(0.0, 1.0, levels[0], levels[nlevel - 1]);
  ck_plot_shade(z, 2, 2, gx, gy, levels, nlevel);
  plcol0(PLOT_BLACK);
  plbox("bc", 0.0, 0, "bcmstv", 0.0, 0);
  if (label != NULL) {
    plmtex("r", 4.5, 0.5, 0.5, label);
  }
}

/* Line spacing of the legend as a fraction of the viewport height. */
static double legend_step(void) {
  PLFLT def_mm, ht_mm, sx0, sx1, sy0, sy1, vx0, vx1, vy0, vy1;
  plgchr(&def_mm, &ht_mm);
  plgspa(&sx0, &sx1, &sy0, &sy1);
  plgvpd(&vx0, &vx1, &vy0, &vy1);
  double vp_mm = (vy1 - vy0) * (sy1 - sy0);
  return vp_mm > 0.0 ? 2.0 * ht_mm / vp_mm : 0.05;
}

void ck_plot_legend(const plot_legend_entry *e, int n) {
  PLFLT xmin, xmax, ymin, ymax;
  plgvpw(&xmin, &xmax, &ymin, &ymax);
  plwind(0.0, 1.0, 0.0, 1.0);
  double step = legend_step();
  for (int i = 0; i < n; i++) {
    PLFLT y = 1.0 - (i + 1) * step;
    PLFLT lx[2] = {0.66, 0.74}, ly[2] = {y, y}, mx = 0.70;
    ck_plot_series_line(e[i].series);
    if (e[i].line) {
      plline(2, lx, ly);
    }
    pllsty(1);
    if (e[i].marker) {
      ck_plot_markers(1, &mx, &y, ck_plot_series_marker(e[i].series));
    }
    plcol0(PLOT_BLACK);
    plptex(0.76, y, 1.0, 0.0, 0.0, e[i].text);
  }
  plwind(xmin, xmax, ymin, ymax);
}

void ck_plot_polyline(size_t n, const double *x, const double *y) {
  size_t start = 0;
  while (start < n) {
    while (start < n && !(isfinite(x[start]) && isfinite(y[start]))) {
      start++;
    }
    size_t end = start;
    while (end < n && isfinite(x[end]) && isfinite(y[end])) {
      end++;
    }
    if (end > start) {
      plline((PLINT)(end - start), x + start, y + start);
    }
    start = end;
  }
}

void ck_plot_markers(size_t n, const double *x, const double *y, const char *glyph) {
  plschr(0.0, 0.6 * line_scale); /* glyphs at text size would hide the lines */
  for (size_t i = 0; i < n; i++) {
    if (isfinite(x[i]) && isfinite(y[i])) {
      plstring(1, x + i, y + i, glyph);
    }
  }
  plschr(0.0, line_scale);
}

int ck_plot_range(size_t n, const double *v, double pad, double *lo, double *hi) {
  double a = INFINITY, b = -INFINITY;
  for (size_t i = 0; i < n; i++) {
    if (isfinite(v[i])) {
      a = v[i] < a ? v[i] : a;
      b = v[i] > b ? v[i] : b;
    }
  }
  if (!(a <= b)) {
    return 0;
  }
  if (b == a) {
    double d = a != 0.0 ? 0.1 * fabs(a) : 1.0;
    a -= d, b += d;
  }
  double span = b - a;
  *lo = a - pad * span;
  *hi = b + pad * span;
  return 1;
}

PLFLT **ck_plot_matrix(ck_ctx *ctx, size_t rows, size_t cols) {
  size_t head = rows * sizeof(PLFLT *);
  head = (head + sizeof(PLFLT) - 1) / sizeof(PLFLT) * sizeof(PLFLT);
  char *block = ck_calloc(ctx, 1, head + rows * cols * sizeof(PLFLT));
  if (block == NULL) {
    return NULL;
  }
  PLFLT **m = (PLFLT **)(void *)block;
  PLFLT *cells = (PLFLT *)(void *)(block + head);
  for (size_t i = 0; i < rows; i++) {
    m[i] = cells + i * cols;
  }
  return m;
}
