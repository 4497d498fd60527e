/* SPDX-License-Identifier: MIT */
/* Top-level parts of a formula: "[Ag25(C8H9S)18+Ag]-" -> Ag x25, (C8H9S) x18, Ag x1.
 *
 * The text is first checked by ck_formula_parse, so this scanner may trust
 * its structure and only needs to find where each top-level item starts and
 * ends; each item's content is then parsed on its own. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "formula/formula_impl.h"

typedef struct part_scan {
  ck_ctx *ctx;
  const char *p;
  char *scratch; /* room for any substring of the text */
  ck_formula_part *parts;
  int max_parts, n;
} part_scan;

static long read_number(part_scan *s, long absent) {
  if (!isdigit((unsigned char)*s->p)) {
    return absent;
  }
  char *end = NULL;
  long v = strtol(s->p, &end, 10); /* bounded by the parser's checks */
  s->p = end;
  return v;
}

/* Parses text[0..length) as one part with count copies. */
static ck_status add_part(part_scan *s, const char *start, size_t length, long count,
                          int is_group) {
  if (count == 0) {
    return CK_OK;
  }
  if (s->n == s->max_parts) {
    CK_FAIL(s->ctx, CK_ERR_LIMIT, "formula has more than %d top-level parts", s->max_parts);
  }
  memcpy(s->scratch, start, length);
  s->scratch[length] = '\0';
  ck_formula_part *part = &s->parts[s->n];
  ck_status st = ck_formula_parse(s->ctx, s->scratch, &part->unit);
  if (st == CK_OK) {
    part->count = count;
    part->is_group = is_group;
    s->n++;
  }
  return st;
}

/* "(...)n" at s->p: the content between the matching parentheses. */
static ck_status scan_group(part_scan *s, long sign) {
  const char *open = s->p;
  int depth = 0;
  do {
    depth += (*s->p == '(') - (*s->p == ')');
    s->p++;
  } while (depth > 0);
  const char *close = s->p - 1;
  long count = read_number(s, 1);
  return add_part(s, open + 1, (size_t)(close - open - 1), sign * count, 1);
}

/* "107Ag25", "D", "H" at s->p: label, symbol, count. */
static ck_status scan_atom(part_scan *s, long sign) {
  const char *start = s->p;
  while (isdigit((unsigned char)*s->p)) {
    s->p++;
  }
  s->p++; /* the uppercase letter */
  if (islower((unsigned char)*s->p)) {
    s->p++;
  }
  size_t length = (size_t)(s->p - start);
  long count = read_number(s, 1);
  return add_part(s, start, length, sign * count, 0);
}

static ck_status scan(part_scan *s) {
  while (isspace((unsigned char)*s->p)) {
    s->p++;
  }
  int bracketed = (*s->p == '[');
  s->p += bracketed;
  long sign = 1; /* times the adduct multiplier inside an adduct */
  for (;;) {
    char c = *s->p;
    ck_status st = CK_OK;
    if (c == '(') {
      st = scan_group(s, sign);
    } else if (isdigit((unsigned char)c) || isupper((unsigned char)c)) {
      st = scan_atom(s, sign);
    } else if (bracketed && (c == '+' || c == '-')) {
      s->p++;
      sign = (c == '+' ? 1 : -1) * read_number(s, 1);
    } else {
      return CK_OK; /* ']', the end, or trailing spaces */
    }
    if (st != CK_OK) {
      return st;
    }
  }
}

ck_status ck_formula_parts(ck_ctx *ctx, const char *text, ck_formula_part *parts, int max_parts,
                           int *n_parts) {
  if (text == NULL || parts == NULL || n_parts == NULL || max_parts < 0) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_formula_parts: NULL argument or negative max_parts");
  }
  ck_formula whole;
  ck_status st = ck_formula_parse(ctx, text, &whole);
  if (st != CK_OK) {
    return st;
  }
  part_scan s = {ctx, text, ck_calloc(ctx, strlen(text) + 1, 1), parts, max_parts, 0};
  if (s.scratch == NULL) {
    return CK_ERR_NOMEM;
  }
  st = scan(&s);
  free(s.scratch);
  *n_parts = st == CK_OK ? s.n : 0;
  return st;
}
