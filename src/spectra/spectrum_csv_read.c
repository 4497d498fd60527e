/* SPDX-License-Identifier: MIT */
/* Text/CSV spectra: `mz,intensity` (one scan) or `time_s|time_min,mz,intensity`
 * (a series), the layout ck_spectrum.h documents.
 *
 * The file is read whole and taken line by line (LF or CRLF). A line with a
 * comma is split at commas (every cell must hold a number); otherwise at runs
 * of blanks and tabs. '#' starts a comment to the end of the line. The first
 * line whose first cell is not a number is the header. The first data line
 * fixes the column count (2 or 3). Errors name the file and the line. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/read_file.h"
#include "spectra/spectrum_readers.h"

#define MAX_BYTES ((size_t)1 << 32) /* 4 GiB: far beyond any text spectrum */
#define MAX_CELLS 3
#define CELL_MAX 64 /* longer cells are not numbers anyone writes */

typedef struct reader {
  ck_ctx *ctx;
  const char *path;
  int line;
  int n_cols; /* 0 until the first data line */
  int header_seen;
  double time_scale_s; /* 1 (time_s) or 60 (time_min) */
  size_t n_rows, cap;
  double *rows; /* n_rows x 3: time (s, NaN for two columns), m/z, intensity */
} reader;

static ck_status fail(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static ck_status fail(reader *r, const char *fmt, ...) {
  char msg[CK_MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  ck_error_set(r->ctx, CK_ERR_INPUT, "%s", msg);
  ck_error_locate(r->ctx, r->path, r->line);
  return CK_ERR_INPUT;
}

static int is_blank(char c) {
  return c == ' ' || c == '\t';
}

/* Splits line[0..n) into at most MAX_CELLS + 1 trimmed cells (start, length);
 * returns the number of cells (MAX_CELLS + 1 means "too many"). */
static int split(const char *s, size_t n, const char **cell, size_t *len) {
  int k = 0;
  if (memchr(s, ',', n) != NULL) {
    size_t at = 0;
    for (;;) {
      const char *comma = memchr(s + at, ',', n - at);
      size_t end = comma != NULL ? (size_t)(comma - s) : n;
      size_t a = at, b = end;
      while (a < b && is_blank(s[a])) {
        a++;
      }
      while (b > a && is_blank(s[b - 1])) {
        b--;
      }
      cell[k] = s + a;
      len[k] = b - a;
      if (++k > MAX_CELLS || comma == NULL) {
        return k;
      }
      at = end + 1;
    }
  }
  size_t i = 0;
  while (i < n && k <= MAX_CELLS) {
    while (i < n && is_blank(s[i])) {
      i++;
    }
    if (i == n) {
      break;
    }
    size_t start = i;
    while (i < n && !is_blank(s[i])) {
      i++;
    }
    cell[k] = s + start;
    len[k++] = i - start;
  }
  return k;
}

/* 1 if cell is exactly one finite number (written into *v). */
static int read_number(const char *cell, size_t n, double *v) {
  char buf[CELL_MAX];
  if (n == 0 || n >= sizeof buf) {
    return 0;
  }
  memcpy(buf, cell, n);
  buf[n] = '\0';
  char *end = NULL;
  *v = strtod(buf, &end);
  return end == buf + n && isfinite(*v);
}

static int cell_is(const char *cell, size_t n, const char *word) {
  return n == strlen(word) && strncasecmp(cell, word, n) == 0;
}

static ck_status take_header(reader *r, int k, const char **cell, const size_t *len) {
  if (k != 2 && k != 3) {
    return fail(r, "header has %d columns; expected mz,intensity or time_s,mz,intensity", k);
  }
  r->header_seen = 1;
  r->n_cols = k;
  if (k == 3) {
    if (cell_is(cell[0], len[0], "time_min")) {
      r->time_scale_s = 60.0;
    } else if (!cell_is(cell[0], len[0], "time_s")) {
      return fail(r, "first column '%.*s' must be time_s or time_min", (int)len[0], cell[0]);
    }
  }
  return CK_OK;
}

static ck_status push_row(reader *r, double t_s, double mz, double intensity) {
  if (r->n_rows == r->cap) {
    size_t cap = r->cap > 0 ? 2 * r->cap : 4096;
    double *grown = realloc(r->rows, cap * 3 * sizeof *grown);
    if (grown == NULL) {
      CK_FAIL(r->ctx, CK_ERR_NOMEM, "%s: out of memory at line %d", r->path, r->line);
    }
    r->rows = grown;
    r->cap = cap;
  }
  double *row = r->rows + 3 * r->n_rows;
  const double *prev = r->n_rows > 0 ? row - 3 : NULL;
  int same_scan = prev != NULL && (r->n_cols == 2 || prev[0] == t_s);
  if (prev != NULL && r->n_cols == 3 && !same_scan && !(t_s > prev[0])) {
    return fail(r, "scan time %g s is not after the previous scan's %g s", t_s, prev[0]);
  }
  if (same_scan && !(mz > prev[1])) {
    return fail(r, "m/z %.10g does not ascend (previous %.10g)", mz, prev[1]);
  }
  if (!(mz > 0.0)) {
    return fail(r, "m/z %g is not positive", mz);
  }
  row[0] = t_s;
  row[1] = mz;
  row[2] = intensity;
  r->n_rows++;
  return CK_OK;
}

/* Room for one row per line, so that large files are not copied while they grow. */
static ck_status reserve_rows(reader *r, const char *text, size_t length) {
  size_t lines = 1;
  for (const char *q = text; (q = memchr(q, '\n', length - (size_t)(q - text))) != NULL; q++) {
    lines++;
  }
  r->rows = malloc(lines * 3 * sizeof *r->rows);
  if (r->rows == NULL) {
    CK_FAIL(r->ctx, CK_ERR_NOMEM, "%s: out of memory for %zu lines", r->path, lines);
  }
  r->cap = lines;
  return CK_OK;
}

static ck_status take_line(reader *r, const char *s, size_t n) {
  const char *hash = memchr(s, '#', n);
  if (hash != NULL) {
    n = (size_t)(hash - s);
  }
  const char *cell[MAX_CELLS + 1];
  size_t len[MAX_CELLS + 1];
  int k = split(s, n, cell, len);
  if (k == 0 || (k == 1 && len[0] == 0)) {
    return CK_OK; /* blank or comment-only */
  }
  double v[MAX_CELLS];
  if (!read_number(cell[0], len[0], &v[0])) {
    if (r->header_seen || r->n_cols != 0) {
      return fail(r, "'%.*s' is not a number", (int)(len[0] < CELL_MAX ? len[0] : CELL_MAX),
                  cell[0]);
    }
    return take_header(r, k, cell, len);
  }
  if (r->n_cols == 0) {
    if (k != 2 && k != 3) {
      return fail(r, "%d columns; expected mz,intensity or time_s,mz,intensity", k);
    }
    r->n_cols = k;
  }
  if (k != r->n_cols) {
    return fail(r, "%d columns where the file has %d", k, r->n_cols);
  }
  for (int c = 1; c < k; c++) {
    if (!read_number(cell[c], len[c], &v[c])) {
      return fail(r, "column %d: '%.*s' is not a number", c + 1,
                  (int)(len[c] < CELL_MAX ? len[c] : CELL_MAX), cell[c]);
    }
  }
  if (k == 2) {
    return push_row(r, NAN, v[0], v[1]);
  }
  return push_row(r, v[0] * r->time_scale_s, v[1], v[2]);
}

/* Scans from the rows: consecutive rows with the same time form one scan. */
static ck_spectrum_series *build_series(reader *r) {
  size_t n_scans = 0;
  for (size_t i = 0; i < r->n_rows; i++) {
    if (i == 0 || (r->n_cols == 3 && r->rows[3 * i] != r->rows[3 * (i - 1)])) {
      n_scans++;
    }
  }
  ck_spectrum_series *series = ck_spectrum_series_create(r->ctx, n_scans);
  if (series == NULL) {
    return NULL;
  }
  size_t start = 0;
  for (size_t s = 0; s < n_scans; s++) {
    size_t end = start + 1;
    while (end < r->n_rows && (r->n_cols == 2 || r->rows[3 * end] == r->rows[3 * start])) {
      end++;
    }
    ck_spectrum *scan = &series->scans[s];
    if (ck_spectrum_alloc(r->ctx, scan, end - start) != CK_OK) {
      ck_spectrum_series_free(series);
      return NULL;
    }
    scan->time_s = r->rows[3 * start];
    for (size_t i = start; i < end; i++) {
      scan->mz[i - start] = r->rows[3 * i + 1];
      scan->intensity[i - start] = r->rows[3 * i + 2];
    }
    start = end;
  }
  return series;
}

ck_spectrum_series *ck_spectrum_csv_load(ck_ctx *ctx, const char *path,
                                         const ck_spectrum_load_options *opt) {
  (void)opt; /* the time offset is applied by ck_spectrum_series_load */
  char *text = NULL;
  size_t length = 0;
  if (ck_read_file(ctx, path, "spectrum file", CK_ERR_IO, MAX_BYTES, &text, &length) != CK_OK) {
    return NULL;
  }
  reader r = {.ctx = ctx, .path = path, .time_scale_s = 1.0};
  ck_status st = reserve_rows(&r, text, length);
  const char *p = text, *end = text + length;
  while (st == CK_OK && p < end) {
    const char *lf = memchr(p, '\n', (size_t)(end - p));
    const char *e = lf != NULL ? lf : end;
    size_t n = (size_t)(e - p);
    if (n > 0 && p[n - 1] == '\r') {
      n--;
    }
    r.line++;
    st = take_line(&r, p, n);
    p = lf != NULL ? lf + 1 : end;
  }
  ck_spectrum_series *series = NULL;
  if (st == CK_OK && r.n_rows == 0) {
    ck_error_set(ctx, CK_ERR_INPUT, "no data rows (expected mz,intensity or time_s,mz,intensity)");
    ck_error_locate(ctx, path, 0);
  } else if (st == CK_OK) {
    series = build_series(&r);
  }
  free(r.rows);
  free(text);
  return series;
}
