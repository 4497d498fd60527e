/* SPDX-License-Identifier: MIT */
/* Superatom electron count of a cluster formula, ligand-charge rule (MODEL.md section 4). */
#include <string.h>

#include "clusterkin/ck_formula.h"
#include "clusterkin/ck_physics.h"
#include "core/core_impl.h"

enum { Z_H = 1, Z_C = 6, Z_S = 16 };

/* Valence electrons a metal atom gives the superatom core: coinage metals 1
 * (the jellium count of Walter et al., PNAS 105, 9157 (2008)); group 12
 * dopants 2 and group 10 dopants 0, as in [PtAg24(SR)18]2- = 8. */
static int valence(int z) {
  switch (z) {
    case 29:
    case 47:
    case 79: /* Cu Ag Au */
      return 1;
    case 30:
    case 48:
    case 80: /* Zn Cd Hg */
      return 2;
    case 28:
    case 46:
    case 78: /* Ni Pd Pt */
      return 0;
    default:
      return -1;
  }
}

static long count_of(const ck_formula *f, int z) {
  long n = 0;
  for (int i = 0; i < f->n_elements; i++) {
    n += f->element[i] == z ? f->count[i] : 0;
  }
  return n;
}

/* Same elements with the same counts, in any order (labels ignored). */
static int same_formula(const ck_formula *a, const ck_formula *b) {
  for (int i = 0; i < a->n_elements; i++) {
    if (count_of(b, a->element[i]) != count_of(a, a->element[i])) {
      return 0;
    }
  }
  for (int i = 0; i < b->n_elements; i++) {
    if (count_of(a, b->element[i]) != count_of(b, b->element[i])) {
      return 0;
    }
  }
  return 1;
}

/* The charge listed for ligand, if any: *found 1 and *charge set. */
static ck_status listed_charge(ck_ctx *ctx, const ck_formula *ligand,
                               const ck_ligand_charge *charges, int n_charges, int *found,
                               int *charge) {
  *found = 0;
  for (int i = 0; i < n_charges; i++) {
    ck_formula f;
    if (charges[i].ligand == NULL || ck_formula_parse(ctx, charges[i].ligand, &f) != CK_OK) {
      CK_FAIL(ctx, CK_ERR_INPUT, "ligand charge %d: \"%s\" is not a formula", i + 1,
              charges[i].ligand != NULL ? charges[i].ligand : "(null)");
    }
    if (same_formula(&f, ligand)) {
      *found = 1;
      *charge = charges[i].charge;
      return CK_OK;
    }
  }
  return CK_OK;
}

/* Charge of one ligand: the listed one, else -1 per S of a carbon-bearing ligand. */
static ck_status ligand_charge(ck_ctx *ctx, const ck_formula_part *part,
                               const ck_ligand_charge *charges, int n_charges, int *charge) {
  int found = 0;
  ck_status st = listed_charge(ctx, &part->unit, charges, n_charges, &found, charge);
  if (st != CK_OK || found) {
    return st;
  }
  char text[256];
  ck_formula_format(&part->unit, text, sizeof text);
  if (!part->is_group && count_of(&part->unit, Z_C) > 0) {
    CK_FAIL(ctx, CK_ERR_INPUT,
            "carbon outside parentheses: write each ligand as a group, as in \"(C8H9S)18\"");
  }
  if (count_of(&part->unit, Z_C) == 0) {
    CK_FAIL(ctx, CK_ERR_INPUT,
            "ligand \"%s\" has no carbon, so no default charge: give it (e.g. %s=-1)", text, text);
  }
  *charge = -(int)count_of(&part->unit, Z_S);
  return CK_OK;
}

/* Adds one top-level part's contribution to out. */
static ck_status add_part(ck_ctx *ctx, const ck_formula_part *part, const ck_ligand_charge *charges,
                          int n_charges, ck_electron_count *out) {
  const ck_formula *u = &part->unit;
  int single = u->n_elements == 1 && u->count[0] == 1;
  if (single && valence(u->element[0]) >= 0) {
    out->metal_electrons += (int)part->count * valence(u->element[0]);
    return CK_OK;
  }
  if (single && u->element[0] == Z_H) { /* hydride (or deuteride) */
    out->ligand_charge -= (int)part->count;
    return CK_OK;
  }
  int charge = 0;
  ck_status st = ligand_charge(ctx, part, charges, n_charges, &charge);
  if (st == CK_OK) {
    out->ligand_charge += (int)part->count * charge;
  }
  return st;
}

ck_status ck_physics_electron_count(ck_ctx *ctx, const char *formula,
                                    const ck_ligand_charge *charges, int n_charges,
                                    ck_electron_count *out) {
  if (formula == NULL || out == NULL || (charges == NULL && n_charges > 0)) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_physics_electron_count: NULL argument");
  }
  ck_formula whole;
  ck_formula_part parts[CK_PHYSICS_MAX_PARTS];
  int n_parts = 0;
  ck_status st = ck_formula_parse(ctx, formula, &whole);
  if (st == CK_OK) {
    st = ck_formula_parts(ctx, formula, parts, CK_PHYSICS_MAX_PARTS, &n_parts);
  }
  ck_electron_count count = {0, 0, whole.charge, 0};
  for (int i = 0; st == CK_OK && i < n_parts; i++) {
    st = add_part(ctx, &parts[i], charges, n_charges, &count);
  }
  if (st != CK_OK) {
    return st;
  }
  count.electrons = count.metal_electrons + count.ligand_charge - count.cluster_charge;
  *out = count;
  return CK_OK;
}
