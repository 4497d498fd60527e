/* SPDX-License-Identifier: MIT */
/* Synthetic noise on channel series (see ck_noise.h): xoshiro256** + Box-Muller. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkin/ck_noise.h"
#include "core/core_impl.h"

typedef struct rng {
  uint64_t s[4];
  int has_spare;
  double spare;
} rng;

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

static uint64_t next_u64(rng *r) {
  uint64_t *s = r->s, result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
  s[2] ^= s[0], s[3] ^= s[1], s[1] ^= s[2], s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

/* Uniform in (0, 1): 53 random bits, never 0 (log is taken of it). */
static double uniform(rng *r) {
  return ((double)(next_u64(r) >> 11) + 0.5) * 0x1.0p-53;
}

static double standard_normal(rng *r) {
  if (r->has_spare) {
    r->has_spare = 0;
    return r->spare;
  }
  double radius = sqrt(-2.0 * log(uniform(r))), angle = 6.283185307179586 * uniform(r); /* 2 pi */
  r->spare = radius * sin(angle), r->has_spare = 1;
  return radius * cos(angle);
}

static void rng_seed(rng *r, uint64_t seed) {
  memset(r, 0, sizeof *r);
  for (int i = 0; i < 4; i++) {
    r->s[i] = splitmix64(&seed);
  }
}

ck_status ck_noise_parse(ck_ctx *ctx, const char *text, ck_noise *out) {
  const char *colon = strchr(text, ':');
  size_t name_len = colon != NULL ? (size_t)(colon - text) : strlen(text);
  if (name_len == 9 && strncmp(text, "lognormal", 9) == 0) {
    out->kind = CK_NOISE_LOGNORMAL;
  } else if (name_len == 6 && strncmp(text, "normal", 6) == 0) {
    out->kind = CK_NOISE_NORMAL;
  } else {
    CK_FAIL(ctx, CK_ERR_INPUT, "noise \"%s\": want lognormal:SIGMA or normal:SIGMA", text);
  }
  char *end = NULL;
  out->sigma = colon != NULL ? strtod(colon + 1, &end) : NAN;
  if (colon == NULL || end == colon + 1 || *end != '\0' || !(out->sigma >= 0.0) ||
      !isfinite(out->sigma)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "noise \"%s\": SIGMA must be a number >= 0", text);
  }
  return CK_OK;
}

void ck_series_add_noise(ck_series *series, const ck_noise *noise, uint64_t seed) {
  rng r;
  rng_seed(&r, seed);
  size_t cells = series->n_times * series->n_channels;
  for (size_t i = 0; i < cells; i++) {
    double z = standard_normal(&r);
    if (noise->kind == CK_NOISE_LOGNORMAL) {
      series->value[i] *= exp(noise->sigma * z);
    } else {
      series->value[i] += noise->sigma * z;
    }
  }
}
