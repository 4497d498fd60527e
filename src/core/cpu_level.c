/* SPDX-License-Identifier: MIT */
/* The x86-64 level the kernel resolvers choose by (kernel_dispatch.h). */
#include "core/core_impl.h"

#ifdef CK_KERNEL_DISPATCH

#include <sys/platform/x86.h>

/* Resolvers run while the loader relocates this object, when its PLT slots
 * may not be relocated yet: call glibc through the GOT instead (a GLOB_DAT
 * relocation, which glibc applies before any IRELATIVE one). */
extern const struct cpuid_feature *__x86_get_cpuid_feature_leaf(unsigned int)
    __attribute__((noplt));

/* The psABI levels (what GCC's arch=x86-64-vN assumes). "Active" is glibc's
 * "the CPU has it and the kernel saves its registers" (AVX, AVX-512 state). */
static int level_of_cpu(void) {
  if (!(CPU_FEATURE_ACTIVE(CMPXCHG16B) && CPU_FEATURE_ACTIVE(LAHF64_SAHF64) &&
        CPU_FEATURE_ACTIVE(POPCNT) && CPU_FEATURE_ACTIVE(SSE3) && CPU_FEATURE_ACTIVE(SSSE3) &&
        CPU_FEATURE_ACTIVE(SSE4_1) && CPU_FEATURE_ACTIVE(SSE4_2))) {
    return 1;
  }
  if (!(CPU_FEATURE_ACTIVE(AVX) && CPU_FEATURE_ACTIVE(AVX2) && CPU_FEATURE_ACTIVE(BMI1) &&
        CPU_FEATURE_ACTIVE(BMI2) && CPU_FEATURE_ACTIVE(F16C) && CPU_FEATURE_ACTIVE(FMA) &&
        CPU_FEATURE_ACTIVE(LZCNT) && CPU_FEATURE_ACTIVE(MOVBE))) {
    return 2;
  }
  if (!(CPU_FEATURE_ACTIVE(AVX512F) && CPU_FEATURE_ACTIVE(AVX512BW) &&
        CPU_FEATURE_ACTIVE(AVX512CD) && CPU_FEATURE_ACTIVE(AVX512DQ) &&
        CPU_FEATURE_ACTIVE(AVX512VL))) {
    return 3;
  }
  return 4;
}

int ck_cpu_level(void) {
  /* Relocation is single-threaded; later calls (tests) only read. */
  static int level;
  if (level == 0) {
    level = level_of_cpu();
  }
  return level;
}

/* The test hook: versions that name themselves, chosen as the kernels are. */
static int probe_v4(void) {
  return 4;
}
static int probe_v3(void) {
  return 3;
}
static int probe_base(void) {
  return 1;
}
CK_RESOLVER_SECTION_ static __typeof__(probe_base) *probe_resolve(void) {
  return CK_KERNEL_PICK_(ck_cpu_level(), probe_v4, probe_v3, probe_base);
}
int ck_kernel_dispatch_probe(void) __attribute__((ifunc("probe_resolve")));

#endif
