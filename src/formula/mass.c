/* SPDX-License-Identifier: MIT */
/* Average and monoisotopic masses of formulas, and m/z (MODEL.md section 7). */
#include <stdlib.h>

#include "formula/formula_impl.h"

double ck_mass_to_mz(double neutral_mass_da, int charge) {
  if (charge == 0) {
    return neutral_mass_da;
  }
  /* An ion of charge z has -z electrons more than the neutral formula. */
  return (neutral_mass_da - charge * CK_ELECTRON_MASS_DA) / abs(charge);
}

static double mix_average_da(const ck_isotope_mix *mix) {
  double m = 0.0;
  for (int i = 0; i < mix->n; i++) {
    m += mix->mass_da[i] * mix->abundance[i];
  }
  return m;
}

/* Mass of the most abundant isotope; the lighter one on a tie. */
static double mix_most_abundant_da(const ck_isotope_mix *mix) {
  int best = 0;
  for (int i = 1; i < mix->n; i++) {
    if (mix->abundance[i] > mix->abundance[best]) {
      best = i;
    }
  }
  return mix->mass_da[best];
}

static ck_status sum_masses(ck_ctx *ctx, const ck_formula *f, const ck_abundance_table *table,
                            double (*per_atom)(const ck_isotope_mix *), double *mass_da) {
  if (f == NULL || mass_da == NULL) {
    CK_FAIL(ctx, CK_ERR_ARG, "formula mass: NULL formula or output");
  }
  if (f->n_elements == 0) {
    CK_FAIL(ctx, CK_ERR_INPUT, "the formula has no atoms");
  }
  double m = 0.0;
  for (int i = 0; i < f->n_elements; i++) {
    ck_isotope_mix mix;
    ck_status st = ck_isotope_mix_resolve(ctx, table, f->element[i], f->mass_number[i], &mix);
    if (st != CK_OK) {
      return st;
    }
    m += (double)f->count[i] * per_atom(&mix);
  }
  *mass_da = m;
  return CK_OK;
}

ck_status ck_formula_average_mass_da(ck_ctx *ctx, const ck_formula *f,
                                     const ck_abundance_table *table, double *mass_da) {
  return sum_masses(ctx, f, table, mix_average_da, mass_da);
}

ck_status ck_formula_monoisotopic_mass_da(ck_ctx *ctx, const ck_formula *f,
                                          const ck_abundance_table *table, double *mass_da) {
  return sum_masses(ctx, f, table, mix_most_abundant_da, mass_da);
}

ck_status ck_formula_average_mz(ck_ctx *ctx, const ck_formula *f, const ck_abundance_table *table,
                                double *mz) {
  double m = 0.0;
  ck_status st = ck_formula_average_mass_da(ctx, f, table, &m);
  if (st == CK_OK && mz == NULL) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_formula_average_mz: NULL output");
  }
  if (st == CK_OK) {
    *mz = ck_mass_to_mz(m, f->charge);
  }
  return st;
}

ck_status ck_formula_monoisotopic_mz(ck_ctx *ctx, const ck_formula *f,
                                     const ck_abundance_table *table, double *mz) {
  double m = 0.0;
  ck_status st = ck_formula_monoisotopic_mass_da(ctx, f, table, &m);
  if (st == CK_OK && mz == NULL) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_formula_monoisotopic_mz: NULL output");
  }
  if (st == CK_OK) {
    *mz = ck_mass_to_mz(m, f->charge);
  }
  return st;
}
