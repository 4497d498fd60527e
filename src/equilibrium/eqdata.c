/* SPDX-License-Identifier: MIT */
/* Equilibrium data for fit-equilibrium: `ratio,composition,percent` rows
 * (format in ck_fit_equilibrium.h), each located by its line for messages. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkin/ck_fit_equilibrium.h"
#include "core/core_impl.h"
#include "io/read_file.h"

#define FIELD_MAX 64

typedef struct reader {
  ck_ctx *ctx;
  const ck_model *model;
  const ck_network *net;
  const char *source;
  int line;
} reader;

static ck_status fail_at(const reader *r, const char *fmt, const char *field) {
  ck_error_set(r->ctx, CK_ERR_INPUT, fmt, field);
  ck_error_locate(r->ctx, r->source, r->line);
  return CK_ERR_INPUT;
}

/* Splits a line (no newline) into three trimmed fields. */
static int split(const char *line, size_t len, char field[3][FIELD_MAX]) {
  int n = 0;
  size_t start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && line[i] != ',') {
      continue;
    }
    if (n == 3) {
      return 0;
    }
    size_t a = start, b = i;
    while (a < b && isspace((unsigned char)line[a])) {
      a++;
    }
    while (b > a && isspace((unsigned char)line[b - 1])) {
      b--;
    }
    if (b - a >= FIELD_MAX) {
      return 0;
    }
    memcpy(field[n], line + a, b - a);
    field[n++][b - a] = '\0';
    start = i + 1;
  }
  return n == 3;
}

static ck_status parse_ratio(const reader *r, const char *text, double *a, double *b) {
  char *end;
  *a = strtod(text, &end);
  if (end == text || *end != ':') {
    return fail_at(r, "mixing ratio \"%s\" is not of the form A:B (\"1:6\")", text);
  }
  const char *second = end + 1;
  *b = strtod(second, &end);
  if (end == second || *end != '\0' || !(*a >= 0.0) || !(*b >= 0.0) || !(*a + *b > 0.0) ||
      !isfinite(*a + *b)) {
    return fail_at(r, "mixing ratio \"%s\": two parts >= 0, not both 0", text);
  }
  return CK_OK;
}

/* "[Ag4Cu3]", "Cu3Ag4", "Ag7": element symbols with optional counts. */
static ck_status parse_composition(const reader *r, const char *text, int *x) {
  int m = r->model->n_metals, total = 0;
  const char(*metal)[CK_SYMBOL_MAX] = r->model->metal;
  const char *p = text + (*text == '[');
  size_t len = strlen(p);
  if (*text == '[' && (len == 0 || p[len - 1] != ']')) {
    return fail_at(r, "composition \"%s\": unbalanced bracket", text);
  }
  len -= *text == '[';
  memset(x, 0, CK_MAX_METALS * sizeof *x);
  for (size_t i = 0; i < len;) {
    char sym[CK_SYMBOL_MAX] = {0};
    size_t s = 0;
    if (!isupper((unsigned char)p[i])) {
      return fail_at(r, "composition \"%s\": expected an element symbol", text);
    }
    while (i < len && s + 1 < sizeof sym && (s == 0 ? isupper : islower)((unsigned char)p[i])) {
      sym[s++] = p[i++];
    }
    long count = 1;
    if (i < len && isdigit((unsigned char)p[i])) {
      count = 0;
      while (i < len && isdigit((unsigned char)p[i]) && count < 100000) {
        count = 10 * count + (p[i++] - '0');
      }
    }
    int k = 0;
    while (k < m && strcmp(metal[k], sym) != 0) {
      k++;
    }
    if (k == m) {
      return fail_at(r, "composition \"%s\": a symbol is not one of the exchange metals", text);
    }
    x[k] += (int)count;
    total += (int)count;
  }
  if (total != r->model->nuclearity) {
    return fail_at(r, "composition \"%s\" does not hold the clusters' exchangeable atoms", text);
  }
  return CK_OK;
}

static ck_status parse_row(const reader *r, char field[3][FIELD_MAX], ck_eqdata_row *row) {
  ck_status st = parse_ratio(r, field[0], &row->part_a, &row->part_b);
  if (st == CK_OK) {
    st = parse_composition(r, field[1], row->composition);
  }
  if (st == CK_OK) {
    int sub[1][CK_MAX_METALS];
    memcpy(sub[0], row->composition, sizeof sub[0]);
    if (ck_network_find_species(r->net, 1, (const int(*)[CK_MAX_METALS])sub, &row->monomer) !=
        CK_OK) {
      return fail_at(r, "composition \"%s\" is not a monomer of the model", field[1]);
    }
    char *end;
    row->percent = strtod(field[2], &end);
    if (end == field[2] || *end != '\0' || !(row->percent >= 0.0) || !isfinite(row->percent)) {
      return fail_at(r, "percent \"%s\" is not a number >= 0", field[2]);
    }
  }
  row->line = r->line;
  return st;
}

/* Rows of the same ratio (equal parts after scaling to sum 1) form a group. */
static void assign_groups(ck_eqdata *d) {
  d->n_groups = 0;
  for (int i = 0; i < d->n_rows; i++) {
    ck_eqdata_row *a = d->rows + i;
    a->group = -1;
    double fa = a->part_a / (a->part_a + a->part_b);
    for (int j = 0; j < i && a->group < 0; j++) {
      const ck_eqdata_row *b = d->rows + j;
      if (fabs(fa - b->part_a / (b->part_a + b->part_b)) <= 1e-12) {
        a->group = b->group;
      }
    }
    if (a->group < 0) {
      a->group = d->n_groups++;
    }
  }
}

static ck_status parse_lines(reader *r, const char *text, ck_eqdata *d) {
  int header = 0;
  for (const char *p = text; *p != '\0';) {
    const char *nl = strchr(p, '\n');
    size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
    r->line++;
    size_t l = len;
    while (l > 0 && (p[l - 1] == '\r' || isspace((unsigned char)p[l - 1]))) {
      l--;
    }
    char field[3][FIELD_MAX];
    int blank = l == 0 || p[0] == '#';
    if (!blank && !split(p, l, field)) {
      return fail_at(r, "%s", "expected three fields: ratio,composition,percent");
    }
    if (!blank && !header) {
      if (strcmp(field[0], "ratio") != 0 || strcmp(field[1], "composition") != 0 ||
          strcmp(field[2], "percent") != 0) {
        return fail_at(r, "%s", "the header must be ratio,composition,percent");
      }
      header = 1;
    } else if (!blank) {
      ck_status st = parse_row(r, field, d->rows + d->n_rows);
      if (st != CK_OK) {
        return st;
      }
      d->n_rows++;
    }
    p = nl != NULL ? nl + 1 : p + len;
  }
  if (d->n_rows == 0) {
    r->line = 0;
    return fail_at(r, "%s", "no data rows (header ratio,composition,percent, then rows)");
  }
  return CK_OK;
}

ck_eqdata *ck_eqdata_parse(ck_ctx *ctx, const ck_model *model, const ck_network *net,
                           const char *text, const char *source) {
  size_t lines = 1;
  for (const char *p = text; *p != '\0'; p++) {
    lines += *p == '\n';
  }
  ck_eqdata *d = ck_calloc(ctx, 1, sizeof *d);
  if (d == NULL || (d->rows = ck_calloc(ctx, lines, sizeof *d->rows)) == NULL ||
      (d->source = ck_strdup(ctx, source != NULL ? source : "<string>")) == NULL) {
    ck_eqdata_free(d);
    return NULL;
  }
  reader r = {ctx, model, net, d->source, 0};
  if (parse_lines(&r, text, d) != CK_OK) {
    ck_eqdata_free(d);
    return NULL;
  }
  assign_groups(d);
  return d;
}

ck_eqdata *ck_eqdata_load(ck_ctx *ctx, const ck_model *model, const ck_network *net,
                          const char *path) {
  char *text = NULL;
  size_t length = 0;
  if (ck_read_file(ctx, path, "equilibrium data", CK_ERR_INPUT, 0, &text, &length) != CK_OK) {
    return NULL;
  }
  if (strlen(text) != length) {
    free(text);
    ck_error_set(ctx, CK_ERR_INPUT, "equilibrium data holds a NUL byte");
    ck_error_locate(ctx, path, 0);
    return NULL;
  }
  ck_eqdata *d = ck_eqdata_parse(ctx, model, net, text, path);
  free(text);
  return d;
}

void ck_eqdata_free(ck_eqdata *data) {
  if (data == NULL) {
    return;
  }
  free(data->rows);
  free(data->source);
  free(data);
}
