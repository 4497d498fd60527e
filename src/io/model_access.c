/* SPDX-License-Identifier: MIT */
/* Read access to a model's name and clusters through functions, for callers
 * that do not mirror struct ck_model (the Python binding, over ctypes): a
 * field added to the struct later cannot silently shift what they read. */
#include <math.h>

#include "clusterkin/ck_model.h"

const char *ck_model_name(const ck_model *model) {
  return model != NULL ? model->name : NULL;
}

const char *ck_model_source(const ck_model *model) {
  return model != NULL ? model->source : NULL;
}

int ck_model_cluster_count(const ck_model *model) {
  return model != NULL ? model->n_clusters : 0;
}

static const ck_cluster *cluster_at(const ck_model *model, int i) {
  if (model == NULL || i < 0 || i >= model->n_clusters) {
    return NULL;
  }
  return model->clusters + i;
}

const char *ck_model_cluster_name(const ck_model *model, int i) {
  const ck_cluster *c = cluster_at(model, i);
  return c != NULL ? c->name : NULL;
}

const char *ck_model_cluster_formula(const ck_model *model, int i) {
  const ck_cluster *c = cluster_at(model, i);
  return c != NULL ? c->formula : NULL;
}

double ck_model_cluster_concentration_nM(const ck_model *model, int i) {
  const ck_cluster *c = cluster_at(model, i);
  return c != NULL ? c->concentration_nM : NAN;
}

int ck_model_has_fit(const ck_model *model) {
  return model != NULL && model->fit != NULL;
}
