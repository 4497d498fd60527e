/* SPDX-License-Identifier: MIT */
/* Tests of the channel CSV reader: labels, round trip through the writer, subsets, every error. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ck_test.h"
#include "clusterkin/clusterkin.h"

/* Simulation 3 over 0..600 s every 60 s (tests/data/sim3-fit.yaml) at 40:40. */
typedef struct fixture {
  ck_ctx *ctx;
  ck_model *model;
  ck_network *net;
  ck_channels *ch;
  ck_series *series;
} fixture;

static ck_series *simulate(ck_ctx *ctx, const ck_model *m, ck_network *net, const ck_channels *ch) {
  ck_solver_options opt = ck_solver_options_from_model(m);
  ck_solver *solver = ck_solver_create(ctx, net, &opt);
  assert_non_null(solver);
  ck_series *series = ck_simulate_series(ctx, m, solver, net, ch);
  if (series == NULL) {
    fail_msg("%s", ck_ctx_errtext(ctx));
  }
  ck_solver_free(solver);
  return series;
}

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  assert_non_null(f);
  f->ctx = ck_ctx_create();
  f->model = ck_model_load(f->ctx, ck_test_data("sim3-fit.yaml"));
  if (f->model == NULL) {
    fail_msg("%s", ck_ctx_errtext(f->ctx));
  }
  f->net = ck_network_generate(f->ctx, f->model);
  f->ch = ck_channels_create(f->ctx, f->net);
  assert_non_null(f->ch);
  f->series = simulate(f->ctx, f->model, f->net, f->ch);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  ck_series_free(f->series);
  ck_channels_free(f->ch);
  ck_network_free(f->net);
  ck_model_free(f->model);
  ck_ctx_free(f->ctx);
  free(f);
  return 0;
}

static ck_channel_data *parse(fixture *f, const char *text) {
  return ck_channel_data_parse(f->ctx, text, strlen(text), "data/exp.csv", f->model);
}

static ck_channel_data *parse_ok(fixture *f, const char *text) {
  ck_channel_data *d = parse(f, text);
  if (d == NULL) {
    fail_msg("%s", ck_ctx_errtext(f->ctx));
  }
  return d;
}

/* Index of label among the model's channels by a plain scan (not the reader's search). */
static size_t channel_index(const ck_channels *ch, const char *label) {
  for (size_t c = 0; c < ck_channels_count(ch); c++) {
    if (strcmp(ck_channels_label(ch, c), label) == 0) {
      return c;
    }
  }
  fail_msg("no channel %s", label);
  return 0;
}

/* ---- labels ---- */

static void labels_written_by_clusterkin_should_parse_back(void **state) {
  fixture *f = *state;
  /* MODEL.md section 2: 26 monoanions [Ag_m Au_25-m]1- then 51 dianions. */
  assert_int_equal(ck_channels_count(f->ch), 77);
  for (size_t c = 0; c < 77; c++) {
    ck_channel_id id;
    const char *label = ck_channels_label(f->ch, c);
    if (ck_channel_label_parse(f->ctx, f->model, label, &id) != CK_OK) {
      fail_msg("%s: %s", label, ck_ctx_errmsg(f->ctx));
    }
    int dimer = c >= 26, k = dimer ? (int)c - 26 : (int)c;
    assert_int_equal(id.n_subunits, dimer ? 2 : 1);
    assert_int_equal(id.charge, dimer ? -2 : -1);
    assert_int_equal(id.composition[0], (dimer ? 50 : 25) - k);
    assert_int_equal(id.composition[1], k);
  }
}

static void labels_in_other_forms_should_be_refused(void **state) {
  fixture *f = *state;
  static const struct {
    const char *label, *word;
  } cases[] = {
      {"[Au25Ag0]1-", "not a channel label of this model"}, /* metals out of model order */
      {"[Ag25]1-", "as in [Ag25Au0]1-"},                    /* every metal must be there */
      {"[Ag25Au0Cu0]1-", "not a channel label"},
      {"[Ag025Au0]1-", "not a channel label"}, /* leading zero */
      {"[Ag+25Au0]1-", "not a channel label"},
      {"[Ag25Au0]-", "not a channel label"}, /* "1-" is always written */
      {"[Ag25Au0]1", "not a channel label"},
      {"[Ag25Au0]1-x", "not a channel label"},
      {"[Ag25Au0] 1-", "not a channel label"},
      {"[Ag25Au0]0-", "not a channel label"},
      {"Ag25Au0]1-", "not a channel label"},
      {"[Ag25 Au0]1-", "not a channel label"},
      {"[ag25Au0]1-", "not a channel label"},
      {"", "not a channel label"},
      {"[Ag1234567890Au0]1-", "not a channel label"},
      {"[Ag24Au0]1-", "has 24 metal atoms, but a monomer of this model has 25 and a dimer 50"},
      {"[Ag25Au25]1-", "a dimer of this model has charge -2, not -1"},
      {"[Ag25Au0]2-", "a monomer of this model has charge -1, not -2"},
      {"[Ag25Au0]1+", "charge -1, not 1"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ck_channel_id id;
    ck_status st = ck_channel_label_parse(f->ctx, f->model, cases[i].label, &id);
    if (st != CK_ERR_INPUT || strstr(ck_ctx_errmsg(f->ctx), cases[i].word) == NULL) {
      fail_msg("\"%s\": expected \"%s\", got %d: %s", cases[i].label, cases[i].word, st,
               ck_ctx_errmsg(f->ctx));
    }
  }
  ck_channel_id id;
  assert_int_equal(ck_channel_label_parse(NULL, f->model, "[Ag0Au25]1-", &id), CK_OK);
  assert_int_equal(ck_channel_label_parse(NULL, NULL, "[Ag0Au25]1-", &id), CK_ERR_ARG);
}

/* ---- round trip ---- */

static void series_written_by_the_writer_should_read_back(void **state) {
  fixture *f = *state;
  const ck_series *s = f->series;
  char path[] = "/tmp/ck_test_channels_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *out = fdopen(fd, "w");
  assert_int_equal(ck_series_write_csv(f->ctx, s, f->ch, out), CK_OK);
  fclose(out);
  ck_channel_data *d = ck_channel_data_load(f->ctx, path, f->model);
  unlink(path);
  if (d == NULL) {
    fail_msg("%s", ck_ctx_errtext(f->ctx));
  }
  assert_string_equal(d->source, path);
  assert_int_equal(d->n_times, 11);
  assert_int_equal(d->n_times, s->n_times);
  assert_int_equal(d->n_channels, 77);
  for (size_t c = 0; c < d->n_channels; c++) {
    assert_string_equal(d->labels[c], ck_channels_label(f->ch, c));
    assert_int_equal(d->column[c], c + 2);
    assert_null(d->sd[c]);
  }
  for (size_t k = 0; k < d->n_times; k++) {
    assert_true(d->time_s[k] == 60.0 * (double)k);
    for (size_t c = 0; c < d->n_channels; c++) {
      double written = s->value[k * s->n_channels + c], read = d->value[k * d->n_channels + c];
      char text[32];
      snprintf(text, sizeof text, "%.10g", written);
      assert_true(read == strtod(text, NULL)); /* the nearest double to the text, bit for bit */
      if (written == 0.0) {
        assert_true(read == 0.0);
      } else {
        expect_rel(read, written, 5e-10);
      }
    }
  }
  size_t channel_of[77];
  assert_int_equal(ck_channel_data_match(f->ctx, d, f->ch, channel_of), CK_OK);
  for (size_t c = 0; c < 77; c++) {
    assert_int_equal(channel_of[c], c);
  }
  ck_channel_data_free(d);
}

/* values within 1e-6 relative (1e-12 absolute for traces near zero) of a fresh run. */
static void expect_simulation(const ck_channel_data *d, const ck_series *s,
                              const size_t *channel_of) {
  assert_int_equal(d->n_times, s->n_times);
  for (size_t k = 0; k < d->n_times; k++) {
    expect_abs(d->time_s[k], s->time_s[k], 0.0);
    for (size_t c = 0; c < d->n_channels; c++) {
      double want = s->value[k * s->n_channels + channel_of[c]];
      expect_abs(d->value[k * d->n_channels + c], want, 1e-6 * fabs(want) + 1e-12);
    }
  }
}

/* The writer takes a shortcut for whole-second times; every time must still
 * come out as printf's "%.10g" (negative zero, fractions, 10^9 and beyond). */
static void series_times_should_be_written_as_printf_does(void **state) {
  fixture *f = *state;
  ck_series *s = f->series;
  const double times[] = {0.0,  -0.0, 1.0,  60.0, 0.5,  999999999.0, 1e9, 4294967296.0,
                          -60.0, 1e-7, 12345.678};
  assert_int_equal(s->n_times, sizeof times / sizeof times[0]);
  double saved[sizeof times / sizeof times[0]];
  memcpy(saved, s->time_s, sizeof saved);
  memcpy(s->time_s, times, sizeof times);
  FILE *out = tmpfile();
  assert_non_null(out);
  ck_status st = ck_series_write_csv(f->ctx, s, f->ch, out);
  memcpy(s->time_s, saved, sizeof saved);
  assert_int_equal(st, CK_OK);
  rewind(out);
  static char line[1 << 14];
  assert_non_null(fgets(line, sizeof line, out)); /* header */
  for (size_t k = 0; k < s->n_times; k++) {
    assert_non_null(fgets(line, sizeof line, out));
    char want[32];
    snprintf(want, sizeof want, "%.10g,", times[k]);
    if (strncmp(line, want, strlen(want)) != 0) {
      fail_msg("time %.17g: want \"%s\", row starts \"%.20s\"", times[k], want, line);
    }
  }
  fclose(out);
}

static void subset_and_permuted_columns_should_map_to_model_channels(void **state) {
  fixture *f = *state;
  ck_channel_data *d = ck_channel_data_load(f->ctx, ck_test_data("sim3-100-60.csv"), f->model);
  if (d == NULL) {
    fail_msg("%s", ck_ctx_errtext(f->ctx));
  }
  static const char *const labels[] = {"[Ag0Au50]2-",  "[Ag13Au12]1-", "[Ag25Au0]1-",
                                       "[Ag25Au25]2-", "[Ag12Au13]1-", "[Ag0Au25]1-"};
  /* Closed forms of the channel order: monomer [Ag_(25-k)Au_k] is k, dimer [Ag_(50-k)Au_k] 26 + k.
   */
  static const size_t expected[] = {26 + 50, 12, 0, 26 + 25, 13, 25};
  static const size_t columns[] = {2, 3, 5, 6, 7, 8};
  size_t channel_of[6];
  assert_int_equal(d->n_channels, 6);
  assert_int_equal(ck_channel_data_match(f->ctx, d, f->ch, channel_of), CK_OK);
  for (size_t c = 0; c < 6; c++) {
    assert_string_equal(d->labels[c], labels[c]);
    assert_int_equal(d->column[c], columns[c]);
    assert_int_equal(channel_of[c], expected[c]);
    assert_int_equal(channel_of[c], channel_index(f->ch, labels[c]));
    assert_int_equal(d->id[c].n_subunits, expected[c] >= 26 ? 2 : 1);
  }
  /* sd columns belong to [Ag13Au12]1- (channel 1) and [Ag25Au0]1- (channel 2): 5 % of each. */
  for (size_t c = 0; c < 6; c++) {
    if (c == 1 || c == 2) {
      assert_non_null(d->sd[c]);
      for (size_t k = 0; k < d->n_times; k++) {
        expect_rel(d->sd[c][k], 0.05 * d->value[k * 6 + c], 1e-9);
      }
    } else {
      assert_null(d->sd[c]);
    }
  }
  /* The file is what tests/data/README.md says: simulation 3 at 100:60. */
  ck_model *m = f->model;
  double c0 = m->clusters[0].concentration_nM, c1 = m->clusters[1].concentration_nM;
  m->clusters[0].concentration_nM = m->fit->datasets[1].concentration_nM[0];
  m->clusters[1].concentration_nM = m->fit->datasets[1].concentration_nM[1];
  ck_series *s = simulate(f->ctx, m, f->net, f->ch);
  m->clusters[0].concentration_nM = c0, m->clusters[1].concentration_nM = c1;
  expect_simulation(d, s, channel_of);
  ck_series_free(s);
  ck_channel_data_free(d);

  d = ck_channel_data_load(f->ctx, m->fit->datasets[0].path, m);
  assert_non_null(d);
  size_t all[77];
  assert_int_equal(ck_channel_data_match(f->ctx, d, f->ch, all), CK_OK);
  expect_simulation(d, f->series, all);
  ck_channel_data_free(d);
}

static void line_ends_and_blank_lines_should_not_matter(void **state) {
  fixture *f = *state;
  static const char *const base = "time_s,[Ag24Au1]1-,[Ag50Au0]2-\n0,0.25,1e-3\n10,0.5,-2.5e-17\n";
  static const char *const variants[] = {
      "time_s,[Ag24Au1]1-,[Ag50Au0]2-\r\n0,0.25,1e-3\r\n10,0.5,-2.5e-17\r\n",
      "time_s,[Ag24Au1]1-,[Ag50Au0]2-\n0,0.25,1e-3\n10,0.5,-2.5e-17",
      "time_s,[Ag24Au1]1-,[Ag50Au0]2-\r\n0,0.25,1e-3\r\n10,0.5,-2.5e-17",
      "time_s,[Ag24Au1]1-,[Ag50Au0]2-\n0,0.25,1e-3\n10,0.5,-2.5e-17\n\n \n\t\r\n",
      "\xEF\xBB\xBFtime_s,[Ag24Au1]1-,[Ag50Au0]2-\n0,0.25,1e-3\n10,0.5,-2.5e-17\n",
      "\"time_s\",\"[Ag24Au1]1-\",\"[Ag50Au0]2-\"\n0,0.25,1e-3\n10,0.5,-2.5e-17\n",
      "time_s , [Ag24Au1]1- ,[Ag50Au0]2-\n 0 ,0.25\t,1E-3\n10.0,+0.5,-25e-18\n",
  };
  ck_channel_data *ref = parse_ok(f, base);
  assert_int_equal(ref->n_times, 2);
  assert_int_equal(ref->n_channels, 2);
  assert_true(ref->value[3] == -2.5e-17);
  for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
    ck_channel_data *d = parse_ok(f, variants[i]);
    assert_int_equal(d->n_times, ref->n_times);
    assert_int_equal(d->n_channels, ref->n_channels);
    assert_memory_equal(d->time_s, ref->time_s, 2 * sizeof(double));
    assert_memory_equal(d->value, ref->value, 4 * sizeof(double));
    assert_string_equal(d->labels[0], "[Ag24Au1]1-");
    assert_string_equal(d->labels[1], "[Ag50Au0]2-");
    ck_channel_data_free(d);
  }
  ck_channel_data_free(ref);
}

/* ---- errors ---- */

static void expect_parse_error(fixture *f, const char *text, ck_status status, int line,
                               const char *word) {
  ck_channel_data *d = parse(f, text);
  if (d != NULL) {
    ck_channel_data_free(d);
    fail_msg("expected an error containing \"%s\", the data was accepted:\n%s", word, text);
  }
  const char *msg = ck_ctx_errmsg(f->ctx);
  if (ck_ctx_status(f->ctx) != status || ck_ctx_errline(f->ctx) != line ||
      strstr(msg, word) == NULL) {
    fail_msg("expected status %d, line %d, \"%s\"; got %d, line %d: %s", status, line, word,
             ck_ctx_status(f->ctx), ck_ctx_errline(f->ctx), msg);
  }
  assert_string_equal(ck_ctx_errfile(f->ctx), "data/exp.csv");
}

#define H3 "time_s,[Ag25Au0]1-,[Ag24Au1]1-\n"
#define ROW "0,0.5,0.5\n"

static void bad_header_should_be_named_with_its_column(void **state) {
  fixture *f = *state;
  ck_status in = CK_ERR_INPUT;
  expect_parse_error(f, "", in, 1, "empty file");
  expect_parse_error(f, "\xEF\xBB\xBF", in, 1, "empty file");
  expect_parse_error(f, "\r\n0,1\n", in, 1, "the header line is empty");
  expect_parse_error(f, "t,[Ag25Au0]1-\n0,1\n", in, 1,
                     "column 1: the first column must be time_s, found \"t\"");
  expect_parse_error(f, "[Ag25Au0]1-,time_s\n1,0\n", in, 1, "the first column must be time_s");
  expect_parse_error(f, "time_s\n0\n", in, 1, "no channel columns after time_s");
  expect_parse_error(f, "time_s,,[Ag25Au0]1-\n0,1,1\n", in, 1, "column 2: empty column name");
  expect_parse_error(f, "time_s,[Ag25Au0]1-,[Au25Ag0]1-\n0,1,2\n", in, 1,
                     "column 3: unknown channel label: \"[Au25Ag0]1-\" is not a channel label of "
                     "this model");
  expect_parse_error(f, "time_s,[Ag25Au0]1-,Ag25\n0,1,2\n", in, 1, "column 3: unknown channel");
  expect_parse_error(f, "time_s,[Ag25Au0]1-,[Ag25Au0]2-\n0,1,2\n", in, 1,
                     "column 3: unknown channel label: channel \"[Ag25Au0]2-\": a monomer");
  expect_parse_error(f, "time_s,[Ag25Au0]1-,[Ag24Au1]1-,[Ag25Au0]1-\n0,1,2,3\n", in, 1,
                     "column 4: duplicate column \"[Ag25Au0]1-\" (also column 2)");
  expect_parse_error(f, "time_s,[Ag25Au0]1-,time_s\n0,1,2\n", in, 1,
                     "column 3: duplicate column \"time_s\" (also column 1)");
  expect_parse_error(f, "time_s,sd:[Ag25Au0]1-,[Ag25Au0]1-,sd:[Ag25Au0]1-\n0,1,1,1\n", in, 1,
                     "column 4: duplicate column \"sd:[Ag25Au0]1-\" (also column 2)");
  expect_parse_error(f, "time_s,sd:[Ag24Au1]1-,[Ag25Au0]1-\n0,1,1\n", in, 1,
                     "column 2: sd:[Ag24Au1]1- belongs to no channel column [Ag24Au1]1-");
  expect_parse_error(f, "time_s,[Ag25Au0]1-,sd:time_s\n0,1,1\n", in, 1, "belongs to no channel");
  expect_parse_error(f, H3, in, 1, "no data rows after the header");
  expect_parse_error(f, H3 "\n\n", in, 1, "no data rows");
}

static void bad_cells_should_be_named_with_line_and_column(void **state) {
  fixture *f = *state;
  ck_status in = CK_ERR_INPUT;
  expect_parse_error(f, H3 ROW "10,0.4,abc\n", in, 3,
                     "column 3 ([Ag24Au1]1-): \"abc\" is not a number");
  expect_parse_error(f, H3 ROW "10,,0.5\n", in, 3, "column 2 ([Ag25Au0]1-): empty cell");
  expect_parse_error(f, H3 ROW "10, \t,0.5\n", in, 3, "column 2 ([Ag25Au0]1-): empty cell");
  expect_parse_error(f, H3 ROW "10,0.4\n", in, 3, "2 cells, but the header has 3 columns");
  expect_parse_error(f, H3 ROW "10,0.4,0.5,\n", in, 3, "4 cells, but the header has 3 columns");
  expect_parse_error(f, H3 "-1,0.5,0.5\n", in, 2, "column 1 (time_s): negative time -1");
  expect_parse_error(f, H3 ROW "0,0.5,0.5\n", in, 3,
                     "column 1 (time_s): time 0 does not increase (the row before has 0)");
  expect_parse_error(f, H3 "0,1,1\n20,1,1\r\n10,1,1\n", in, 4,
                     "time 10 does not increase (the row before has 20)");
  expect_parse_error(f, H3 ROW "10,nan,0.5\n", in, 3,
                     "column 2 ([Ag25Au0]1-): \"nan\" is not a finite number");
  expect_parse_error(f, H3 ROW "10,0.5,-Inf\n", in, 3, "\"-Inf\" is not a finite number");
  expect_parse_error(f, H3 ROW "10,0.5,INFINITY\n", in, 3, "not a finite number");
  expect_parse_error(f, H3 ROW "10,1e999,0.5\n", in, 3, "\"1e999\" is not a finite number");
  expect_parse_error(f, H3 "NaN,0.5,0.5\n", in, 2, "column 1 (time_s): \"NaN\" is not a finite");
  expect_parse_error(f, H3 ROW "10,0x10,0.5\n", in, 3, "\"0x10\" is not a number");
  expect_parse_error(f, H3 ROW "10,1.5.2,0.5\n", in, 3, "\"1.5.2\" is not a number");
  expect_parse_error(f, H3 ROW "10,1 2,0.5\n", in, 3, "\"1 2\" is not a number");
  expect_parse_error(f, H3 ROW "10,0.5 nM,0.5\n", in, 3, "\"0.5 nM\" is not a number");
  expect_parse_error(f, H3 ROW "10,\"0.5\",0.5\n", in, 3, "is not a number");
  expect_parse_error(f, H3 ROW "10,.,0.5\n", in, 3, "\".\" is not a number");
  expect_parse_error(f, "time_s,[Ag25Au0]1-,sd:[Ag25Au0]1-\n0,1,0\n", in, 2,
                     "column 3 (sd:[Ag25Au0]1-): a standard deviation must be greater than 0, "
                     "got 0");
  expect_parse_error(f, "time_s,[Ag25Au0]1-,sd:[Ag25Au0]1-\n0,1,-0.1\n", in, 2,
                     "a standard deviation must be greater than 0, got -0.1");
  expect_parse_error(f, H3 ROW "\n10,0.5,0.5\n", in, 3,
                     "blank line inside the data (rows follow on line 4)");
  expect_parse_error(f, H3 ROW "\r\n \r\n10,0.5,0.5\r\n", in, 3, "blank line inside the data");
}

static void absurd_sizes_and_missing_files_should_be_refused(void **state) {
  fixture *f = *state;
  /* One column more than the limit: refused before any label is read. */
  size_t n = CK_DATA_MAX_COLUMNS + 1;
  char *text = malloc(8 + 2 * n + 1);
  assert_non_null(text);
  strcpy(text, "time_s");
  for (size_t i = 0; i < n; i++) {
    strcat(text + 6 + 2 * i, ",x");
  }
  expect_parse_error(f, text, CK_ERR_LIMIT, 1, "more than the limit of 100000 channel columns");
  free(text);

  ck_channel_data *d = ck_channel_data_load(f->ctx, "/nonexistent/exp-40-40.csv", f->model);
  assert_null(d);
  assert_int_equal(ck_ctx_status(f->ctx), CK_ERR_INPUT);
  assert_string_equal(ck_ctx_errfile(f->ctx), "/nonexistent/exp-40-40.csv");
  assert_int_equal(ck_ctx_errline(f->ctx), 0);
  assert_non_null(strstr(ck_ctx_errmsg(f->ctx), "cannot open channel data file"));
  assert_null(ck_channel_data_parse(f->ctx, "time_s", 6, "x", NULL));
  assert_int_equal(ck_ctx_status(f->ctx), CK_ERR_ARG);
  ck_channel_data_free(NULL);
}

static void match_should_name_the_label_the_model_lacks(void **state) {
  fixture *f = *state;
  /* Labels of this model (N = 25) against the channels of an N = 4 model. */
  ck_model *small = ck_test_model(4, 2, CK_EXCHANGE_STATISTICAL, -1, 1e-2, 1e-1, 3e-2, 1, 1);
  ck_network *net = ck_network_generate(f->ctx, small);
  ck_channels *ch = ck_channels_create(f->ctx, net);
  assert_non_null(ch);
  ck_channel_data *d = parse_ok(f, "time_s,[Ag25Au0]1-\n0,1\n");
  size_t channel_of[1];
  assert_int_equal(ck_channel_data_match(f->ctx, d, ch, channel_of), CK_ERR_INPUT);
  assert_string_equal(ck_ctx_errfile(f->ctx), "data/exp.csv");
  assert_int_equal(ck_ctx_errline(f->ctx), 1);
  assert_string_equal(ck_ctx_errmsg(f->ctx),
                      "column 2: channel [Ag25Au0]1- is not among the model's 14 channels "
                      "([Ag4Au0]1- ... [Ag0Au8]2-)");
  ck_channel_data_free(d);
  ck_channels_free(ch);
  ck_network_free(net);
  ck_model_free(small);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(labels_written_by_clusterkin_should_parse_back),
      cmocka_unit_test(labels_in_other_forms_should_be_refused),
      cmocka_unit_test(series_written_by_the_writer_should_read_back),
      cmocka_unit_test(series_times_should_be_written_as_printf_does),
      cmocka_unit_test(subset_and_permuted_columns_should_map_to_model_channels),
      cmocka_unit_test(line_ends_and_blank_lines_should_not_matter),
      cmocka_unit_test(bad_header_should_be_named_with_its_column),
      cmocka_unit_test(bad_cells_should_be_named_with_line_and_column),
      cmocka_unit_test(absurd_sizes_and_missing_files_should_be_refused),
      cmocka_unit_test(match_should_name_the_label_the_model_lacks),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
