/* SPDX-License-Identifier: MIT */
/* Text/CSV spectrum reading (ck_spectrum.h): the layouts it accepts and the
 * exact message for each kind of bad file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ck_test.h"
#include "clusterkin/clusterkin.h"

static char dir[64];

static int setup(void **state) {
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/ck-spectrum-csv-XXXXXX");
  assert_non_null(mkdtemp(dir));
  return 0;
}

static int teardown(void **state) {
  (void)state;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  return system(cmd) == 0 ? 0 : -1;
}

/* Writes text to dir/name and returns the path (static buffer). */
static const char *write_file(const char *name, const char *text) {
  static char path[128];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
  return path;
}

static ck_spectrum_series *load_ok(const char *name, const char *text, double offset_s) {
  ck_ctx *ctx = ck_ctx_create();
  ck_spectrum_load_options opt = {.time_offset_s = offset_s};
  ck_spectrum_series *s = ck_spectrum_series_load(ctx, write_file(name, text), &opt);
  if (s == NULL) {
    fail_msg("%s", ck_ctx_errtext(ctx));
  }
  ck_ctx_free(ctx);
  return s;
}

static void two_columns_should_be_one_scan(void **state) {
  (void)state;
  const char *texts[] = {
      "# exported\nmz,intensity\n5000.0,1\n5000.5,2.5 # a peak\n5001,3\n",
      "mz\tintensity\r\n5000.0\t1\r\n5000.5\t2.5\r\n\r\n5001\t3\r\n",
      "5000.0  1\n  5000.5 2.5\n5001 3", /* no header, blanks, no final newline */
  };
  for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
    ck_spectrum_series *s = load_ok("one.csv", texts[t], 0.0);
    assert_int_equal(s->n_scans, 1);
    assert_int_equal(s->scans[0].n_points, 3);
    assert_true(isnan(s->scans[0].time_s));
    expect_abs(s->scans[0].mz[1], 5000.5, 0.0);
    expect_abs(s->scans[0].intensity[1], 2.5, 0.0);
    expect_abs(s->scans[0].mz[2], 5001.0, 0.0);
    ck_spectrum_series_free(s);
  }
}

static void three_columns_should_group_scans_by_time(void **state) {
  (void)state;
  ck_spectrum_series *s = load_ok("series.csv",
                                  "time_min,mz,intensity\n0.5,100,1\n0.5,101,2\n1.5,100,3\n"
                                  "1.5,100.5,4\n1.5,101,5\n",
                                  -10.0);
  assert_int_equal(s->n_scans, 2);
  assert_int_equal(s->scans[0].n_points, 2);
  assert_int_equal(s->scans[1].n_points, 3);
  expect_abs(s->scans[0].time_s, 30.0 - 10.0, 1e-12); /* minutes -> s, then the offset */
  expect_abs(s->scans[1].time_s, 90.0 - 10.0, 1e-12);
  expect_abs(s->scans[1].intensity[2], 5.0, 0.0);
  ck_spectrum_series_free(s);
  s = load_ok("series.txt", "0 100 1\n0 101 2\n10 99 3\n", 0.0); /* no header: seconds */
  assert_int_equal(s->n_scans, 2);
  expect_abs(s->scans[1].time_s, 10.0, 0.0);
  expect_abs(s->scans[1].mz[0], 99.0, 0.0);
  ck_spectrum_series_free(s);
}

static void bad_files_should_give_exact_messages(void **state) {
  (void)state;
  struct {
    const char *text, *message; /* message after "PATH:" */
  } cases[] = {
      {"mz,intensity\n5000,1\n4999,2\n", "3: m/z 4999 does not ascend (previous 5000)"},
      {"mz,intensity\n5000,1\n5000,2\n", "3: m/z 5000 does not ascend (previous 5000)"},
      {"mz,intensity\n5000,1\n5001,abc\n", "3: column 2: 'abc' is not a number"},
      {"mz,intensity\n5000,1\n5001,\n", "3: column 2: '' is not a number"},
      {"5000,1\n5001,2,3\n", "2: 3 columns where the file has 2"},
      {"5000\n", "1: 1 columns; expected mz,intensity or time_s,mz,intensity"},
      {"time_h,mz,intensity\n1,2,3\n", "1: first column 'time_h' must be time_s or time_min"},
      {"mz,intensity\nmz,intensity\n", "2: 'mz' is not a number"},
      {"# nothing\n\n", " no data rows (expected mz,intensity or time_s,mz,intensity)"},
      {"time_s,mz,intensity\n10,100,1\n5,100,1\n",
       "3: scan time 5 s is not after the previous scan's 10 s"},
      {"mz,intensity\n-5,1\n", "2: m/z -5 is not positive"},
      {"mz,intensity\n5000,inf\n", "2: column 2: 'inf' is not a number"},
  };
  for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
    ck_ctx *ctx = ck_ctx_create();
    const char *path = write_file("bad.csv", cases[c].text);
    char expected[512];
    snprintf(expected, sizeof expected, "%s:%s", path, cases[c].message);
    ck_spectrum_series *s = ck_spectrum_series_load(ctx, path, NULL);
    assert_null(s);
    assert_int_equal(ck_ctx_status(ctx), CK_ERR_INPUT);
    assert_string_equal(ck_ctx_errtext(ctx), expected);
    ck_ctx_free(ctx);
  }
}

static void missing_file_should_name_it(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  char path[128];
  snprintf(path, sizeof path, "%s/none.csv", dir);
  assert_null(ck_spectrum_series_load(ctx, path, NULL));
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_IO);
  assert_non_null(strstr(ck_ctx_errtext(ctx), path));
  ck_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(two_columns_should_be_one_scan),
      cmocka_unit_test(three_columns_should_group_scans_by_time),
      cmocka_unit_test(bad_files_should_give_exact_messages),
      cmocka_unit_test(missing_file_should_name_it),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
