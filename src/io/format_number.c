/* SPDX-License-Identifier: MIT */
/* Fast, exact "%.10g": the channel CSV holds ~25k numbers, and glibc's exact
 * printf took a third of a simulate process. The ten significant digits come
 * from one multiplication by a correctly rounded power of ten (two roundings,
 * relative error <= 2^-52 = 2.3e-16, i.e. <= 2.3e-6 in a 10-digit integer), so
 * rounding to an integer is decided exactly unless the fraction lies within
 * 1e-5 of one half; those rare cases, and every special value but zero, go to
 * snprintf. Output is identical to printf's.
 *
 * The digits are made eight at a time in one 64-bit word (one byte per digit,
 * most significant first in memory) and written with whole-word stores; the
 * point goes in by shifting the word, and trailing zeros are counted from its
 * leading zero bytes, so no byte loop runs. */
#include "io/format_number.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* 10^k for k in [pow10_lowest, pow10_lowest + 100], each correctly rounded by the
 * compiler (exact up to 1e22). */
enum { pow10_lowest = -46 };
static const double pow10_table[] = {
    1e-46, 1e-45, 1e-44, 1e-43, 1e-42, 1e-41, 1e-40, 1e-39, 1e-38, 1e-37, 1e-36, 1e-35,
    1e-34, 1e-33, 1e-32, 1e-31, 1e-30, 1e-29, 1e-28, 1e-27, 1e-26, 1e-25, 1e-24, 1e-23,
    1e-22, 1e-21, 1e-20, 1e-19, 1e-18, 1e-17, 1e-16, 1e-15, 1e-14, 1e-13, 1e-12, 1e-11,
    1e-10, 1e-9,  1e-8,  1e-7,  1e-6,  1e-5,  1e-4,  1e-3,  1e-2,  1e-1,  1e0,   1e1,
    1e2,   1e3,   1e4,   1e5,   1e6,   1e7,   1e8,   1e9,   1e10,  1e11,  1e12,  1e13,
    1e14,  1e15,  1e16,  1e17,  1e18,  1e19,  1e20,  1e21,  1e22,  1e23,  1e24,  1e25,
    1e26,  1e27,  1e28,  1e29,  1e30,  1e31,  1e32,  1e33,  1e34,  1e35,  1e36,  1e37,
    1e38,  1e39,  1e40,  1e41,  1e42,  1e43,  1e44,  1e45,  1e46,  1e47,  1e48,  1e49,
    1e50,  1e51,  1e52,  1e53,  1e54};

static double pow10_of(int64_t k) {
  return pow10_table[k - pow10_lowest];
}

static int fallback(double v, char *buf) {
  return snprintf(buf, CK_G10_MAX, "%.10g", v);
}

/* Stores of a word's bytes in little-endian order: the digit words hold the
 * first character in their lowest byte. */
static inline void store64(char *out, uint64_t w) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  w = __builtin_bswap64(w);
#endif
  memcpy(out, &w, 8);
}

static inline void store32(char *out, uint32_t w) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  w = __builtin_bswap32(w);
#endif
  memcpy(out, &w, 4);
}

/* The eight decimal digits of u < 10^8 as byte values 0..9, the most significant
 * in the lowest byte. Each step splits every lane in two by a multiply-shift
 * quotient q that is exact over the lane's range (x * 10486 >> 20 == x / 100
 * for x < 10^4, x * 103 >> 10 == x / 10 for x < 100), and makes the lane
 * q + (x - 100 q) << 16 as x << 16 - q (100 << 16 - 1): no lane goes negative
 * or overflows, so whole-word arithmetic does every lane at once. */
static inline uint64_t digit_bytes8(uint32_t u) {
  uint64_t hi = u / 10000;
  uint64_t w = ((uint64_t)u << 32) - hi * ((10000ULL << 32) - 1);
  uint64_t q = (w * 10486 >> 20) & 0x0000007F0000007FULL;
  w = (w << 16) - q * ((100 << 16) - 1);
  q = (w * 103 >> 10) & 0x000F000F000F000FULL;
  return (w << 8) - q * ((10 << 8) - 1);
}

static const char two_digits[200] = "00010203040506070809101112131415161718192021222324252627282930"
                                    "31323334353637383940414243444546474849505152535455565758596061"
                                    "62636465666768697071727374757677787980818283848586878889909192"
                                    "93949596979899";

/* The two ASCII digits of q < 100, the first in the low byte. */
static inline uint32_t ascii2(unsigned q) {
  uint16_t w;
  memcpy(&w, two_digits + 2 * q, 2);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  w = __builtin_bswap16(w);
#endif
  return w;
}

/* Writes the ten digits (the first two as ASCII pair first2, the last eight as
 * ASCII word last8) with a point after the first ip of them, ip in [1, 9]; the
 * bytes up to out[11] may be overwritten. */
static inline void put_with_point(uint32_t first2, uint64_t last8, int ip, char *out) {
  if (ip == 1) {
    store32(out, (first2 & 0xFF) | (uint32_t)'.' << 8 | (first2 >> 8) << 16);
    store64(out + 3, last8);
  } else if (ip == 2) {
    store32(out, first2 | (uint32_t)'.' << 16);
    store64(out + 3, last8);
  } else { /* the point goes into last8: shift the bytes after it up by one */
    unsigned s = 8u * (unsigned)(ip - 2);
    uint64_t low = (1ULL << s) - 1;
    store32(out, first2);
    store64(out + 2, (last8 & low) | (uint64_t)'.' << s | (last8 & ~low) << 8);
    out[10] = (char)(last8 >> 56);
  }
}

/* Writes v as "%.10g" without the terminating NUL (snprintf's fallback writes
 * one) and returns the end. Inlined into the row loop, where the next
 * separator overwrites the bytes past the end. */
static inline __attribute__((always_inline)) char *format_g10(double v, char *out) {
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  char *start = out;
  if (bits >> 63) {
    *out++ = '-';
  }
  /* a = m 2^(biased - 1022), m in [0.5, 1); the fast path takes 2^-131 ..
   * 2^180 (1e-40 .. 1e54), one table power from 10^9 away */
  uint64_t biased = bits >> 52 & 0x7ff;
  if (biased - 892 > 310) {
    if ((bits << 1) == 0) { /* +-0: printf's "0" / "-0" */
      *out = '0';
      return out + 1;
    }
    return start + fallback(v, start); /* tiny, huge, subnormal, Inf, NaN */
  }
  double a = fabs(v);
  /* floor(log10(a)) is floor((biased - 1023) log10 2) or one more; one
   * comparison with a power of ten settles it. The first is (biased - 1023)
   * 78913 / 2^18 rounded down (exact for |biased - 1023| < 1650), written with
   * a nonnegative dividend (x + 40 below). Below one the table's powers are
   * rounded, so a value within an ulp of a power of ten may get x one off; then
   * a 10^(9-x) is within 1e-6 of 1e9 or 1e10, and rounds to the same digits the
   * right x gives (1e9 at x, or 1e10 at x - 1, written as 1e9 at x). */
  int64_t x = (int64_t)((biased * 78913 - (1023 * 78913 - (40 << 18))) >> 18) - 40;
  x += a >= pow10_of(x + 1);
  /* t < 2^34 + 0.5 rounds by at most 2^-20, never across an integer, so its
   * integer part is a 10^(9-x) correctly rounded; r is within 1e-6 of the
   * exact fraction, near 0 or 1 only when a 10^(9-x) is near a half-integer. */
  double t = a * pow10_of(9 - x) + 0.5;
  uint64_t n = (uint64_t)(int64_t)t;
  double r = t - (double)(int64_t)n;
  if (fabs(r - 0.5) > 0.5 - 1e-5) {
    return start + fallback(v, start);
  }
  /* x puts a 10^(9-x) within 1e-6 of [1e9, 1e10): n is in [1e9, 1e10] */
  if (t >= 1e10) {
    n = 1000000000, x++; /* 9.9999999996 rounds up to 10.00000000 */
  }
  uint32_t head = (uint32_t)(n / 100000000), tail = (uint32_t)(n % 100000000);
  uint64_t raw = digit_bytes8(tail);
  uint64_t last8 = raw | 0x3030303030303030ULL;
  uint32_t first2 = ascii2(head); /* head in [10, 99] */
  /* significant digits printf keeps (it strips trailing zeros): up to the
   * highest nonzero byte of raw (bit index 63 - clz), or 2 or 1 in head */
  int64_t kept = raw != 0 ? 3 + ((63 - __builtin_clzll(raw)) >> 3) : 2 - (head % 10 == 0);
  if (x >= -4 && x < 0) { /* 0.000ddd: a fixed prefix, then the digits */
    char *digits = out + 1 - x;
    store64(out, 0x3030303030302E30ULL); /* "0.000000" */
    store32(digits, first2);
    store64(digits + 2, last8);
    return digits + kept;
  }
  if (x >= 0 && x < 10) {
    int ip = (int)x + 1; /* digits before the point; no point when none follow */
    if (ip == 10) {
      store32(out, first2);
      store64(out + 2, last8);
    } else {
      put_with_point(first2, last8, ip, out);
    }
    return out + (kept > ip ? kept + 1 : ip);
  }
  put_with_point(first2, last8, 1, out); /* d.ddde+XX; |x| < 100 in this range */
  out += kept > 1 ? kept + 1 : 1;
  store32(out, (uint32_t)'e' | (uint32_t)(x < 0 ? '-' : '+') << 8 |
                   ascii2((unsigned)(x < 0 ? -x : x)) << 16);
  return out + 4;
}

int ck_format_g10(double v, char *buf) {
  char *end = format_g10(v, buf);
  *end = '\0';
  return (int)(end - buf);
}

size_t ck_format_g10_row(const double *v, size_t count, char *out) {
  char *p = out;
  for (size_t i = 0; i < count; i++) {
    *p = ',';
    p = format_g10(v[i], p + 1);
  }
  return (size_t)(p - out);
}
