/* SPDX-License-Identifier: MIT */
/* Base64 (RFC 4648) for mzML's binary arrays: table-driven, whitespace-tolerant decoding. */
#include "spectra/mzml_impl.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t ck_base64_encode(const uint8_t *in, size_t n, char *out) {
  char *o = out;
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
    *o++ = alphabet[v >> 18];
    *o++ = alphabet[(v >> 12) & 63];
    *o++ = alphabet[(v >> 6) & 63];
    *o++ = alphabet[v & 63];
  }
  if (i < n) {
    uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0);
    *o++ = alphabet[v >> 18];
    *o++ = alphabet[(v >> 12) & 63];
    *o++ = i + 1 < n ? alphabet[(v >> 6) & 63] : '=';
    *o++ = '=';
  }
  return (size_t)(o - out);
}

/* Decoding table: 0..63 for the alphabet, WS for XML whitespace, PAD for '=',
 * BAD for anything else. */
enum { BAD = 255, WS = 254, PAD = 253 };

/* Generated from the alphabet, 16 characters a row; constant, so decoding
 * threads share it safely. */
/* clang-format off */
static const uint8_t table[256] = {
    BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, WS, WS, BAD, BAD, WS, BAD, BAD,
    BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD,
    WS, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, 62, BAD, BAD, BAD, 63,
    52, 53, 54, 55, 56, 57, 58, 59, 60, 61, BAD, BAD, BAD, PAD, BAD, BAD,
    BAD, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
    15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, BAD, BAD, BAD, BAD, BAD,
    BAD, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, BAD, BAD, BAD, BAD, BAD,
    BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD,
    BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD,
    BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD,
    BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD,
    BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD,
    BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD,
    BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD,
    BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD,
};
/* clang-format on */

ck_base64_result ck_base64_decode(const char *in, size_t n, uint8_t *out, size_t *out_len,
                                  size_t *n_chars, size_t *where) {
  uint32_t acc = 0;
  size_t quad = 0, chars = 0, pads = 0, o = 0;
  for (size_t i = 0; i < n; i++) {
    /* Fast path: whole quads of alphabet characters (all but the last quad
     * of a typical array); anything else falls through to the careful loop. */
    while (quad == 0 && pads == 0 && i + 4 <= n) {
      uint32_t a = table[(unsigned char)in[i]], b = table[(unsigned char)in[i + 1]],
               c = table[(unsigned char)in[i + 2]], d = table[(unsigned char)in[i + 3]];
      if ((a | b | c | d) >= 64) {
        break;
      }
      uint32_t v = a << 18 | b << 12 | c << 6 | d;
      out[o] = (uint8_t)(v >> 16);
      out[o + 1] = (uint8_t)(v >> 8);
      out[o + 2] = (uint8_t)v;
      o += 3;
      i += 4;
      chars += 4;
    }
    if (i >= n) {
      break;
    }
    uint8_t v = table[(unsigned char)in[i]];
    if (v == WS) {
      continue;
    }
    if (v == BAD) {
      *where = i;
      return CK_BASE64_BAD_CHAR;
    }
    chars++;
    if (v == PAD) {
      /* '=' only in the last two places of the final quad */
      if (quad < 2) {
        *where = i;
        return CK_BASE64_BAD_LENGTH;
      }
      pads++;
      v = 0;
    } else if (pads > 0) {
      *where = i; /* data after padding */
      return CK_BASE64_BAD_LENGTH;
    }
    acc = acc << 6 | v;
    if (++quad == 4) {
      out[o++] = (uint8_t)(acc >> 16);
      out[o++] = (uint8_t)(acc >> 8);
      out[o++] = (uint8_t)acc;
      quad = 0;
      acc = 0;
    }
  }
  *n_chars = chars;
  if (quad != 0) {
    *where = n;
    return CK_BASE64_BAD_LENGTH;
  }
  *out_len = o - pads;
  return CK_BASE64_OK;
}
