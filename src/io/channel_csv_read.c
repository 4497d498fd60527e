/* SPDX-License-Identifier: MIT */
/* Channel CSV reader: measured (or simulated) channel series into a ck_channel_data.
 *
 * MODEL.md section 8, "Channel CSV": header `time_s`, then channel labels in
 * any subset and order, and `sd:<label>` columns. The text is read whole,
 * taken line by line (LF or CRLF), and every cell checked, so an error names
 * the file, the line and the column. Rows grow by doubling: memory stays
 * within a few times the file size whatever the header claims. Numbers are
 * read with strtod, which assumes the "C" locale's decimal point; the library
 * never changes the locale. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkin/ck_data.h"
#include "core/core_impl.h"
#include "io/read_file.h"

#define CELL_TEXT_MAX 128 /* longer cells are not numbers anyone writes */
#define SD_PREFIX "sd:"

typedef enum col_kind { COL_TIME, COL_CHANNEL, COL_SD } col_kind;

typedef struct column {
  const char *name; /* header text, trimmed (points into csv.header) */
  col_kind kind;
  size_t channel;   /* data channel: its own (COL_CHANNEL) or the one it belongs to (COL_SD) */
  ck_channel_id id; /* COL_CHANNEL: the parsed label */
} column;

typedef struct csv {
  ck_ctx *ctx;
  const char *source;
  const ck_model *model;
  const char *p, *end; /* text not yet taken */
  int line;            /* 1-based number of the line last taken */
  char *header;        /* the header line, cells NUL-terminated in place */
  size_t n_cols, n_channels;
  column *cols;
  size_t n_rows, cap_rows;
  double *cells; /* n_rows x n_cols, as read */
} csv;

static ck_status fail(csv *c, int line, ck_status status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static ck_status fail(csv *c, int line, ck_status status, const char *fmt, ...) {
  char msg[CK_MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  ck_error_set(c->ctx, status, "%s", msg);
  ck_error_locate(c->ctx, c->source, line);
  return status;
}

/* ---- lines and cells ---------------------------------------------------- */

/* The next line without its end (LF, or CRLF); 0 when the text is used up. */
static int next_line(csv *c, const char **start, size_t *length) {
  if (c->p >= c->end) {
    return 0;
  }
  const char *s = c->p;
  const char *lf = memchr(s, '\n', (size_t)(c->end - s));
  const char *e = lf != NULL ? lf : c->end;
  c->p = lf != NULL ? lf + 1 : c->end;
  if (e > s && e[-1] == '\r') {
    e--;
  }
  c->line++;
  *start = s;
  *length = (size_t)(e - s);
  return 1;
}

static int is_space(char ch) {
  return ch == ' ' || ch == '\t';
}

static int is_blank(const char *s, size_t length) {
  for (size_t i = 0; i < length; i++) {
    if (!is_space(s[i])) {
      return 0;
    }
  }
  return 1;
}

/* Narrows [*s, *s + *length) to the cell without surrounding blanks. */
static void trim(const char **s, size_t *length) {
  while (*length > 0 && is_space(**s)) {
    (*s)++, (*length)--;
  }
  while (*length > 0 && is_space((*s)[*length - 1])) {
    (*length)--;
  }
}

static size_t count_cells(const char *s, size_t length) {
  size_t n = 1;
  for (const char *q = s; (q = memchr(q, ',', length - (size_t)(q - s))) != NULL; q++) {
    n++;
  }
  return n;
}

/* ---- header ------------------------------------------------------------- */

/* Splits the header (our own copy) into NUL-terminated, trimmed cells; a
 * cell in double quotes (as spreadsheets write it) loses them. */
static void split_header(csv *c, char *text, size_t length) {
  size_t k = 0, at = 0;
  for (;;) {
    const char *comma = memchr(text + at, ',', length - at);
    size_t end = comma != NULL ? (size_t)(comma - text) : length;
    const char *cell = text + at;
    size_t n = end - at;
    trim(&cell, &n);
    if (n >= 2 && cell[0] == '"' && cell[n - 1] == '"') {
      cell++, n -= 2;
    }
    size_t start = (size_t)(cell - text);
    text[start + n] = '\0'; /* start + n <= end: over a blank, a quote or the comma */
    c->cols[k++].name = text + start;
    if (comma == NULL) {
      return;
    }
    at = end + 1;
  }
}

static ck_status classify(csv *c, size_t k) {
  column *col = &c->cols[k];
  if (col->name[0] == '\0') {
    return fail(c, 1, CK_ERR_INPUT, "column %zu: empty column name", k + 1);
  }
  if (strcmp(col->name, "time_s") == 0) {
    col->kind = COL_TIME; /* a second time column: reported as a duplicate below */
    return CK_OK;
  }
  if (strncmp(col->name, SD_PREFIX, strlen(SD_PREFIX)) == 0) {
    col->kind = COL_SD;
    return CK_OK;
  }
  col->kind = COL_CHANNEL;
  col->channel = c->n_channels++;
  if (ck_channel_label_parse(c->ctx, c->model, col->name, &col->id) != CK_OK) {
    char inner[CK_MSG_MAX];
    snprintf(inner, sizeof inner, "%s", ck_ctx_errmsg(c->ctx));
    return fail(c, 1, CK_ERR_INPUT, "column %zu: unknown channel label: %s", k + 1, inner);
  }
  return CK_OK;
}

static int compare_names(const void *a, const void *b) {
  const column *x = *(const column *const *)a, *y = *(const column *const *)b;
  int order = strcmp(x->name, y->name);
  return order != 0 ? order : (x < y ? -1 : x > y);
}

static size_t column_number(const csv *c, const column *col) {
  return (size_t)(col - c->cols) + 1;
}

/* First entry of sorted (n, by name) whose name is not below name. */
static size_t lower_bound(column *const *sorted, size_t n, const char *name) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(sorted[mid]->name, name) < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/* Duplicates, and the channel each sd: column belongs to, through the
 * header sorted by name (headers of 1e5 columns stay fast). */
static ck_status link_columns(csv *c, column **sorted) {
  const column *dup = NULL, *first = NULL;
  for (size_t i = 0; i < c->n_cols; i++) {
    sorted[i] = &c->cols[i];
  }
  qsort(sorted, c->n_cols, sizeof *sorted, compare_names);
  for (size_t i = 1; i < c->n_cols; i++) {
    if (strcmp(sorted[i]->name, sorted[i - 1]->name) == 0 && (dup == NULL || sorted[i] < dup)) {
      dup = sorted[i], first = sorted[i - 1];
    }
  }
  if (dup != NULL) {
    return fail(c, 1, CK_ERR_INPUT, "column %zu: duplicate column \"%.64s\" (also column %zu)",
                column_number(c, dup), dup->name, column_number(c, first));
  }
  for (size_t k = 0; k < c->n_cols; k++) {
    column *col = &c->cols[k];
    if (col->kind != COL_SD) {
      continue;
    }
    const char *target = col->name + strlen(SD_PREFIX);
    size_t lo = lower_bound(sorted, c->n_cols, target);
    if (lo == c->n_cols || strcmp(sorted[lo]->name, target) != 0 ||
        sorted[lo]->kind != COL_CHANNEL) {
      return fail(c, 1, CK_ERR_INPUT, "column %zu: %.64s belongs to no channel column %.64s", k + 1,
                  col->name, target);
    }
    col->channel = sorted[lo]->channel;
  }
  return CK_OK;
}

static ck_status read_header(csv *c) {
  const char *s = NULL;
  size_t length = 0;
  if (!next_line(c, &s, &length)) {
    return fail(c, 1, CK_ERR_INPUT, "empty file: expected a header line time_s,<channels>");
  }
  if (is_blank(s, length)) {
    return fail(c, 1, CK_ERR_INPUT, "the header line is empty: expected time_s,<channels>");
  }
  c->n_cols = count_cells(s, length);
  if (c->n_cols > CK_DATA_MAX_COLUMNS + 1) {
    return fail(c, 1, CK_ERR_LIMIT, "%zu columns, more than the limit of %d channel columns",
                c->n_cols, CK_DATA_MAX_COLUMNS);
  }
  c->header = ck_calloc(c->ctx, length + 1, 1);
  c->cols = ck_calloc(c->ctx, c->n_cols, sizeof *c->cols);
  if (c->header == NULL || c->cols == NULL) {
    return CK_ERR_NOMEM;
  }
  memcpy(c->header, s, length);
  split_header(c, c->header, length);
  if (strcmp(c->cols[0].name, "time_s") != 0) {
    return fail(c, 1, CK_ERR_INPUT, "column 1: the first column must be time_s, found \"%.64s\"",
                c->cols[0].name);
  }
  c->cols[0].kind = COL_TIME;
  ck_status st = CK_OK;
  for (size_t k = 1; k < c->n_cols && st == CK_OK; k++) {
    st = classify(c, k);
  }
  if (st == CK_OK && c->n_channels == 0) {
    return fail(c, 1, CK_ERR_INPUT, "no channel columns after time_s");
  }
  column **sorted = st == CK_OK ? ck_calloc(c->ctx, c->n_cols, sizeof *sorted) : NULL;
  if (st == CK_OK && sorted == NULL) {
    return CK_ERR_NOMEM;
  }
  if (st == CK_OK) {
    st = link_columns(c, sorted);
  }
  free(sorted);
  return st;
}

/* ---- rows --------------------------------------------------------------- */

/* s starts with word (lower case), in any case: "NaN", "Inf", "infinity". */
static int is_word(const char *s, const char *word) {
  for (; *word != '\0'; s++, word++) {
    if (tolower((unsigned char)*s) != *word) {
      return 0;
    }
  }
  return 1;
}

/* A finite decimal number, the whole cell. strtod alone would also take
 * "inf", "nan", hex and leading blanks, none of which a channel CSV holds. */
static ck_status read_number(csv *c, const char *s, size_t length, size_t k, double *out) {
  const column *col = &c->cols[k];
  char text[CELL_TEXT_MAX];
  trim(&s, &length);
  if (length == 0) {
    return fail(c, c->line, CK_ERR_INPUT, "column %zu (%.64s): empty cell", k + 1, col->name);
  }
  snprintf(text, sizeof text, "%.*s", (int)(length < sizeof text ? length : sizeof text - 1), s);
  const char *digits = (text[0] == '+' || text[0] == '-') ? text + 1 : text;
  if (is_word(digits, "inf") || is_word(digits, "nan")) {
    return fail(c, c->line, CK_ERR_INPUT, "column %zu (%.64s): \"%s\" is not a finite number",
                k + 1, col->name, text);
  }
  char *stop = NULL;
  int starts_ok =
      isdigit((unsigned char)digits[0]) || (digits[0] == '.' && isdigit((unsigned char)digits[1]));
  int hex = digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X');
  double v = starts_ok && !hex && length < sizeof text ? strtod(text, &stop) : 0.0;
  if (stop == NULL || *stop != '\0') {
    return fail(c, c->line, CK_ERR_INPUT, "column %zu (%.64s): \"%s\" is not a number", k + 1,
                col->name, text);
  }
  if (!isfinite(v)) {
    return fail(c, c->line, CK_ERR_INPUT, "column %zu (%.64s): \"%s\" is not a finite number",
                k + 1, col->name, text);
  }
  *out = v;
  return CK_OK;
}

/* Time first, >= 0 and after the row before; standard deviations > 0. */
static ck_status check_value(csv *c, size_t k, double v, const char *s, size_t length) {
  const column *col = &c->cols[k];
  trim(&s, &length);
  if (col->kind == COL_TIME && v < 0.0) {
    return fail(c, c->line, CK_ERR_INPUT, "column 1 (time_s): negative time %.*s", (int)length, s);
  }
  if (col->kind == COL_TIME && c->n_rows > 0 && !(v > c->cells[(c->n_rows - 1) * c->n_cols])) {
    return fail(c, c->line, CK_ERR_INPUT,
                "column 1 (time_s): time %.*s does not increase (the row before has %.10g)",
                (int)length, s, c->cells[(c->n_rows - 1) * c->n_cols]);
  }
  if (col->kind == COL_SD && !(v > 0.0)) {
    return fail(c, c->line, CK_ERR_INPUT,
                "column %zu (%.64s): a standard deviation must be greater than 0, got %.*s", k + 1,
                col->name, (int)length, s);
  }
  return CK_OK;
}

static ck_status grow_rows(csv *c) {
  if (c->n_rows < c->cap_rows) {
    return CK_OK;
  }
  if (c->n_rows >= CK_DATA_MAX_ROWS) {
    return fail(c, c->line, CK_ERR_LIMIT, "more than the limit of %d data rows", CK_DATA_MAX_ROWS);
  }
  size_t cap = c->cap_rows == 0 ? 64 : 2 * c->cap_rows;
  double *cells = realloc(c->cells, cap * c->n_cols * sizeof *cells);
  if (cells == NULL) {
    CK_FAIL(c->ctx, CK_ERR_NOMEM, "out of memory reading %zu rows of channel data", cap);
  }
  c->cells = cells;
  c->cap_rows = cap;
  return CK_OK;
}

static ck_status read_row(csv *c, const char *s, size_t length) {
  size_t n = count_cells(s, length);
  if (n != c->n_cols) {
    return fail(c, c->line, CK_ERR_INPUT, "%zu cells, but the header has %zu columns", n,
                c->n_cols);
  }
  ck_status st = grow_rows(c);
  double *row = c->cells + c->n_rows * c->n_cols;
  const char *cell = s, *end = s + length;
  for (size_t k = 0; k < n && st == CK_OK; k++) {
    const char *comma = memchr(cell, ',', (size_t)(end - cell));
    size_t cell_length = (size_t)((comma != NULL ? comma : end) - cell);
    st = read_number(c, cell, cell_length, k, &row[k]);
    if (st == CK_OK) {
      st = check_value(c, k, row[k], cell, cell_length);
    }
    cell += cell_length + 1;
  }
  if (st == CK_OK) {
    c->n_rows++;
  }
  return st;
}

/* Blank lines may end the file but not interrupt the rows. */
static ck_status read_rows(csv *c) {
  const char *s = NULL;
  size_t length = 0;
  int blank_line = 0;
  ck_status st = CK_OK;
  while (st == CK_OK && next_line(c, &s, &length)) {
    if (is_blank(s, length)) {
      blank_line = blank_line != 0 ? blank_line : c->line;
    } else if (blank_line != 0) {
      st = fail(c, blank_line, CK_ERR_INPUT, "blank line inside the data (rows follow on line %d)",
                c->line);
    } else {
      st = read_row(c, s, length);
    }
  }
  if (st == CK_OK && c->n_rows == 0) {
    st = fail(c, 1, CK_ERR_INPUT, "no data rows after the header");
  }
  return st;
}

/* ---- result ------------------------------------------------------------- */

void ck_channel_data_free(ck_channel_data *data) {
  if (data == NULL) {
    return;
  }
  for (size_t ch = 0; ch < data->n_channels; ch++) {
    free(data->labels != NULL ? data->labels[ch] : NULL);
    free(data->sd != NULL ? data->sd[ch] : NULL);
  }
  free(data->labels);
  free(data->sd);
  free(data->source);
  free(data->time_s);
  free(data->id);
  free(data->column);
  free(data->value);
  free(data);
}

static ck_status alloc_arrays(csv *c, ck_channel_data *d) {
  size_t nt = c->n_rows, nc = c->n_channels;
  d->n_times = nt;
  d->n_channels = nc;
  d->source = ck_strdup(c->ctx, c->source);
  d->time_s = ck_calloc(c->ctx, nt, sizeof *d->time_s);
  d->labels = ck_calloc(c->ctx, nc, sizeof *d->labels);
  d->id = ck_calloc(c->ctx, nc, sizeof *d->id);
  d->column = ck_calloc(c->ctx, nc, sizeof *d->column);
  d->value = ck_calloc(c->ctx, nt * (nc > 0 ? nc : 1), sizeof *d->value);
  d->sd = ck_calloc(c->ctx, nc, sizeof *d->sd);
  if (d->source == NULL || d->time_s == NULL || d->labels == NULL || d->id == NULL ||
      d->column == NULL || d->value == NULL || d->sd == NULL) {
    return CK_ERR_NOMEM;
  }
  return CK_OK;
}

/* Rows as read -> time, channel values (row-major) and per-channel sd arrays. */
static ck_status fill_column(csv *c, ck_channel_data *d, size_t k) {
  const column *col = &c->cols[k];
  double *dst = NULL;
  size_t stride = 1;
  if (col->kind == COL_TIME) {
    dst = d->time_s;
  } else if (col->kind == COL_CHANNEL) {
    d->labels[col->channel] = ck_strdup(c->ctx, col->name);
    d->id[col->channel] = col->id;
    d->column[col->channel] = k + 1;
    dst = d->value + col->channel, stride = d->n_channels;
    if (d->labels[col->channel] == NULL) {
      return CK_ERR_NOMEM;
    }
  } else {
    dst = d->sd[col->channel] = ck_calloc(c->ctx, d->n_times, sizeof(double));
    if (dst == NULL) {
      return CK_ERR_NOMEM;
    }
  }
  for (size_t t = 0; t < d->n_times; t++) {
    dst[t * stride] = c->cells[t * c->n_cols + k];
  }
  return CK_OK;
}

static ck_channel_data *build(csv *c) {
  ck_channel_data *d = ck_calloc(c->ctx, 1, sizeof *d);
  ck_status st = d != NULL ? alloc_arrays(c, d) : CK_ERR_NOMEM;
  for (size_t k = 0; k < c->n_cols && st == CK_OK; k++) {
    st = fill_column(c, d, k);
  }
  if (st != CK_OK) {
    ck_channel_data_free(d);
    return NULL;
  }
  return d;
}

ck_channel_data *ck_channel_data_parse(ck_ctx *ctx, const char *text, size_t length,
                                       const char *source, const ck_model *model) {
  if (text == NULL || model == NULL) {
    ck_error_set(ctx, CK_ERR_ARG, "ck_channel_data_parse: NULL text or model");
    return NULL;
  }
  csv c = {ctx,
           source != NULL ? source : "<string>",
           model,
           text,
           text + length,
           0,
           NULL,
           0,
           0,
           NULL,
           0,
           0,
           NULL};
  ck_channel_data *data = NULL;
  if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
    c.p += 3; /* a UTF-8 byte order mark, as spreadsheet programs write */
  }
  ck_status st =
      length > CK_DATA_MAX_BYTES
          ? fail(&c, 0, CK_ERR_LIMIT, "larger than the limit of %zu bytes", CK_DATA_MAX_BYTES)
          : read_header(&c);
  if (st == CK_OK) {
    st = read_rows(&c);
  }
  if (st == CK_OK) {
    data = build(&c);
  }
  free(c.header);
  free(c.cols);
  free(c.cells);
  return data;
}

ck_channel_data *ck_channel_data_load(ck_ctx *ctx, const char *path, const ck_model *model) {
  if (path == NULL || model == NULL) {
    ck_error_set(ctx, CK_ERR_ARG, "ck_channel_data_load: NULL path or model");
    return NULL;
  }
  char *text = NULL;
  size_t length = 0;
  if (ck_read_file(ctx, path, "channel data file", CK_ERR_INPUT, CK_DATA_MAX_BYTES, &text,
                   &length) != CK_OK) {
    return NULL;
  }
  ck_channel_data *data = ck_channel_data_parse(ctx, text, length, path, model);
  free(text);
  return data;
}
