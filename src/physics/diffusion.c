/* SPDX-License-Identifier: MIT */
/* Diffusion-limited encounter rate and Debye factor for ions (MODEL.md section 4, eqs 4-5). */
#include <math.h>

#include "clusterkin/ck_physics.h"
#include "core/core_impl.h"

#define PI 3.14159265358979323846 /* M_PI is not in strict C11 */

/* m^3 mol^-1 s^-1 -> L nmol^-1 s^-1: 1 m^3 = 1e3 L, 1 mol = 1e9 nmol. */
#define M3_PER_MOL_TO_L_PER_NMOL 1e-6

static int positive(double v) {
  return isfinite(v) && v > 0.0;
}

ck_status ck_physics_diffusion_limit(ck_ctx *ctx, double viscosity_pa_s, double temperature_k,
                                     double *k_l_per_nmol_s) {
  if (k_l_per_nmol_s == NULL) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_physics_diffusion_limit: NULL output");
  }
  if (!positive(viscosity_pa_s)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "viscosity must be positive, got %g Pa s", viscosity_pa_s);
  }
  if (!positive(temperature_k)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "temperature must be positive, got %g K", temperature_k);
  }
  /* k_D = 4 pi (D_a + D_b)(r_a + r_b) with D = k_B T / (6 pi eta r): for
   * equal radii the radii cancel to 8 k_B T / (3 eta) per pair. */
  double k_m3_per_mol_s =
      (8.0 / 3.0) * CK_BOLTZMANN_J_PER_K * temperature_k * CK_AVOGADRO_PER_MOL / viscosity_pa_s;
  *k_l_per_nmol_s = k_m3_per_mol_s * M3_PER_MOL_TO_L_PER_NMOL;
  return CK_OK;
}

/* x / (exp(x) - 1), with its limit 1 - x/2 near x = 0 where the quotient loses digits. */
static double debye(double x) {
  if (fabs(x) < 1e-8) {
    return 1.0 - 0.5 * x;
  }
  return x / expm1(x);
}

ck_status ck_physics_debye_factor(ck_ctx *ctx, int charge_a, int charge_b, double permittivity_rel,
                                  double distance_m, double temperature_k, double *factor) {
  if (factor == NULL) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_physics_debye_factor: NULL output");
  }
  if (!positive(permittivity_rel)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "relative permittivity must be positive, got %g", permittivity_rel);
  }
  if (!positive(distance_m)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "contact distance must be positive, got %g m", distance_m);
  }
  if (!positive(temperature_k)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "temperature must be positive, got %g K", temperature_k);
  }
  const double e = CK_ELEMENTARY_CHARGE_C;
  /* Coulomb energy at contact over the thermal energy. */
  double x = (double)charge_a * (double)charge_b * e * e /
             (4.0 * PI * CK_VACUUM_PERMITTIVITY_F_PER_M * permittivity_rel * distance_m *
              CK_BOLTZMANN_J_PER_K * temperature_k);
  double f = debye(x);
  if (!isfinite(f)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "Debye factor out of range (Coulomb energy %g k_B T)", x);
  }
  *factor = f;
  return CK_OK;
}
