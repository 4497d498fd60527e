/* SPDX-License-Identifier: MIT */
/* Channel maps (the paper's Figure 3): intensity over time and composition, monomers beside dimers.
 *
 * The y axis is the composition, the atoms of the first exchange metal
 * (MODEL.md section 2 "Observables"): 0..N for monomer channels, 0..2N for
 * dimer channels. With more than two metals several channels share a count;
 * the map shows their sum. A channel absent from the table draws as 0. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot/module/plot_impl.h"

#define NLEVEL 24
#define CLIP_QUANTILE 0.995

typedef struct map_group {
  int present;
  int ny; /* compositions 0..ny-1 */
  PLFLT *y;
  PLFLT **z; /* z[time][composition] */
  int charge;
  double zmin, zmax;
} map_group;

typedef struct map_table {
  size_t nt;
  PLFLT *t;
  map_group g[2]; /* 0: monomer channels, 1: dimer channels */
} map_table;

static int atoms_of(const ck_channel_id *id) {
  int a = 0;
  for (int x = 0; x < CK_MAX_METALS; x++) {
    a += id->composition[x];
  }
  return a;
}

/* The nuclearity N: the largest atom count per subunit among the channels. */
static int nuclearity(size_t n, const ck_channel_id *id) {
  int nmax = 0;
  for (size_t c = 0; c < n; c++) {
    int per = id[c].n_subunits > 0 ? atoms_of(&id[c]) / id[c].n_subunits : 0;
    nmax = per > nmax ? per : nmax;
  }
  return nmax;
}

static void map_table_free(map_table *m) {
  free(m->t);
  for (int g = 0; g < 2; g++) {
    free(m->g[g].y);
    free(m->g[g].z);
  }
  memset(m, 0, sizeof *m);
}

static ck_status group_alloc(ck_ctx *ctx, map_group *g, size_t nt, int ny) {
  g->ny = ny;
  g->y = ck_calloc(ctx, (size_t)ny, sizeof *g->y);
  g->z = ck_plot_matrix(ctx, nt, (size_t)ny);
  if (g->y == NULL || g->z == NULL) {
    return CK_ERR_NOMEM;
  }
  for (int i = 0; i < ny; i++) {
    g->y[i] = i;
  }
  return CK_OK;
}

/* Grids of value[k * n + c] (nt times, n channels with ids). */
static ck_status map_table_fill(ck_ctx *ctx, map_table *m, size_t nt, const double *t, size_t n,
                                const ck_channel_id *id, const double *value) {
  memset(m, 0, sizeof *m);
  int N = nuclearity(n, id);
  if (N <= 0 || nt < 2) {
    CK_FAIL(ctx, CK_ERR_INPUT, "channel map: needs at least 2 times and a channel with atoms");
  }
  m->nt = nt;
  if ((m->t = ck_calloc(ctx, nt, sizeof *m->t)) == NULL ||
      group_alloc(ctx, &m->g[0], nt, N + 1) != CK_OK ||
      group_alloc(ctx, &m->g[1], nt, 2 * N + 1) != CK_OK) {
    map_table_free(m);
    return CK_ERR_NOMEM;
  }
  memcpy(m->t, t, nt * sizeof *t);
  for (size_t c = 0; c < n; c++) {
    if (id[c].n_subunits > 2) {
      continue; /* trimer channels (opt-in): the maps show monomers and dimers */
    }
    int g = id[c].n_subunits == 2 ? 1 : 0;
    int y = id[c].composition[0];
    if (y < 0 || y >= m->g[g].ny) {
      continue;
    }
    m->g[g].present = 1;
    m->g[g].charge = id[c].charge;
    for (size_t k = 0; k < nt; k++) {
      double v = value[k * n + c];
      m->g[g].z[k][y] += isfinite(v) ? v : 0.0;
    }
  }
  for (int g = 0; g < 2; g++) {
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < nt; k++) {
      for (int y = 0; y < m->g[g].ny; y++) {
        lo = fmin(lo, m->g[g].z[k][y]), hi = fmax(hi, m->g[g].z[k][y]);
      }
    }
    m->g[g].zmin = lo, m->g[g].zmax = hi;
  }
  return CK_OK;
}

static ck_status map_table_from(ck_ctx *ctx, map_table *m, const ck_plot_channels *c) {
  return map_table_fill(ctx, m, c->n_times, c->time_s, c->n_channels, c->id, c->value);
}

/* ---- drawing ---------------------------------------------------------- */

typedef struct map_figure {
  int rows; /* 1, or 2 (simulation above data) */
  map_table *row[2];
  const char *row_name[2];
  int diverging;
  char metal[CK_SYMBOL_MAX + 1];
  double *scratch; /* room for every cell of one column */
} map_figure;

static const char *group_title(int g, int charge, char *buf, size_t size) {
  if (charge == -1 || charge == -2) {
    snprintf(buf, size, "%s", charge == -1 ? "monoanions" : "dianions");
  } else {
    snprintf(buf, size, "%s, charge %+d", g == 0 ? "monomers" : "dimers", charge);
  }
  return buf;
}

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* The CLIP_QUANTILE quantile of |z| over column g of every row. The mixing
 * partners' first rows would otherwise set the scale alone and leave the
 * whole exchange in the darkest colour; cells above it show the top colour. */
static double column_quantile(const map_figure *f, int g, double *scratch) {
  size_t n = 0;
  for (int r = 0; r < f->rows; r++) {
    const map_group *grp = &f->row[r]->g[g];
    for (size_t k = 0; k < f->row[r]->nt; k++) {
      for (int y = 0; y < grp->ny; y++) {
        scratch[n++] = fabs(grp->z[k][y]);
      }
    }
  }
  qsort(scratch, n, sizeof *scratch, compare_double);
  return n > 0 ? scratch[(size_t)(CLIP_QUANTILE * (n - 1))] : 0.0;
}

/* Colour range of column g (symmetric about 0 when diverging), clipped at
 * the quantile; z is clamped into it so plshades fills every cell. */
static void column_range(map_figure *f, int g, double *lo, double *hi) {
  double top = column_quantile(f, g, f->scratch);
  if (!(top > 0.0)) {
    top = 1.0;
  }
  *lo = f->diverging ? -top : 0.0;
  *hi = top;
  for (int r = 0; r < f->rows; r++) {
    map_group *grp = &f->row[r]->g[g];
    for (size_t k = 0; k < f->row[r]->nt; k++) {
      for (int y = 0; y < grp->ny; y++) {
        grp->z[k][y] = fmin(fmax(grp->z[k][y], *lo), *hi);
      }
    }
  }
}

static void draw_panel(const map_figure *f, const map_group *grp, const map_table *m, int g,
                       const double box[4], const PLFLT *levels, const char *row_name) {
  char title[PLOT_TEXT_MAX], name[64], ylabel[64];
  group_title(g, grp->charge, name, sizeof name);
  snprintf(title, sizeof title, "%s%s%s", row_name != NULL ? row_name : "",
           row_name != NULL ? ": " : "", name);
  snprintf(ylabel, sizeof ylabel, "composition: %s atoms", f->metal);
  plot_frame fr = {box[0],          box[1], box[2],        box[3],  m->t[0],
                   m->t[m->nt - 1], 0.0,    grp->ny - 1.0, "bcnst", "bcnstv",
                   "time / s",      ylabel, title};
  ck_plot_frame_open(&fr);
  ck_plot_shade((const PLFLT *const *)grp->z, (int)m->nt, grp->ny, m->t, grp->y, levels, NLEVEL);
  ck_plot_frame_close(&fr);
}

/* Column layout: panel, colour bar with its labels, then room for the next
 * panel's y label; widths in page fractions. */
#define LEFT 0.10
#define BAR_BLOCK 0.12
#define YLABEL_ROOM 0.11

static void draw_maps(const plot_page *page, void *arg) {
  map_figure *f = arg;
  int groups[2], ng = 0;
  for (int g = 0; g < 2; g++) {
    if (f->row[0]->g[g].present || (f->rows > 1 && f->row[1]->g[g].present)) {
      groups[ng++] = g;
    }
  }
  f->diverging ? ck_plot_cmap_diverging() : ck_plot_cmap_sequential();
  ck_plot_page_title(page);
  double top = page->title[0] != '\0' ? 0.84 : 0.90, bottom = 0.10, gap = 0.15;
  double row_h = (top - bottom - gap * (f->rows - 1)) / f->rows;
  double panel_w = (1.0 - LEFT - 0.01 - ng * BAR_BLOCK - (ng - 1) * YLABEL_ROOM) / ng;
  for (int i = 0; i < ng; i++) {
    int g = groups[i];
    PLFLT levels[NLEVEL];
    double lo, hi;
    column_range(f, g, &lo, &hi);
    ck_plot_levels(lo, hi, NLEVEL, levels);
    double x0 = LEFT + i * (panel_w + BAR_BLOCK + YLABEL_ROOM), x1 = x0 + panel_w;
    for (int r = 0; r < f->rows; r++) {
      double y1 = top - r * (row_h + gap), y0 = y1 - row_h;
      double box[4] = {x0, x1, y0, y1};
      draw_panel(f, &f->row[r]->g[g], f->row[r], g, box, levels, f->row_name[r]);
      ck_plot_colorbar(x1 + 0.015, x1 + 0.03, y0, y1, levels, NLEVEL,
                       f->diverging ? "simulation - data" : "intensity");
    }
  }
}

static void metal_of(const char *label, char *out) {
  size_t n = 0;
  if (label != NULL && label[0] == '[' && label[1] >= 'A' && label[1] <= 'Z') {
    out[n++] = label[1];
    while (n < CK_SYMBOL_MAX && label[n + 1] >= 'a' && label[n + 1] <= 'z') {
      out[n] = label[n + 1];
      n++;
    }
  }
  if (n == 0) {
    memcpy(out, "metal", 6);
    return;
  }
  out[n] = '\0';
}

static ck_status draw_figure(ck_ctx *ctx, const ck_plot_options *opt, map_figure *f,
                             const char *label0, const char *title) {
  metal_of(label0, f->metal);
  size_t cells = 0;
  for (int r = 0; r < f->rows; r++) {
    cells += f->row[r]->nt * (size_t)f->row[r]->g[1].ny; /* the larger group */
  }
  if ((f->scratch = ck_calloc(ctx, cells, sizeof *f->scratch)) == NULL) {
    return CK_ERR_NOMEM;
  }
  ck_status st = ck_plot_run(ctx, opt, title, draw_maps, f);
  free(f->scratch);
  return st;
}

ck_status ck_plot_draw_contour(ck_ctx *ctx, const ck_plot_options *opt,
                               const ck_plot_channels *series) {
  map_table m;
  if (map_table_from(ctx, &m, series) != CK_OK) {
    return ck_ctx_status(ctx);
  }
  map_figure f = {1, {&m, NULL}, {NULL, NULL}, 0, "", NULL};
  ck_status st = draw_figure(ctx, opt, &f, series->label[0], "normalised channel intensity");
  map_table_free(&m);
  return st;
}

ck_status ck_plot_draw_contour_compare(ck_ctx *ctx, const ck_plot_options *opt,
                                       const ck_plot_channels *sim, const ck_plot_channels *data) {
  map_table a, b;
  if (map_table_from(ctx, &a, sim) != CK_OK) {
    return ck_ctx_status(ctx);
  }
  if (map_table_from(ctx, &b, data) != CK_OK) {
    map_table_free(&a);
    return ck_ctx_status(ctx);
  }
  map_figure f = {2, {&a, &b}, {"simulation", "data"}, 0, "", NULL};
  ck_status st = draw_figure(ctx, opt, &f, sim->label[0], "simulation and data");
  map_table_free(&a);
  map_table_free(&b);
  return st;
}

/* ---- simulation minus data -------------------------------------------- */

static double interpolate(const ck_plot_channels *s, size_t c, double t) {
  size_t n = s->n_times, nc = s->n_channels;
  if (t <= s->time_s[0]) {
    return s->value[c];
  }
  if (t >= s->time_s[n - 1]) {
    return s->value[(n - 1) * nc + c];
  }
  size_t lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    *(s->time_s[mid] <= t ? &lo : &hi) = mid;
  }
  double w = (t - s->time_s[lo]) / (s->time_s[hi] - s->time_s[lo]);
  return (1.0 - w) * s->value[lo * nc + c] + w * s->value[hi * nc + c];
}

static ck_status match_channels(ck_ctx *ctx, const ck_plot_channels *sim,
                                const ck_plot_channels *data, size_t *sim_of) {
  for (size_t c = 0; c < data->n_channels; c++) {
    size_t s = 0;
    while (s < sim->n_channels && strcmp(sim->label[s], data->label[c]) != 0) {
      s++;
    }
    if (s == sim->n_channels) {
      CK_FAIL(ctx, CK_ERR_INPUT, "channel %.64s of the data is not in the simulation",
              data->label[c]);
    }
    sim_of[c] = s;
  }
  return CK_OK;
}

/* diff[k * n + c] = renormalised simulation - data at the data's times. */
static void difference(const ck_plot_channels *sim, const ck_plot_channels *data,
                       const size_t *sim_of, double *diff) {
  size_t n = data->n_channels;
  int renormalise = n < sim->n_channels;
  for (size_t k = 0; k < data->n_times; k++) {
    double sum = 0.0;
    for (size_t c = 0; c < n; c++) {
      diff[k * n + c] = interpolate(sim, sim_of[c], data->time_s[k]);
      sum += diff[k * n + c];
    }
    for (size_t c = 0; c < n; c++) {
      double v = renormalise && sum > 0.0 ? diff[k * n + c] / sum : diff[k * n + c];
      diff[k * n + c] = v - data->value[k * n + c];
    }
  }
}

ck_status ck_plot_draw_contour_diff(ck_ctx *ctx, const ck_plot_options *opt,
                                    const ck_plot_channels *sim, const ck_plot_channels *data) {
  size_t *sim_of = ck_calloc(ctx, data->n_channels, sizeof *sim_of);
  double *diff = ck_calloc(ctx, data->n_times * data->n_channels, sizeof *diff);
  map_table m = {0};
  ck_status st =
      sim_of == NULL || diff == NULL ? CK_ERR_NOMEM : match_channels(ctx, sim, data, sim_of);
  if (st == CK_OK) {
    difference(sim, data, sim_of, diff);
    st = map_table_fill(ctx, &m, data->n_times, data->time_s, data->n_channels, data->id, diff);
  }
  if (st == CK_OK) {
    map_figure f = {1, {&m, NULL}, {NULL, NULL}, 1, "", NULL};
    st = draw_figure(ctx, opt, &f, data->label[0], "simulation minus data");
  }
  map_table_free(&m);
  free(sim_of);
  free(diff);
  return st;
}
