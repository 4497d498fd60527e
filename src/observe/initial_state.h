/* SPDX-License-Identifier: MIT */
/* The state at mixing of a model with other concentrations than its file's. */
#ifndef CK_INITIAL_STATE_H
#define CK_INITIAL_STATE_H

#include "clusterkin/ck_simulate.h"
#include "core/core_impl.h"

/* ck_model_initial_state of model with cluster_nM[i] for cluster i and the
 * initial species initial[0..n_initial) instead of the model's (a fit
 * dataset's conditions); the model itself stays untouched. */
CK_INTERNAL ck_status ck_initial_state_override(ck_ctx *ctx, const ck_model *model,
                                                const ck_network *net, const double *cluster_nM,
                                                int n_initial, ck_initial *initial, double *y0);

#endif /* CK_INITIAL_STATE_H */
