/* SPDX-License-Identifier: MIT */
/* Optional modules opened on first use (see module.c for why). */
#ifndef CK_MODULE_H
#define CK_MODULE_H

#include "core/core_impl.h"

/* Exported from a module: default visibility despite -fvisibility=hidden. */
#define CK_MODULE_EXPORT __attribute__((visibility("default")))

/* Flags of ck_module_symbol. */
enum {
  CK_MODULE_LOCAL = 0,
  /* The module's dependencies open plugins of their own that need its
   * symbols (Open MPI): open it RTLD_GLOBAL. */
  CK_MODULE_GLOBAL = 1,
  /* file is a system library's soname ("libnlopt.so.0"), found the way the
   * dynamic loader finds libraries, not a module beside libclusterkin. */
  CK_MODULE_SYSTEM = 2
};

#ifndef CK_STATIC
/* The address of symbol in the module file (e.g. "libclusterkin_sbml.so")
 * beside libclusterkin.so, opening it on first use (thread-safe; modules
 * stay loaded). NULL with CK_ERR_IO on ctx when the module or the symbol is
 * missing; what names the feature in the message ("SBML export"). */
CK_INTERNAL void *ck_module_symbol(ck_ctx *ctx, const char *file, const char *symbol,
                                   const char *what, int flags);
#endif

#endif /* CK_MODULE_H */
