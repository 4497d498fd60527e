/* SPDX-License-Identifier: MIT */
/* State at mixing with other cluster concentrations than the model file's:
 * what a scripted scan of mixing ratios needs (the Python binding). */
#include <float.h>
#include <stdlib.h>

#include "observe/initial_state.h"

ck_status ck_initial_state_override(ck_ctx *ctx, const ck_model *model, const ck_network *net,
                                    const double *cluster_nM, int n_initial, ck_initial *initial,
                                    double *y0) {
  /* A shallow copy whose cluster array is our own: the model stays untouched. */
  ck_model m = *model;
  ck_cluster *clusters = ck_calloc(ctx, (size_t)model->n_clusters + 1, sizeof *clusters);
  if (clusters == NULL) {
    return CK_ERR_NOMEM;
  }
  for (int i = 0; i < model->n_clusters; i++) {
    clusters[i] = model->clusters[i];
    clusters[i].concentration_nM = cluster_nM[i];
  }
  m.clusters = clusters;
  m.n_initial = n_initial;
  m.initial = initial;
  ck_status st = ck_model_initial_state(ctx, &m, net, y0);
  free(clusters);
  return st;
}

ck_status ck_model_initial_state_with(ck_ctx *ctx, const ck_model *model, const ck_network *net,
                                      const double *cluster_nM, double *y0) {
  if (cluster_nM == NULL) {
    return ck_model_initial_state(ctx, model, net, y0);
  }
  for (int i = 0; i < model->n_clusters; i++) {
    if (!(cluster_nM[i] >= 0.0 && cluster_nM[i] <= DBL_MAX)) {
      CK_FAIL(ctx, CK_ERR_ARG, "concentration of cluster %s must be finite and >= 0 nM, not %g",
              model->clusters[i].name, cluster_nM[i]);
    }
  }
  return ck_initial_state_override(ctx, model, net, cluster_nM, model->n_initial, model->initial,
                                   y0);
}
