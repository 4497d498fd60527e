/* SPDX-License-Identifier: MIT */
/* Optional modules beside libclusterkin.so, opened on first use.
 *
 * Some dependencies cost from a fraction of a millisecond to milliseconds at
 * every process start (C++ static initialisers, libxml2, ICU, cairo, MPI,
 * OpenMP's runtime): libsbml, IsoSpec (libstdc++), PLplot, MPI, libgomp.
 * Linked into libclusterkin they would slow every `clusterkin simulate`
 * (issue 2 budgets 1 ms for the whole process overhead), so each lives in
 * its own module, libclusterkin_<name>.so, installed in the same directory
 * as libclusterkin.so (or as the clusterkin executable, which holds the
 * library) and opened here only when a command needs it; NLopt, a system
 * library, is opened the same way by its soname. The static library (tests,
 * benchmarks) links them directly and never comes here. */
#define _GNU_SOURCE 1 /* dladdr1, struct link_map; before any header */
#include "core/module.h"

#ifndef CK_STATIC

#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { MAX_MODULES = 8 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
  char file[64];
  void *handle;
} opened[MAX_MODULES];
static int n_opened;

/* The file this code was loaded from: libclusterkin.so, or the clusterkin
 * executable, which holds the library itself (CMakeLists.txt). dladdr names
 * an executable only as it was started ("clusterkin" from PATH), so that
 * one is asked of /proc/self/exe. 0 on success. */
static int our_file(char *out, size_t size) {
  Dl_info info;
  struct link_map *map = NULL;
  if (dladdr1((void *)ck_module_symbol, &info, (void **)&map, RTLD_DL_LINKMAP) == 0 ||
      map == NULL) {
    return -1;
  }
  if (map->l_name != NULL && map->l_name[0] != '\0') { /* a shared library */
    return snprintf(out, size, "%s", map->l_name) < (int)size ? 0 : -1;
  }
  ssize_t n = readlink("/proc/self/exe", out, size - 1);
  if (n <= 0) {
    return -1;
  }
  out[n] = '\0';
  return 0;
}

/* The module's handle (opened once; modules stay open for the process). */
static void *open_locked(ck_ctx *ctx, const char *file, const char *what, int flags) {
  for (int i = 0; i < n_opened; i++) {
    if (strcmp(opened[i].file, file) == 0) {
      return opened[i].handle;
    }
  }
  char path[CK_PATH_MAX], self[CK_PATH_MAX];
  if (flags & CK_MODULE_SYSTEM) {
    snprintf(path, sizeof path, "%s", file);
  } else if (our_file(self, sizeof self) != 0) {
    ck_error_set(ctx, CK_ERR_IO, "%s: cannot locate libclusterkin to find %s", what, file);
    return NULL;
  } else {
    const char *slash = strrchr(self, '/');
    int dir_len = slash != NULL ? (int)(slash - self) : 1;
    snprintf(path, sizeof path, "%.*s/%s", dir_len, slash != NULL ? self : ".", file);
  }
  void *handle = dlopen(path, RTLD_NOW | ((flags & CK_MODULE_GLOBAL) ? RTLD_GLOBAL : RTLD_LOCAL));
  if (handle == NULL) {
    ck_error_set(ctx, CK_ERR_IO, "%s %sunavailable: %s", what,
                 (flags & CK_MODULE_SYSTEM) ? "" : "module ", dlerror());
    return NULL;
  }
  if (n_opened < MAX_MODULES && strlen(file) < sizeof opened[0].file) {
    snprintf(opened[n_opened].file, sizeof opened[0].file, "%s", file);
    opened[n_opened++].handle = handle;
  }
  return handle;
}

void *ck_module_symbol(ck_ctx *ctx, const char *file, const char *symbol, const char *what,
                       int flags) {
  pthread_mutex_lock(&lock);
  void *handle = open_locked(ctx, file, what, flags);
  void *sym = handle != NULL ? dlsym(handle, symbol) : NULL;
  if (handle != NULL && sym == NULL) {
    ck_error_set(ctx, CK_ERR_IO, "%s: %s lacks %s", what, file, symbol);
  }
  pthread_mutex_unlock(&lock);
  return sym;
}

#endif
