/* SPDX-License-Identifier: MIT */
/* ck_sbml_write: loads the SBML writer module on first use.
 *
 * libsbml brings libxml2, ICU and the C++ runtime, and its static
 * initialisers cost ~10 ms at every process start; linked into
 * libclusterkin they made `clusterkin simulate` 4x slower to start (the
 * issue 2 budget for the whole process overhead is 1 ms). So libsbml is
 * linked only into libclusterkin_sbml.so, installed beside libclusterkin.so
 * and opened here when an export is asked for. The static library (tests,
 * benchmarks) links the writer directly. */
#define _GNU_SOURCE 1 /* dladdr: where libclusterkin.so was loaded from; before any header */
#include "clusterkin/ck_sbml.h"
#include "core/core_impl.h"
#include "export/sbml_module.h"

#ifdef CK_STATIC

ck_status ck_sbml_write(ck_ctx *ctx, const ck_model *model, const ck_network *net, FILE *stream) {
  return ck_sbml_write_module(ctx, model, net, stream);
}

#else

#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static ck_sbml_write_fn loaded;

static ck_sbml_write_fn load_locked(ck_ctx *ctx) {
  ck_sbml_write_fn fn = NULL;
  if (loaded != NULL) {
    return loaded;
  }
  Dl_info info;
  char path[CK_PATH_MAX];
  if (dladdr((void *)ck_sbml_write, &info) == 0 || info.dli_fname == NULL) {
    ck_error_set(ctx, CK_ERR_IO, "SBML export: cannot locate libclusterkin");
    return NULL;
  }
  const char *slash = strrchr(info.dli_fname, '/');
  int dir_len = slash != NULL ? (int)(slash - info.dli_fname) : 1;
  snprintf(path, sizeof path, "%.*s/%s", dir_len, slash != NULL ? info.dli_fname : ".",
           CK_SBML_MODULE_FILE);
  void *module = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (module == NULL) {
    ck_error_set(ctx, CK_ERR_IO, "SBML export module unavailable: %s", dlerror());
    return NULL;
  }
  *(void **)&fn = dlsym(module, CK_SBML_MODULE_SYMBOL);
  if (fn == NULL) {
    ck_error_set(ctx, CK_ERR_IO, "SBML export module %s lacks %s", path, CK_SBML_MODULE_SYMBOL);
  }
  loaded = fn; /* the module stays open for the life of the process */
  return fn;
}

static ck_sbml_write_fn load(ck_ctx *ctx) {
  pthread_mutex_lock(&load_lock);
  ck_sbml_write_fn fn = load_locked(ctx);
  pthread_mutex_unlock(&load_lock);
  return fn;
}

ck_status ck_sbml_write(ck_ctx *ctx, const ck_model *model, const ck_network *net, FILE *stream) {
  ck_sbml_write_fn fn = load(ctx);
  return fn != NULL ? fn(ctx, model, net, stream) : ck_ctx_status(ctx);
}

#endif
