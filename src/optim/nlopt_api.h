/* SPDX-License-Identifier: MIT */
/* NLopt, opened on first use (nlopt_api.c): the fit refinement and the
 * equilibrium site fit call it through this table. */
#ifndef CK_NLOPT_API_H
#define CK_NLOPT_API_H

#include <nlopt.h>

#include "core/core_impl.h"

/* The NLopt functions clusterkin calls, by their names without "nlopt_",
 * each with NLopt's own prototype. */
#define CK_NLOPT_FUNCTIONS(X)                                                                \
  X(create) X(destroy) X(optimize) X(set_min_objective) X(set_lower_bounds)                 \
  X(set_upper_bounds) X(set_initial_step) X(set_initial_step1) X(set_xtol_abs1) X(set_ftol_rel) \
  X(set_ftol_abs) X(set_maxeval)

typedef struct ck_nlopt_api {
#define CK_NLOPT_MEMBER(name) __typeof__(nlopt_##name) *name;
  CK_NLOPT_FUNCTIONS(CK_NLOPT_MEMBER)
#undef CK_NLOPT_MEMBER
} ck_nlopt_api;

/* NLopt's functions, or NULL with CK_ERR_IO on ctx (which may be NULL) when
 * its library cannot be opened. Thread-safe; opened once per process. */
CK_INTERNAL const ck_nlopt_api *ck_nlopt(ck_ctx *ctx);

#endif /* CK_NLOPT_API_H */
