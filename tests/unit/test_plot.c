/* SPDX-License-Identifier: MIT */
/* Tests of the plot options and argument checks, which run before PLplot is touched.
 * (Drawing itself is tested through the CLI: tests/cli/test_plot.sh.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ck_test.h"
#include "clusterkin/ck_plot.h"

static void expect_status(ck_ctx *ctx, ck_status got, ck_status want, const char *word) {
  if (got != want || strstr(ck_ctx_errmsg(ctx), word) == NULL) {
    fail_msg("status %d (want %d), message \"%s\" (want \"%s\")", got, want, ck_ctx_errmsg(ctx),
             word);
  }
  ck_ctx_clear(ctx);
}

static void format_should_follow_the_extension(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_plot_format f = (ck_plot_format)-1;
  assert_int_equal(ck_plot_format_from_path(ctx, "a/b.png", &f), CK_OK);
  assert_int_equal(f, CK_PLOT_PNG);
  assert_int_equal(ck_plot_format_from_path(ctx, "x.y/map.SVG", &f), CK_OK);
  assert_int_equal(f, CK_PLOT_SVG);
  assert_int_equal(ck_plot_format_from_path(ctx, "fig.Pdf", &f), CK_OK);
  assert_int_equal(f, CK_PLOT_PDF);
  const char *bad[] = {"fig.jpg", "fig", "dir.png/fig", "fig.png.gz", ".pngx", ""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    expect_status(ctx, ck_plot_format_from_path(ctx, bad[i], &f), CK_ERR_INPUT, ".png, .svg");
  }
  ck_ctx_free(ctx);
}

static void size_should_parse_width_by_height_within_limits(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_plot_options opt = {"x.png", 0, 0, NULL};
  assert_int_equal(ck_plot_size_parse(ctx, "1600x900", &opt), CK_OK);
  assert_int_equal(opt.width_px, 1600);
  assert_int_equal(opt.height_px, 900);
  const char *bad[] = {"99x800",    "800x99",   "20001x800", "800x", "x800", "800*600",
                       "800x600x2", "-800x600", "800x 600",  "wide", ""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    expect_status(ctx, ck_plot_size_parse(ctx, bad[i], &opt), CK_ERR_INPUT, "WIDTHxHEIGHT");
    assert_int_equal(opt.width_px, 1600); /* untouched on error */
  }
  ck_ctx_free(ctx);
}

static void options_check_should_refuse_bad_sizes_and_names(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_plot_options opt = {"x.pdf", 0, 0, NULL};
  assert_int_equal(ck_plot_options_check(ctx, &opt), CK_OK); /* 0: the default size */
  opt.width_px = 50;
  expect_status(ctx, ck_plot_options_check(ctx, &opt), CK_ERR_INPUT, "50x0");
  opt.width_px = 800, opt.path = "x.bmp";
  expect_status(ctx, ck_plot_options_check(ctx, &opt), CK_ERR_INPUT, "x.bmp");
  expect_status(ctx, ck_plot_options_check(ctx, NULL), CK_ERR_ARG, "NULL");
  ck_ctx_free(ctx);
}

/* Bad arguments are refused before any file is created. */
static void plots_should_check_arguments_before_drawing(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  char path[] = "/tmp/ck_test_plot_XXXXXX";
  assert_non_null(mkdtemp(path));
  char out[64];
  snprintf(out, sizeof out, "%s/fig.png", path);
  ck_plot_options opt = {out, 0, 0, NULL};
  double t[2] = {0.0, 10.0}, v[2] = {0.5, 0.5};
  const char *label[1] = {"[Ag25Au0]1-"};
  ck_channel_id id[1] = {{{25, 0}, 1, -1}};
  ck_plot_channels c = {2, t, 1, label, id, v}, empty = {0};
  expect_status(ctx, ck_plot_contour(ctx, &opt, NULL), CK_ERR_ARG, "NULL");
  expect_status(ctx, ck_plot_contour(ctx, &opt, &empty), CK_ERR_INPUT, "empty");
  expect_status(ctx, ck_plot_contour_diff(ctx, &opt, &c, &empty), CK_ERR_INPUT, "empty");
  const char *missing[1] = {"[Ag24Au1]1-"};
  expect_status(ctx, ck_plot_traces(ctx, &opt, &c, NULL, missing, 1), CK_ERR_INPUT,
                "[Ag24Au1]1- is not in the series");
  double nan_only[1] = {0.0 / 0.0};
  expect_status(ctx, ck_plot_tmax(ctx, &opt, 1, nan_only, t), CK_ERR_INPUT, "both");
  ck_plot_options bad = {"fig.gif", 0, 0, NULL};
  expect_status(ctx, ck_plot_spectrum(ctx, &bad, 2, t, v, NULL), CK_ERR_INPUT, "fig.gif");
  const char *names[2] = {"a", "b"};
  double grid[4] = {1.0, 1.0, 1.0, 1.0}, obj[2] = {1.0, 2.0};
  expect_status(ctx, ck_plot_grid(ctx, &opt, 2, 2, names, grid, obj), CK_ERR_INPUT,
                "fewer than two parameters");
  double neg[1] = {-1.0};
  expect_status(ctx, ck_plot_profiles(ctx, &opt, 1, names, neg, obj), CK_ERR_INPUT, "not > 0");
  assert_int_equal(access(out, F_OK), -1); /* nothing written */
  assert_int_equal(rmdir(path), 0);        /* and no temporary file left */
  ck_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(format_should_follow_the_extension),
      cmocka_unit_test(size_should_parse_width_by_height_within_limits),
      cmocka_unit_test(options_check_should_refuse_bad_sizes_and_names),
      cmocka_unit_test(plots_should_check_arguments_before_drawing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
