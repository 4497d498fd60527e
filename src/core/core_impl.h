/* SPDX-License-Identifier: MIT */
/* Internal helpers shared by every module: error recording, checked allocation. */
#ifndef CK_CORE_IMPL_H
#define CK_CORE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "clusterkin/ck_error.h"

#define CK_INTERNAL __attribute__((visibility("hidden")))

/* Hot numeric kernels (vector ops, block solves) are compiled twice on x86-64:
 * for AVX2+FMA (x86-64-v3) and for the baseline, and an ifunc resolver picks
 * one as the loader relocates the library. Roughly 20 % per simulation on
 * this machine; results agree to rounding, not bit for bit, between CPUs
 * with and without AVX2. Off in sanitizer builds and without GCC or glibc.
 * CK_ALIGNED_KERNEL adds an AVX-512 (x86-64-v4) version, for kernels over
 * CVODE's vectors only: their data is 64-byte aligned (cvode_vector_ops.c),
 * and there 512-bit accesses took 6 % off a sim3 simulation; on the
 * block solver's 16-byte aligned arrays as well, they gave back half of it.
 * The resolvers are ours (kernel_dispatch.h), not GCC's target_clones: those
 * call libgcc's __cpu_indicator_init, a constructor that runs at every start
 * of every process and executes CPUID 10 times on this machine, each a VM
 * exit of ~6.3 us here: ~63 us of even `clusterkin --version`. Ours read
 * what glibc's loader found with its own CPUID (<sys/platform/x86.h>). Keep
 * __builtin_cpu_supports/__builtin_cpu_init out of the library: either
 * links cpuinfo.o, constructor included, back in. */
#include "core/kernel_dispatch.h"

#define CK_MSG_MAX 512
#define CK_PATH_MAX 1024

struct ck_ctx {
  ck_status status;
  char msg[CK_MSG_MAX];
  char file[CK_PATH_MAX]; /* "" when the error has no input file */
  int line;               /* 0 when unknown */
  char text[CK_MSG_MAX + CK_PATH_MAX + 32];
};

/* Records status and message on ctx (which may be NULL) and returns status.
 * The single place every error passes through: a breakpoint here sees them all. */
CK_INTERNAL ck_status ck_error_set(ck_ctx *ctx, ck_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Attaches an input location to the error already recorded on ctx; line 0 = unknown.
 * Keeps an existing location (the innermost one is the most precise). */
CK_INTERNAL void ck_error_locate(ck_ctx *ctx, const char *file, int line);

/* Allocation that records CK_ERR_NOMEM on ctx and returns NULL on failure. */
CK_INTERNAL void *ck_calloc(ck_ctx *ctx, size_t count, size_t size);
/* The same without zeroing, for a buffer written before it is read: after the
 * CLI's heap prefault (cli/heap_prefault.c) calloc must clear reused memory. */
CK_INTERNAL void *ck_malloc(ck_ctx *ctx, size_t bytes);
CK_INTERNAL char *ck_strdup(ck_ctx *ctx, const char *s);

#ifdef CK_ALLOC_INJECTION
/* Test-only (tests/unit/test_alloc_failure.c, SQLite-style failure injection):
 * the test binary wraps malloc/calloc/realloc/strdup at link time and fails
 * the Nth one. ck_calloc and ck_strdup note their caller here first, so the
 * wrapper can tell their call sites apart; the wrapper clears it. */
extern CK_INTERNAL _Thread_local const void *ck_alloc_site;
#endif

/* Sorts keys ascending, removes repeats in place, returns how many remain.
 * scratch holds n keys (a radix sort's other buffer; its contents are lost). */
CK_INTERNAL size_t ck_sort_unique_u64(uint64_t *keys, uint64_t *scratch, size_t n);
/* First index i with v[i] >= x in the ascending v[0..n), n if none. */
CK_INTERNAL size_t ck_lower_bound(const double *v, size_t n, double x);

#define CK_FAIL(ctx, status, ...) return ck_error_set((ctx), (status), __VA_ARGS__)

#endif /* CK_CORE_IMPL_H */
