/* SPDX-License-Identifier: MIT */
/* The unit parser's second table: physical-chemistry quantities (viscosity,
 * temperature, length, frequency, chemical shift) that the amount-volume-time
 * algebra of units.c cannot express (mass and length dimensions, the Celsius
 * offset). units.c hands these kinds to units_physical.c. */
#ifndef CK_UNITS_IMPL_H
#define CK_UNITS_IMPL_H

#include "clusterkin/ck_units.h"
#include "core/core_impl.h"

/* 1 for the kinds units_physical.c parses (CK_QTY_VISCOSITY and after). */
CK_INTERNAL int ck_units_physical_kind(ck_quantity_kind kind);
/* Their internal (SI) unit: "Pa s", "K", "m", "Hz", "ppm". */
CK_INTERNAL const char *ck_units_physical_name(ck_quantity_kind kind);
/* ck_units_parse for those kinds: same contract and messages. */
CK_INTERNAL ck_status ck_units_parse_physical(ck_ctx *ctx, const char *text, ck_quantity_kind kind,
                                              double *value);

#endif /* CK_UNITS_IMPL_H */
