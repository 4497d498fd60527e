/* SPDX-License-Identifier: MIT */
/* Tests of mzML input and output: round trips at both precisions with and
 * without zlib, fixtures written by Python's encoders (minutes, an instrument
 * export's structure), an independent decode of our output, and every error. */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ck_test.h"
#include "clusterkin/ck_spectrum.h"
#include "clusterkin/clusterkin.h"
#include "spectra/spectrum_readers.h"

/* A scratch directory per test run, removed at the end. */
static char dir[64];

static const char *tmp_path(const char *name) {
  static char buf[4][256];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
  return buf[k];
}

/* Four scans: profile with a time, centroid with a time, profile without one,
 * an empty one. Values with full 64-bit mantissas, so a 32-bit path would show. */
static ck_spectrum_series *make_series(ck_ctx *ctx) {
  ck_spectrum_series *s = ck_spectrum_series_create(ctx, 4);
  assert_non_null(s);
  const size_t n[4] = {257, 40, 1, 0};
  const double t[4] = {0.0, 12.345678901234567, NAN, 1e4 / 3.0};
  uint64_t state = 88172645463325252u;
  for (size_t i = 0; i < 4; i++) {
    assert_int_equal(ck_spectrum_alloc(ctx, &s->scans[i], n[i]), CK_OK);
    s->scans[i].time_s = t[i];
    s->scans[i].centroid = i == 1;
    for (size_t k = 0; k < n[i]; k++) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      double u = (double)(state >> 11) / 9007199254740992.0; /* [0, 1) */
      s->scans[i].mz[k] = 5000.0 + 0.1 * (double)k + 0.01 * u + (double)i * 100.0 / 3.0;
      s->scans[i].intensity[k] = 1e5 * u * u - 3.0; /* negatives too (baseline-subtracted) */
    }
  }
  return s;
}

static ck_spectrum_series *load_ok(ck_ctx *ctx, const char *path,
                                   const ck_spectrum_load_options *opt) {
  ck_spectrum_series *s = ck_spectrum_mzml_load(ctx, path, opt);
  if (s == NULL) {
    fail_msg("%s", ck_ctx_errtext(ctx));
  }
  return s;
}

static void round_trip(int bits, int zlib) {
  ck_ctx *ctx = ck_ctx_create();
  ck_spectrum_series *s = make_series(ctx);
  const char *path = tmp_path("rt.mzML");
  ck_mzml_write_options opt = {.precision_bits = bits, .zlib = zlib};
  assert_int_equal(ck_spectrum_series_write_mzml(ctx, path, s, &opt), CK_OK);
  ck_spectrum_series *r = load_ok(ctx, path, NULL);
  assert_int_equal(r->n_scans, s->n_scans);
  for (size_t i = 0; i < s->n_scans; i++) {
    const ck_spectrum *a = &s->scans[i], *b = &r->scans[i];
    assert_int_equal(b->n_points, a->n_points);
    assert_int_equal(b->centroid, a->centroid);
    if (isnan(a->time_s)) {
      assert_true(isnan(b->time_s));
    } else {
      assert_true(b->time_s == a->time_s); /* times are text, written exactly */
    }
    for (size_t k = 0; k < a->n_points; k++) {
      double mz = bits == 32 ? (double)(float)a->mz[k] : a->mz[k];
      double y = bits == 32 ? (double)(float)a->intensity[k] : a->intensity[k];
      if (b->mz[k] != mz || b->intensity[k] != y) {
        fail_msg("scan %zu point %zu: read %.17g %.17g, wrote %.17g %.17g", i, k, b->mz[k],
                 b->intensity[k], mz, y);
      }
    }
  }
  /* 32-bit really is 32-bit: some value must differ from its double. */
  if (bits == 32) {
    assert_true(r->scans[0].mz[1] != s->scans[0].mz[1]);
  }
  ck_spectrum_series_free(r);
  ck_spectrum_series_free(s);
  ck_ctx_free(ctx);
}

static void round_trip_should_be_exact_64_plain(void **state) {
  (void)state;
  round_trip(64, 0);
}
static void round_trip_should_be_exact_64_zlib(void **state) {
  (void)state;
  round_trip(64, 1);
}
static void round_trip_should_round_to_float_32_plain(void **state) {
  (void)state;
  round_trip(32, 0);
}
static void round_trip_should_round_to_float_32_zlib(void **state) {
  (void)state;
  round_trip(32, 1);
}

/* Point k of a fixture scan (tests/data/make_mzml_fixtures.py). */
static void expect_fixture_scan(const ck_spectrum *s, double mz0, size_t n, double time_s,
                                int centroid) {
  assert_int_equal(s->n_points, n);
  expect_abs(s->time_s, time_s, 1e-12);
  assert_int_equal(s->centroid, centroid);
  for (size_t k = 0; k < n; k++) {
    expect_abs(s->mz[k], mz0 + 0.125 * (double)k, 0.0);
    expect_abs(s->intensity[k], 100.0 * (double)(k % 7) + (double)k, 0.0);
  }
}

static void minutes_should_become_seconds_plus_offset(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_spectrum_load_options opt = {.time_offset_s = -20.0};
  ck_spectrum_series *s = load_ok(ctx, ck_test_data("mzml-minutes.mzML"), &opt);
  assert_int_equal(s->n_scans, 2);
  expect_fixture_scan(&s->scans[0], 5000.0, 3, 0.5 * 60 - 20, 0);
  expect_fixture_scan(&s->scans[1], 5001.0, 4, 1.75 * 60 - 20, 0);
  ck_spectrum_series_free(s);
  ck_ctx_free(ctx);
}

/* indexedmzML, referenceableParamGroups (spectrum type and m/z array), MS2
 * skipped, descending m/z sorted, extra arrays and chromatograms ignored. */
static void instrument_export_should_give_its_ms1_scans(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_spectrum_series *s = load_ok(ctx, ck_test_data("mzml-instrument.mzML"), NULL);
  assert_int_equal(s->n_scans, 3);
  expect_fixture_scan(&s->scans[0], 5000.0, 40, 30.0, 0);
  expect_fixture_scan(&s->scans[1], 5100.0, 30, 75.0, 0);
  expect_fixture_scan(&s->scans[2], 6200.0, 5, 120.0, 1);
  ck_spectrum_series_free(s);
  ck_ctx_free(ctx);
}

/* A pipe cannot be mapped: the reader falls back to reading the descriptor. */
static void pipe_should_read_like_a_file(void **state) {
  (void)state;
  const char *fifo = tmp_path("pipe.mzML");
  assert_int_equal(mkfifo(fifo, 0600), 0);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "cat '%s' > '%s' &", ck_test_data("mzml-instrument.mzML"), fifo);
  assert_int_equal(system(cmd), 0);
  ck_ctx *ctx = ck_ctx_create();
  ck_spectrum_series *s = load_ok(ctx, fifo, NULL);
  assert_int_equal(s->n_scans, 3);
  expect_fixture_scan(&s->scans[1], 5100.0, 30, 75.0, 0);
  ck_spectrum_series_free(s);
  ck_ctx_free(ctx);
}

/* Our output decoded by Python's xml.etree, base64, zlib and struct: the
 * structure of a minimal mzML 1.1 and the sums of every array. */
static void output_should_decode_independently(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_spectrum_series *s = make_series(ctx);
  ck_mzml_write_options opt = {.precision_bits = 64, .zlib = 1};
  const char *path = tmp_path("py.mzML");
  assert_int_equal(ck_spectrum_series_write_mzml(ctx, path, s, &opt), CK_OK);
  char cmd[512];
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %s", ck_test_data("check_mzml.py"), path);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  for (size_t i = 0; i < s->n_scans; i++) {
    double t = 0, n = 0, sum_mz = 0, sum_y = 0;
    if (fscanf(p, "%lf %lf %lf %lf", &t, &n, &sum_mz, &sum_y) != 4) {
      fail_msg("check_mzml.py gave no line for scan %zu", i);
    }
    double want_mz = 0, want_y = 0;
    for (size_t k = 0; k < s->scans[i].n_points; k++) {
      want_mz += s->scans[i].mz[k];
      want_y += s->scans[i].intensity[k];
    }
    assert_int_equal((size_t)n, s->scans[i].n_points);
    expect_rel(sum_mz, want_mz, 1e-12);
    expect_rel(sum_y, want_y, 1e-12);
    if (!isnan(s->scans[i].time_s)) {
      expect_abs(t, s->scans[i].time_s, 0.0);
    }
  }
  assert_int_equal(pclose(p), 0);
  ck_spectrum_series_free(s);
  ck_ctx_free(ctx);
}

static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = calloc((size_t)len + 1, 1);
  assert_non_null(buf);
  assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
  fclose(f);
  *n = (size_t)len;
  return buf;
}

static void output_should_be_deterministic_and_atomic(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_spectrum_series *s = make_series(ctx);
  ck_mzml_write_options opt = {.precision_bits = 32, .zlib = 1};
  char *text[2];
  for (int k = 0; k < 2; k++) {
    const char *path = tmp_path(k ? "det2.mzML" : "det1.mzML");
    assert_int_equal(ck_spectrum_series_write_mzml(ctx, path, s, &opt), CK_OK);
    size_t n = 0;
    text[k] = slurp(path, &n);
  }
  assert_string_equal(text[0], text[1]);
  assert_null(strstr(text[0], "startTimeStamp"));
  free(text[0]);
  free(text[1]);
  /* a directory that does not exist: CK_ERR_IO and nothing left behind */
  assert_int_equal(ck_spectrum_series_write_mzml(ctx, tmp_path("no/such.mzML"), s, &opt),
                   CK_ERR_IO);
  /* refused arguments write nothing either */
  opt.precision_bits = 16;
  assert_int_equal(ck_spectrum_series_write_mzml(ctx, tmp_path("bad.mzML"), s, &opt), CK_ERR_ARG);
  assert_int_equal(access(tmp_path("bad.mzML"), F_OK), -1);
  ck_spectrum_series_free(s);
  ck_ctx_free(ctx);
}

/* m/z values that 32-bit floats cannot tell apart would be a file the reader
 * refuses: the writer refuses it first. */
static void writer_should_refuse_mz_collapsed_by_32_bit(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_spectrum_series *s = ck_spectrum_series_create(ctx, 1);
  assert_int_equal(ck_spectrum_alloc(ctx, &s->scans[0], 2), CK_OK);
  s->scans[0].mz[0] = 5000.0;
  s->scans[0].mz[1] = 5000.0001;
  ck_mzml_write_options opt = {.precision_bits = 32};
  assert_int_equal(ck_spectrum_series_write_mzml(ctx, tmp_path("c.mzML"), s, &opt), CK_ERR_ARG);
  opt.precision_bits = 64;
  assert_int_equal(ck_spectrum_series_write_mzml(ctx, tmp_path("c.mzML"), s, &opt), CK_OK);
  ck_spectrum_series_free(s);
  ck_ctx_free(ctx);
}

/* ---------- errors ---------- */

static void spit(const char *path, const char *text, size_t n) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(text, 1, n, f), n);
  fclose(f);
}

/* A written file's text, for tampering. */
static char *written(int bits, int zlib, size_t *n) {
  ck_ctx *ctx = ck_ctx_create();
  ck_spectrum_series *s = make_series(ctx);
  ck_mzml_write_options opt = {.precision_bits = bits, .zlib = zlib};
  const char *path = tmp_path("orig.mzML");
  assert_int_equal(ck_spectrum_series_write_mzml(ctx, path, s, &opt), CK_OK);
  ck_spectrum_series_free(s);
  ck_ctx_free(ctx);
  return slurp(path, n);
}

/* Loading text must fail with status, the message naming the file and
 * containing word, and nothing printed on stderr (libxml2 stays quiet). */
static void expect_load_error(const char *text, size_t n, ck_status status, const char *word) {
  const char *path = tmp_path("bad.mzML");
  spit(path, text, n);
  const char *err_path = tmp_path("stderr.txt");
  fflush(stderr);
  int saved = dup(2);
  int fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  assert_true(saved >= 0 && fd >= 0);
  dup2(fd, 2);
  ck_ctx *ctx = ck_ctx_create();
  ck_spectrum_series *s = ck_spectrum_mzml_load(ctx, path, NULL);
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  close(fd);
  assert_null(s);
  const char *msg = ck_ctx_errtext(ctx);
  if (ck_ctx_status(ctx) != status || strstr(msg, path) == NULL || strstr(msg, word) == NULL ||
      ck_ctx_errline(ctx) <= 0) {
    fail_msg("expected status %d with \"%s\", got %d: %s", status, word, ck_ctx_status(ctx), msg);
  }
  size_t n_err = 0;
  char *printed = slurp(err_path, &n_err);
  if (n_err != 0) {
    fail_msg("printed on stderr: %s", printed);
  }
  free(printed);
  ck_ctx_free(ctx);
}

/* Replaces the first occurrence of from (after the offset-th byte) with to, same length. */
static void patch(char *text, size_t offset, const char *from, const char *to) {
  char *at = strstr(text + offset, from);
  assert_non_null(at);
  assert_int_equal(strlen(from), strlen(to));
  memcpy(at, to, strlen(to));
}

static void truncated_file_should_be_an_input_error(void **state) {
  (void)state;
  size_t n = 0;
  char *text = written(64, 1, &n);
  for (size_t cut = 1; cut < 8; cut++) {
    expect_load_error(text, n * cut / 8, CK_ERR_INPUT, "truncated");
  }
  expect_load_error(text, 0, CK_ERR_INPUT, "truncated");
  free(text);
}

static void corrupt_base64_should_be_an_input_error(void **state) {
  (void)state;
  size_t n = 0;
  char *text = written(64, 0, &n);
  char *bin = strstr(text, "<binary>");
  assert_non_null(bin);
  bin[8 + 5] = '*';
  expect_load_error(text, n, CK_ERR_INPUT, "bad base64");
  free(text);
  text = written(64, 0, &n);
  patch(text, 0, "=</binary>", "A</binary>"); /* a quad cut short */
  expect_load_error(text, n, CK_ERR_INPUT, "base64");
  free(text);
}

static void corrupt_zlib_should_be_an_input_error(void **state) {
  (void)state;
  size_t n = 0;
  char *text = written(64, 1, &n);
  char *bin = strstr(text, "<binary>");
  assert_non_null(bin);
  memcpy(bin + 8, "AAAA", 4); /* header bytes 0x00 0x00: not a zlib stream */
  expect_load_error(text, n, CK_ERR_INPUT, "zlib");
  free(text);
  /* damage inside the deflate data, header intact */
  text = written(64, 1, &n);
  bin = strstr(text, "<binary>");
  for (int k = 20; k < 40; k++) {
    bin[8 + k] = bin[8 + k] == '/' ? '+' : '/';
  }
  expect_load_error(text, n, CK_ERR_INPUT, "zlib");
  free(text);
}

static void wrong_lengths_should_be_input_errors(void **state) {
  (void)state;
  size_t n = 0;
  for (int zlib = 0; zlib < 2; zlib++) {
    char *text = written(64, zlib, &n);
    patch(text, 0, "defaultArrayLength=\"257\"", "defaultArrayLength=\"258\"");
    expect_load_error(text, n, CK_ERR_INPUT, "length mismatch");
    free(text);
    text = written(64, zlib, &n);
    patch(text, 0, "defaultArrayLength=\"257\"", "defaultArrayLength=\"256\"");
    expect_load_error(text, n, CK_ERR_INPUT, "length mismatch");
    free(text);
  }
  char *text = written(64, 0, &n);
  patch(text, 0, "encodedLength=\"2744\"", "encodedLength=\"2740\"");
  expect_load_error(text, n, CK_ERR_INPUT, "encodedLength");
  free(text);
}

static void non_mzml_should_be_input_errors(void **state) {
  (void)state;
  const char *xml = "<?xml version=\"1.0\"?>\n<sbml><model/></sbml>\n";
  expect_load_error(xml, strlen(xml), CK_ERR_INPUT, "not an mzML file");
  const char *csv = "mz,intensity\n5000,1\n";
  expect_load_error(csv, strlen(csv), CK_ERR_INPUT, "XML");
  const char *dtd =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE mzML [<!ENTITY a \"aaaa\">]>\n"
      "<mzML>&a;</mzML>\n";
  expect_load_error(dtd, strlen(dtd), CK_ERR_INPUT, "DTD");
  const char *wrapper = "<indexedmzML><indexList/></indexedmzML>";
  expect_load_error(wrapper, strlen(wrapper), CK_ERR_INPUT, "no <mzML>");
}

static void missing_or_unsupported_arrays_should_be_named(void **state) {
  (void)state;
  size_t n = 0;
  char *text = written(64, 0, &n);
  patch(text, 0, "MS:1000515", "MS:1000517"); /* intensity -> signal to noise array */
  expect_load_error(text, n, CK_ERR_INPUT, "no intensity array (MS:1000515)");
  free(text);
  text = written(64, 0, &n);
  patch(text, 0, "accession=\"MS:1000576\" name=\"no compression\"",
        "accession=\"MS:1002312\" name=\"no compression\"");
  expect_load_error(text, n, CK_ERR_UNSUPPORTED, "MS:1002312 (MS-Numpress linear prediction");
  free(text);
  text = written(64, 0, &n);
  patch(text, 0, "MS:1000523", "MS:1000522");
  expect_load_error(text, n, CK_ERR_UNSUPPORTED, "MS:1000522");
  free(text);
  /* the spectrum is named by index and id */
  text = written(64, 0, &n);
  patch(text, 0, "value=\"1\"", "value=\"x\"");
  expect_load_error(text, n, CK_ERR_INPUT, "spectrum 0 (id \"scan=1\"): ms level");
  free(text);
}

static void spectra_without_ms_level_should_be_taken(void **state) {
  (void)state;
  size_t n = 0;
  char *text = written(64, 1, &n);
  for (int k = 0; k < 4; k++) {
    patch(text, 0, "accession=\"MS:1000511\"", "accession=\"MS:1000999\"");
  }
  const char *path = tmp_path("nolevel.mzML");
  spit(path, text, n);
  free(text);
  ck_ctx *ctx = ck_ctx_create();
  ck_spectrum_series *s = load_ok(ctx, path, NULL);
  assert_int_equal(s->n_scans, 4);
  assert_int_equal(s->scans[0].n_points, 257);
  ck_spectrum_series_free(s);
  ck_ctx_free(ctx);
}

/* Base64 wrapped over lines (some converters do): whitespace is skipped and
 * encodedLength counts only the base64 characters. */
static void wrapped_base64_should_read(void **state) {
  (void)state;
  size_t n = 0;
  char *text = written(64, 1, &n);
  char *wrapped = calloc(2 * n, 1);
  assert_non_null(wrapped);
  const char *bin = strstr(text, "<binary>") + 8;
  size_t head = (size_t)(bin - text);
  memcpy(wrapped, text, head);
  size_t w = head;
  for (const char *c = bin; *c != '<'; c++) {
    wrapped[w++] = *c;
    if ((c - bin) % 76 == 75) {
      memcpy(wrapped + w, "\n  ", 3);
      w += 3;
    }
  }
  strcpy(wrapped + w, strstr(bin, "</binary>"));
  const char *path = tmp_path("wrapped.mzML");
  spit(path, wrapped, strlen(wrapped));
  ck_ctx *ctx = ck_ctx_create();
  ck_spectrum_series *s = load_ok(ctx, path, NULL);
  ck_spectrum_series *orig = make_series(ctx);
  for (size_t k = 0; k < orig->scans[0].n_points; k++) {
    assert_true(s->scans[0].mz[k] == orig->scans[0].mz[k]);
  }
  ck_spectrum_series_free(orig);
  ck_spectrum_series_free(s);
  ck_ctx_free(ctx);
  free(wrapped);
  free(text);
}

/* Thousands of files with one byte changed (fixed seed): each must load or
 * fail with a located message, never crash or leak (this runs under ASan). */
static void mutated_files_should_load_or_fail_cleanly(void **state) {
  (void)state;
  size_t n = 0;
  char *orig = slurp(ck_test_data("mzml-instrument.mzML"), &n);
  char *text = malloc(n);
  assert_non_null(text);
  const char *path = tmp_path("mutant.mzML");
  const char junk[] = "<>/=\"&A+0 \n\x80";
  uint64_t x = 0x9E3779B97F4A7C15u;
  size_t failed = 0;
  for (int trial = 0; trial < 800; trial++) {
    memcpy(text, orig, n);
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    text[(x >> 8) % n] = junk[(x >> 40) % (sizeof junk - 1)];
    spit(path, text, n);
    ck_ctx *ctx = ck_ctx_create();
    ck_spectrum_series *s = ck_spectrum_mzml_load(ctx, path, NULL);
    if (s == NULL) {
      failed++;
      assert_true(ck_ctx_status(ctx) == CK_ERR_INPUT || ck_ctx_status(ctx) == CK_ERR_UNSUPPORTED);
      assert_non_null(strstr(ck_ctx_errtext(ctx), path));
    }
    ck_spectrum_series_free(s);
    ck_ctx_free(ctx);
  }
  assert_true(failed > 50); /* the mutations do reach the reader's checks */
  free(text);
  free(orig);
}

static void missing_file_should_be_an_io_error(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  assert_null(ck_spectrum_mzml_load(ctx, tmp_path("absent.mzML"), NULL));
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_IO);
  assert_non_null(strstr(ck_ctx_errtext(ctx), "absent.mzML"));
  ck_ctx_free(ctx);
}

static int setup(void **state) {
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/ck_test_mzml.XXXXXX");
  return mkdtemp(dir) == NULL ? -1 : 0;
}

static int teardown(void **state) {
  (void)state;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd) == 0 ? 0 : -1;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(round_trip_should_be_exact_64_plain),
      cmocka_unit_test(round_trip_should_be_exact_64_zlib),
      cmocka_unit_test(round_trip_should_round_to_float_32_plain),
      cmocka_unit_test(round_trip_should_round_to_float_32_zlib),
      cmocka_unit_test(minutes_should_become_seconds_plus_offset),
      cmocka_unit_test(instrument_export_should_give_its_ms1_scans),
      cmocka_unit_test(pipe_should_read_like_a_file),
      cmocka_unit_test(output_should_decode_independently),
      cmocka_unit_test(output_should_be_deterministic_and_atomic),
      cmocka_unit_test(writer_should_refuse_mz_collapsed_by_32_bit),
      cmocka_unit_test(truncated_file_should_be_an_input_error),
      cmocka_unit_test(corrupt_base64_should_be_an_input_error),
      cmocka_unit_test(corrupt_zlib_should_be_an_input_error),
      cmocka_unit_test(wrong_lengths_should_be_input_errors),
      cmocka_unit_test(non_mzml_should_be_input_errors),
      cmocka_unit_test(missing_or_unsupported_arrays_should_be_named),
      cmocka_unit_test(spectra_without_ms_level_should_be_taken),
      cmocka_unit_test(wrapped_base64_should_read),
      cmocka_unit_test(mutated_files_should_load_or_fail_cleanly),
      cmocka_unit_test(missing_file_should_be_an_io_error),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
