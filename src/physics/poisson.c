/* SPDX-License-Identifier: MIT */
/* Dimer lifetime and Poisson statistics of exchanges per lifetime (MODEL.md section 4). */
#include <math.h>

#include "clusterkin/ck_physics.h"
#include "core/core_impl.h"

ck_status ck_physics_dimer_lifetime(ck_ctx *ctx, double k_diss_per_s, double *lifetime_s) {
  if (lifetime_s == NULL) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_physics_dimer_lifetime: NULL output");
  }
  if (!(isfinite(k_diss_per_s) && k_diss_per_s > 0.0)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "dissociation rate constant must be positive, got %g /s",
            k_diss_per_s);
  }
  *lifetime_s = 1.0 / k_diss_per_s;
  return CK_OK;
}

ck_status ck_physics_mean_exchanges(ck_ctx *ctx, double lifetime_s, double k_ex_per_s,
                                    double *mean) {
  if (mean == NULL) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_physics_mean_exchanges: NULL output");
  }
  if (!(isfinite(lifetime_s) && lifetime_s > 0.0)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "dimer lifetime must be positive, got %g s", lifetime_s);
  }
  if (!(isfinite(k_ex_per_s) && k_ex_per_s >= 0.0)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "exchange rate constant must not be negative, got %g /s",
            k_ex_per_s);
  }
  *mean = k_ex_per_s * lifetime_s;
  return CK_OK;
}

double ck_physics_poisson_probability(double mean, int n) {
  if (n < 0 || !(mean >= 0.0)) {
    return 0.0;
  }
  if (mean == 0.0) {
    return n == 0 ? 1.0 : 0.0;
  }
  /* In logs: mean^n / n! overflows long before the product does. */
  return exp(n * log(mean) - mean - lgamma(n + 1.0));
}
