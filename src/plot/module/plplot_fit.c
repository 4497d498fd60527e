/* SPDX-License-Identifier: MIT */
/* Fit diagnostics: the grid search's objective landscape over parameter pairs, and profile curves.
 *
 * Landscape: for parameters i < j, each cell (value_i, value_j) shows the
 * smallest objective over all grid points with those two values, whatever
 * the others are (the profile of the grid onto the pair). Axes are log10 of
 * the parameter (grids are log-spaced, MODEL.md section 2), colour is log10
 * of the objective when every objective is positive. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot/module/plot_impl.h"

#define NLEVEL 24
#define MAX_PARAMS 16

typedef struct axis_values {
  size_t n;
  PLFLT *v; /* sorted distinct log10 values */
} axis_values;

typedef struct grid_fig {
  size_t n_params, n_pairs;
  axis_values axis[MAX_PARAMS];
  size_t pair_i[MAX_PARAMS * MAX_PARAMS / 2], pair_j[MAX_PARAMS * MAX_PARAMS / 2];
  PLFLT **z[MAX_PARAMS * MAX_PARAMS / 2];
  PLFLT levels[NLEVEL];
  int log_objective;
  char name[MAX_PARAMS][PLOT_TEXT_MAX / 4];
} grid_fig;

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Index of v among the sorted distinct values (nearest: values repeat exactly). */
static size_t axis_index(const axis_values *a, double v) {
  size_t best = 0;
  for (size_t i = 1; i < a->n; i++) {
    if (fabs(a->v[i] - v) < fabs(a->v[best] - v)) {
      best = i;
    }
  }
  return best;
}

static ck_status build_axis(ck_ctx *ctx, axis_values *a, size_t n_points, size_t n_params, size_t j,
                            const double *value) {
  if ((a->v = ck_calloc(ctx, n_points, sizeof *a->v)) == NULL) {
    return CK_ERR_NOMEM;
  }
  for (size_t p = 0; p < n_points; p++) {
    double v = value[p * n_params + j];
    if (!(v > 0.0) || !isfinite(v)) {
      CK_FAIL(ctx, CK_ERR_INPUT, "grid plot: parameter value %g at row %zu is not > 0", v, p + 1);
    }
    a->v[p] = log10(v);
  }
  qsort(a->v, n_points, sizeof *a->v, compare_double);
  a->n = 0;
  for (size_t p = 0; p < n_points; p++) {
    if (a->n == 0 || a->v[p] - a->v[a->n - 1] > 1e-9) {
      a->v[a->n++] = a->v[p];
    }
  }
  return CK_OK;
}

static double objective_scale(const grid_fig *f, double obj, double floor_obj) {
  return f->log_objective ? log10(fmax(obj, floor_obj)) : obj;
}

/* Fills every pair's map with the minimum (scaled) objective; empty cells get the maximum. */
static ck_status fill_pairs(ck_ctx *ctx, grid_fig *f, size_t n_points, const double *value,
                            const double *objective) {
  double lo = INFINITY, hi = -INFINITY, floor_obj = INFINITY;
  f->log_objective = 1;
  for (size_t p = 0; p < n_points; p++) {
    if (isfinite(objective[p])) {
      f->log_objective &= objective[p] >= 0.0;
      floor_obj = objective[p] > 0.0 ? fmin(floor_obj, objective[p]) : floor_obj;
    }
  }
  f->log_objective &= isfinite(floor_obj);
  for (size_t q = 0; q < f->n_pairs; q++) {
    const axis_values *a = &f->axis[f->pair_i[q]], *b = &f->axis[f->pair_j[q]];
    if ((f->z[q] = ck_plot_matrix(ctx, a->n, b->n)) == NULL) {
      return CK_ERR_NOMEM;
    }
    for (size_t i = 0; i < a->n; i++) {
      for (size_t j = 0; j < b->n; j++) {
        f->z[q][i][j] = NAN;
      }
    }
    for (size_t p = 0; p < n_points; p++) {
      if (!isfinite(objective[p])) {
        continue;
      }
      size_t i = axis_index(a, log10(value[p * f->n_params + f->pair_i[q]]));
      size_t j = axis_index(b, log10(value[p * f->n_params + f->pair_j[q]]));
      double z = objective_scale(f, objective[p], floor_obj);
      f->z[q][i][j] = isnan(f->z[q][i][j]) ? z : fmin(f->z[q][i][j], z);
      lo = fmin(lo, z), hi = fmax(hi, z);
    }
  }
  if (!(lo <= hi)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "grid plot: no finite objective");
  }
  hi = hi > lo ? hi : lo + 1.0;
  for (size_t q = 0; q < f->n_pairs; q++) {
    for (size_t i = 0; i < f->axis[f->pair_i[q]].n; i++) {
      for (size_t j = 0; j < f->axis[f->pair_j[q]].n; j++) {
        f->z[q][i][j] = isnan(f->z[q][i][j]) ? hi : f->z[q][i][j];
      }
    }
  }
  ck_plot_levels(lo, hi, NLEVEL, f->levels);
  return CK_OK;
}

static void draw_grid(const plot_page *page, void *arg) {
  const grid_fig *f = arg;
  ck_plot_cmap_sequential();
  ck_plot_page_title(page);
  size_t cols = (size_t)ceil(sqrt((double)f->n_pairs)), rows = (f->n_pairs + cols - 1) / cols;
  double top = page->title[0] != '\0' ? 0.86 : 0.93, left = 0.04, right = 0.82;
  double cw = (right - left) / cols, rh = (top - 0.06) / rows;
  for (size_t q = 0; q < f->n_pairs; q++) {
    const axis_values *a = &f->axis[f->pair_i[q]], *b = &f->axis[f->pair_j[q]];
    size_t r = q / cols, c = q % cols;
    plot_frame fr = {left + c * cw + 0.10,
                     left + (c + 1) * cw - 0.04,
                     top - (r + 1) * rh + 0.12,
                     top - r * rh,
                     a->v[0],
                     a->v[a->n - 1],
                     b->v[0],
                     b->v[b->n - 1],
                     "bclnst",
                     "bclnstv",
                     f->name[f->pair_i[q]],
                     NULL, /* drawn below: 10^-n tick labels are wider than numbers */
                     NULL};
    ck_plot_frame_open(&fr);
    ck_plot_shade((const PLFLT *const *)f->z[q], (int)a->n, (int)b->n, a->v, b->v, f->levels,
                  NLEVEL);
    ck_plot_frame_close(&fr);
    plmtex("l", 6.5, 0.5, 0.5, f->name[f->pair_j[q]]);
  }
  ck_plot_colorbar(0.85, 0.87, 0.12, top, f->levels, NLEVEL,
                   f->log_objective ? "log#d10#u objective" : "objective");
}

static void grid_free(grid_fig *f) {
  for (size_t j = 0; j < MAX_PARAMS; j++) {
    free(f->axis[j].v);
  }
  for (size_t q = 0; q < f->n_pairs; q++) {
    free(f->z[q]);
  }
  free(f);
}

/* Parameters with at least two distinct values become axes; pairs of them panels. */
static ck_status choose_pairs(ck_ctx *ctx, grid_fig *f, const char *const *names) {
  size_t varying[MAX_PARAMS], nv = 0;
  for (size_t j = 0; j < f->n_params; j++) {
    if (f->axis[j].n >= 2) {
      varying[nv++] = j;
    }
    ck_plot_escape(f->name[j], sizeof f->name[j], names[j]);
  }
  if (nv < 2) {
    CK_FAIL(ctx, CK_ERR_INPUT, "grid plot: fewer than two parameters take more than one value");
  }
  for (size_t a = 0; a < nv; a++) {
    for (size_t b = a + 1; b < nv; b++) {
      f->pair_i[f->n_pairs] = varying[a];
      f->pair_j[f->n_pairs++] = varying[b];
    }
  }
  return CK_OK;
}

ck_status ck_plot_draw_grid(ck_ctx *ctx, const ck_plot_options *opt, size_t n_points,
                            size_t n_params, const char *const *names, const double *value,
                            const double *objective) {
  if (n_params > MAX_PARAMS || n_points == 0) {
    CK_FAIL(ctx, CK_ERR_INPUT, "grid plot: needs 1 to %d parameters and at least one point",
            MAX_PARAMS);
  }
  grid_fig *f = ck_calloc(ctx, 1, sizeof *f);
  if (f == NULL) {
    return CK_ERR_NOMEM;
  }
  f->n_params = n_params;
  ck_status st = CK_OK;
  for (size_t j = 0; j < n_params && st == CK_OK; j++) {
    st = build_axis(ctx, &f->axis[j], n_points, n_params, j, value);
  }
  st = st == CK_OK ? choose_pairs(ctx, f, names) : st;
  st = st == CK_OK ? fill_pairs(ctx, f, n_points, value, objective) : st;
  if (st == CK_OK) {
    st = ck_plot_run(ctx, opt, "objective landscape: minimum over the other parameters", draw_grid,
                     f);
  }
  grid_free(f);
  return st;
}

/* ---- profiles ------------------------------------------------------------ */

typedef struct profile_fig {
  size_t n_params;
  const char *name[MAX_PARAMS];
  char label[MAX_PARAMS][PLOT_TEXT_MAX / 4];
  size_t start[MAX_PARAMS + 1]; /* points of parameter k: x[start[k] .. start[k+1]) */
  double *x, *y;                /* log10 value, objective; sorted within each parameter */
} profile_fig;

static void draw_profiles(const plot_page *page, void *arg) {
  const profile_fig *f = arg;
  ck_plot_page_title(page);
  size_t cols = f->n_params < 3 ? f->n_params : 3, rows = (f->n_params + cols - 1) / cols;
  double top = page->title[0] != '\0' ? 0.86 : 0.93, cw = 0.88 / cols, rh = (top - 0.04) / rows;
  for (size_t k = 0; k < f->n_params; k++) {
    size_t r = k / cols, c = k % cols, a = f->start[k], n = f->start[k + 1] - a;
    double xlo, xhi, ylo, yhi;
    if (!ck_plot_range(n, f->x + a, 0.03, &xlo, &xhi) ||
        !ck_plot_range(n, f->y + a, 0.08, &ylo, &yhi)) {
      continue;
    }
    plot_frame fr = {0.06 + c * cw + 0.07,
                     0.06 + (c + 1) * cw - 0.01,
                     top - (r + 1) * rh + 0.1,
                     top - r * rh,
                     xlo,
                     xhi,
                     ylo,
                     yhi,
                     "bclnst",
                     "bcnstv",
                     f->label[k],
                     "objective",
                     NULL};
    ck_plot_frame_open(&fr);
    ck_plot_series_line(0);
    pllsty(1);
    ck_plot_polyline(n, f->x + a, f->y + a);
    ck_plot_markers(n, f->x + a, f->y + a, ck_plot_series_marker(0));
    ck_plot_frame_close(&fr);
  }
}

typedef struct profile_point {
  size_t group;
  double x, y;
} profile_point;

static int compare_point(const void *a, const void *b) {
  const profile_point *p = a, *q = b;
  if (p->group != q->group) {
    return p->group < q->group ? -1 : 1;
  }
  return p->x < q->x ? -1 : p->x > q->x;
}

static ck_status group_points(ck_ctx *ctx, profile_fig *f, size_t n, const char *const *parameter,
                              const double *value, const double *objective, profile_point *pts) {
  for (size_t i = 0; i < n; i++) {
    size_t g = 0;
    while (g < f->n_params && strcmp(f->name[g], parameter[i]) != 0) {
      g++;
    }
    if (g == f->n_params) {
      if (f->n_params == MAX_PARAMS) {
        CK_FAIL(ctx, CK_ERR_INPUT, "profile plot: more than %d parameters", MAX_PARAMS);
      }
      f->name[f->n_params++] = parameter[i];
    }
    if (!(value[i] > 0.0)) {
      CK_FAIL(ctx, CK_ERR_INPUT, "profile plot: %s value %g is not > 0 (row %zu)", parameter[i],
              value[i], i + 1);
    }
    pts[i] = (profile_point){g, log10(value[i]), objective[i]};
  }
  qsort(pts, n, sizeof *pts, compare_point);
  for (size_t i = 0; i < n; i++) {
    f->x[i] = pts[i].x, f->y[i] = pts[i].y;
    f->start[pts[i].group + 1] = i + 1;
  }
  for (size_t k = 0; k < f->n_params; k++) {
    ck_plot_escape(f->label[k], sizeof f->label[k], f->name[k]);
  }
  return CK_OK;
}

ck_status ck_plot_draw_profiles(ck_ctx *ctx, const ck_plot_options *opt, size_t n,
                                const char *const *parameter, const double *value,
                                const double *objective) {
  profile_fig *f = ck_calloc(ctx, 1, sizeof *f);
  profile_point *pts = ck_calloc(ctx, n, sizeof *pts);
  ck_status st = CK_ERR_NOMEM;
  if (f != NULL && pts != NULL && (f->x = ck_calloc(ctx, n, sizeof *f->x)) != NULL &&
      (f->y = ck_calloc(ctx, n, sizeof *f->y)) != NULL) {
    st = group_points(ctx, f, n, parameter, value, objective, pts);
  }
  if (st == CK_OK) {
    st = ck_plot_run(ctx, opt, "objective profiles", draw_profiles, f);
  }
  if (f != NULL) {
    free(f->x);
    free(f->y);
  }
  free(f);
  free(pts);
  return st;
}
