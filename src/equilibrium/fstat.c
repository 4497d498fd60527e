/* SPDX-License-Identifier: MIT */
/* The F distribution for the nested-model test of fit-equilibrium: the
 * regularised incomplete beta function I_x(a, b) by its continued fraction
 * (evaluated with the modified Lentz method), tail and quantile. */
#include <float.h>
#include <math.h>

#include "clusterkin/ck_fit_equilibrium.h"

/* The continued fraction K = 1 + d1/(1 + d2/(1 + ...)) with
 * d_2k+1 = -(a+k)(a+b+k)x / ((a+2k)(a+2k+1)), d_2k = k(b-k)x / ((a+2k-1)(a+2k)),
 * so that I_x(a, b) = x^a (1-x)^b / (a B(a, b) K); it converges fast for
 * x < (a+1)/(a+b+2). Lentz: K = prod C_j D_j from K_0 = 1. */
static double beta_fraction(double a, double b, double x) {
  const double tiny = 1e-300;
  double f = 1.0, c = 1.0, d = 0.0;
  for (int j = 1; j <= 400; j++) {
    int k = j / 2;
    double coef = j % 2 == 0 ? k * (b - k) * x / ((a + 2.0 * k - 1.0) * (a + 2.0 * k))
                             : -(a + k) * (a + b + k) * x / ((a + 2.0 * k) * (a + 2.0 * k + 1.0));
    d = 1.0 + coef * d;
    d = fabs(d) < tiny ? tiny : d;
    c = 1.0 + coef / c;
    c = fabs(c) < tiny ? tiny : c;
    d = 1.0 / d;
    double delta = c * d;
    f *= delta;
    if (fabs(delta - 1.0) < 4 * DBL_EPSILON) {
      break;
    }
  }
  return f;
}

static double incomplete_beta(double a, double b, double x) {
  if (x <= 0.0) {
    return 0.0;
  }
  if (x >= 1.0) {
    return 1.0;
  }
  double front = exp(a * log(x) + b * log1p(-x) + lgamma(a + b) - lgamma(a) - lgamma(b));
  if (x < (a + 1.0) / (a + b + 2.0)) {
    return front / (a * beta_fraction(a, b, x));
  }
  return 1.0 - front / (b * beta_fraction(b, a, 1.0 - x));
}

double ck_f_upper_tail(double f, double d1, double d2) {
  if (!(f > 0.0)) {
    return 1.0;
  }
  return incomplete_beta(0.5 * d2, 0.5 * d1, d2 / (d2 + d1 * f));
}

double ck_f_quantile(double p, double d1, double d2) {
  double lo = 0.0, hi = 1.0;
  while (1.0 - ck_f_upper_tail(hi, d1, d2) < p && hi < 1e12) {
    hi *= 2.0;
  }
  for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    double mid = 0.5 * (lo + hi);
    *(1.0 - ck_f_upper_tail(mid, d1, d2) < p ? &lo : &hi) = mid;
  }
  return 0.5 * (lo + hi);
}
