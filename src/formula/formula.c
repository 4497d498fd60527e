/* SPDX-License-Identifier: MIT */
/* Chemical formula parser: "[Ag25(C8H9S)18+Ag]-" -> element counts and charge.
 *
 * Grammar (whitespace allowed only around the whole formula):
 *   formula  := '[' body ']' charge? | sequence
 *   body     := sequence (sign multiplier? sequence)*      adducts: + adds, - removes
 *   sequence := item+
 *   item     := label? atom count? | '(' sequence ')' count?
 *   label    := digits                 mass number: "107Ag" is the isotope 107Ag
 *   atom     := Upper lower? | 'D'     (D = 2H)
 *   charge   := digits? ('+' | '-')
 * Counts multiply out through nested groups and repeated entries are summed;
 * a labelled isotope ("107Ag") is an entry of its own beside the natural
 * element. Digits right after an adduct sign are a multiplier, as in
 * "[M+2Na]2+"; an enriched adduct is written in parentheses, "+(107Ag)".
 * An explicit count of 0 ("[Ag0Au25]-", as in channel labels) is accepted
 * and leaves the element out. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "formula/formula_impl.h"

#define COUNT_MAX 1000000000L /* atoms of one element; far above any cluster */
#define CHARGE_MAX 1000
#define MAX_DEPTH 16 /* nested parentheses */
#define MASS_NUMBER_MAX 999

/* Entry counts of one (sub)formula, in order of first appearance. */
typedef struct tally {
  int n;
  int element[CK_FORMULA_MAX_ELEMENTS];
  int mass_number[CK_FORMULA_MAX_ELEMENTS];
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

static const char *label(int z, int mass_number, char *buf, size_t size) {
  return ck_isotope_label_text(z, mass_number, buf, size);
}

static int tally_find(const tally *t, int z, int mass_number) {
  int i = 0;
  while (i < t->n && (t->element[i] != z || t->mass_number[i] != mass_number)) {
    i++;
  }
  return i;
}

/* Adds count atoms of entry (z, mass_number); at is the text position blamed on overflow. */
static ck_status tally_add(const formula_parse *f, tally *t, int z, int mass_number, long count,
                           const char *at) {
  char buf[16];
  int i = tally_find(t, z, mass_number);
  if (count == 0) {
    return CK_OK;
  }
  if (i == t->n) {
    if (t->n == CK_FORMULA_MAX_ELEMENTS) {
      return fail_at(f, at, "more than %d distinct elements", CK_FORMULA_MAX_ELEMENTS);
    }
    t->element[t->n] = z;
    t->mass_number[t->n] = mass_number;
    t->count[t->n] = 0;
    t->n++;
  }
  if (t->count[i] > COUNT_MAX - count) {
    return fail_at(f, at, "count overflow (more than %ld atoms of %s)", COUNT_MAX,
                   label(z, mass_number, buf, sizeof buf));
  }
  t->count[i] += count;
  return CK_OK;
}

/* Removes count atoms of entry (z, mass_number) (an adduct "-H"). */
static ck_status tally_remove(const formula_parse *f, tally *t, int z, int mass_number, long count,
                              const char *at) {
  char buf[16];
  int i = tally_find(t, z, mass_number);
  long have = (i < t->n) ? t->count[i] : 0;
  if (have < count) {
    return fail_at(f, at, "removes %ld %s, but the formula has %ld", count,
                   label(z, mass_number, buf, sizeof buf), have);
  }
  if (have == count && i < t->n) {
    memmove(&t->element[i], &t->element[i + 1], (size_t)(t->n - i - 1) * sizeof t->element[0]);
    memmove(&t->mass_number[i], &t->mass_number[i + 1],
            (size_t)(t->n - i - 1) * sizeof t->mass_number[0]);
    memmove(&t->count[i], &t->count[i + 1], (size_t)(t->n - i - 1) * sizeof t->count[0]);
    t->n--;
  } else if (i < t->n) {
    t->count[i] -= count;
  }
  return CK_OK;
}

/* dst += sign x mult x src (sign +1 adds, -1 removes). */
static ck_status tally_merge(const formula_parse *f, tally *dst, const tally *src, int sign,
                             long mult, const char *at) {
  char buf[16];
  ck_status st = CK_OK;
  for (int i = 0; st == CK_OK && i < src->n; i++) {
    if (mult != 0 && src->count[i] > COUNT_MAX / mult) {
      return fail_at(f, at, "count overflow (more than %ld atoms of %s)", COUNT_MAX,
                     label(src->element[i], src->mass_number[i], buf, sizeof buf));
    }
    long count = src->count[i] * mult;
    st = (sign > 0) ? tally_add(f, dst, src->element[i], src->mass_number[i], count, at)
                    : tally_remove(f, dst, src->element[i], src->mass_number[i], count, at);
  }
  return st;
}

/* Decimal digits into *value (capped at limit + 1); returns how many were read. */
static int read_digits(formula_parse *f, long limit, long *value) {
  const char *start = f->p;
  long v = 0;
  while (isdigit((unsigned char)*f->p)) {
    if (v <= limit) {
      v = v * 10 + (*f->p - '0');
    }
    f->p++;
  }
  *value = v;
  return (int)(f->p - start);
}

/* Optional decimal count; absent means 1. */
static ck_status read_count(formula_parse *f, long *count) {
  const char *start = f->p;
  long c = 0;
  if (read_digits(f, COUNT_MAX, &c) == 0) {
    *count = 1;
    return CK_OK;
  }
  if (c > COUNT_MAX) {
    return fail_at(f, start, "count overflow (more than %ld)", COUNT_MAX);
  }
  *count = c;
  return CK_OK;
}

/* Checks that the table has isotope mass_number of z; the message lists those it has. */
static ck_status check_isotope(const formula_parse *f, const char *at, int z, int mass_number) {
  int n = 0;
  const ck_isotope_entry *e = ck_isotope_entries(z, &n);
  const char *symbol = ck_element_symbol(z);
  if (n == 0) {
    return fail_at(f, at, "no isotope data for %s: it has no stable isotopes", symbol);
  }
  for (int i = 0; i < n; i++) {
    if (e[i].mass_number == mass_number) {
      return CK_OK;
    }
  }
  char list[128];
  return fail_at(f, at, "%d%s is not a stable isotope of %s (the table has %s)", mass_number,
                 symbol, symbol, ck_isotope_list(z, list, sizeof list));
}

/* An atom: optional mass number, then an uppercase letter and an optional lowercase one. */
static ck_status read_atom(formula_parse *f, int *z, int *mass_number) {
  const char *start = f->p;
  long a = 0;
  int digits = read_digits(f, MASS_NUMBER_MAX, &a);
  if (digits > 0 && !isupper((unsigned char)*f->p)) {
    return fail_at(f, start,
                   "a mass number (isotope label such as \"107Ag\") must be followed by "
                   "an element symbol; counts follow the symbol");
  }
  const char *symbol_at = f->p;
  char symbol[3] = {*f->p, '\0', '\0'};
  f->p++;
  if (islower((unsigned char)*f->p)) {
    symbol[1] = *f->p;
    f->p++;
  }
  if (strcmp(symbol, "D") == 0) {
    if (digits > 0) {
      return fail_at(f, start, "write deuterium as \"D\" or \"2H\"");
    }
    *z = 1;
    *mass_number = 2;
    return CK_OK;
  }
  *z = ck_element_number(symbol);
  if (*z == 0) {
    return fail_at(f, symbol_at, "unknown element \"%s\"", symbol);
  }
  if (digits > 0 && (a < 1 || a > MASS_NUMBER_MAX)) {
    return fail_at(f, start, "mass number %.*s out of range", digits, start);
  }
  *mass_number = (int)a;
  return digits > 0 ? check_isotope(f, start, *z, *mass_number) : CK_OK;
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
  return st == CK_OK ? tally_merge(f, out, &inner, +1, mult, mult_at) : st;
}

static ck_status parse_item(formula_parse *f, tally *out, int depth) {
  if (*f->p == '(') {
    return parse_group(f, out, depth);
  }
  const char *start = f->p;
  int z = 0, mass_number = 0;
  long count = 1;
  ck_status st = read_atom(f, &z, &mass_number);
  if (st == CK_OK) {
    st = read_count(f, &count);
  }
  if (st == CK_OK) {
    st = tally_add(f, out, z, mass_number, count, start);
  }
  return st;
}

/* Items up to a character that cannot start one; the caller judges it. A
 * digit here precedes a symbol (counts after a symbol or group are consumed
 * there), so it is a mass number. */
static ck_status parse_sequence(formula_parse *f, tally *out, int depth, int *items) {
  for (;;) {
    char c = *f->p;
    if (islower((unsigned char)c)) {
      return fail_at(f, f->p, "unexpected '%c' (element symbols start with an uppercase letter)",
                     c);
    }
    if (!isupper((unsigned char)c) && !isdigit((unsigned char)c) && c != '(') {
      return CK_OK;
    }
    ck_status st = parse_item(f, out, depth);
    if (st != CK_OK) {
      return st;
    }
    (*items)++;
  }
}

/* After "+2" in an adduct: is "+107Ag" meant as 107 atoms or as the isotope? */
static ck_status check_multiplier(const formula_parse *f, const char *at, long mult) {
  char symbol[3] = {f->p[0], '\0', '\0'};
  if (mult < 3 || !isupper((unsigned char)symbol[0])) {
    return CK_OK; /* "+2H" is two hydrogens, as in "[M+2H]2+" */
  }
  if (islower((unsigned char)f->p[1])) {
    symbol[1] = f->p[1];
  }
  int n = 0, z = ck_element_number(symbol);
  const ck_isotope_entry *e = ck_isotope_entries(z, &n);
  for (int i = 0; i < n; i++) {
    if (e[i].mass_number == mult) {
      return fail_at(f, at,
                     "ambiguous adduct \"%ld%s\": write \"(%ld%s)\" for the isotope or "
                     "\"%ld(%s)\" for %ld atoms",
                     mult, symbol, mult, symbol, mult, symbol, mult);
    }
  }
  return CK_OK;
}

/* "+Ag", "-H", "+2Na" ... after the main sequence inside brackets. */
static ck_status parse_adducts(formula_parse *f, tally *t) {
  while (*f->p == '+' || *f->p == '-') {
    const char *sign_at = f->p;
    int sign = (*f->p == '+') ? 1 : -1;
    f->p++;
    const char *mult_at = f->p;
    long mult = 1;
    if (isdigit((unsigned char)*f->p)) {
      read_digits(f, COUNT_MAX, &mult);
      if (mult < 1 || mult > COUNT_MAX) {
        return fail_at(f, mult_at, "adduct multiplier must be between 1 and %ld", COUNT_MAX);
      }
      ck_status st = check_multiplier(f, mult_at, mult);
      if (st != CK_OK) {
        return st;
      }
    }
    tally term = {0};
    int items = 0;
    ck_status st = parse_sequence(f, &term, 0, &items);
    if (st == CK_OK && items == 0 && *f->p == '\0') {
      return fail_at(f, sign_at, "'[' is never closed: a charge goes after ']', as in \"[Au25]%c\"",
                     *sign_at);
    }
    if (st == CK_OK && items == 0) {
      return fail_at(f, sign_at, "nothing after '%c': an adduct is a formula, as in \"+Ag\"",
                     *sign_at);
    }
    if (st == CK_OK) {
      st = tally_merge(f, t, &term, sign, mult, sign_at);
    }
    if (st != CK_OK) {
      return st;
    }
  }
  return t->n > 0 ? CK_OK : fail_at(f, f->p, "nothing left after removing the adducts");
}

/* After ']': "-", "2-", "+", "3+", or nothing. */
static ck_status parse_charge(formula_parse *f, int *charge) {
  const char *start = f->p;
  long magnitude = 0;
  int digits = read_digits(f, CHARGE_MAX, &magnitude);
  if (magnitude > CHARGE_MAX) {
    return fail_at(f, start, "charge larger than %d", CHARGE_MAX);
  }
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
        return fail_at(f, f->p,
                       "a charge follows a closing bracket, as in \"[Au25(C8H9S)18]-\", and "
                       "adducts go inside the brackets, as in \"[Au25(C8H9S)18+Ag]-\"");
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

static ck_status parse_bracket_end(formula_parse *f, const char *open, tally *t, int *charge) {
  ck_status st = parse_adducts(f, t);
  if (st != CK_OK) {
    return st;
  }
  if (*f->p != ']') {
    return (*f->p == '\0') ? fail_at(f, open, "unbalanced brackets: '[' is never closed")
                           : fail_trailing(f, 1);
  }
  f->p++;
  return parse_charge(f, charge);
}

static ck_status parse_formula(formula_parse *f, tally *t, int *charge) {
  skip_spaces(f);
  const char *open = (*f->p == '[') ? f->p : NULL;
  f->p += (open != NULL);
  int items = 0;
  ck_status st = parse_sequence(f, t, 0, &items);
  int at_end = (*f->p == '\0' || *f->p == ']' || (open != NULL && strchr("+-", *f->p) != NULL));
  if (st == CK_OK && items == 0 && at_end) {
    return fail_at(f, f->p, "empty formula");
  }
  if (st == CK_OK && open != NULL) {
    st = parse_bracket_end(f, open, t, charge);
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
  memcpy(out->mass_number, t.mass_number, sizeof t.mass_number);
  memcpy(out->count, t.count, sizeof t.count);
  out->charge = charge;
  return CK_OK;
}

long ck_formula_count(const ck_formula *f, const char *symbol) {
  int z = 0, mass_number = 0;
  if (f == NULL || symbol == NULL ||
      !ck_isotope_label_read(symbol, strlen(symbol), &z, &mass_number)) {
    return 0;
  }
  long total = 0;
  for (int i = 0; i < f->n_elements; i++) {
    if (f->element[i] == z && (mass_number == 0 || f->mass_number[i] == mass_number)) {
      total += f->count[i];
    }
  }
  return total;
}
