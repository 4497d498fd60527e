/* SPDX-License-Identifier: MIT */
/* Fast, exact "%.10g" formatting for the CSV writers. */
#ifndef CK_FORMAT_NUMBER_H
#define CK_FORMAT_NUMBER_H

#include "core/core_impl.h"

#define CK_G10_MAX 32

/* Writes v as printf("%.10g", v) would, byte for byte, into buf (at least
 * CK_G10_MAX bytes) and returns the length. */
CK_INTERNAL int ck_format_g10(double v, char *buf);

#endif /* CK_FORMAT_NUMBER_H */
