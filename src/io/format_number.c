/* SPDX-License-Identifier: MIT */
/* Fast, exact "%.10g": the channel CSV holds ~25k numbers, and glibc's exact
 * printf took a third of a simulate process. The ten significant digits come
 * from at most two correctly rounded operations (relative error <= 2.3e-16,
 * i.e. <= 2.3e-6 in a 10-digit integer), so rounding to an integer is decided
 * exactly unless the fraction lies within 1e-5 of one half; those rare cases,
 * and every special value, go to snprintf. Output is identical to printf's. */
#include "io/format_number.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>

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

int ck_format_g10(double v, char *buf) {
  if (!isfinite(v) || v == 0.0) {
    return fallback(v, buf);
  }
  double a = fabs(v);
  int x = (int)floor(log10(a));
  double d = scale10(a, 9 - x);
  if (d < 1e9) { /* log10 was one too high near a power of ten */
    x--, d = scale10(a, 9 - x);
  } else if (d >= 1e10) {
    x++, d = scale10(a, 9 - x);
  }
  if (!(d >= 1e9 && d < 1e10)) {
    return fallback(v, buf);
  }
  double whole = floor(d), frac = d - whole;
  if (fabs(frac - 0.5) < 1e-5) {
    return fallback(v, buf);
  }
  uint64_t n = (uint64_t)whole + (frac > 0.5);
  if (n == 10000000000ULL) { /* 9.9999999996 rounds up to 10.00000000 */
    n = 1000000000ULL, x++;
  }
  char digits[10];
  for (int i = 9; i >= 0; i--) {
    digits[i] = (char)('0' + n % 10);
    n /= 10;
  }
  int len = 0;
  if (v < 0) {
    buf[len++] = '-';
  }
  len += (x >= -4 && x < 10) ? put_fixed(digits, x, buf + len) : put_scientific(digits, x, buf + len);
  buf[len] = '\0';
  return len;
}
