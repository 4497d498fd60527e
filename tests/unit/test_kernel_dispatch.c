/* SPDX-License-Identifier: MIT */
/* The kernel dispatch (src/core/kernel_dispatch.h): the level it reads from
 * glibc's loader must be the one GCC's own CPU probe (libgcc's CPUID, linked
 * into this test only) finds, and its resolvers must choose that version. */
#include "core/core_impl.h"
#include "ck_test.h"

#ifdef CK_KERNEL_DISPATCH

/* The psABI level by libgcc: what target_clones used to dispatch on. */
static int gcc_level(void) {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("x86-64-v4")) {
    return 4;
  }
  if (__builtin_cpu_supports("x86-64-v3")) {
    return 3;
  }
  if (__builtin_cpu_supports("x86-64-v2")) {
    return 2;
  }
  return 1;
}

static void dispatch_should_see_the_level_gcc_sees(void **s) {
  (void)s;
  int level = ck_cpu_level();
  print_message("CPU level: glibc %d, libgcc %d\n", level, gcc_level());
  assert_int_equal(level, gcc_level());
}

static void dispatch_should_run_the_best_version_the_cpu_supports(void **s) {
  (void)s;
  int level = gcc_level();
  int expected = level >= 4 ? 4 : level >= 3 ? 3 : 1; /* no v2 versions */
  assert_int_equal(ck_kernel_dispatch_probe(), expected);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(dispatch_should_see_the_level_gcc_sees),
      cmocka_unit_test(dispatch_should_run_the_best_version_the_cpu_supports),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

#else /* sanitizer, clang or non-x86 builds: one version, nothing to choose */

static void dispatch_is_off_in_this_build(void **s) {
  (void)s;
  skip();
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(dispatch_is_off_in_this_build)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif
