/* SPDX-License-Identifier: MIT */
/* The SBML writer lives in a module loaded on first use (see sbml_loader.c). */
#ifndef CK_SBML_MODULE_H
#define CK_SBML_MODULE_H

#include <stdio.h>

#include "clusterkin/ck_sbml.h"

#define CK_SBML_MODULE_FILE "libclusterkin_sbml.so"
#define CK_SBML_MODULE_SYMBOL "ck_sbml_write_module"

/* The writer itself (sbml_write.c): exported from the module, called
 * directly in the static library. */
__attribute__((visibility("default"))) ck_status ck_sbml_write_module(ck_ctx *ctx,
                                                                      const ck_model *model,
                                                                      const ck_network *net,
                                                                      FILE *stream);
typedef ck_status (*ck_sbml_write_fn)(ck_ctx *, const ck_model *, const ck_network *, FILE *);

#endif /* CK_SBML_MODULE_H */
