/* SPDX-License-Identifier: MIT */
/* One simulation as a chemist runs it: initial state, time grid, channel series.
 *
 * Times in a ck_series are experimental times (s after the first
 * measurement); the model time is that plus the dead time (MODEL.md section 2).
 * A ck_series owns its arrays; ck_series_free releases them. */
#ifndef CK_SIMULATE_H
#define CK_SIMULATE_H

#include <stddef.h>

#include "ck_error.h"
#include "ck_export.h"
#include "ck_model.h"
#include "ck_network.h"
#include "ck_observe.h"
#include "ck_solver.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ck_series {
  size_t n_times, n_channels;
  double *time_s;       /* experimental time of each row */
  double *value;        /* value[k * n_channels + c]: fraction or nM (see normalize) */
  ck_normalize normalize;
  ck_tmax *tmax;        /* per channel, in experimental time */
} ck_series;

/* State at mixing (nM per species): each cluster's monomer concentration plus
 * the model's `initial:` species. */
CK_API ck_status ck_model_initial_state(ck_ctx *ctx, const ck_model *model,
                                        const ck_network *net, double *y0);

/* Number of output rows for end and step: 0, step, ..., end (inclusive within 1e-9 step). */
CK_API size_t ck_simulate_output_count(const ck_simulate_options *opt);

/* Runs the model on net with solver and returns channel series and t_max. */
CK_API ck_series *ck_simulate_series(ck_ctx *ctx, const ck_model *model, ck_solver *solver,
                                     const ck_network *net, const ck_channels *ch);
/* As ck_simulate_series, but starting from y0_nM (one value per species, nM,
 * the state at mixing) instead of the model's clusters and initial species;
 * y0_nM NULL is ck_simulate_series. */
CK_API ck_series *ck_simulate_series_from(ck_ctx *ctx, const ck_model *model, ck_solver *solver,
                                          const ck_network *net, const ck_channels *ch,
                                          const double *y0_nM);
CK_API void ck_series_free(ck_series *series);

/* State at mixing as ck_model_initial_state, but cluster i of the model
 * (ck_model order) at cluster_nM[i] instead of its clusters: concentration;
 * the model's initial: species are added as usual. */
CK_API ck_status ck_model_initial_state_with(ck_ctx *ctx, const ck_model *model,
                                             const ck_network *net, const double *cluster_nM,
                                             double *y0);

#ifdef __cplusplus
}
#endif
#endif /* CK_SIMULATE_H */
