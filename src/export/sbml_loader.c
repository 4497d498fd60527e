/* SPDX-License-Identifier: MIT */
/* ck_sbml_write: the SBML writer lives in libclusterkin_sbml.so, opened on
 * first use (src/core/module.c): libsbml brings libxml2, ICU and the C++
 * runtime, whose static initialisers cost ~10 ms at every process start. The
 * static library (tests, benchmarks) links the writer directly. */
#include "clusterkin/ck_network.h"
#include "clusterkin/ck_sbml.h"
#include "core/core_impl.h"
#include "core/module.h"
#include "export/sbml_module.h"

ck_status ck_sbml_write(ck_ctx *ctx, const ck_model *model, const ck_network *net, FILE *stream) {
  if (net != NULL && ck_network_trimer_count(net) > 0) { /* the writer knows the dimer kinds */
    ck_error_set(ctx, CK_ERR_UNSUPPORTED, "SBML export of a network with trimers is not supported");
    return CK_ERR_UNSUPPORTED;
  }
#ifdef CK_STATIC
  return ck_sbml_write_module(ctx, model, net, stream);
#else
  ck_sbml_write_fn fn;
  *(void **)&fn = ck_module_symbol(ctx, CK_SBML_MODULE_FILE, CK_SBML_MODULE_SYMBOL, "SBML export",
                                   CK_MODULE_LOCAL);
  return fn != NULL ? fn(ctx, model, net, stream) : ck_ctx_status(ctx);
#endif
}
