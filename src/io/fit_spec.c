/* SPDX-License-Identifier: MIT */
/* The fit block as data: log-spaced grid values, grid size, release (MODEL.md section 8). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "clusterkin/ck_fit_spec.h"

double ck_fit_param_grid_value(const ck_fit_param *p, int i) {
  if (p == NULL || i < 0 || i >= p->points) {
    return NAN;
  }
  if (p->points == 1) {
    return p->min == p->max ? p->min : sqrt(p->min * p->max);
  }
  /* The ends exactly as written, so a 1e-4..1 grid holds 1e-4 and 1 bit for bit. */
  if (i == 0) {
    return p->min;
  }
  if (i == p->points - 1) {
    return p->max;
  }
  double lo = log10(p->min), hi = log10(p->max);
  return pow(10.0, lo + (hi - lo) * i / (p->points - 1));
}

size_t ck_fit_spec_grid_size(const ck_fit_spec *spec) {
  size_t n = 1;
  for (int k = 0; spec != NULL && k < spec->n_params; k++) {
    size_t points = spec->params[k].points > 0 ? (size_t)spec->params[k].points : 0;
    if (points != 0 && n > SIZE_MAX / points) {
      return SIZE_MAX; /* a hand-built spec beyond any grid one could run */
    }
    n *= points;
  }
  return n;
}

static void dataset_free(ck_fit_dataset *ds) {
  free(ds->data);
  free(ds->path);
  free(ds->concentration_nM);
  for (int i = 0; i < ds->n_initial; i++) {
    free(ds->initial[i].label);
  }
  free(ds->initial);
}

void ck_fit_spec_free(ck_fit_spec *spec) {
  if (spec == NULL) {
    return;
  }
  for (int d = 0; d < spec->n_datasets; d++) {
    dataset_free(&spec->datasets[d]);
  }
  free(spec->datasets);
  for (int i = 0; spec->params != NULL && i < spec->n_params; i++) {
    free(spec->params[i].own_name);
  }
  free(spec->params);
  free(spec->ratios);
  free(spec);
}
