/* SPDX-License-Identifier: MIT */
/* ck_lock_acquire / ck_lock_release (issue 8): one writer per output.
 * flock locks belong to an open file, so a second acquire in this very
 * process conflicts exactly as another process would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ck_test.h"

typedef struct paths {
  char dir[64], out[96], lock[112];
} paths;

static void make_paths(paths *p) {
  snprintf(p->dir, sizeof p->dir, "/tmp/ck_lock_XXXXXX");
  assert_non_null(mkdtemp(p->dir));
  snprintf(p->out, sizeof p->out, "%s/result.json", p->dir);
  snprintf(p->lock, sizeof p->lock, "%s.lock", p->out);
}

static long pid_in(const char *path) {
  FILE *f = fopen(path, "r");
  long pid = -1;
  if (f != NULL) {
    if (fscanf(f, "%ld", &pid) != 1) {
      pid = -1;
    }
    fclose(f);
  }
  return pid;
}

static void lock_should_exclude_a_second_writer_and_name_the_holder(void **s) {
  (void)s;
  paths p;
  make_paths(&p);
  ck_ctx *ctx = ck_ctx_create();
  ck_lock *first = ck_lock_acquire(ctx, p.out);
  assert_non_null(first);
  assert_int_equal(pid_in(p.lock), (long)getpid());

  assert_null(ck_lock_acquire(ctx, p.out));
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_IO);
  char want[256];
  snprintf(want, sizeof want, "%s is being written by another clusterkin process (pid %ld)",
           p.out, (long)getpid());
  if (strstr(ck_ctx_errmsg(ctx), want) == NULL) {
    fail_msg("message: %s", ck_ctx_errmsg(ctx));
  }

  ck_lock_release(first);
  struct stat st;
  assert_int_not_equal(stat(p.lock, &st), 0); /* a released lock leaves no file */
  ck_ctx_clear(ctx);
  ck_lock *again = ck_lock_acquire(ctx, p.out);
  assert_non_null(again);
  ck_lock_release(again);
  ck_lock_release(NULL);
  ck_ctx_free(ctx);
  rmdir(p.dir);
}

/* A lock file left by a killed run holds no lock: it is taken over. */
static void lock_should_take_over_a_file_left_by_a_dead_run(void **s) {
  (void)s;
  paths p;
  make_paths(&p);
  FILE *f = fopen(p.lock, "w");
  assert_non_null(f);
  fputs("2147483646\n", f);
  fclose(f);
  ck_ctx *ctx = ck_ctx_create();
  ck_lock *lock = ck_lock_acquire(ctx, p.out);
  assert_non_null(lock);
  assert_int_equal(pid_in(p.lock), (long)getpid());
  ck_lock_release(lock);
  ck_ctx_free(ctx);
  rmdir(p.dir);
}

static void lock_should_report_a_directory_it_cannot_write(void **s) {
  (void)s;
  ck_ctx *ctx = ck_ctx_create();
  assert_null(ck_lock_acquire(ctx, "/nonexistent-dir/result.json"));
  assert_int_equal(ck_ctx_status(ctx), CK_ERR_IO);
  if (strstr(ck_ctx_errmsg(ctx), "cannot create lock file /nonexistent-dir/result.json.lock") ==
      NULL) {
    fail_msg("message: %s", ck_ctx_errmsg(ctx));
  }
  ck_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(lock_should_exclude_a_second_writer_and_name_the_holder),
      cmocka_unit_test(lock_should_take_over_a_file_left_by_a_dead_run),
      cmocka_unit_test(lock_should_report_a_directory_it_cannot_write),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
