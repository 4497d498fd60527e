/* SPDX-License-Identifier: MIT */
/* Synthetic measurement noise for recovery studies (issue 3, part 6).
 *
 * Noise models, applied to every value of a channel series independently:
 *   lognormal:s  v -> v exp(s z)   multiplicative; the median stays v, and
 *                                  log(v_noisy) - log(v) is N(0, s^2): the
 *                                  noise the `log` weighting of the fit expects
 *   normal:s     v -> v + s z      additive, s in the series' unit (a fraction
 *                                  of the total signal, or nM)
 * with z standard normal. The generator is xoshiro256** seeded through
 * splitmix64 and Box-Muller normals, so a seed gives the same numbers on
 * every machine with IEEE doubles and a correctly rounded libm. Rows are not
 * renormalised afterwards: noisy total-ion fractions need not sum to 1 (the
 * fit renormalises data rows itself). */
#ifndef CK_NOISE_H
#define CK_NOISE_H

#include <stdint.h>

#include "ck_error.h"
#include "ck_export.h"
#include "ck_simulate.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ck_noise_kind { CK_NOISE_LOGNORMAL = 0, CK_NOISE_NORMAL } ck_noise_kind;

typedef struct ck_noise {
  ck_noise_kind kind;
  double sigma; /* >= 0: log-scale sd (lognormal) or absolute sd (normal) */
} ck_noise;

/* Parses "lognormal:0.05" or "normal:1e-3". CK_ERR_INPUT with a message otherwise. */
CK_API ck_status ck_noise_parse(ck_ctx *ctx, const char *text, ck_noise *out);

/* Adds noise to every value of series (t_max is left as simulated). */
CK_API void ck_series_add_noise(ck_series *series, const ck_noise *noise, uint64_t seed);

#ifdef __cplusplus
}
#endif
#endif /* CK_NOISE_H */
