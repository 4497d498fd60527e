/* SPDX-License-Identifier: MIT */
/* Mixing ratios (a concentration-dependent series, MODEL.md section 5) and
 * the monomer distribution a ratio scan reports. */
#include <string.h>

#include "clusterkin/ck_simulate.h"
#include "equilibrium/equilibrium_impl.h"

static const ck_cluster *find_cluster(const ck_model *model, const char *name) {
  for (int i = 0; i < model->n_clusters; i++) {
    if (strcmp(model->clusters[i].name, name) == 0) {
      return model->clusters + i;
    }
  }
  return NULL;
}

static ck_status set_cluster(ck_ctx *ctx, const ck_network *net, const ck_cluster *c, double c_nM,
                             double *y0) {
  int sub[1][CK_MAX_METALS];
  memcpy(sub[0], c->metal_count, sizeof sub[0]);
  size_t s;
  /* by family: two families may share a nuclearity (MODEL.md section 3) */
  if (ck_network_find_family_species(net, 1, &c->family, (const int(*)[CK_MAX_METALS])sub, &s) !=
      CK_OK) {
    CK_FAIL(ctx, CK_ERR_INPUT, "cluster '%s' is not a species of this network", c->name);
  }
  /* The model's own amount of this cluster is replaced, anything else kept. */
  y0[s] += c_nM - c->concentration_nM;
  return CK_OK;
}

ck_status ck_equilibrium_mixture(ck_ctx *ctx, const ck_model *model, const ck_network *net,
                                 const char *a, const char *b, double ratio_a, double ratio_b,
                                 double total_nM, double *y0_nM) {
  const ck_cluster *ca = find_cluster(model, a), *cb = find_cluster(model, b);
  if (ca == NULL || cb == NULL) {
    CK_FAIL(ctx, CK_ERR_INPUT, "no cluster named '%s' in the model", ca == NULL ? a : b);
  }
  if (ca == cb) {
    CK_FAIL(ctx, CK_ERR_INPUT, "a mixing ratio needs two different clusters ('%s' twice)", a);
  }
  if (!(ratio_a >= 0.0) || !(ratio_b >= 0.0) || !(ratio_a + ratio_b > 0.0)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "mixing ratio %g:%g: parts must be >= 0, not both 0", ratio_a,
            ratio_b);
  }
  if (!(total_nM > 0.0)) {
    total_nM = ca->concentration_nM + cb->concentration_nM;
  }
  ck_status st = ck_model_initial_state(ctx, model, net, y0_nM);
  if (st != CK_OK) {
    return st;
  }
  double fa = ratio_a / (ratio_a + ratio_b);
  st = set_cluster(ctx, net, ca, total_nM * fa, y0_nM);
  return st != CK_OK ? st : set_cluster(ctx, net, cb, total_nM * (1.0 - fa), y0_nM);
}

void ck_equilibrium_monomer_percent(const ck_equilibrium *eq, const ck_network *net,
                                    double *percent, double *mean_atoms) {
  int nx;
  const int *counts = ck_network_metal_counts(net, &nx);
  double sum = 0.0;
  for (size_t i = 0; i < eq->n_monomers; i++) {
    sum += eq->y_nM[i];
  }
  for (int x = 0; x < nx; x++) {
    mean_atoms[x] = 0.0;
  }
  for (size_t i = 0; i < eq->n_monomers; i++) {
    double w = sum > 0.0 ? eq->y_nM[i] / sum : 0.0;
    percent[i] = 100.0 * w;
    for (int x = 0; x < nx; x++) {
      mean_atoms[x] += w * counts[i * (size_t)nx + (size_t)x];
    }
  }
}
