/* SPDX-License-Identifier: MIT */
/* Chemical formulas of clusters: elements with counts, nested groups, charge.
 *
 * "[Ag25(C8H9S)18]-" parses to Ag 25, C 144, H 162, S 18, charge -1. Brackets
 * around the neutral part are optional when there is no charge. Charges are
 * written after the closing bracket: "-", "2-", "3-", "+", "2+". The parser
 * knows every element symbol of the periodic table; masses and isotopes come
 * with the mass-spectrometry module. */
#ifndef CK_FORMULA_H
#define CK_FORMULA_H

#include "ck_error.h"
#include "ck_export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CK_FORMULA_MAX_ELEMENTS 32

typedef struct ck_formula {
  int n_elements;                          /* distinct elements, in order of first appearance */
  int element[CK_FORMULA_MAX_ELEMENTS];    /* atomic numbers (1 = H ... 118) */
  long count[CK_FORMULA_MAX_ELEMENTS];     /* atoms of each, > 0 */
  int charge;                              /* signed charge in units of e */
} ck_formula;

/* Parses text into *out. On error returns CK_ERR_INPUT with a message naming
 * the problem and its column (1-based) in text. */
CK_API ck_status ck_formula_parse(ck_ctx *ctx, const char *text, ck_formula *out);

/* Atoms of element with the given symbol ("Ag") in f; 0 if absent or unknown. */
CK_API long ck_formula_count(const ck_formula *f, const char *symbol);

/* Atomic number of an element symbol (case-sensitive, "Ag" = 47), 0 if unknown. */
CK_API int ck_element_number(const char *symbol);
/* Symbol of an atomic number, NULL outside 1..118. */
CK_API const char *ck_element_symbol(int z);

#ifdef __cplusplus
}
#endif
#endif /* CK_FORMULA_H */
