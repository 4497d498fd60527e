/* SPDX-License-Identifier: MIT */
/* Fast, exact "%.10g": the channel CSV holds ~25k numbers, and glibc's exact
 * printf took a third of a simulate process. The ten significant digits come
 * from at most two correctly rounded operations (relative error <= 2.3e-16,
 * i.e. <= 2.3e-6 in a 10-digit integer), so rounding to an integer is decided
 * exactly unless the fraction lies within 1e-5 of one half; those rare cases,
 * and every special value, go to snprintf. Output is identical to printf's. */
#include "io/format_number.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* a * 10^k with k in [-44, 44], two roundings at most; 0 when out of range. */
static double scale10(double a, int k) {
  int m = k < 0 ? -k : k;
  if (m > 44) {
    return 0.0;
  }
  double p1 = pow10_exact[m > 22 ? 22 : m], p2 = pow10_exact[m > 22 ? m - 22 : 0];
  return k >= 0 ? a * p1 * p2 : a / p1 / p2;
}

static int fallback(double v, char *buf) {
  return snprintf(buf, CK_G10_MAX, "%.10g", v);
}

/* Strips trailing zeros (and a bare point) from the digits after a point at buf[point]. */
static int strip_zeros(char *buf, int len, int point) {
  if (point < 0) {
    return len;
  }
  while (len > point + 1 && buf[len - 1] == '0') {
    len--;
  }
  if (len == point + 1) {
    len--;
  }
  return len;
}

static int put_fixed(const char *digits, int x, char *out) {
  int n = 0, point = -1;
  if (x < 0) { /* 0.000ddd */
    out[n++] = '0';
    point = n;
    out[n++] = '.';
    for (int z = 0; z < -x - 1; z++) {
      out[n++] = '0';
    }
    for (int i = 0; i < 10; i++) {
      out[n++] = digits[i];
    }
  } else {
    for (int i = 0; i < 10; i++) {
      out[n++] = digits[i];
      if (i == x && i < 9) {
        point = n;
        out[n++] = '.';
      }
    }
  }
  return strip_zeros(out, n, point);
}

static int put_scientific(const char *digits, int x, char *out) {
  int n = 0;
  out[n++] = digits[0];
  out[n++] = '.';
  for (int i = 1; i < 10; i++) {
    out[n++] = digits[i];
  }
  n = strip_zeros(out, n, 1);
  int ax = x < 0 ? -x : x;
  out[n++] = 'e';
  out[n++] = x < 0 ? '-' : '+';
  if (ax >= 100) {
    out[n++] = (char)('0' + ax / 100);
  }
  out[n++] = (char)('0' + ax / 10 % 10);
  out[n++] = (char)('0' + ax % 10);
  return n;
}

/* floor(log10(a)) for a finite a > 0 whose scaled value scale10 can reach, or
 * INT_MIN: the binary exponent gives it to within one (a in [2^(e-1), 2^e)
 * puts log10(a) in [(e-1) log10(2), (e-1) log10(2) + 0.302)), and one
 * comparison with a power of ten settles it. The table's powers below 1 are
 * rounded, so a value within an ulp of one may come out one off; the caller's
 * range check on the scaled digits catches that. No log10 call: it was a
 * third of the formatting time. */
static int decimal_exponent(double a) {
  static const double pow10_table[] = {
      1e-40, 1e-39, 1e-38, 1e-37, 1e-36, 1e-35, 1e-34, 1e-33, 1e-32, 1e-31, 1e-30, 1e-29,
      1e-28, 1e-27, 1e-26, 1e-25, 1e-24, 1e-23, 1e-22, 1e-21, 1e-20, 1e-19, 1e-18, 1e-17,
      1e-16, 1e-15, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9,  1e-8,  1e-7,  1e-6,  1e-5,
      1e-4,  1e-3,  1e-2,  1e-1,  1e0,   1e1,   1e2,   1e3,   1e4,   1e5,   1e6,   1e7,
      1e8,   1e9,   1e10,  1e11,  1e12,  1e13,  1e14,  1e15,  1e16,  1e17,  1e18,  1e19,
      1e20,  1e21,  1e22,  1e23,  1e24,  1e25,  1e26,  1e27,  1e28,  1e29,  1e30,  1e31,
      1e32,  1e33,  1e34,  1e35,  1e36,  1e37,  1e38,  1e39,  1e40,  1e41,  1e42,  1e43,
      1e44,  1e45,  1e46,  1e47,  1e48,  1e49,  1e50,  1e51,  1e52,  1e53,  1e54,  1e55};
  enum { lowest = -40, count = sizeof pow10_table / sizeof *pow10_table };
  uint64_t bits;
  memcpy(&bits, &a, sizeof bits);
  int e = (int)(bits >> 52 & 0x7ff) - 1022; /* a = m 2^e, m in [0.5, 1) */
  if (e < -130 || e > 180) {                 /* beyond 1e-40 .. 1e54: snprintf's */
    return INT_MIN;
  }
  /* floor((e - 1) log10 2): truncation of a positive number is its floor */
  int x = (int)((e - 1) * 0.30102999566398120 + 100.0) - 100;
  return x + (a >= pow10_table[x + 1 - lowest]);
}

static const char two_digits[200] = "00010203040506070809101112131415161718192021222324252627282930"
                                    "31323334353637383940414243444546474849505152535455565758596061"
                                    "62636465666768697071727374757677787980818283848586878889909192"
                                    "93949596979899";

/* The five decimal digits of u < 100000. */
static inline void put_five(uint32_t u, char *out) {
  uint32_t hi = u / 10000, rest = u % 10000;
  out[0] = (char)('0' + hi);
  memcpy(out + 1, two_digits + 2 * (rest / 100), 2);
  memcpy(out + 3, two_digits + 2 * (rest % 100), 2);
}

int ck_format_g10(double v, char *buf) {
  if (!isfinite(v) || v == 0.0) {
    return fallback(v, buf);
  }
  double a = fabs(v);
  int x = decimal_exponent(a);
  if (x == INT_MIN) {
    return fallback(v, buf);
  }
  double d = scale10(a, 9 - x);
  if (d < 1e9) { /* the table's rounded power put x one too high */
    x--, d = scale10(a, 9 - x);
  } else if (d >= 1e10) {
    x++, d = scale10(a, 9 - x);
  }
  if (!(d >= 1e9 && d < 1e10)) {
    return fallback(v, buf);
  }
  double whole = (double)(uint64_t)d, frac = d - whole;
  if (fabs(frac - 0.5) < 1e-5) {
    return fallback(v, buf);
  }
  uint64_t n = (uint64_t)whole + (frac > 0.5);
  if (n == 10000000000ULL) { /* 9.9999999996 rounds up to 10.00000000 */
    n = 1000000000ULL, x++;
  }
  char digits[10]; /* two independent halves: half the dependent divisions */
  put_five((uint32_t)(n / 100000), digits);
  put_five((uint32_t)(n % 100000), digits + 5);
  int len = 0;
  if (v < 0) {
    buf[len++] = '-';
  }
  len += (x >= -4 && x < 10) ? put_fixed(digits, x, buf + len) : put_scientific(digits, x, buf + len);
  buf[len] = '\0';
  return len;
}
