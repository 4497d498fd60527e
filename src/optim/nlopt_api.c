/* SPDX-License-Identifier: MIT */
/* NLopt opened on first use. Linked, libnlopt costs every process start
 * 0.1-0.3 ms on the CI-class machine (loading, relocation, page faults),
 * and issue 2 budgets 1 ms for all of `clusterkin simulate` beyond the
 * simulation; only fits need it. So libclusterkin opens NLopt by its soname
 * (CK_NLOPT_SONAME, read from the library at configure time) on the first
 * fit. The static library (tests, benchmarks) links it and points straight
 * at its functions. */
#include "optim/nlopt_api.h"

#include "core/module.h"

#ifdef CK_STATIC

const ck_nlopt_api *ck_nlopt(ck_ctx *ctx) {
  (void)ctx;
#define CK_NLOPT_LINKED(name) .name = nlopt_##name,
  static const ck_nlopt_api linked = {CK_NLOPT_FUNCTIONS(CK_NLOPT_LINKED)};
#undef CK_NLOPT_LINKED
  return &linked;
}

#else

#include <pthread.h>

#ifndef CK_NLOPT_SONAME
#define CK_NLOPT_SONAME "libnlopt.so.0"
#endif

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static ck_nlopt_api opened;
static int complete;

const ck_nlopt_api *ck_nlopt(ck_ctx *ctx) {
  pthread_mutex_lock(&lock);
  if (!complete) { /* a failed open is tried again: the message goes to each caller */
    int ok = 1;
#define CK_NLOPT_OPEN(name)                                                                  \
  ok = ok && (*(void **)&opened.name = ck_module_symbol(ctx, CK_NLOPT_SONAME, "nlopt_" #name, \
                                                       "NLopt", CK_MODULE_SYSTEM)) != NULL;
    CK_NLOPT_FUNCTIONS(CK_NLOPT_OPEN)
#undef CK_NLOPT_OPEN
    complete = ok;
  }
  int ok = complete;
  pthread_mutex_unlock(&lock);
  return ok ? &opened : NULL;
}

#endif
