/* SPDX-License-Identifier: MIT */
/* Reading the CSV inputs of `clusterkin plot` (grid, profiles, t_max, spectra, generic columns). */
#include "plot_table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TABLE_MAX_BYTES ((size_t)1 << 30)

static char *read_all(const char *path, size_t *length) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    return NULL;
  }
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap + 1);
  while (buf != NULL) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap || cap >= TABLE_MAX_BYTES) {
      break;
    }
    char *bigger = realloc(buf, 2 * cap + 1);
    if (bigger == NULL) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = bigger, cap *= 2;
  }
  int failed = ferror(f);
  fclose(f);
  if (buf == NULL || failed) {
    free(buf);
    return NULL;
  }
  buf[n] = '\0';
  *length = n;
  return buf;
}

/* Splits line in place at commas into out (up to max cells); returns the count. */
static size_t split(char *line, char **out, size_t max) {
  size_t n = 0;
  for (char *p = line;; p++) {
    if (n < max) {
      out[n] = p;
    }
    n++;
    p = strchr(p, ',');
    if (p == NULL) {
      break;
    }
    *p = '\0';
  }
  return n;
}

static size_t count_cols(const char *line) {
  size_t n = 1;
  for (; *line != '\0'; line++) {
    n += *line == ',';
  }
  return n;
}

/* Next line (CRLF or LF), NUL-terminated in place; NULL at the end. */
static char *next_line(char **cursor) {
  char *s = *cursor;
  if (s == NULL || *s == '\0') {
    return NULL;
  }
  char *nl = strchr(s, '\n');
  *cursor = nl != NULL ? nl + 1 : NULL;
  if (nl != NULL) {
    *nl = '\0';
  }
  size_t len = strlen(s);
  if (len > 0 && s[len - 1] == '\r') {
    s[len - 1] = '\0';
  }
  return s;
}

static int fail(const cli_table *t, size_t line, const char *msg) {
  if (line > 0) {
    fprintf(stderr, "clusterkin plot: %s:%zu: %s\n", t->path, line, msg);
  } else {
    fprintf(stderr, "clusterkin plot: %s: %s\n", t->path, msg);
  }
  return 1;
}

static int fill_rows(cli_table *t, char *cursor, size_t max_rows) {
  char *line;
  size_t lineno = 1;
  while ((line = next_line(&cursor)) != NULL) {
    lineno++;
    if (line[0] == '\0') {
      continue; /* blank lines (at the end) */
    }
    if (t->n_rows == max_rows || count_cols(line) != t->n_cols) {
      char msg[96];
      snprintf(msg, sizeof msg, "%zu cells, but the header has %zu", count_cols(line), t->n_cols);
      return fail(t, lineno, msg);
    }
    split(line, t->cell + t->n_rows * t->n_cols, t->n_cols);
    t->n_rows++;
  }
  return 0;
}

int cli_table_load(const char *path, cli_table *t) {
  memset(t, 0, sizeof *t);
  t->path = path;
  size_t length = 0;
  if ((t->text = read_all(path, &length)) == NULL) {
    return fail(t, 0, "cannot read the file");
  }
  size_t lines = 1;
  for (size_t i = 0; i < length; i++) {
    lines += t->text[i] == '\n';
  }
  char *cursor = t->text;
  char *header = next_line(&cursor);
  if (header == NULL || header[0] == '\0') {
    return fail(t, 1, "no header line");
  }
  t->n_cols = count_cols(header);
  t->name = calloc(t->n_cols, sizeof *t->name);
  t->cell = calloc(lines * t->n_cols, sizeof *t->cell);
  if (t->name == NULL || t->cell == NULL) {
    return fail(t, 0, "out of memory");
  }
  split(header, t->name, t->n_cols);
  if (fill_rows(t, cursor, lines) != 0) {
    return 1;
  }
  return t->n_rows == 0 ? fail(t, 0, "no data rows") : 0;
}

void cli_table_free(cli_table *t) {
  free(t->name);
  free(t->cell);
  free(t->text);
  memset(t, 0, sizeof *t);
}

int cli_table_column(const cli_table *t, const char *name, const char *what) {
  for (size_t c = 0; c < t->n_cols; c++) {
    if (strcmp(t->name[c], name) == 0) {
      return (int)c;
    }
  }
  fprintf(stderr, "clusterkin plot: %s: no column \"%s\"%s%s\n", t->path, name,
          what != NULL ? " for " : "", what != NULL ? what : "");
  return -1;
}

int cli_table_number(const cli_table *t, size_t row, size_t col, double *out) {
  const char *s = t->cell[row * t->n_cols + col];
  if (s[0] == '\0') {
    *out = NAN;
    return 0;
  }
  char *end;
  *out = strtod(s, &end);
  if (*end != '\0' || end == s) {
    char msg[160];
    snprintf(msg, sizeof msg, "column %zu (%.40s): \"%.40s\" is not a number", col + 1,
             t->name[col], s);
    return fail(t, row + 2, msg);
  }
  return 0;
}

double *cli_table_numbers(const cli_table *t, size_t col) {
  double *v = calloc(t->n_rows, sizeof *v);
  if (v == NULL) {
    fail(t, 0, "out of memory");
    return NULL;
  }
  for (size_t r = 0; r < t->n_rows; r++) {
    if (cli_table_number(t, r, col, &v[r]) != 0) {
      free(v);
      return NULL;
    }
  }
  return v;
}
