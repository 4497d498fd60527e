/* SPDX-License-Identifier: MIT */
/* Hot numeric kernels built for several x86-64 levels, one chosen per process
 * from what glibc's loader already knows about the CPU (no CPUID of our own).
 * Included by core_impl.h; the why is in the comment there. */
#ifndef CK_KERNEL_DISPATCH_H
#define CK_KERNEL_DISPATCH_H

/* The dispatch needs GCC (target attributes that may inline a plain
 * always_inline body, ifunc) and glibc >= 2.33 (<sys/platform/x86.h>).
 * Sanitizer builds and CK_NO_CLONES take the baseline code only. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__has_include) && \
    !defined(CK_NO_CLONES) && !defined(__SANITIZE_ADDRESS__)
#if __has_include(<sys/platform/x86.h>)
#define CK_KERNEL_DISPATCH 1
#endif
#endif

#ifdef CK_KERNEL_DISPATCH

/* Resolvers (and ck_cpu_level) run once, all at start-up: side by side in
 * the section GCC gives main and constructors, they fault in one page of
 * code, not a page beside each kernel. */
#define CK_RESOLVER_SECTION_ __attribute__((section(".text.startup")))

/* The x86-64 psABI level of this CPU as glibc's loader found it: 1 (the
 * baseline), 2, 3 (AVX2, FMA, ...) or 4 (AVX-512 F/BW/CD/DQ/VL). Safe in an
 * ifunc resolver: glibc's accessor only reads the loader's data
 * (src/core/cpu_level.c). */
__attribute__((visibility("hidden"))) int ck_cpu_level(void) CK_RESOLVER_SECTION_;

/* Test hook: 4, 3 or 1, the level of the version an ifunc chose (the same
 * choice as a CK_ALIGNED_KERNEL's). */
__attribute__((visibility("hidden"))) int ck_kernel_dispatch_probe(void);

/* The first of the candidates the CPU runs, for a resolver. */
#define CK_KERNEL_PICK_(level, v4, v3, base) ((level) >= 4 ? (v4) : (level) >= 3 ? (v3) : (base))

/* What the kernel macros expand to: `name` becomes an ifunc over versions of
 * one body, `name##_isa_body`, an always_inline function whose definition
 * follows the macro. Each version is a wrapper the body is inlined into, so
 * the body (and what it inlines) is compiled once per target, as
 * target_clones did; a void kernel's `return body(...)` is a GNU C form. */
#define CK_KERNEL_HEAD_(ret, name, params)                      \
  ret name params __attribute__((ifunc(#name "_isa_resolve"))); \
  static inline __attribute__((always_inline)) ret name##_isa_body params;
#define CK_KERNEL_VERSION_(ret, name, params, args, vn)                           \
  __attribute__((target("arch=x86-64-" #vn))) static ret name##_isa_##vn params { \
    return name##_isa_body args;                                                  \
  }
#define CK_KERNEL_TAIL_(ret, name, params, args, pick)                                \
  static ret name##_isa_base params {                                                 \
    return name##_isa_body args;                                                      \
  }                                                                                   \
  CK_RESOLVER_SECTION_ static __typeof__(name##_isa_body) *name##_isa_resolve(void) { \
    int cpu_level_ = ck_cpu_level();                                                  \
    return pick;                                                                      \
  }                                                                                   \
  static inline __attribute__((always_inline)) ret name##_isa_body params

/* Usage, in place of the function's header line (args: the parameter names,
 * in order, which each version passes on to the body):
 *   static CK_VECTOR_KERNEL(double, lowest, (const double *y, size_t n), (y, n)) { ... }
 * CK_VECTOR_KERNEL: x86-64-v3 and baseline versions. CK_ALIGNED_KERNEL adds
 * an x86-64-v4 (AVX-512) one. */
#define CK_VECTOR_KERNEL(ret, name, params, args) \
  CK_KERNEL_HEAD_(ret, name, params)              \
  CK_KERNEL_VERSION_(ret, name, params, args, v3) \
  CK_KERNEL_TAIL_(ret, name, params, args,        \
                  CK_KERNEL_PICK_(cpu_level_, name##_isa_v3, name##_isa_v3, name##_isa_base))
#define CK_ALIGNED_KERNEL(ret, name, params, args) \
  CK_KERNEL_HEAD_(ret, name, params)               \
  CK_KERNEL_VERSION_(ret, name, params, args, v4)  \
  CK_KERNEL_VERSION_(ret, name, params, args, v3)  \
  CK_KERNEL_TAIL_(ret, name, params, args,         \
                  CK_KERNEL_PICK_(cpu_level_, name##_isa_v4, name##_isa_v3, name##_isa_base))

#else /* one plain function */

#define CK_VECTOR_KERNEL(ret, name, params, args) ret name params
#define CK_ALIGNED_KERNEL(ret, name, params, args) ret name params

#endif

#endif
