/* SPDX-License-Identifier: MIT */
/* Test helpers shared by the unit tests. */
#include "ck_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void check(int ok, double actual, double expected, double tol, const char *kind,
                  const char *what, const char *file, int line) {
  if (!ok) {
    fail_msg("%s:%d: %s = %.17g, expected %.17g (%s tolerance %.3g)", file, line, what, actual,
             expected, kind, tol);
  }
}

void ck_test_expect_rel(double actual, double expected, double rtol, const char *what,
                        const char *file, int line) {
  int ok = isfinite(actual) && isfinite(expected) &&
           fabs(actual - expected) <= rtol * fabs(expected);
  check(ok, actual, expected, rtol, "relative", what, file, line);
}

void ck_test_expect_abs(double actual, double expected, double atol, const char *what,
                        const char *file, int line) {
  int ok = isfinite(actual) && isfinite(expected) && fabs(actual - expected) <= atol;
  check(ok, actual, expected, atol, "absolute", what, file, line);
}

const char *ck_test_example(const char *name) {
  static char path[4096];
  const char *dir = getenv("CK_EXAMPLES");
  snprintf(path, sizeof path, "%s/%s", dir != NULL ? dir : "examples", name);
  return path;
}
