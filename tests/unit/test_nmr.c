/* SPDX-License-Identifier: MIT */
/* Tests of the hydride NMR lines and spectrum (MODEL.md section 6) against
 * closed forms: binomial isotopomers, first-order multiplets, deuteride scaling. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ck_test.h"
#include "clusterkin/ck_nmr.h"

/* Natural abundances (IUPAC 2013, as MODEL.md section 6 quotes them). */
#define P107 0.51839
#define P109 0.48161
#define MHZ 600.0
#define PI 3.14159265358979323846

static const ck_nmr_params h600 = {MHZ, 3.0, 0, 0.0};

static ck_nmr_lines *lines_ok(const ck_nmr_params *p, const ck_nmr_composition *c, int n) {
  ck_ctx *ctx = ck_ctx_create();
  ck_nmr_lines *lines = ck_nmr_hydride_lines(ctx, p, c, n);
  if (lines == NULL) {
    fail_msg("%s", ck_ctx_errmsg(ctx));
  }
  ck_ctx_free(ctx);
  return lines;
}

/* The line of isotopomer (a, b) at position_hz, or fail. */
static const ck_nmr_line *find_line(const ck_nmr_lines *l, int a, int b, double position_hz) {
  for (size_t i = 0; i < l->n; i++) {
    const ck_nmr_line *x = &l->line[i];
    if (x->n_107 == a && x->n_109 == b && fabs(x->position_hz - position_hz) < 1e-9) {
      return x;
    }
  }
  fail_msg("no line of 107Ag%d 109Ag%d at %.6f Hz", a, b, position_hz);
  return NULL;
}

static double total_intensity(const ck_nmr_lines *l) {
  double sum = 0.0;
  for (size_t i = 0; i < l->n; i++) {
    sum += l->line[i].intensity;
  }
  return sum;
}

static void ag7_should_give_binomial_octets_of_octets(void **state) {
  (void)state;
  ck_nmr_composition ag7 = {"Ag7", 7, 0, 0, 3.557, 36.0, 41.4, 1.0};
  ck_nmr_lines *l = lines_ok(&h600, &ag7, 1);
  assert_int_equal(l->n, 120); /* sum over k of (k + 1)(8 - k) */
  double centre = 3.557 * MHZ;
  /* All-107Ag isotopomer: outermost line at +3.5 J107 with p107^7 / 2^7. */
  const ck_nmr_line *outer = find_line(l, 7, 0, centre + 3.5 * 36.0);
  expect_rel(outer->intensity, pow(P107, 7) / 128.0, 1e-12);
  expect_rel(outer->position_ppm, (centre + 3.5 * 36.0) / MHZ, 1e-14);
  /* All-109Ag: inner line of the octet, C(7,3) / 2^7 at +0.5 J109. */
  expect_rel(find_line(l, 0, 7, centre + 0.5 * 41.4)->intensity, pow(P109, 7) * 35.0 / 128.0,
             1e-12);
  /* 107Ag3 109Ag4: C(7,3) p^3 q^4, sub-lines C(3,i) C(4,j) / 2^7. */
  double w34 = 35.0 * pow(P107, 3) * pow(P109, 4);
  expect_rel(find_line(l, 3, 4, centre + 0.5 * 36.0 - 1.0 * 41.4)->intensity,
             w34 * 3.0 * 4.0 / 128.0, 1e-12);
  expect_rel(total_intensity(l), 1.0, 1e-12);
  double top = -1e300;
  for (size_t i = 0; i < l->n; i++) {
    top = fmax(top, l->line[i].position_hz);
  }
  expect_rel(top, centre + 3.5 * 41.4, 1e-15); /* J109 > J107: the 109Ag7 octet is widest */
  ck_nmr_lines_free(l);
}

static void cu5ag2_should_give_three_isotopomers(void **state) {
  (void)state;
  const double j107 = 58.3, j109 = 67.0, c = 1.890 * MHZ, p = P107, q = P109;
  ck_nmr_composition cu5ag2 = {"Cu5Ag2", 2, 0, 0, 1.890, j107, j109, 1.0};
  ck_nmr_lines *l = lines_ok(&h600, &cu5ag2, 1);
  assert_int_equal(l->n, 3 + 4 + 3);
  /* 107/107: triplet 1:2:1 with weight p^2. */
  expect_rel(find_line(l, 2, 0, c - j107)->intensity, p * p / 4.0, 1e-12);
  expect_rel(find_line(l, 2, 0, c)->intensity, p * p / 2.0, 1e-12);
  expect_rel(find_line(l, 2, 0, c + j107)->intensity, p * p / 4.0, 1e-12);
  /* 107/109: doublet of doublets, weight 2pq shared equally. */
  for (int s1 = -1; s1 <= 1; s1 += 2) {
    for (int s2 = -1; s2 <= 1; s2 += 2) {
      expect_rel(find_line(l, 1, 1, c + 0.5 * s1 * j107 + 0.5 * s2 * j109)->intensity,
                 2.0 * p * q / 4.0, 1e-12);
    }
  }
  /* 109/109: triplet with weight q^2. */
  expect_rel(find_line(l, 0, 2, c - j109)->intensity, q * q / 4.0, 1e-12);
  expect_rel(find_line(l, 0, 2, c)->intensity, q * q / 2.0, 1e-12);
  expect_rel(find_line(l, 0, 2, c + j109)->intensity, q * q / 4.0, 1e-12);
  ck_nmr_lines_free(l);
}

static void j109_should_default_to_the_gamma_ratio(void **state) {
  (void)state;
  ck_nmr_composition cu6ag = {"Cu6Ag", 1, 0, 0, 1.203, 69.8, 0.0, 1.0};
  ck_nmr_lines *l = lines_ok(&h600, &cu6ag, 1);
  double c = 1.203 * MHZ;
  find_line(l, 0, 1, c + 0.5 * 69.8 * 1.1496);
  ck_nmr_params ratio = h600;
  ratio.j109_per_j107 = 1.2;
  ck_nmr_lines *l2 = lines_ok(&ratio, &cu6ag, 1);
  find_line(l2, 0, 1, c - 0.5 * 69.8 * 1.2);
  ck_nmr_lines_free(l);
  ck_nmr_lines_free(l2);
}

static void deuteride_should_scale_couplings_by_the_gamma_ratio(void **state) {
  (void)state;
  ck_nmr_composition cu6ag = {"Cu6Ag", 1, 0, 0, 1.203, 69.8, 80.2, 1.0};
  ck_nmr_params d = h600;
  d.deuteride = 1;
  ck_nmr_lines *h = lines_ok(&h600, &cu6ag, 1), *l = lines_ok(&d, &cu6ag, 1);
  expect_rel(l->observe_mhz, MHZ / 6.514, 1e-15);
  assert_int_equal(l->n, h->n);
  /* Both lists are sorted alike: 107 doublet, then 109 doublet. */
  double split_h = h->line[1].position_hz - h->line[0].position_hz;
  double split_d = l->line[1].position_hz - l->line[0].position_hz;
  expect_rel(split_h, 69.8, 1e-12);
  expect_rel(split_d, 69.8 / 6.514, 1e-12);
  expect_rel(split_d / split_h, 1.0 / 6.514, 1e-12);
  expect_rel(l->line[3].position_hz - l->line[2].position_hz, 80.2 / 6.514, 1e-12);
  /* The chemical shift in ppm does not move. */
  expect_rel(0.5 * (l->line[0].position_ppm + l->line[1].position_ppm), 1.203, 1e-12);
  ck_nmr_lines_free(h);
  ck_nmr_lines_free(l);
}

static void cu7_should_be_a_singlet_and_weights_should_add(void **state) {
  (void)state;
  ck_nmr_composition series[3] = {
      {"Cu7", 0, 0, 0, -0.286, 0.0, 0.0, 0.25},
      {"Cu6Ag", 1, 0, 0, 1.203, 69.8, 80.2, 0.5},
      {"Ag7", 7, 0, 0, 3.557, 36.0, 41.4, 2.0},
  };
  ck_nmr_lines *l = lines_ok(&h600, series, 3);
  assert_int_equal(l->n, 1 + 4 + 120);
  assert_int_equal(l->line[0].composition, 0);
  expect_rel(l->line[0].position_ppm, -0.286, 1e-14);
  expect_rel(l->line[0].intensity, 0.25, 0.0);
  expect_rel(total_intensity(l), 0.25 + 0.5 + 2.0, 1e-12);
  ck_nmr_lines_free(l);
}

static void enriched_silver_should_fix_the_isotopomer(void **state) {
  (void)state;
  ck_nmr_composition labelled = {"Cu5(107Ag)2", 0, 2, 0, 1.890, 58.3, 67.0, 1.0};
  ck_nmr_lines *l = lines_ok(&h600, &labelled, 1);
  assert_int_equal(l->n, 3);
  expect_rel(find_line(l, 2, 0, 1.890 * MHZ)->intensity, 0.5, 1e-15);
  ck_nmr_lines_free(l);
}

static void spectrum_should_peak_at_the_lorentzian_height(void **state) {
  (void)state;
  ck_nmr_composition cu7 = {"Cu7", 0, 0, 0, -0.286, 0.0, 0.0, 2.0};
  ck_nmr_params p = h600;
  ck_nmr_lines *l = lines_ok(&p, &cu7, 1);
  ck_ctx *ctx = ck_ctx_create();
  /* Automatic window: +-10 linewidths in steps of a tenth: 201 points, centre on a point. */
  ck_nmr_spectrum *s = ck_nmr_spectrum_compute(ctx, l, &p, 1, NULL);
  assert_non_null(s);
  assert_int_equal(s->n_points, 201);
  expect_rel(s->ppm[100], -0.286, 1e-12);
  expect_rel(s->intensity[100 * 2], 2.0 / (PI * 1.5), 1e-12); /* area 2, half width 1.5 Hz */
  expect_rel(s->intensity[100 * 2 + 1], s->intensity[100 * 2], 0.0);
  /* Half height one half width away (5 steps of 0.3 Hz). */
  expect_rel(s->intensity[105 * 2], 0.5 * s->intensity[100 * 2], 1e-9);
  /* Area over a wide window: the Lorentzian's integral beyond +-W is 2/pi atan(hw/W). */
  ck_nmr_window wide = {-0.286 - 5.0, -0.286 + 5.0, 0.05};
  ck_nmr_spectrum *w = ck_nmr_spectrum_compute(ctx, l, &p, 1, &wide);
  assert_non_null(w);
  double area = 0.0;
  for (size_t i = 0; i + 1 < w->n_points; i++) {
    area += 0.5 * (w->intensity[2 * i] + w->intensity[2 * i + 2]) * 0.05;
  }
  expect_rel(area, 2.0 * (1.0 - 2.0 / PI * atan(1.5 / 3000.0)), 1e-5);
  ck_nmr_spectrum_free(s);
  ck_nmr_spectrum_free(w);
  ck_nmr_lines_free(l);
  ck_ctx_free(ctx);
}

static void bad_inputs_should_be_refused(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_nmr_composition c = {"Ag7", 7, 0, 0, 3.557, 36.0, 41.4, 1.0};
  ck_nmr_params p = h600;
  p.fwhm_hz = -1.0;
  assert_null(ck_nmr_hydride_lines(ctx, &p, &c, 1));
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_INPUT);
  assert_non_null(strstr(ck_ctx_errmsg(ctx), "linewidth"));
  c.weight = -1.0;
  assert_null(ck_nmr_hydride_lines(ctx, &h600, &c, 1));
  assert_non_null(strstr(ck_ctx_errmsg(ctx), "Ag7"));
  c.weight = 1.0;
  ck_nmr_lines *l = ck_nmr_hydride_lines(ctx, &h600, &c, 1);
  ck_nmr_window tiny = {0.0, 100.0, 1e-6};
  assert_null(ck_nmr_spectrum_compute(ctx, l, &h600, 1, &tiny));
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_LIMIT);
  ck_nmr_lines_free(l);
  ck_ctx_free(ctx);
}

/* ---- the spec file ---- */

static void example_spec_should_hold_the_se_series(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_nmr_spec *spec = ck_nmr_spec_load(ctx, ck_test_example("cuag7-hydride-se.yaml"));
  if (spec == NULL) {
    fail_msg("%s", ck_ctx_errtext(ctx));
  }
  expect_rel(spec->params.spectrometer_mhz, 600.0, 1e-15);
  assert_int_equal(spec->n_compositions, 8);
  assert_string_equal(spec->compositions[1].label, "Cu5Ag2");
  assert_int_equal(spec->compositions[1].n_ag, 2);
  expect_rel(spec->compositions[1].j109_hz, 67.0, 0.0);
  assert_int_equal(spec->compositions[7].n_ag, 0);
  expect_rel(spec->compositions[7].shift_ppm, -0.286, 0.0);
  expect_rel(spec->compositions[6].weight, 1.0, 0.0);
  ck_nmr_lines *l = ck_nmr_hydride_lines(ctx, &spec->params, spec->compositions, 8);
  assert_non_null(l);
  expect_rel(total_intensity(l), 8.0, 1e-12);
  ck_nmr_lines_free(l);
  ck_nmr_spec_free(spec);
  ck_ctx_free(ctx);
}

static void spec_error(const char *text, int line, const char *word) {
  ck_ctx *ctx = ck_ctx_create();
  ck_nmr_spec *spec = ck_nmr_spec_parse(ctx, text, strlen(text), "spec.yaml");
  if (spec != NULL || ck_ctx_status(ctx) != CK_ERR_INPUT) {
    fail_msg("accepted or wrong status %d: %s", ck_ctx_status(ctx), text);
  }
  if (ck_ctx_errline(ctx) != line || strstr(ck_ctx_errmsg(ctx), word) == NULL) {
    fail_msg("expected line %d and \"%s\", got %s", line, word, ck_ctx_errtext(ctx));
  }
  ck_ctx_free(ctx);
}

static void bad_specs_should_name_line_and_problem(void **state) {
  (void)state;
  const char *head = "spectrometer: 600 MHz\nlinewidth: 3 Hz\ncompositions:\n";
  char text[512];
  snprintf(text, sizeof text, "%s  - {formula: Ag7, j107: 36 Hz}\n", head);
  spec_error(text, 4, "shift");
  snprintf(text, sizeof text, "%s  - {formula: Ag7, shift: 3.5, j107: 36 Hzz}\n", head);
  spec_error(text, 4, "unknown unit");
  snprintf(text, sizeof text, "%s  - {formula: Ag7, shift: 3.5}\n", head);
  spec_error(text, 4, "j107");
  snprintf(text, sizeof text, "%s  - {formula: Ag7q, shift: 3.5}\n", head);
  spec_error(text, 4, "formula");
  snprintf(text, sizeof text, "%s  - {formula: Ag7, label: \"a,b\", shift: 3.5, j107: 36 Hz}\n",
           head);
  spec_error(text, 4, "CSV column");
  spec_error("spectrometer: 600\nlinewidth: 3 Hz\ncompositions: []\n", 1, "needs a unit");
  spec_error("spectrometer: 600 MHz\nlinewidth: -3 Hz\ncompositions: []\n", 2, "greater than 0");
  spec_error("spectrometer: 600 MHz\nlinewidth: 3 Hz\n", 1, "compositions");
  spec_error("spectrometer: 600 MHz\nlinewidth: 3 Hz\ncolour: red\ncompositions: []\n", 3,
             "unknown key");
  spec_error("spectrometer: [600 MHz\n", 2, "invalid YAML");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(ag7_should_give_binomial_octets_of_octets),
      cmocka_unit_test(cu5ag2_should_give_three_isotopomers),
      cmocka_unit_test(j109_should_default_to_the_gamma_ratio),
      cmocka_unit_test(deuteride_should_scale_couplings_by_the_gamma_ratio),
      cmocka_unit_test(cu7_should_be_a_singlet_and_weights_should_add),
      cmocka_unit_test(enriched_silver_should_fix_the_isotopomer),
      cmocka_unit_test(spectrum_should_peak_at_the_lorentzian_height),
      cmocka_unit_test(bad_inputs_should_be_refused),
      cmocka_unit_test(example_spec_should_hold_the_se_series),
      cmocka_unit_test(bad_specs_should_name_line_and_problem),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
