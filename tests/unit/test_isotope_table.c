/* SPDX-License-Identifier: MIT */
/* Tests of the isotope table against independent data: CIAAW standard atomic
 * weights and IsoSpec's own element table. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ck_test.h"
#include "clusterkin/ck_formula.h"

/* IsoSpec's element table (IsoSpec++/element_tables.h is C++ only: namespace).
 * Used here as an independent source; the library itself reads it nowhere. */
extern const size_t isospec_number_of_isotopic_entries;
extern const int elem_table_atomicNo[];
extern const double elem_table_mass[];
extern const double elem_table_massNo[];
extern const double elem_table_probability[];

static double element_average(int z) {
  double m = 0.0, mass = 0.0, abundance = 0.0;
  for (int i = 0; i < ck_element_isotope_count(z); i++) {
    assert_int_equal(ck_element_isotope(z, i, NULL, &mass, &abundance), CK_OK);
    m += mass * abundance;
  }
  return m;
}

static void abundances_should_sum_to_one(void **state) {
  (void)state;
  int elements = 0;
  for (int z = 1; z <= 118; z++) {
    int n = ck_element_isotope_count(z), previous = 0;
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      int a = 0;
      double mass = 0.0, abundance = 0.0;
      assert_int_equal(ck_element_isotope(z, i, &a, &mass, &abundance), CK_OK);
      assert_true(a > previous);          /* ascending mass numbers */
      assert_true(fabs(mass - a) < 0.12); /* mass defects of stable nuclides are small */
      assert_true(abundance > 0.0 && abundance <= 1.0);
      sum += abundance;
      previous = a;
    }
    if (n > 0) {
      expect_abs(sum, 1.0, 1e-6);
      assert_true(n <= CK_MAX_ISOTOPES);
      elements++;
    }
  }
  assert_int_equal(elements, 84); /* Z 1-83 without Tc and Pm, plus Th, Pa and U */
  assert_int_equal(ck_element_isotope_count(43), 0);
  assert_int_equal(ck_element_isotope(47, 2, NULL, NULL, NULL), CK_ERR_ARG);
  assert_int_equal(ck_element_isotope(0, 0, NULL, NULL, NULL), CK_ERR_ARG);
}

static void elements_of_the_field_should_have_data(void **state) {
  (void)state;
  const char *needed[] = {"H",  "C",  "N",  "O",  "F",  "P",  "S",  "Cl", "Se", "Br", "Na", "K",
                          "Cs", "Cu", "Ag", "Au", "Pt", "Pd", "Cd", "Hg", "Ni", "Zn", "I",  "Si",
                          "B",  "Li", "Fe", "Co", "Ir", "Rh", "Ru", "Te", "As", "Bi", "Pb"};
  for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
    if (ck_element_isotope_count(ck_element_number(needed[i])) == 0) {
      fail_msg("no isotope data for %s", needed[i]);
    }
  }
  /* MODEL.md section 6: 107Ag 51.839 %, 109Ag 48.161 % */
  int a = 0;
  double abundance = 0.0;
  ck_element_isotope(47, 0, &a, NULL, &abundance);
  assert_int_equal(a, 107);
  expect_abs(abundance, 0.51839, 1e-9);
}

/* CIAAW standard atomic weights (2013-2021): value +- uncertainty, or an
 * interval [low, high] for elements whose weight varies in nature. */
typedef struct weight {
  const char *symbol;
  double low, high;
} weight;

#define PM(v, u) (v) - (u), (v) + (u)

static void averages_should_match_standard_atomic_weights(void **state) {
  (void)state;
  static const weight weights[] = {
      {"H", 1.00784, 1.00811},       {"C", 12.0096, 12.0116},        {"N", 14.00643, 14.00728},
      {"O", 15.99903, 15.99977},     {"S", 32.059, 32.076},          {"Cl", 35.446, 35.457},
      {"Br", 79.901, 79.907},        {"Ag", PM(107.8682, 2e-4)},     {"Au", PM(196.966570, 4e-6)},
      {"Cu", PM(63.546, 3e-3)},      {"Pt", PM(195.084, 9e-3)},      {"Pd", PM(106.42, 1e-2)},
      {"Cd", PM(112.414, 4e-3)},     {"Hg", PM(200.592, 3e-3)},      {"Zn", PM(65.38, 2e-2)},
      {"Ni", PM(58.6934, 4e-4)},     {"Se", PM(78.971, 8e-3)},       {"Na", PM(22.98976928, 2e-8)},
      {"K", PM(39.0983, 1e-4)},      {"Cs", PM(132.90545196, 6e-8)}, {"F", PM(18.998403163, 6e-9)},
      {"P", PM(30.973761998, 5e-9)}, {"Fe", PM(55.845, 2e-3)},       {"Ir", PM(192.217, 2e-3)},
      {"Rh", PM(102.90549, 2e-5)},   {"I", PM(126.90447, 3e-5)},     {"Sn", PM(118.710, 7e-3)},
      {"Mo", PM(95.95, 1e-2)},       {"U", PM(238.02891, 3e-5)},     {"Si", 28.084, 28.086},
      {"Pa", PM(231.03588, 1e-5)},   {"Th", PM(232.0377, 4e-4)},
  };
  for (size_t i = 0; i < sizeof weights / sizeof weights[0]; i++) {
    double m = element_average(ck_element_number(weights[i].symbol));
    if (!(m >= weights[i].low && m <= weights[i].high)) {
      fail_msg("%s: average %.9f outside [%.9f, %.9f]", weights[i].symbol, m, weights[i].low,
               weights[i].high);
    }
  }
}

static void masses_should_agree_with_isospec(void **state) {
  (void)state;
  int compared = 0;
  for (size_t k = 0; k < isospec_number_of_isotopic_entries; k++) {
    int z = elem_table_atomicNo[k], a = (int)elem_table_massNo[k];
    /* IsoSpec also lists the electron (z = 0) and the bare proton and
     * deuteron (one electron mass lighter than the atoms): skip those. */
    if (z < 1 || elem_table_probability[k] <= 0.0) {
      continue;
    }
    if (z == 1 && fabs(elem_table_mass[k] - (a == 1 ? 1.00782503 : 2.01410178)) > 1e-6) {
      continue;
    }
    int found = 0;
    for (int i = 0; i < ck_element_isotope_count(z); i++) {
      int mine = 0;
      double mass = 0.0, abundance = 0.0;
      ck_element_isotope(z, i, &mine, &mass, &abundance);
      if (mine == a) {
        found = 1;
        expect_abs(mass, elem_table_mass[k], 1e-5);
        /* IsoSpec's compositions are an older IUPAC edition: Se, Mo, Cd and
         * Hg were revised in 2013 by up to 0.0024. */
        expect_abs(abundance, elem_table_probability[k], 2.5e-3);
      }
    }
    if (!found && z <= 92) {
      fail_msg("IsoSpec has %d of element %d with abundance %g; the table does not", a, z,
               elem_table_probability[k]);
    }
    compared += found;
  }
  assert_true(compared >= 280);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(abundances_should_sum_to_one),
      cmocka_unit_test(elements_of_the_field_should_have_data),
      cmocka_unit_test(averages_should_match_standard_atomic_weights),
      cmocka_unit_test(masses_should_agree_with_isospec),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
