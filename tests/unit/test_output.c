/* SPDX-License-Identifier: MIT */
/* ck_output (src/io/output.c): a file is written whole or not at all, an
 * existing one is replaced with its permissions kept, and no temporary file
 * is ever left beside it. Replacing goes by exchanging names (ext4 would
 * otherwise write the new file out at once), so these pin down that it still
 * behaves like rename: content, mode, links, and what cannot be replaced. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ck_test.h"

typedef struct paths {
  char dir[64], out[96];
} paths;

static void make_paths(paths *p) {
  snprintf(p->dir, sizeof p->dir, "/tmp/ck_output_XXXXXX");
  assert_non_null(mkdtemp(p->dir));
  snprintf(p->out, sizeof p->out, "%s/series.csv", p->dir);
}

static int entries(const char *dir) { /* names in dir, . and .. aside */
  DIR *d = opendir(dir);
  assert_non_null(d);
  int n = 0;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
  }
  closedir(d);
  return n;
}

static void expect_content(const char *path, const char *want) {
  char got[64] = "";
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  size_t n = fread(got, 1, sizeof got - 1, f);
  fclose(f);
  got[n] = '\0';
  assert_string_equal(got, want);
}

static ck_status write_text(const char *path, const char *text, int reproducible) {
  ck_ctx *ctx = ck_ctx_create();
  ck_output *out = ck_output_open(ctx, path);
  assert_non_null(out);
  if (reproducible) {
    ck_output_set_reproducible(out);
  }
  fputs(text, ck_output_stream(out));
  ck_status st = ck_output_commit(ctx, out);
  if (st != CK_OK) {
    assert_non_null(strstr(ck_ctx_errmsg(ctx), path)); /* the message names the file */
  }
  ck_ctx_free(ctx);
  return st;
}

static void output_should_create_then_replace_keeping_the_mode(void **s) {
  (void)s;
  paths p;
  make_paths(&p);
  assert_int_equal(write_text(p.out, "first\n", 1), CK_OK);
  expect_content(p.out, "first\n");
  struct stat st;
  assert_int_equal(stat(p.out, &st), 0);
  assert_int_equal(st.st_mode & 07777, 0644); /* an ordinary file, not mkstemp's 0600 */

  assert_int_equal(chmod(p.out, 0640), 0);
  for (int durable = 0; durable <= 1; durable++) { /* without and with fsync */
    assert_int_equal(write_text(p.out, durable ? "third\n" : "second\n", !durable), CK_OK);
    expect_content(p.out, durable ? "third\n" : "second\n");
    assert_int_equal(stat(p.out, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
    assert_int_equal(entries(p.dir), 1); /* the old content went with its temporary name */
  }
  unlink(p.out);
  rmdir(p.dir);
}

static void output_should_replace_a_hard_link_like_rename(void **s) {
  (void)s;
  paths p;
  make_paths(&p);
  char other[128];
  snprintf(other, sizeof other, "%s/other.csv", p.dir);
  assert_int_equal(write_text(p.out, "old\n", 1), CK_OK);
  assert_int_equal(link(p.out, other), 0);
  assert_int_equal(write_text(p.out, "new\n", 1), CK_OK);
  expect_content(p.out, "new\n");
  expect_content(other, "old\n"); /* the other name keeps the old file */
  assert_int_equal(entries(p.dir), 2);
  unlink(p.out);
  unlink(other);
  rmdir(p.dir);
}

static void output_should_refuse_a_directory_and_leave_it_alone(void **s) {
  (void)s;
  paths p;
  make_paths(&p);
  assert_int_equal(mkdir(p.out, 0755), 0);
  assert_int_equal(write_text(p.out, "text\n", 1), CK_ERR_IO);
  struct stat st;
  assert_int_equal(stat(p.out, &st), 0);
  assert_true(S_ISDIR(st.st_mode));
  assert_int_equal(entries(p.dir), 1); /* no temporary file left */
  rmdir(p.out);
  rmdir(p.dir);
}

static void output_abort_should_leave_the_old_file_untouched(void **s) {
  (void)s;
  paths p;
  make_paths(&p);
  assert_int_equal(write_text(p.out, "kept\n", 1), CK_OK);
  ck_ctx *ctx = ck_ctx_create();
  ck_output *out = ck_output_open(ctx, p.out);
  assert_non_null(out);
  fputs("half a fi", ck_output_stream(out));
  ck_output_abort(out);
  ck_ctx_free(ctx);
  expect_content(p.out, "kept\n");
  assert_int_equal(entries(p.dir), 1);
  unlink(p.out);
  rmdir(p.dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(output_should_create_then_replace_keeping_the_mode),
      cmocka_unit_test(output_should_replace_a_hard_link_like_rename),
      cmocka_unit_test(output_should_refuse_a_directory_and_leave_it_alone),
      cmocka_unit_test(output_abort_should_leave_the_old_file_untouched),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
