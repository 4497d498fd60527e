/* SPDX-License-Identifier: MIT */
/* Site classes and the composition weight Z(x) (MODEL.md section 5, ck_sites.h). */
#include <math.h>
#include <stdlib.h>

#include "clusterkin/ck_sites.h"
#include "core/core_impl.h"

ck_sites *ck_sites_create(ck_ctx *ctx) {
  ck_sites *s = ck_calloc(ctx, 1, sizeof *s);
  if (s != NULL) {
    s->temperature_K = 298.15;
  }
  return s;
}

void ck_sites_free(ck_sites *sites) {
  free(sites);
}

ck_status ck_sites_check(ck_ctx *ctx, const ck_sites *sites, int nuclearity) {
  if (sites->n_classes < 1 || sites->n_classes > CK_MAX_SITE_CLASSES) {
    CK_FAIL(ctx, CK_ERR_INPUT, "sites: declare 1 to %d site classes, not %d", CK_MAX_SITE_CLASSES,
            sites->n_classes);
  }
  if (!(sites->temperature_K > 0.0) || !isfinite(sites->temperature_K)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "sites: the temperature must be above 0 K");
  }
  int total = 0;
  for (int j = 0; j < sites->n_classes; j++) {
    if (sites->classes[j].capacity < 1) {
      CK_FAIL(ctx, CK_ERR_INPUT, "sites: class '%s' needs a capacity of at least 1",
              sites->classes[j].name);
    }
    total += sites->classes[j].capacity;
  }
  if (total != nuclearity) {
    CK_FAIL(ctx, CK_ERR_INPUT,
            "sites: the capacities sum to %d but the clusters have %d exchangeable atoms", total,
            nuclearity);
  }
  return CK_OK;
}

double ck_sites_relative_kT(const ck_sites *sites, int j, int m) {
  const double *e = sites->classes[j].energy_J_per_mol, *e0 = sites->classes[0].energy_J_per_mol;
  double rel = (e[m] - e[0]) - (e0[m] - e0[0]);
  return rel / (CK_GAS_CONSTANT_J_PER_MOL_K * sites->temperature_K);
}

int ck_sites_uniform(const ck_sites *sites, int n_metals) {
  for (int j = 1; j < sites->n_classes; j++) {
    for (int m = 1; m < n_metals; m++) {
      if (ck_sites_relative_kT(sites, j, m) != 0.0) {
        return 0;
      }
    }
  }
  return 1;
}

/* Depth-first walk over occupations: class j, metal m, with `left` sites of
 * class j still to fill and remain[] atoms of each metal not yet placed.
 * Terms are summed as max * sum exp(t - max) so strong preferences (tens of
 * RT per atom) neither overflow nor lose the small terms' precision. */
typedef struct walk {
  const ck_sites *sites;
  int n_metals;
  double eps[CK_MAX_SITE_CLASSES][CK_MAX_METALS]; /* relative energies / RT */
  int remain[CK_MAX_METALS];
  double max, sum;
} walk;

static void add_term(walk *w, double t) {
  if (w->sum == 0.0) {
    w->max = t, w->sum = 1.0;
  } else if (t > w->max) {
    w->sum = w->sum * exp(w->max - t) + 1.0;
    w->max = t;
  } else {
    w->sum += exp(t - w->max);
  }
}

static void visit(walk *w, int j, int m, int left, double t) {
  const ck_sites *s = w->sites;
  if (j == s->n_classes) {
    add_term(w, t);
    return;
  }
  if (m == w->n_metals - 1) { /* the class's last metal takes the rest */
    if (left > w->remain[m]) {
      return;
    }
    w->remain[m] -= left;
    double tt = t - lgamma(left + 1.0) - w->eps[j][m] * left;
    int next = j + 1 < s->n_classes ? s->classes[j + 1].capacity : 0;
    double open = j + 1 < s->n_classes ? lgamma(next + 1.0) : 0.0;
    visit(w, j + 1, 0, next, tt + open);
    w->remain[m] += left;
    return;
  }
  int most = left < w->remain[m] ? left : w->remain[m];
  for (int k = 0; k <= most; k++) {
    w->remain[m] -= k;
    visit(w, j, m + 1, left - k, t - lgamma(k + 1.0) - w->eps[j][m] * k);
    w->remain[m] += k;
  }
}

double ck_sites_log_weight(const ck_sites *sites, int n_metals, const int *x) {
  walk w = {.sites = sites, .n_metals = n_metals, .max = 0.0, .sum = 0.0};
  for (int j = 0; j < sites->n_classes; j++) {
    for (int m = 0; m < n_metals; m++) {
      w.eps[j][m] = ck_sites_relative_kT(sites, j, m);
    }
  }
  for (int m = 0; m < n_metals; m++) {
    w.remain[m] = x[m];
  }
  int c0 = sites->classes[0].capacity;
  visit(&w, 0, 0, c0, lgamma(c0 + 1.0));
  return w.sum > 0.0 ? w.max + log(w.sum) : -INFINITY;
}

double ck_sites_log_excess(const ck_sites *sites, int n_metals, const int *x) {
  int n = 0;
  double log_multinomial = 0.0;
  for (int m = 0; m < n_metals; m++) {
    n += x[m];
    log_multinomial -= lgamma(x[m] + 1.0);
  }
  log_multinomial += lgamma(n + 1.0);
  return ck_sites_log_weight(sites, n_metals, x) - log_multinomial;
}
