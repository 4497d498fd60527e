/* SPDX-License-Identifier: MIT */
/* Physical-chemistry quantities with units: "0.799 mPa s", "298 K", "12.7 A", "600 MHz".
 *
 * These are whole unit names looked up in one table (no unit algebra): a
 * viscosity in Pa s needs mass and length dimensions that the amount-volume-
 * time parser of units.c lacks, and degC is an offset, not a factor. Spaces,
 * '*' and the middle dot between the parts of a name are ignored, so "mPa s",
 * "mPa*s" and "mPa·s" are one unit. Values are stored in SI. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/units_impl.h"

typedef struct physical_unit {
  ck_quantity_kind kind;
  const char *name; /* normalised: no separators, "A" for the angstrom sign */
  double scale;     /* SI value of one unit */
  double offset;    /* added after scaling (degC -> K) */
} physical_unit;

static const physical_unit units[] = {
    {CK_QTY_VISCOSITY, "Pas", 1.0, 0.0},
    {CK_QTY_VISCOSITY, "mPas", 1e-3, 0.0},
    {CK_QTY_VISCOSITY, "uPas", 1e-6, 0.0},
    {CK_QTY_VISCOSITY, "cP", 1e-3, 0.0}, /* centipoise = mPa s */
    {CK_QTY_VISCOSITY, "P", 0.1, 0.0},   /* poise */
    {CK_QTY_TEMPERATURE, "K", 1.0, 0.0},
    {CK_QTY_TEMPERATURE, "degC", 1.0, 273.15},
    {CK_QTY_LENGTH, "m", 1.0, 0.0},
    {CK_QTY_LENGTH, "um", 1e-6, 0.0},
    {CK_QTY_LENGTH, "nm", 1e-9, 0.0},
    {CK_QTY_LENGTH, "pm", 1e-12, 0.0},
    {CK_QTY_LENGTH, "A", 1e-10, 0.0},
    {CK_QTY_LENGTH, "Angstrom", 1e-10, 0.0},
    {CK_QTY_FREQUENCY, "Hz", 1.0, 0.0},
    {CK_QTY_FREQUENCY, "kHz", 1e3, 0.0},
    {CK_QTY_FREQUENCY, "MHz", 1e6, 0.0},
    {CK_QTY_FREQUENCY, "GHz", 1e9, 0.0},
    {CK_QTY_CHEMICAL_SHIFT, "ppm", 1.0, 0.0},
    /* Energies per mole of atoms; eV and meV per atom times e N_A (CODATA 2018, exact). */
    {CK_QTY_MOLAR_ENERGY, "J/mol", 1.0, 0.0},
    {CK_QTY_MOLAR_ENERGY, "kJ/mol", 1e3, 0.0},
    {CK_QTY_MOLAR_ENERGY, "cal/mol", 4.184, 0.0},
    {CK_QTY_MOLAR_ENERGY, "kcal/mol", 4184.0, 0.0},
    {CK_QTY_MOLAR_ENERGY, "eV", 96485.33212331001, 0.0},
    {CK_QTY_MOLAR_ENERGY, "meV", 96.48533212331001, 0.0},
};

#define N_UNITS (sizeof units / sizeof units[0])

typedef struct physical_kind {
  const char *noun;
  const char *internal;
  const char *accepted;
} physical_kind;

static const physical_kind kinds[] = {
    [CK_QTY_VISCOSITY - CK_QTY_VISCOSITY] = {"a viscosity", "Pa s", "Pa s, mPa s, cP, P"},
    [CK_QTY_TEMPERATURE - CK_QTY_VISCOSITY] = {"a temperature", "K", "K, degC"},
    [CK_QTY_LENGTH - CK_QTY_VISCOSITY] = {"a length", "m", "m, nm, pm, A"},
    [CK_QTY_FREQUENCY - CK_QTY_VISCOSITY] = {"a frequency", "Hz", "Hz, kHz, MHz"},
    [CK_QTY_CHEMICAL_SHIFT - CK_QTY_VISCOSITY] = {"a chemical shift", "ppm", "ppm"},
    [CK_QTY_MOLAR_ENERGY - CK_QTY_VISCOSITY] = {"an energy", "J/mol",
                                                "eV, meV, J/mol, kJ/mol, cal/mol, kcal/mol"},
};

int ck_units_physical_kind(ck_quantity_kind kind) {
  return kind >= CK_QTY_VISCOSITY && kind <= CK_QTY_MOLAR_ENERGY;
}

const char *ck_units_physical_name(ck_quantity_kind kind) {
  return ck_units_physical_kind(kind) ? kinds[kind - CK_QTY_VISCOSITY].internal : "";
}

/* Copies the unit text into out without separators; the angstrom sign (U+00C5
 * or U+212B) becomes "A", the degree sign (U+00B0) "deg", micro signs "u".
 * Returns 0 when the text does not fit. */
static int normalise(const char *unit, char *out, size_t size) {
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)unit; *p != '\0';) {
    const char *put = NULL;
    size_t skip = 1;
    if (*p == ' ' || *p == '\t' || *p == '*') {
      put = "";
    } else if (p[0] == 0xC2 && p[1] == 0xB7) { /* middle dot */
      put = "", skip = 2;
    } else if (p[0] == 0xC3 && p[1] == 0x85) {
      put = "A", skip = 2;
    } else if (p[0] == 0xE2 && p[1] == 0x84 && p[2] == 0xAB) {
      put = "A", skip = 3;
    } else if (p[0] == 0xC2 && p[1] == 0xB0) {
      put = "deg", skip = 2;
    } else if ((p[0] == 0xC2 && p[1] == 0xB5) || (p[0] == 0xCE && p[1] == 0xBC)) {
      put = "u", skip = 2;
    }
    char one[2] = {(char)*p, '\0'};
    const char *add = put != NULL ? put : one;
    size_t len = strlen(add);
    if (n + len + 1 > size) {
      return 0;
    }
    memcpy(out + n, add, len);
    n += len;
    p += skip;
  }
  out[n] = '\0';
  return 1;
}

static const physical_unit *find_unit(const char *name) {
  for (size_t i = 0; i < N_UNITS; i++) {
    if (strcmp(units[i].name, name) == 0) {
      return &units[i];
    }
  }
  return NULL;
}

/* A decimal number at the start of text; strtod alone would take "inf", "nan", hex. */
static int read_number(const char *text, double *value, const char **rest) {
  const char *p = text;
  while (isspace((unsigned char)*p)) {
    p++;
  }
  const char *d = (*p == '+' || *p == '-') ? p + 1 : p;
  int numeric = isdigit((unsigned char)d[0]) || (d[0] == '.' && isdigit((unsigned char)d[1]));
  if (!numeric || (d[0] == '0' && (d[1] == 'x' || d[1] == 'X'))) {
    return 0;
  }
  char *end = NULL;
  *value = strtod(p, &end);
  while (isspace((unsigned char)*end)) {
    end++;
  }
  *rest = end;
  return 1;
}

/* The unit part, trailing spaces cut, for messages and lookup. */
static const physical_unit *lookup(ck_ctx *ctx, const char *text, const char *unit,
                                   ck_quantity_kind kind, ck_status *st) {
  const physical_kind *want = &kinds[kind - CK_QTY_VISCOSITY];
  char name[32];
  const physical_unit *u = normalise(unit, name, sizeof name) ? find_unit(name) : NULL;
  *st = CK_OK;
  if (u == NULL) {
    *st = ck_error_set(ctx, CK_ERR_INPUT, "unknown unit \"%s\" in \"%s\" (%s takes %s)", unit, text,
                       want->noun, want->accepted);
  } else if (u->kind != kind) {
    *st = ck_error_set(ctx, CK_ERR_INPUT,
                       "\"%s\": unit \"%s\" is %s but %s is expected (units: %s)", text, unit,
                       kinds[u->kind - CK_QTY_VISCOSITY].noun, want->noun, want->accepted);
  }
  return *st == CK_OK ? u : NULL;
}

ck_status ck_units_parse_physical(ck_ctx *ctx, const char *text, ck_quantity_kind kind,
                                  double *value) {
  const physical_kind *want = &kinds[kind - CK_QTY_VISCOSITY];
  double number = 0.0;
  const char *unit = NULL;
  if (!read_number(text, &number, &unit)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "\"%s\" is not a number (expected %s in %s)", text, want->noun,
            want->accepted);
  }
  double converted = number;
  /* Zero is zero in every energy unit: "Ag: 0" needs no unit. */
  int bare_ok = kind == CK_QTY_CHEMICAL_SHIFT || (kind == CK_QTY_MOLAR_ENERGY && number == 0.0);
  if (*unit == '\0' && !bare_ok) {
    CK_FAIL(ctx, CK_ERR_INPUT, "\"%s\": %s needs a unit (%s)", text, want->noun, want->accepted);
  }
  if (*unit != '\0') {
    ck_status st = CK_OK;
    const physical_unit *u = lookup(ctx, text, unit, kind, &st);
    if (u == NULL) {
      return st;
    }
    converted = number * u->scale + u->offset;
  }
  if (!isfinite(converted)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "\"%s\" is not a finite number", text);
  }
  if (kind == CK_QTY_TEMPERATURE && converted < 0.0) {
    CK_FAIL(ctx, CK_ERR_INPUT, "\"%s\" is below absolute zero", text);
  }
  *value = converted;
  return CK_OK;
}
