/* SPDX-License-Identifier: MIT */
/* Chemical formula parser: "[Ag25(C8H9S)18]-" -> element counts and charge.
 *
 * Grammar (whitespace allowed only around the whole formula):
 *   formula  := '[' sequence ']' charge? | sequence
 *   sequence := item+
 *   item     := atom count? | '(' sequence ')' count?
 *   atom     := Upper lower?          (an isotope prefix "107Ag" would go here)
 *   charge   := digits? ('+' | '-')
 * Counts multiply out through nested groups and repeated elements are summed.
 * An explicit count of 0 ("[Ag0Au25]-", as in channel labels) is accepted
 * and leaves the element out. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "clusterkin/ck_formula.h"
#include "core/core_impl.h"

#define COUNT_MAX 1000000000L /* atoms of one element; far above any cluster */
#define CHARGE_MAX 1000
#define MAX_DEPTH 16 /* nested parentheses */

/* Element counts of one (sub)formula, in order of first appearance. */
typedef struct tally {
  int n;
  int element[CK_FORMULA_MAX_ELEMENTS];
  long count[CK_FORMULA_MAX_ELEMENTS];
} tally;

typedef struct formula_parse {
  ck_ctx *ctx;
  const char *text;
  const char *p;
} formula_parse;

static ck_status fail_at(const formula_parse *f, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static ck_status fail_at(const formula_parse *f, const char *at, const char *fmt, ...) {
  char detail[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(detail, sizeof detail, fmt, ap);
  va_end(ap);
  return ck_error_set(f->ctx, CK_ERR_INPUT, "formula \"%.200s\", column %d: %s", f->text,
                      (int)(at - f->text) + 1, detail);
}

/* Adds count atoms of element z; at is the text position blamed on overflow. */
static ck_status tally_add(const formula_parse *f, tally *t, int z, long count, const char *at) {
  int i = 0;
  while (i < t->n && t->element[i] != z) {
    i++;
  }
  if (count == 0) {
    return CK_OK;
  }
  if (i == t->n) {
    if (t->n == CK_FORMULA_MAX_ELEMENTS) {
      return fail_at(f, at, "more than %d distinct elements", CK_FORMULA_MAX_ELEMENTS);
    }
    t->element[t->n] = z;
    t->count[t->n] = 0;
    t->n++;
  }
  if (t->count[i] > COUNT_MAX - count) {
    return fail_at(f, at, "count overflow (more than %ld atoms of %s)", COUNT_MAX,
                   ck_element_symbol(z));
  }
  t->count[i] += count;
  return CK_OK;
}

/* Optional decimal count; absent means 1. */
static ck_status read_count(formula_parse *f, long *count) {
  const char *start = f->p;
  long c = 0;
  while (isdigit((unsigned char)*f->p)) {
    c = c * 10 + (*f->p - '0');
    f->p++;
    if (c > COUNT_MAX) {
      return fail_at(f, start, "count overflow (more than %ld)", COUNT_MAX);
    }
  }
  *count = (f->p == start) ? 1 : c;
  return CK_OK;
}

/* An element symbol: uppercase letter and an optional lowercase one. */
static ck_status read_atom(formula_parse *f, int *z) {
  const char *start = f->p;
  char symbol[3] = {*f->p, '\0', '\0'};
  f->p++;
  if (islower((unsigned char)*f->p)) {
    symbol[1] = *f->p;
    f->p++;
  }
  *z = ck_element_number(symbol);
  if (*z == 0) {
    return fail_at(f, start, "unknown element \"%s\"", symbol);
  }
  return CK_OK;
}

static ck_status parse_sequence(formula_parse *f, tally *out, int depth, int *items);

/* "(...)n": parses the group, then adds it n times to out. */
static ck_status parse_group(formula_parse *f, tally *out, int depth) {
  const char *open = f->p;
  if (depth >= MAX_DEPTH) {
    return fail_at(f, open, "parentheses nested more than %d deep", MAX_DEPTH);
  }
  f->p++;
  tally inner = {0};
  int items = 0;
  ck_status st = parse_sequence(f, &inner, depth + 1, &items);
  if (st != CK_OK) {
    return st;
  }
  if (*f->p != ')') {
    return fail_at(f, open, "unbalanced parentheses: '(' is never closed");
  }
  if (items == 0) {
    return fail_at(f, open, "empty parentheses");
  }
  f->p++;
  const char *mult_at = f->p;
  long mult = 1;
  st = read_count(f, &mult);
  for (int i = 0; st == CK_OK && i < inner.n; i++) {
    if (mult != 0 && inner.count[i] > COUNT_MAX / mult) {
      return fail_at(f, mult_at, "count overflow (more than %ld atoms of %s)", COUNT_MAX,
                     ck_element_symbol(inner.element[i]));
    }
    st = tally_add(f, out, inner.element[i], inner.count[i] * mult, mult_at);
  }
  return st;
}

static ck_status parse_item(formula_parse *f, tally *out, int depth) {
  if (*f->p == '(') {
    return parse_group(f, out, depth);
  }
  const char *start = f->p;
  int z = 0;
  long count = 1;
  ck_status st = read_atom(f, &z);
  if (st == CK_OK) {
    st = read_count(f, &count);
  }
  if (st == CK_OK) {
    st = tally_add(f, out, z, count, start);
  }
  return st;
}

/* Items up to a character that cannot start one; the caller judges it. */
static ck_status parse_sequence(formula_parse *f, tally *out, int depth, int *items) {
  for (;;) {
    char c = *f->p;
    if (isdigit((unsigned char)c)) {
      /* Counts after a symbol or group are consumed there, so a digit here
       * precedes a symbol: an isotope mass number, which a later version
       * will read in read_atom. */
      return fail_at(f, f->p,
                     "a number before an element symbol (isotope labels such as "
                     "\"107Ag\" are not supported); counts follow the symbol");
    }
    if (islower((unsigned char)c)) {
      return fail_at(f, f->p, "unexpected '%c' (element symbols start with an uppercase letter)",
                     c);
    }
    if (!isupper((unsigned char)c) && c != '(') {
      return CK_OK;
    }
    ck_status st = parse_item(f, out, depth);
    if (st != CK_OK) {
      return st;
    }
    (*items)++;
  }
}

/* After ']': "-", "2-", "+", "3+", or nothing. */
static ck_status parse_charge(formula_parse *f, int *charge) {
  const char *start = f->p;
  long magnitude = 0;
  while (isdigit((unsigned char)*f->p)) {
    magnitude = magnitude * 10 + (*f->p - '0');
    f->p++;
    if (magnitude > CHARGE_MAX) {
      return fail_at(f, start, "charge larger than %d", CHARGE_MAX);
    }
  }
  int digits = (int)(f->p - start);
  if (*f->p != '+' && *f->p != '-') {
    if (digits > 0) {
      return fail_at(f, start, "charge needs a sign: write \"%.*s-\" or \"%.*s+\"", digits, start,
                     digits, start);
    }
    *charge = 0;
    return CK_OK;
  }
  if (digits == 0) {
    magnitude = 1;
  }
  if (magnitude == 0) {
    return fail_at(f, start, "zero charge: leave the charge out");
  }
  *charge = (*f->p == '-') ? -(int)magnitude : (int)magnitude;
  f->p++;
  return CK_OK;
}

/* Names what is wrong with the character where parsing stopped. */
static ck_status fail_trailing(const formula_parse *f, int bracketed) {
  switch (*f->p) {
    case ')':
      return fail_at(f, f->p, "unbalanced parentheses: ')' without '('");
    case ']':
      return fail_at(f, f->p, "unbalanced brackets: ']' without '['");
    case '[':
      return fail_at(f, f->p, "'[' is only allowed at the start of the formula");
    case '+':
    case '-':
      if (!bracketed) {
        return fail_at(f, f->p, "a charge follows a closing bracket, as in \"[Au25(SR)18]-\"");
      }
      break;
    default:
      break;
  }
  return fail_at(f, f->p, "unexpected '%c'", *f->p);
}

static void skip_spaces(formula_parse *f) {
  while (isspace((unsigned char)*f->p)) {
    f->p++;
  }
}

static ck_status parse_formula(formula_parse *f, tally *t, int *charge) {
  skip_spaces(f);
  const char *open = (*f->p == '[') ? f->p : NULL;
  f->p += (open != NULL);
  int items = 0;
  ck_status st = parse_sequence(f, t, 0, &items);
  if (st == CK_OK && items == 0 && (*f->p == '\0' || *f->p == ']')) {
    return fail_at(f, f->p, "empty formula");
  }
  if (st == CK_OK && open != NULL) {
    if (*f->p != ']') {
      return (*f->p == '\0') ? fail_at(f, open, "unbalanced brackets: '[' is never closed")
                             : fail_trailing(f, 1);
    }
    f->p++;
    st = parse_charge(f, charge);
  }
  if (st != CK_OK) {
    return st;
  }
  const char *stop = f->p;
  skip_spaces(f);
  if (*f->p == '\0') {
    return CK_OK;
  }
  f->p = stop; /* blame the first character that does not belong, a space included */
  return fail_trailing(f, open != NULL);
}

ck_status ck_formula_parse(ck_ctx *ctx, const char *text, ck_formula *out) {
  if (text == NULL || out == NULL) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_formula_parse: NULL text or output");
  }
  formula_parse f = {ctx, text, text};
  tally t = {0};
  int charge = 0;
  ck_status st = parse_formula(&f, &t, &charge);
  if (st != CK_OK) {
    return st;
  }
  memset(out, 0, sizeof *out);
  out->n_elements = t.n;
  memcpy(out->element, t.element, sizeof t.element);
  memcpy(out->count, t.count, sizeof t.count);
  out->charge = charge;
  return CK_OK;
}

long ck_formula_count(const ck_formula *f, const char *symbol) {
  int z = ck_element_number(symbol);
  if (f == NULL || z == 0) {
    return 0;
  }
  for (int i = 0; i < f->n_elements; i++) {
    if (f->element[i] == z) {
      return f->count[i];
    }
  }
  return 0;
}
