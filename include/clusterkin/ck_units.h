/* SPDX-License-Identifier: MIT */
/* Physical quantities written with units ("40 nM", "1e-2 /nM/s", "54 min").
 *
 * Internal units (MODEL.md section 8): amount nmol, volume L, time s, so a
 * concentration is in nM = nmol/L, a first-order rate constant in 1/s and a
 * second-order one in L/(nmol s) = 1/(nM s). A bare number is taken in the
 * internal unit of the expected kind. */
#ifndef CK_UNITS_H
#define CK_UNITS_H

#include "ck_error.h"
#include "ck_export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ck_quantity_kind {
  CK_QTY_DIMENSIONLESS = 0, /* plain number, no unit allowed */
  CK_QTY_CONCENTRATION,     /* -> nM */
  CK_QTY_TIME,              /* -> s */
  CK_QTY_RATE_FIRST_ORDER,  /* -> 1/s */
  CK_QTY_RATE_SECOND_ORDER, /* -> 1/(nM s) */
  CK_QTY_INVERSE_CONCENTRATION, /* -> 1/nM (a ratio such as k_dim / k_diss) */
  /* Physical-chemistry inputs (src/io/units_physical.c), in SI inside. These
   * need a unit: a bare "0.799" viscosity or "600" frequency is too easily
   * off by 1e3 or 1e6. Only a chemical shift may be a bare number (ppm). */
  CK_QTY_VISCOSITY,     /* -> Pa s: "0.799 mPa s", "0.799 cP", "7.99e-4 Pa s" */
  CK_QTY_TEMPERATURE,   /* -> K: "298 K", "25 degC" (also "°C") */
  CK_QTY_LENGTH,        /* -> m: "12.7 A" (also "Å"), "1.27 nm", "127 pm" */
  CK_QTY_FREQUENCY,     /* -> Hz: "69.8 Hz", "600 MHz" */
  CK_QTY_CHEMICAL_SHIFT, /* -> ppm: "1.203 ppm" or 1.203 */
  CK_QTY_MOLAR_ENERGY    /* -> J/mol: "0.05 eV" (per atom, x e N_A), "5 kJ/mol", "1.2 kcal/mol"; bare 0 allowed */
} ck_quantity_kind;

/* Parses text ("40 nM", "0.04 uM", "3.2e-2 /s", "1e-2 L/nmol/s", "1e5 /M/s",
 * "54 min", or a bare number) as a quantity of the given kind and stores it in
 * internal units. On error returns CK_ERR_INPUT with a message that quotes the
 * text (unknown unit, unit of the wrong kind, not a number, not finite). */
CK_API ck_status ck_units_parse(ck_ctx *ctx, const char *text, ck_quantity_kind kind, double *value);

/* Name of the internal unit of a kind ("nM", "s", "1/s", "1/(nM s)", ""). */
CK_API const char *ck_units_internal_name(ck_quantity_kind kind);
/* A memory size in bytes: "8 GiB", "512MiB", "4 GB", "2e9" (powers of 1024 for
 * KiB..TiB, of 1000 for kB..TB; bare numbers are bytes); must be > 0. */
CK_API ck_status ck_units_parse_bytes(ck_ctx *ctx, const char *text, double *bytes);

#ifdef __cplusplus
}
#endif
#endif /* CK_UNITS_H */
