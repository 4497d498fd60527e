/* SPDX-License-Identifier: MIT */
/* ck_format_g10 must equal printf("%.10g") byte for byte. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ck_test.h"
#include "io/format_number.h"

static void check(double v) {
  char want[64], got[CK_G10_MAX];
  snprintf(want, sizeof want, "%.10g", v);
  int n = ck_format_g10(v, got);
  if (strcmp(want, got) != 0 || n != (int)strlen(want)) {
    fail_msg("%.17g: printf %s, ck_format_g10 %s", v, want, got);
  }
}

static uint64_t state = 88172645463325252ULL;
static uint64_t next(void) { /* xorshift64: reproducible without global libc state */
  state ^= state << 13, state ^= state >> 7, state ^= state << 17;
  return state;
}

static void format_should_equal_printf_on_special_values(void **s) {
  (void)s;
  double special[] = {0.0, -0.0, 1.0, -1.0, 0.1, 1e-4, 9.99999999949e-5, 1e-5, 123456789.0,
                      1234567890.0, 12345678901.0, 9999999999.5, 9999999999.4, 0.5, 2.5e-300,
                      1.7e308, 4.9e-324, INFINITY, -INFINITY, NAN, 3240.0, 43.05934036,
                      1.378792837e-14, 5.87404887e-08, 1e22, 1e-22, 1e23, 1e44, 1e45, 1e-45};
  for (size_t i = 0; i < sizeof special / sizeof *special; i++) {
    check(special[i]);
  }
  /* Powers of ten and their neighbours: where the decimal exponent changes,
   * including the ends of the range the fast path handles (1e-40 .. 1e54). */
  for (int e = -45; e <= 60; e++) {
    double p = pow(10.0, e);
    for (int ulps = -3; ulps <= 3; ulps++) {
      double v = p;
      for (int u = 0; u < (ulps < 0 ? -ulps : ulps); u++) {
        v = nextafter(v, ulps < 0 ? 0.0 : INFINITY);
      }
      check(v), check(-v);
      check(v * (1.0 - 5e-11)), check(v * (1.0 + 5e-11)); /* rounds up to / down from p */
    }
  }
}

/* Random bit patterns over the whole range, decimal ties x.xxxxxxxxx5 and values
 * one ulp either side of them, and random mantissas at every exponent we print. */
static void format_should_equal_printf_on_random_values(void **s) {
  (void)s;
  for (int i = 0; i < 300000; i++) {
    uint64_t bits = next();
    double v;
    memcpy(&v, &bits, sizeof v);
    check(v);
  }
  for (int e = -40; e <= 40; e++) {
    for (int i = 0; i < 4000; i++) {
      double mant = 1.0 + (double)(next() % 9000000000ULL) / 1e9; /* 10 digits */
      double tie = (mant + 5e-10) * pow(10.0, e);
      check(tie), check(nextafter(tie, 0.0)), check(nextafter(tie, INFINITY));
      check(mant * pow(10.0, e) * (1.0 + (double)(next() % 1000) * 1e-13));
    }
  }
}

/* m * 10^e with m a double: the decimal scale of the value under test. */
static double scaled(double m, int e) {
  return m * pow(10.0, e);
}

static double uniform01(void) { /* 53 random bits in [0, 1) */
  return (double)(next() >> 11) * 0x1p-53;
}

static double ulps_away(double v, int ulps) {
  for (; ulps > 0; ulps--) {
    v = nextafter(v, INFINITY);
  }
  for (; ulps < 0; ulps++) {
    v = nextafter(v, 0.0);
  }
  return v;
}

/* Over two million values, every byte compared with printf (fixed seed, so a
 * failure reproduces): random values at every decimal exponent -45 .. 60
 * (either side of the fast path's 1e-40 .. 1e54), ten-digit decimals plus one
 * half (ties in the tenth digit) and a few ulps either side, 9.9999999995eX
 * (rounds up into the next decade) and its neighbours, and short decimals
 * with trailing zeros to strip (1.5, 120, 3.0001e-07). */
static void format_should_equal_printf_on_two_million_values(void **s) {
  (void)s;
  state = 0x9E3779B97F4A7C15ULL;
  for (int i = 0; i < 1100000; i++) {
    int e = -45 + (int)(next() % 106);
    double v = scaled(1.0 + 9.0 * uniform01(), e);
    check((next() & 1) ? -v : v);
  }
  for (int i = 0; i < 120000; i++) {
    int e = -45 + (int)(next() % 106);
    double digits = (double)(1000000000ULL + next() % 9000000000ULL);
    double tie = scaled((digits + 0.5) * 1e-9, e);
    for (int u = -2; u <= 2; u++) {
      check(ulps_away(tie, u));
    }
  }
  for (int e = -45; e <= 60; e++) {
    double up = scaled(9.9999999995, e), down = scaled(9.9999999994999, e);
    for (int u = -40; u <= 40; u++) {
      check(ulps_away(up, u)), check(ulps_away(down, u));
      check(-ulps_away(up, u));
    }
  }
  for (int i = 0; i < 300000; i++) {
    int e = -45 + (int)(next() % 106), kept = 1 + (int)(next() % 10);
    uint64_t m = next() % 10000000000ULL;
    for (int d = kept; d < 10; d++) {
      m /= 10; /* kept significant digits, then zeros */
    }
    check(scaled((double)m, e - kept + 1));
  }
}

/* ck_format_g10_row is ck_format_g10 with a comma before each number. */
static void row_should_be_the_numbers_each_after_a_comma(void **s) {
  (void)s;
  state = 0x2545F4914F6CDD1DULL;
  enum { count = 300 };
  double v[count];
  for (int i = 0; i < count; i++) {
    uint64_t kind = next() % 4;
    v[i] = kind == 0   ? 0.0
           : kind == 1 ? scaled(uniform01(), -(int)(next() % 15))
           : kind == 2 ? -scaled(uniform01(), (int)(next() % 12))
                       : (double)(next() % 4000);
  }
  v[7] = -0.0, v[8] = NAN, v[9] = 1e-300, v[10] = 9.9999999995e-5;
  static char got[count * (CK_G10_MAX + 1)], want[count * (CK_G10_MAX + 1)];
  size_t n = ck_format_g10_row(v, count, got), w = 0;
  for (int i = 0; i < count; i++) {
    w += (size_t)snprintf(want + w, sizeof want - w, ",%.10g", v[i]);
  }
  assert_int_equal(n, w);
  assert_memory_equal(got, want, w);
}

/* ck_json_write_string's literal of s, via a memory stream. */
static void json_of(const char *s, char *out, size_t size) {
  FILE *f = fmemopen(out, size, "w");
  assert_non_null(f);
  ck_json_write_string(f, s);
  fclose(f);
}

static void json_strings_should_escape_user_text(void **s) {
  (void)s;
  char out[128];
  json_of("Ag25 + Au25", out, sizeof out);
  assert_string_equal(out, "\"Ag25 + Au25\"");
  json_of("a \"quoted\" C:\\path", out, sizeof out);
  assert_string_equal(out, "\"a \\\"quoted\\\" C:\\\\path\"");
  json_of("tab\there\n", out, sizeof out);
  assert_string_equal(out, "\"tab\\u0009here\\u000a\"");
  json_of(NULL, out, sizeof out);
  assert_string_equal(out, "\"\"");
  json_of("Zn \xc3\xa9", out, sizeof out); /* UTF-8 passes through */
  assert_string_equal(out, "\"Zn \xc3\xa9\"");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(format_should_equal_printf_on_special_values),
      cmocka_unit_test(format_should_equal_printf_on_random_values),
      cmocka_unit_test(format_should_equal_printf_on_two_million_values),
      cmocka_unit_test(row_should_be_the_numbers_each_after_a_comma),
      cmocka_unit_test(json_strings_should_escape_user_text),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
