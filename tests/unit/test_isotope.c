/* SPDX-License-Identifier: MIT */
/* Tests of isotope patterns (IsoSpec), aggregation, profiles and the most
 * abundant m/z, against closed forms: binomials, their convolutions, Gaussian
 * areas and widths, and the table's average masses. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "clusterkin/ck_isotope.h"

static const double M_107AG = 106.9050916, M_109AG = 108.9047553, M_E = 5.48579909065e-4;
static const double P_107AG = 0.51839, P_109AG = 0.48161;

static ck_formula parse(const char *text) {
  ck_formula f;
  if (ck_formula_parse(NULL, text, &f) != CK_OK) {
    fail_msg("cannot parse %s", text);
  }
  return f;
}

static ck_isotope_pattern *pattern_of(const char *text, const ck_abundance_table *t,
                                      double coverage) {
  ck_ctx *ctx = ck_ctx_create();
  ck_formula f = parse(text);
  ck_isotope_pattern *p = ck_isotope_pattern_compute(ctx, &f, t, coverage);
  if (p == NULL) {
    fail_msg("%s: %s", text, ck_ctx_errmsg(ctx));
  }
  ck_ctx_free(ctx);
  return p;
}

static double binomial_pmf(int n, int k, double p) {
  return exp(lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0) + k * log(p) +
             (n - k) * log1p(-p));
}

static void ag2_should_be_the_exact_binomial(void **state) {
  (void)state;
  ck_isotope_pattern *p = pattern_of("[Ag2]-", NULL, 1.0);
  assert_int_equal(ck_isotope_pattern_size(p), 3);
  const double *mz = ck_isotope_pattern_mz(p), *prob = ck_isotope_pattern_probability(p);
  expect_abs(mz[0], 2 * M_107AG + M_E, 1e-9);
  expect_abs(mz[1], M_107AG + M_109AG + M_E, 1e-9);
  expect_abs(mz[2], 2 * M_109AG + M_E, 1e-9);
  expect_abs(prob[0], P_107AG * P_107AG, 1e-12);
  expect_abs(prob[1], 2 * P_107AG * P_109AG, 1e-12);
  expect_abs(prob[2], P_109AG * P_109AG, 1e-12);
  assert_int_equal(ck_isotope_pattern_charge(p), -1);
  ck_isotope_pattern_free(p);
}

static void patterns_should_reach_the_coverage(void **state) {
  (void)state;
  const char *formulas[] = {"C6H6", "[C8H10N4O2+H]+", "[Ag25(C8H9S)18]-", "[Pt(C6H5)4Cl2]",
                            "[Ag25Au25(C8H9S)36]2-"};
  const double coverages[] = {0.5, 0.9, 0.99, 0.9999};
  for (size_t i = 0; i < sizeof formulas / sizeof formulas[0]; i++) {
    size_t previous = 0;
    for (size_t j = 0; j < sizeof coverages / sizeof coverages[0]; j++) {
      ck_isotope_pattern *p = pattern_of(formulas[i], NULL, coverages[j]);
      double total = ck_isotope_pattern_total_probability(p);
      if (!(total >= coverages[j] && total <= 1.0 + 1e-12)) {
        fail_msg("%s at %g: total %.12g", formulas[i], coverages[j], total);
      }
      const double *mz = ck_isotope_pattern_mz(p);
      for (size_t k = 1; k < ck_isotope_pattern_size(p); k++) {
        assert_true(mz[k] >= mz[k - 1]);
      }
      assert_true(ck_isotope_pattern_size(p) >= previous); /* more coverage, more peaks */
      previous = ck_isotope_pattern_size(p);
      ck_isotope_pattern_free(p);
    }
  }
}

/* The mean of the whole distribution is the average mass of MODEL.md
 * section 7 (linearity of expectation): pattern and table must agree. */
static void pattern_mean_should_be_the_average_mass(void **state) {
  (void)state;
  const struct {
    const char *formula;
    double coverage, tolerance;
  } cases[] = {
      {"C6H6", 0.999999, 1e-4},
      {"[C8H10N4O2+H]+", 0.999999, 1e-4},
      {"[Ag25(C8H9S)18]-", 0.99999, 1e-3},
      {"[Ag25Au25(C8H9S)36]2-", 0.99999, 1e-3},
      {"[Cu7(H)(S2P(OC3H7)2)6]", 0.99999, 1e-3},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ck_formula f = parse(cases[i].formula);
    double average = 0.0;
    assert_int_equal(ck_formula_average_mz(NULL, &f, NULL, &average), CK_OK);
    ck_isotope_pattern *p = pattern_of(cases[i].formula, NULL, cases[i].coverage);
    expect_abs(ck_isotope_pattern_mean_mz(p), average, cases[i].tolerance);
    ck_isotope_pattern_free(p);
  }
}

/* Isotope peaks of C100Ag3: the 13C count c is binomial(100, p13) and the
 * 109Ag count j binomial(3, p109); a peak with k extra neutrons collects
 * c + 2 j = k. Both orders of the elements, so that the atom counts IsoSpec
 * reports are read in the right order (Ag moves 2 neutrons per atom, C 1). */
static void isotope_peaks_should_be_convolved_binomials(void **state) {
  (void)state;
  const double p13 = 0.0107;
  const char *orders[] = {"C100Ag3", "Ag3C100"};
  for (size_t o = 0; o < 2; o++) {
    ck_isotope_pattern *fine = pattern_of(orders[o], NULL, 1.0);
    assert_int_equal(ck_isotope_pattern_size(fine), 101 * 4);
    ck_isotope_pattern *peaks = ck_isotope_pattern_nominal(NULL, fine);
    assert_non_null(peaks);
    assert_int_equal(ck_isotope_pattern_size(peaks), 100 + 6 + 1);
    const double *prob = ck_isotope_pattern_probability(peaks);
    for (int k = 0; k <= 12; k++) {
      double expected = 0.0;
      for (int j = 0; j <= 3 && 2 * j <= k; j++) {
        expected += binomial_pmf(3, j, P_109AG) * binomial_pmf(100, k - 2 * j, p13);
      }
      expect_abs(prob[k], expected, 1e-12);
    }
    expect_abs(ck_isotope_pattern_total_probability(peaks), 1.0, 1e-12);
    ck_isotope_pattern_free(peaks);
    ck_isotope_pattern_free(fine);
  }
}

static void enriched_labels_should_give_binomials(void **state) {
  (void)state;
  ck_isotope_pattern *p = pattern_of("[107Ag25]-", NULL, 1.0);
  assert_int_equal(ck_isotope_pattern_size(p), 1);
  expect_abs(ck_isotope_pattern_probability(p)[0], 1.0, 1e-15);
  expect_abs(ck_isotope_pattern_mz(p)[0], 25 * M_107AG + M_E, 1e-9);
  ck_isotope_pattern_free(p);

  ck_ctx *ctx = ck_ctx_create();
  ck_abundance_table *t = ck_abundance_table_create(ctx);
  assert_int_equal(ck_abundance_table_set_enrichment(ctx, t, "107Ag", 0.99), CK_OK);
  p = pattern_of("[107Ag25]-", t, 1.0);
  assert_int_equal(ck_isotope_pattern_size(p), 26);
  for (int k = 0; k <= 25; k++) { /* k atoms of 109Ag */
    expect_abs(ck_isotope_pattern_probability(p)[k], binomial_pmf(25, k, 0.01), 1e-12);
    expect_abs(ck_isotope_pattern_mz(p)[k], (25 - k) * M_107AG + k * M_109AG + M_E, 1e-8);
  }
  ck_isotope_pattern_free(p);
  ck_abundance_table_free(t);
  ck_ctx_free(ctx);
}

static void bins_should_keep_probability_and_mean(void **state) {
  (void)state;
  ck_isotope_pattern *fine = pattern_of("[Ag25(C8H9S)18]-", NULL, 0.9999);
  const double widths[] = {0.001, 0.02, 0.5, 1.0, 3.0};
  for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
    double w = widths[i];
    ck_isotope_pattern *b = ck_isotope_pattern_bin(NULL, fine, w);
    assert_non_null(b);
    expect_rel(ck_isotope_pattern_total_probability(b), ck_isotope_pattern_total_probability(fine),
               1e-12);
    expect_rel(ck_isotope_pattern_mean_mz(b), ck_isotope_pattern_mean_mz(fine), 1e-14);
    const double *mz = ck_isotope_pattern_mz(b);
    assert_true(ck_isotope_pattern_size(b) <= ck_isotope_pattern_size(fine));
    for (size_t k = 1; k < ck_isotope_pattern_size(b); k++) {
      /* one peak per bin, each inside its bin */
      assert_true(floor(mz[k] / w + 0.5) > floor(mz[k - 1] / w + 0.5));
    }
    ck_isotope_pattern_free(b);
  }
  /* The unresolved Ag25 pattern at 1 m/z has about as many peaks as nominal masses. */
  ck_isotope_pattern *unit = ck_isotope_pattern_bin(NULL, fine, 1.0);
  ck_isotope_pattern *peaks = ck_isotope_pattern_nominal(NULL, fine);
  assert_true(labs((long)ck_isotope_pattern_size(unit) - (long)ck_isotope_pattern_size(peaks)) <=
              1);
  ck_isotope_pattern_free(unit);
  ck_isotope_pattern_free(peaks);
  ck_isotope_pattern_free(fine);
}

static void most_abundant_should_be_the_largest_isotope_peak(void **state) {
  (void)state;
  double mz = 0.0;
  ck_formula f = parse("[Ag2]-");
  assert_int_equal(ck_isotope_most_abundant_mz(NULL, &f, NULL, &mz), CK_OK);
  expect_abs(mz, M_107AG + M_109AG + M_E, 1e-9); /* 2pq > p^2 > q^2 */
  f = parse("C6H6");
  assert_int_equal(ck_isotope_most_abundant_mz(NULL, &f, NULL, &mz), CK_OK);
  expect_abs(mz, 78.046950, 1e-6);
  /* C200: the 13C count is binomial(200, 0.0107), mode 2 (np = 2.14) */
  f = parse("C200");
  assert_int_equal(ck_isotope_most_abundant_mz(NULL, &f, NULL, &mz), CK_OK);
  expect_abs(mz, 198 * 12.0 + 2 * 13.00335483507, 1e-9);
  /* [Ag25(C8H9S)18]-: the largest peak lies within 1 of the average m/z */
  f = parse("[Ag25(C8H9S)18]-");
  double average = 0.0;
  assert_int_equal(ck_isotope_most_abundant_mz(NULL, &f, NULL, &mz), CK_OK);
  assert_int_equal(ck_formula_average_mz(NULL, &f, NULL, &average), CK_OK);
  assert_true(fabs(mz - average) < 1.0);
}

/* Trapezoid rule over a grid. */
static double integrate(const double *x, const double *y, size_t n) {
  double s = 0.0;
  for (size_t i = 1; i < n; i++) {
    s += 0.5 * (y[i] + y[i - 1]) * (x[i] - x[i - 1]);
  }
  return s;
}

static double *grid(double from, double to, size_t n) {
  double *x = malloc(n * sizeof *x);
  for (size_t i = 0; i < n; i++) {
    x[i] = from + (to - from) * (double)i / (double)(n - 1);
  }
  return x;
}

static void profile_integral_should_be_the_total_probability(void **state) {
  (void)state;
  ck_isotope_pattern *p = pattern_of("[Ag25(C8H9S)18]-", NULL, CK_ISOTOPE_DEFAULT_COVERAGE);
  const double *mz = ck_isotope_pattern_mz(p);
  double from = mz[0] - 1.0, to = mz[ck_isotope_pattern_size(p) - 1] + 1.0;
  const size_t n = (size_t)((to - from) / 2e-3) + 1; /* FWHM at R = 25000 is about 0.2 */
  double *x = grid(from, to, n);
  double *y = calloc(n, sizeof *y);
  assert_int_equal(ck_isotope_pattern_profile_add(NULL, p, 25000, 2.5, n, x, y), CK_OK);
  expect_rel(integrate(x, y, n), 2.5 * ck_isotope_pattern_total_probability(p), 1e-6);
  /* adding twice doubles it */
  assert_int_equal(ck_isotope_pattern_profile_add(NULL, p, 25000, 2.5, n, x, y), CK_OK);
  expect_rel(integrate(x, y, n), 5.0 * ck_isotope_pattern_total_probability(p), 1e-6);
  /* a species profile: fine structure merged, written not added */
  ck_formula f = parse("[Ag25(C8H9S)18]-");
  assert_int_equal(ck_isotope_species_profile(NULL, &f, NULL, 25000, n, x, y), CK_OK);
  double area = integrate(x, y, n);
  assert_true(area >= CK_ISOTOPE_DEFAULT_COVERAGE - 1e-6 && area <= 1.0 + 1e-6);
  /* ... and the merged fine structure changes the shape by < 1e-3 of the top */
  double *exact = calloc(n, sizeof *exact), top = 0.0, worst = 0.0;
  assert_int_equal(ck_isotope_pattern_profile_add(NULL, p, 25000, 1.0, n, x, exact), CK_OK);
  for (size_t i = 0; i < n; i++) {
    top = fmax(top, exact[i]);
    worst = fmax(worst, fabs(exact[i] - y[i]));
  }
  assert_true(worst < 1e-3 * top);
  free(exact);
  free(x);
  free(y);
  ck_isotope_pattern_free(p);
}

/* Full width at half maximum of the single peak of [Au]- (one isotope). */
static void isolated_peak_should_have_fwhm_mz_over_r(void **state) {
  (void)state;
  ck_isotope_pattern *p = pattern_of("[Au]-", NULL, 1.0);
  const double centre = ck_isotope_pattern_mz(p)[0], r = 1000.0, fwhm = centre / r;
  const size_t n = 40001;
  double *x = grid(centre - 2 * fwhm, centre + 2 * fwhm, n);
  double *y = calloc(n, sizeof *y);
  assert_int_equal(ck_isotope_pattern_profile_add(NULL, p, r, 1.0, n, x, y), CK_OK);
  size_t top = 0;
  for (size_t i = 1; i < n; i++) {
    top = y[i] > y[top] ? i : top;
  }
  double half = 0.5 * y[top], left = 0.0, right = 0.0;
  for (size_t i = 1; i < n; i++) { /* linear interpolation of the half-maximum crossings */
    if (y[i - 1] < half && y[i] >= half) {
      left = x[i - 1] + (half - y[i - 1]) / (y[i] - y[i - 1]) * (x[i] - x[i - 1]);
    }
    if (y[i - 1] >= half && y[i] < half) {
      right = x[i - 1] + (y[i - 1] - half) / (y[i - 1] - y[i]) * (x[i] - x[i - 1]);
    }
  }
  expect_rel(right - left, fwhm, 1e-6);
  expect_abs(x[top], centre, 1e-4 * fwhm);
  free(x);
  free(y);
  ck_isotope_pattern_free(p);
}

static void bad_requests_should_be_refused(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_formula f = parse("[Ag25]-");
  assert_null(ck_isotope_pattern_compute(ctx, &f, NULL, 0.0));
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_INPUT);
  assert_null(ck_isotope_pattern_compute(ctx, &f, NULL, 1.5));
  assert_null(ck_isotope_pattern_compute(ctx, NULL, NULL, 0.9));
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_ARG);
  f = parse("[Ag24Tc]-");
  assert_null(ck_isotope_pattern_compute(ctx, &f, NULL, 0.9));
  assert_non_null(strstr(ck_ctx_errmsg(ctx), "no isotope data for Tc"));
  f = parse("Ag2000000");
  assert_null(ck_isotope_pattern_compute(ctx, &f, NULL, 0.9));
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_LIMIT);
  f = parse("C100000H100000"); /* every configuration: 1e10 */
  assert_null(ck_isotope_pattern_compute(ctx, &f, NULL, 1.0));
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_LIMIT);
  double mz = 0.0;
  f = parse("Ag2000000");
  assert_int_equal(ck_isotope_most_abundant_mz(ctx, &f, NULL, &mz), CK_ERR_LIMIT);

  ck_isotope_pattern *p = pattern_of("[Ag2]-", NULL, 1.0);
  ck_isotope_pattern *b = ck_isotope_pattern_bin(ctx, p, 1.0);
  assert_null(ck_isotope_pattern_nominal(ctx, b)); /* needs the fine structure */
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_ARG);
  assert_null(ck_isotope_pattern_bin(ctx, p, 0.0));
  assert_null(ck_isotope_pattern_bin(ctx, p, 1e-20));
  double x[3] = {200, 214, 213}, y[3] = {0};
  assert_int_equal(ck_isotope_pattern_profile_add(ctx, p, 1000, 1, 3, x, y), CK_ERR_INPUT);
  x[2] = 215;
  assert_int_equal(ck_isotope_pattern_profile_add(ctx, p, 0, 1, 3, x, y), CK_ERR_INPUT);
  assert_int_equal(ck_isotope_pattern_profile_add(ctx, p, 1000, 1, 3, x, y), CK_OK);
  assert_int_equal(ck_isotope_pattern_profile_add(ctx, NULL, 1000, 1, 3, x, y), CK_ERR_ARG);
  ck_isotope_pattern_free(b);
  ck_isotope_pattern_free(p);
  ck_isotope_pattern_free(NULL);
  ck_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(ag2_should_be_the_exact_binomial),
      cmocka_unit_test(patterns_should_reach_the_coverage),
      cmocka_unit_test(pattern_mean_should_be_the_average_mass),
      cmocka_unit_test(isotope_peaks_should_be_convolved_binomials),
      cmocka_unit_test(enriched_labels_should_give_binomials),
      cmocka_unit_test(bins_should_keep_probability_and_mean),
      cmocka_unit_test(most_abundant_should_be_the_largest_isotope_peak),
      cmocka_unit_test(profile_integral_should_be_the_total_probability),
      cmocka_unit_test(isolated_peak_should_have_fwhm_mz_over_r),
      cmocka_unit_test(bad_requests_should_be_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
