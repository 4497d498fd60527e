/* SPDX-License-Identifier: MIT */
/* Chemical formulas of clusters: elements with counts, isotope labels, adducts,
 * charge; the isotope table; average and monoisotopic masses and m/z.
 *
 * Syntax (MODEL.md section 7):
 *   "[Ag25(C8H9S)18]-"        Ag 25, C 144, H 162, S 18, charge -1
 *   "[Ag29(C6H4S2)12]3-"      charges after the closing bracket: -, 2-, +, 3+
 *   "C8H9S", "((CH2)2O)3"     no brackets: neutral; groups nest and multiply
 *   "[107Ag25(C8H9S)18]-"     a mass number before a symbol is that isotope
 *                             (100 % unless an abundance table says otherwise);
 *                             "D" is 2H. After a count, write a labelled atom in
 *                             parentheses: "Ag12(109Ag)13".
 *   "[Ag25(C8H9S)18+Ag]-"     adducts inside the brackets: "+X" adds, "-X" removes
 *   "[C8H10N4O2+H]+", "[M+2Na]2+"-style: digits right after the sign multiply
 *                             the adduct ("+2Na" = two Na); an enriched adduct
 *                             goes in parentheses: "+(107Ag)".
 * An explicit count of 0 ("[Ag0Au25]-", as in channel labels) is accepted and
 * leaves the element out.
 *
 * Masses are in Da (unified atomic mass units, 12C = 12). m/z follows MODEL.md
 * section 7: m/z = (M - z m_e)/|z| with M the neutral mass of the formula and
 * z the signed charge (an anion carries |z| extra electrons). A neutral formula
 * reports its mass M where an m/z is asked for.
 *
 * Ownership: ck_abundance_table_create returns an owned table, freed with
 * ck_abundance_table_free (NULL is a no-op). Functions taking a table accept
 * NULL for "natural abundances, labels at 100 %". A table is read-only during
 * mass and pattern calls and may be shared by threads that do not modify it. */
#ifndef CK_FORMULA_H
#define CK_FORMULA_H

#include <stddef.h>

#include "ck_error.h"
#include "ck_export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CK_FORMULA_MAX_ELEMENTS 32
/* Most isotopes any element has in the table (Sn: 10). */
#define CK_MAX_ISOTOPES 10
/* Electron mass in Da, CODATA 2018. */
#define CK_ELECTRON_MASS_DA 5.48579909065e-4

typedef struct ck_formula {
  int n_elements;                       /* distinct entries, in order of first appearance */
  int element[CK_FORMULA_MAX_ELEMENTS]; /* atomic numbers (1 = H ... 118) */
  long count[CK_FORMULA_MAX_ELEMENTS];  /* atoms of each, > 0 */
  int charge;                           /* signed charge in units of e */
  /* Mass number of a labelled entry ("107Ag": 107, "D": 2), 0 for the natural
   * element. Ag and 107Ag in one formula are two entries. */
  int mass_number[CK_FORMULA_MAX_ELEMENTS];
} ck_formula;

/* Isotopic compositions that differ from nature: what a label such as 107Ag
 * stands for (default 100 % 107Ag), or a natural element replaced. */
typedef struct ck_abundance_table ck_abundance_table;

/* ---- parsing ------------------------------------------------------------ */

/* Parses text into *out. On error returns CK_ERR_INPUT with a message
 * 'formula "TEXT", column N: problem' (column 1-based). */
CK_API ck_status ck_formula_parse(ck_ctx *ctx, const char *text, ck_formula *out);

/* Atoms of an element in f: "Ag" counts every Ag entry (natural and labelled),
 * "107Ag" only that label. 0 if absent or unknown. */
CK_API long ck_formula_count(const ck_formula *f, const char *symbol);

/* Writes f in the syntax above ("[Ag25C144H162S18]-", labels as "(107Ag)25");
 * ck_formula_parse of the result gives f back. Returns the length it needed
 * (like snprintf); buf is always terminated when size > 0. */
CK_API size_t ck_formula_format(const ck_formula *f, char *buf, size_t size);

/* One top-level part of a formula as written: an atom entry ("Ag25", "H")
 * or a parenthesised group ("(C8H9S)18", typically a ligand), of the main
 * sequence or of an adduct. What ligand-aware rules (the superatom electron
 * count, MODEL.md section 4) need and the flat element counts lose. */
typedef struct ck_formula_part {
  ck_formula unit; /* one copy of the part: the group's content or the atom; charge 0 */
  long count;      /* copies: the count or multiplier, negative in a removed adduct */
  int is_group;    /* 1 when written in parentheses */
} ck_formula_part;

/* Splits a valid formula (as ck_formula_parse accepts; its errors otherwise)
 * into its top-level parts, in written order, into parts[0..*n_parts).
 * Repeated parts stay separate; parts with a count of 0 are left out.
 * CK_ERR_LIMIT when there are more than max_parts. */
CK_API ck_status ck_formula_parts(ck_ctx *ctx, const char *text, ck_formula_part *parts,
                                  int max_parts, int *n_parts);

/* Atomic number of an element symbol (case-sensitive, "Ag" = 47), 0 if unknown. */
CK_API int ck_element_number(const char *symbol);
/* Symbol of an atomic number, NULL outside 1..118. */
CK_API const char *ck_element_symbol(int z);

/* ---- the isotope table -------------------------------------------------- */

/* Natural isotopes of element z in the table (0 when it has none: Tc, Pm,
 * Po-Ac, Np and beyond). */
CK_API int ck_element_isotope_count(int z);
/* The i-th natural isotope of z (ascending mass number): mass number, atomic
 * mass in Da, abundance (mole fraction). Any output pointer may be NULL.
 * CK_ERR_ARG when z or i is out of range. */
CK_API ck_status ck_element_isotope(int z, int i, int *mass_number, double *mass_da,
                                    double *abundance);

/* ---- abundance tables --------------------------------------------------- */

CK_API ck_abundance_table *ck_abundance_table_create(ck_ctx *ctx);
CK_API void ck_abundance_table_free(ck_abundance_table *table);

/* The label ("107Ag") stands for that isotope at the given fraction (0..1);
 * the rest is shared by the element's other isotopes in their natural
 * proportions. ck_abundance_table_set_enrichment(ctx, t, "107Ag", 0.99). */
CK_API ck_status ck_abundance_table_set_enrichment(ck_ctx *ctx, ck_abundance_table *table,
                                                   const char *label, double fraction);

/* The label ("107Ag", or "Ag" for the natural element) stands for isotopes
 * mass_number[0..n) at abundance[0..n) (non-negative, summing to 1 within
 * 1e-6; renormalised exactly). Isotopes not listed get 0. */
CK_API ck_status ck_abundance_table_set(ck_ctx *ctx, ck_abundance_table *table, const char *label,
                                        int n, const int *mass_number, const double *abundance);

/* ---- masses and m/z ----------------------------------------------------- */

/* Average neutral mass: sum over entries of count x (sum of isotope masses x
 * abundances). CK_ERR_INPUT for an element without isotope data. */
CK_API ck_status ck_formula_average_mass_da(ck_ctx *ctx, const ck_formula *f,
                                            const ck_abundance_table *table, double *mass_da);
/* Monoisotopic neutral mass: every atom its entry's most abundant isotope. */
CK_API ck_status ck_formula_monoisotopic_mass_da(ck_ctx *ctx, const ck_formula *f,
                                                 const ck_abundance_table *table, double *mass_da);

/* (M - charge x m_e) / |charge|; M itself for charge 0 (MODEL.md section 7). */
CK_API double ck_mass_to_mz(double neutral_mass_da, int charge);

/* Average and monoisotopic m/z of f at its own charge. */
CK_API ck_status ck_formula_average_mz(ck_ctx *ctx, const ck_formula *f,
                                       const ck_abundance_table *table, double *mz);
CK_API ck_status ck_formula_monoisotopic_mz(ck_ctx *ctx, const ck_formula *f,
                                            const ck_abundance_table *table, double *mz);

#ifdef __cplusplus
}
#endif
#endif /* CK_FORMULA_H */
