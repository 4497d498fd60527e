/* SPDX-License-Identifier: MIT */
/* One mzML binary array from base64 text to doubles, with every declared length checked;
 * a scan's points put in ascending m/z. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spectra/mzml_impl.h"

/* A deflate stream expands at most ~1032-fold; a declared length beyond that
 * cannot be right and is refused before allocating for it. */
#define DEFLATE_MAX_RATIO 1100

void ck_mzml_scratch_free(ck_mzml_scratch *s) {
  free(s->decoded);
  free(s->raw);
  memset(s, 0, sizeof *s);
}

static int reserve(uint8_t **buf, size_t *cap, size_t n) {
  if (*cap >= n && *buf != NULL) {
    return 1;
  }
  uint8_t *p = realloc(*buf, n > 0 ? n : 1);
  if (p == NULL) {
    return 0;
  }
  *buf = p;
  *cap = n;
  return 1;
}

/* mzML arrays are little-endian IEEE 754 whatever the host; assembling the
 * bytes compiles to a plain load on little-endian machines. */
static double load_f64(const uint8_t *p) {
  uint64_t u = 0;
  for (int k = 7; k >= 0; k--) {
    u = u << 8 | p[k];
  }
  double d;
  memcpy(&d, &u, sizeof d);
  return d;
}

static double load_f32(const uint8_t *p) {
  uint32_t u = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
  float f;
  memcpy(&f, &u, sizeof f);
  return f;
}

static ck_status base64_stage(const char *text, size_t len, const ck_mzml_array_spec *spec,
                              ck_mzml_scratch *s, size_t *n_bytes, char *msg, size_t msg_size) {
  if (!reserve(&s->decoded, &s->decoded_cap, len / 4 * 3 + 3)) {
    snprintf(msg, msg_size, "out of memory decoding %zu base64 characters", len);
    return CK_ERR_NOMEM;
  }
  size_t chars = 0, where = 0;
  ck_base64_result b = ck_base64_decode(text, len, s->decoded, n_bytes, &chars, &where);
  if (b == CK_BASE64_BAD_CHAR) {
    snprintf(msg, msg_size, "bad base64: character 0x%02x at offset %zu of the array",
             (unsigned char)text[where], where);
    return CK_ERR_INPUT;
  }
  if (b == CK_BASE64_BAD_LENGTH) {
    snprintf(msg, msg_size, "bad base64: padding or length wrong near offset %zu of the array",
             where);
    return CK_ERR_INPUT;
  }
  if (spec->encoded_chars >= 0 && (size_t)spec->encoded_chars != chars) {
    snprintf(msg, msg_size, "encodedLength is %lld but the array has %zu base64 characters",
             spec->encoded_chars, chars);
    return CK_ERR_INPUT;
  }
  return CK_OK;
}

/* Leaves the array's raw little-endian bytes (n_values * width) in *raw. */
static ck_status raw_stage(const ck_mzml_array_spec *spec, ck_mzml_scratch *s, size_t n_bytes,
                           const uint8_t **raw, char *msg, size_t msg_size) {
  if (spec->n_values > SIZE_MAX / 8) {
    snprintf(msg, msg_size, "declared array length %zu is impossible", spec->n_values);
    return CK_ERR_INPUT;
  }
  size_t want = spec->n_values * (size_t)spec->width_bytes;
  if (!spec->zlib) {
    if (n_bytes != want) {
      snprintf(msg, msg_size,
               "length mismatch: declared %zu values (%zu bytes) but the array holds %zu bytes",
               spec->n_values, want, n_bytes);
      return CK_ERR_INPUT;
    }
    *raw = s->decoded;
    return CK_OK;
  }
  if (n_bytes > 0 && want / DEFLATE_MAX_RATIO > n_bytes) {
    snprintf(msg, msg_size,
             "length mismatch: declared %zu values (%zu bytes) cannot come from %zu zlib bytes",
             spec->n_values, want, n_bytes);
    return CK_ERR_INPUT;
  }
  if (!reserve(&s->raw, &s->raw_cap, want)) {
    snprintf(msg, msg_size, "out of memory inflating %zu bytes", want);
    return CK_ERR_NOMEM;
  }
  size_t got = 0;
  const char *detail = "";
  switch (ck_zlib_inflate_exact(s->decoded, n_bytes, s->raw, want, &got, &detail)) {
    case CK_INFLATE_OK:
      *raw = s->raw;
      return CK_OK;
    case CK_INFLATE_LONGER:
      snprintf(msg, msg_size,
               "length mismatch: declared %zu values (%zu bytes) but zlib data inflates to more",
               spec->n_values, want);
      return CK_ERR_INPUT;
    case CK_INFLATE_SHORTER:
      snprintf(msg, msg_size,
               "length mismatch: declared %zu values (%zu bytes) but zlib data inflates to %zu",
               spec->n_values, want, got);
      return CK_ERR_INPUT;
    case CK_INFLATE_NOMEM:
      snprintf(msg, msg_size, "out of memory in zlib");
      return CK_ERR_NOMEM;
    case CK_INFLATE_CORRUPT:
      break;
  }
  snprintf(msg, msg_size, "zlib decompression failed: %s", detail);
  return CK_ERR_INPUT;
}

ck_status ck_mzml_decode_array(const char *text, size_t len, const ck_mzml_array_spec *spec,
                               ck_mzml_scratch *s, double **values, char *msg, size_t msg_size) {
  *values = NULL;
  size_t n_bytes = 0;
  ck_status st = base64_stage(text, len, spec, s, &n_bytes, msg, msg_size);
  const uint8_t *raw = NULL;
  if (st == CK_OK) {
    st = raw_stage(spec, s, n_bytes, &raw, msg, msg_size);
  }
  if (st != CK_OK) {
    return st;
  }
  double *v = malloc((spec->n_values > 0 ? spec->n_values : 1) * sizeof *v);
  if (v == NULL) {
    snprintf(msg, msg_size, "out of memory for %zu values", spec->n_values);
    return CK_ERR_NOMEM;
  }
  if (spec->width_bytes == 8) {
    for (size_t i = 0; i < spec->n_values; i++) {
      v[i] = load_f64(raw + 8 * i);
    }
  } else {
    for (size_t i = 0; i < spec->n_values; i++) {
      v[i] = load_f32(raw + 4 * i);
    }
  }
  *values = v;
  return CK_OK;
}

typedef struct point {
  double mz, intensity;
} point;

static int compare_mz(const void *a, const void *b) {
  double x = ((const point *)a)->mz, y = ((const point *)b)->mz;
  return (x > y) - (x < y);
}

ck_status ck_mzml_order_points(double *mz, double *intensity, size_t n, char *msg,
                               size_t msg_size) {
  int sorted = 1;
  for (size_t i = 0; i < n; i++) {
    if (!isfinite(mz[i]) || !isfinite(intensity[i])) {
      snprintf(msg, msg_size, "point %zu is not finite (m/z %g, intensity %g)", i, mz[i],
               intensity[i]);
      return CK_ERR_INPUT;
    }
    sorted &= i == 0 || mz[i] > mz[i - 1];
  }
  if (!sorted) {
    point *p = malloc(n * sizeof *p);
    if (p == NULL) {
      snprintf(msg, msg_size, "out of memory sorting %zu points", n);
      return CK_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
      p[i] = (point){mz[i], intensity[i]};
    }
    qsort(p, n, sizeof *p, compare_mz);
    for (size_t i = 0; i < n; i++) {
      mz[i] = p[i].mz;
      intensity[i] = p[i].intensity;
    }
    free(p);
  }
  /* Repeated m/z would be two intensities for one abscissa: refuse rather
   * than merge or drop one without saying so. */
  for (size_t i = 1; i < n; i++) {
    if (mz[i] == mz[i - 1]) {
      snprintf(msg, msg_size, "m/z %.10g appears twice", mz[i]);
      return CK_ERR_INPUT;
    }
  }
  return CK_OK;
}
