/* SPDX-License-Identifier: MIT */
/* Quantities with units: parses "40 nM", "1e5 /M/s", "54 min" into nM, s, 1/s, 1/(nM s).
 *
 * A unit expression is a product of atoms (nM, L, nmol, s, ...), each with an
 * optional integer exponent ("s^-1", "s-1", "L^2"). '*' or a space multiply;
 * '/' divides by the space-joined atoms that follow it up to the next '/' or
 * '*', so "L/nmol s" is L/(nmol s), as in "J/mol K". "1/" and a leading "/"
 * start a denominator, and "(...)" groups ("1/(nM s)"). The expression is
 * reduced to exponents of (amount, volume, time) and a scale factor to
 * internal units, then checked against the expected kind. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkin/ck_units.h"
#include "core/core_impl.h"
#include "io/units_impl.h"

enum { DIM_AMOUNT, DIM_VOLUME, DIM_TIME, N_DIMS };

#define MAX_EXPONENT 9 /* beyond this a unit is a typo, and pow() could overflow */
#define MAX_DEPTH 4    /* nested parentheses */

typedef struct unit_atom {
  const char *name;
  int dim[N_DIMS];
  double scale; /* value of one of this unit in internal units */
} unit_atom;

/* "u" is accepted for micro; the micro sign U+00B5 and Greek mu U+03BC are
 * mapped onto it before lookup (see read_atom_name). */
static const unit_atom atoms[] = {
    {"mol", {1, 0, 0}, 1e9},  {"mmol", {1, 0, 0}, 1e6},  {"umol", {1, 0, 0}, 1e3},
    {"nmol", {1, 0, 0}, 1.0}, {"pmol", {1, 0, 0}, 1e-3}, {"L", {0, 1, 0}, 1.0},
    {"mL", {0, 1, 0}, 1e-3},  {"uL", {0, 1, 0}, 1e-6},   {"M", {1, -1, 0}, 1e9},
    {"mM", {1, -1, 0}, 1e6},  {"uM", {1, -1, 0}, 1e3},   {"nM", {1, -1, 0}, 1.0},
    {"pM", {1, -1, 0}, 1e-3}, {"s", {0, 0, 1}, 1.0},     {"ms", {0, 0, 1}, 1e-3},
    {"min", {0, 0, 1}, 60.0}, {"h", {0, 0, 1}, 3600.0},
};

typedef struct kind_info {
  const char *noun;     /* "a concentration" */
  int dim[N_DIMS];      /* required exponents */
  const char *internal; /* internal unit name */
  const char *accepted; /* examples for messages */
} kind_info;

static const kind_info kinds[] = {
    [CK_QTY_DIMENSIONLESS] = {"a plain number", {0, 0, 0}, "", "no unit"},
    [CK_QTY_CONCENTRATION] = {"a concentration",
                              {1, -1, 0},
                              "nM",
                              "M, mM, uM, nM, pM, or amount/volume such as nmol/L"},
    [CK_QTY_TIME] = {"a time", {0, 0, 1}, "s", "s, ms, min, h"},
    [CK_QTY_RATE_FIRST_ORDER] = {"a first-order rate constant",
                                 {0, 0, -1},
                                 "1/s",
                                 "/s, 1/min, /h, s^-1"},
    [CK_QTY_RATE_SECOND_ORDER] = {"a second-order rate constant",
                                  {-1, 1, -1},
                                  "1/(nM s)",
                                  "/nM/s, /M/s, /uM/min, L/nmol/s, M^-1 s^-1"},
    [CK_QTY_INVERSE_CONCENTRATION] = {"an inverse concentration",
                                      {-1, 1, 0},
                                      "1/nM",
                                      "/nM, /uM, /M, L/nmol, M^-1"},
};

#define N_KINDS (sizeof kinds / sizeof kinds[0])

/* The unit being parsed: the whole quantity text for messages, the cursor,
 * and the accumulated dimension and scale. */
typedef struct unit_parse {
  ck_ctx *ctx;
  const char *text;
  const char *p;
  int dim[N_DIMS];
  double scale;
} unit_parse;

static int kind_valid(ck_quantity_kind kind) {
  return (unsigned)kind < N_KINDS;
}

const char *ck_units_internal_name(ck_quantity_kind kind) {
  if (ck_units_physical_kind(kind)) {
    return ck_units_physical_name(kind);
  }
  return kind_valid(kind) ? kinds[kind].internal : "";
}

static void skip_spaces(unit_parse *u) {
  while (*u->p == ' ' || *u->p == '\t') {
    u->p++;
  }
}

/* Bytes of a micro sign at s (U+00B5 or U+03BC in UTF-8), else 0. */
static size_t micro_sign_length(const char *s) {
  const unsigned char *b = (const unsigned char *)s;
  if ((b[0] == 0xC2 && b[1] == 0xB5) || (b[0] == 0xCE && b[1] == 0xBC)) {
    return 2;
  }
  return 0;
}

static int atom_start(const char *s) {
  return isalpha((unsigned char)*s) || micro_sign_length(s) > 0;
}

/* Copies the atom name at u->p into name (micro signs as 'u') and advances. */
static void read_atom_name(unit_parse *u, char *name, size_t size, const char **start) {
  size_t n = 0;
  *start = u->p;
  while (atom_start(u->p)) {
    size_t micro = micro_sign_length(u->p);
    char c = micro > 0 ? 'u' : *u->p;
    u->p += micro > 0 ? micro : 1;
    if (n + 1 < size) {
      name[n++] = c;
    } else {
      name[size - 1] = '\0'; /* too long to be a unit: forces "unknown" */
      n = size - 1;
    }
  }
  name[n] = '\0';
}

static const unit_atom *find_atom(const char *name) {
  for (size_t i = 0; i < sizeof atoms / sizeof atoms[0]; i++) {
    if (strcmp(atoms[i].name, name) == 0) {
      return &atoms[i];
    }
  }
  return NULL;
}

/* Optional exponent after an atom or group: "^-1", "^2", "-1", "2". */
static ck_status read_exponent(unit_parse *u, int *exponent) {
  const char *start = u->p;
  int caret = (*u->p == '^');
  if (caret) {
    u->p++;
  }
  int sign = 1;
  if (*u->p == '-' || *u->p == '+') {
    sign = (*u->p == '-') ? -1 : 1;
    u->p++;
  }
  if (!isdigit((unsigned char)*u->p)) {
    if (caret || u->p != start) {
      CK_FAIL(u->ctx, CK_ERR_INPUT, "\"%s\": exponent expected after \"%.*s\"", u->text,
              (int)(u->p - start), start);
    }
    *exponent = 1;
    return CK_OK;
  }
  long e = 0;
  while (isdigit((unsigned char)*u->p)) {
    e = e * 10 + (*u->p - '0');
    u->p++;
    if (e > MAX_EXPONENT) {
      CK_FAIL(u->ctx, CK_ERR_INPUT, "\"%s\": unit exponent too large (at most %d)", u->text,
              MAX_EXPONENT);
    }
  }
  *exponent = sign * (int)e;
  return CK_OK;
}

static void accumulate(unit_parse *u, const int dim[N_DIMS], double scale, int power) {
  for (int d = 0; d < N_DIMS; d++) {
    u->dim[d] += dim[d] * power;
  }
  u->scale *= pow(scale, power);
}

static ck_status parse_product(unit_parse *u, int sign, int depth);

/* A parenthesised group: its own dimension, raised to an exponent and sign. */
static ck_status parse_group(unit_parse *u, int sign, int depth) {
  unit_parse inner = *u;
  inner.p = u->p + 1;
  memset(inner.dim, 0, sizeof inner.dim);
  inner.scale = 1.0;
  if (depth >= MAX_DEPTH) {
    CK_FAIL(u->ctx, CK_ERR_INPUT, "\"%s\": parentheses nested too deeply", u->text);
  }
  ck_status st = parse_product(&inner, 1, depth + 1);
  if (st != CK_OK) {
    return st;
  }
  if (*inner.p != ')') {
    CK_FAIL(u->ctx, CK_ERR_INPUT, "\"%s\": missing ')' in unit", u->text);
  }
  u->p = inner.p + 1;
  int exponent = 1;
  st = read_exponent(u, &exponent);
  if (st == CK_OK) {
    accumulate(u, inner.dim, inner.scale, sign * exponent);
  }
  return st;
}

/* One factor: an atom with its exponent, or a group. */
static ck_status parse_factor(unit_parse *u, int sign, int depth) {
  if (*u->p == '(') {
    return parse_group(u, sign, depth);
  }
  if (!atom_start(u->p)) {
    if (*u->p == '\0') {
      CK_FAIL(u->ctx, CK_ERR_INPUT, "\"%s\": unit expected after '/' or '*'", u->text);
    }
    CK_FAIL(u->ctx, CK_ERR_INPUT, "\"%s\": unexpected '%c' in unit", u->text, *u->p);
  }
  char name[16];
  const char *start = NULL;
  read_atom_name(u, name, sizeof name, &start);
  const unit_atom *atom = find_atom(name);
  if (atom == NULL) {
    CK_FAIL(u->ctx, CK_ERR_INPUT, "unknown unit \"%.*s\" in \"%s\"", (int)(u->p - start), start,
            u->text);
  }
  int exponent = 1;
  ck_status st = read_exponent(u, &exponent);
  if (st == CK_OK) {
    accumulate(u, atom->dim, atom->scale, sign * exponent);
  }
  return st;
}

/* "1/" at the start of a product: the 1 is only a placeholder numerator. */
static int skip_unit_one(unit_parse *u) {
  const char *q = u->p;
  if (*q != '1') {
    return 0;
  }
  q++;
  while (*q == ' ' || *q == '\t') {
    q++;
  }
  if (*q != '/') {
    return 0;
  }
  u->p = q;
  return 1;
}

/* factor (sep factor)*, where '/' starts a denominator that space-joined
 * factors stay in, and '*' returns to the numerator. Stops at ')' or end. */
static ck_status parse_product(unit_parse *u, int sign, int depth) {
  int current = sign;
  skip_spaces(u);
  skip_unit_one(u);
  if (*u->p == '/') {
    current = -sign;
    u->p++;
    skip_spaces(u);
  }
  for (;;) {
    ck_status st = parse_factor(u, current, depth);
    if (st != CK_OK) {
      return st;
    }
    const char *before = u->p;
    skip_spaces(u);
    if (*u->p == '\0' || *u->p == ')') {
      return CK_OK;
    }
    if (*u->p == '/' || *u->p == '*') {
      current = (*u->p == '/') ? -sign : sign;
      u->p++;
      skip_spaces(u);
    } else if (u->p == before) {
      CK_FAIL(u->ctx, CK_ERR_INPUT, "\"%s\": unexpected '%c' in unit", u->text, *u->p);
    }
  }
}

/* What a dimension vector is, for messages. */
static void describe_dim(const int dim[N_DIMS], char *buf, size_t size) {
  for (size_t k = 0; k < N_KINDS; k++) {
    if (memcmp(dim, kinds[k].dim, sizeof kinds[k].dim) == 0) {
      snprintf(buf, size, "%s", kinds[k].noun);
      return;
    }
  }
  static const int amount[N_DIMS] = {1, 0, 0}, volume[N_DIMS] = {0, 1, 0};
  if (memcmp(dim, amount, sizeof amount) == 0) {
    snprintf(buf, size, "an amount");
  } else if (memcmp(dim, volume, sizeof volume) == 0) {
    snprintf(buf, size, "a volume");
  } else {
    snprintf(buf, size, "of dimension amount^%d volume^%d time^%d", dim[0], dim[1], dim[2]);
  }
}

static ck_status check_kind(const unit_parse *u, const char *unit, ck_quantity_kind kind) {
  const kind_info *want = &kinds[kind];
  if (memcmp(u->dim, want->dim, sizeof u->dim) == 0) {
    return CK_OK;
  }
  char have[96];
  describe_dim(u->dim, have, sizeof have);
  CK_FAIL(u->ctx, CK_ERR_INPUT, "\"%s\": unit \"%s\" is %s but %s is expected (units: %s)", u->text,
          unit, have, want->noun, want->accepted);
}

/* Leading number; strtod alone would also take "inf", "nan" and hex. */
static ck_status parse_number(ck_ctx *ctx, const char *text, ck_quantity_kind kind, double *value,
                              const char **end) {
  const char *p = text;
  while (isspace((unsigned char)*p)) {
    p++;
  }
  const char *digits = (*p == '+' || *p == '-') ? p + 1 : p;
  int numeric =
      isdigit((unsigned char)digits[0]) || (digits[0] == '.' && isdigit((unsigned char)digits[1]));
  int hex = digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X');
  if (!numeric || hex) {
    CK_FAIL(ctx, CK_ERR_INPUT, "\"%s\" is not a number (expected %s in %s)", text, kinds[kind].noun,
            kinds[kind].accepted);
  }
  char *stop = NULL;
  *value = strtod(p, &stop);
  *end = stop;
  return CK_OK;
}

ck_status ck_units_parse(ck_ctx *ctx, const char *text, ck_quantity_kind kind, double *value) {
  if (text != NULL && value != NULL && ck_units_physical_kind(kind)) {
    return ck_units_parse_physical(ctx, text, kind, value); /* units_physical.c */
  }
  if (text == NULL || value == NULL || !kind_valid(kind)) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_units_parse: NULL text or value, or unknown quantity kind");
  }
  double number = 0.0;
  const char *rest = NULL;
  ck_status st = parse_number(ctx, text, kind, &number, &rest);
  if (st != CK_OK) {
    return st;
  }
  unit_parse u = {ctx, text, rest, {0, 0, 0}, 1.0};
  skip_spaces(&u);
  const char *unit = u.p;
  if (*unit != '\0' && kind == CK_QTY_DIMENSIONLESS) {
    CK_FAIL(ctx, CK_ERR_INPUT, "\"%s\": a plain number without a unit is expected", text);
  }
  if (*unit != '\0') {
    st = parse_product(&u, 1, 0);
    if (st == CK_OK && *u.p != '\0') {
      st = ck_error_set(ctx, CK_ERR_INPUT, "\"%s\": unmatched ')' in unit", text);
    }
    if (st == CK_OK) {
      st = check_kind(&u, unit, kind);
    }
    if (st != CK_OK) {
      return st;
    }
  }
  double converted = number * u.scale;
  if (!isfinite(converted)) {
    CK_FAIL(ctx, CK_ERR_INPUT, "\"%s\" is not a finite number", text);
  }
  *value = converted;
  return CK_OK;
}
