/* SPDX-License-Identifier: MIT */
/* Writes a parsed formula back as text that parses to the same formula. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "formula/formula_impl.h"

typedef struct out_buf {
  char *buf;
  size_t size, used;
} out_buf;

static void put(out_buf *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* snprintf that keeps counting past the end of the buffer. */
static void put(out_buf *o, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  size_t room = o->used < o->size ? o->size - o->used : 0;
  int n = vsnprintf(room > 0 ? o->buf + o->used : NULL, room, fmt, ap);
  va_end(ap);
  o->used += n > 0 ? (size_t)n : 0;
}

size_t ck_formula_format(const ck_formula *f, char *buf, size_t size) {
  out_buf o = {buf, size, 0};
  if (size > 0) {
    buf[0] = '\0';
  }
  if (f == NULL) {
    return 0;
  }
  if (f->charge != 0) {
    put(&o, "[");
  }
  for (int i = 0; i < f->n_elements; i++) {
    const char *symbol = ck_element_symbol(f->element[i]);
    /* A label in parentheses cannot be read as the count of what precedes it. */
    if (f->mass_number[i] > 0) {
      put(&o, "(%d%s)", f->mass_number[i], symbol != NULL ? symbol : "?");
    } else {
      put(&o, "%s", symbol != NULL ? symbol : "?");
    }
    if (f->count[i] != 1) {
      put(&o, "%ld", f->count[i]);
    }
  }
  if (f->charge != 0) {
    int magnitude = abs(f->charge);
    if (magnitude == 1) {
      put(&o, "]%c", f->charge < 0 ? '-' : '+');
    } else {
      put(&o, "]%d%c", magnitude, f->charge < 0 ? '-' : '+');
    }
  }
  return o.used;
}
