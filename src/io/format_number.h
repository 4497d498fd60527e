/* SPDX-License-Identifier: MIT */
/* Fast, exact "%.10g" formatting for the CSV writers. */
#ifndef CK_FORMAT_NUMBER_H
#define CK_FORMAT_NUMBER_H

#include <stddef.h>

#include "core/core_impl.h"

#define CK_G10_MAX 32

/* Writes v as printf("%.10g", v) would, byte for byte, into buf (at least
 * CK_G10_MAX bytes) and returns the length. Bytes of buf past the NUL may be
 * overwritten (the digits go in with whole-word stores; up to buf[15]). */
CK_INTERNAL int ck_format_g10(double v, char *buf);

/* Writes ",v[0],v[1],..." (each number as ck_format_g10 writes it) into out
 * (at least count * (CK_G10_MAX + 1) bytes) and returns the length; no NUL,
 * and bytes past the end may be overwritten.
 * One call per CSV row keeps the formatter inlined in the loop. */
CK_INTERNAL size_t ck_format_g10_row(const double *v, size_t count, char *out);

#endif /* CK_FORMAT_NUMBER_H */
