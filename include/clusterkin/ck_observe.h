/* SPDX-License-Identifier: MIT */
/* Mass-spectrometry observables: channels by metal sum formula and charge, t_max.
 *
 * MODEL.md section 2 "Observables" and section 8 "Channel CSV": a channel is a
 * metal composition and a charge. Every monomer composition is one channel
 * ("[Ag13Au12]1-"); every dimer isomer counts once towards the channel of its
 * summed composition ("[Ag25Au25]2-" collects all 13 isomers with m + n = 25).
 * Channels are ordered monomers first, each group in decreasing lexicographic
 * order over the model's metals. Labels are borrowed from the ck_channels. */
#ifndef CK_OBSERVE_H
#define CK_OBSERVE_H

#include <stddef.h>

#include "ck_error.h"
#include "ck_export.h"
#include "ck_model.h"
#include "ck_network.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ck_channels ck_channels;

CK_API ck_channels *ck_channels_create(ck_ctx *ctx, const ck_network *net);
CK_API void ck_channels_free(ck_channels *ch);
CK_API size_t ck_channels_count(const ck_channels *ch);
/* "[Ag25Au0]1-": every metal in model order, then |charge| and its sign;
 * shorter than CK_CHANNEL_LABEL_MAX bytes (longer formulas are cut there). */
#define CK_CHANNEL_LABEL_MAX 128
CK_API const char *ck_channels_label(const ck_channels *ch, size_t channel);
/* Channel intensities from one state (nM per species): out[channel], in nM
 * (CK_NORMALIZE_NONE) or as fractions of their sum (CK_NORMALIZE_TOTAL_ION). */
CK_API void ck_channels_compute(const ck_channels *ch, const double *y, ck_normalize normalize,
                                double *out);

/* Time of a channel's maximum. at_edge: 1 on the first or last output time,
 * 0 inside (parabolic refinement through the three points around the
 * maximum), -1 undefined (never above 1e-9 of the total signal; t_max_s NaN). */
typedef struct ck_tmax {
  double t_max_s;
  int at_edge;
} ck_tmax;

#define CK_TMAX_MIN_FRACTION 1e-9

/* series[k * n_channels + c] at times t_s[k]; out[c] for every channel. */
CK_API ck_status ck_tmax_compute(ck_ctx *ctx, const double *t_s, size_t n_times, const double *series,
                            size_t n_channels, ck_tmax *out);

#ifdef __cplusplus
}
#endif
#endif /* CK_OBSERVE_H */
