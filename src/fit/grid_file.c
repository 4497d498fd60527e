/* SPDX-License-Identifier: MIT */
/* The grid file (MODEL.md section 8): one row per finished point, appended
 * at once, read back on --resume.
 *
 * Each row is formatted whole and handed to one write(2) on an O_APPEND
 * descriptor, so a process killed at any moment leaves complete rows and at
 * most one torn last line, which resume cuts off. Objectives are written
 * with 17 significant digits: a resumed fit reads back exactly the values it
 * computed and so ends with the same result as an uninterrupted one. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fit/grid_file.h"

#define ROW_MAX 8192

static int header(const ck_fit *fit, char *buf, size_t size) {
  const ck_fit_spec *spec = fit->spec;
  int n = snprintf(buf, size, "point");
  for (int i = 0; i < spec->n_params && (size_t)n < size; i++) {
    n += snprintf(buf + n, size - (size_t)n, ",%s", spec->params[i].name);
  }
  if ((size_t)n < size) {
    n += snprintf(buf + n, size - (size_t)n, ",objective");
  }
  for (int d = 0; d < fit->n_datasets && (size_t)n < size; d++) {
    n += snprintf(buf + n, size - (size_t)n, ",dataset_%d", d + 1);
  }
  if ((size_t)n < size) {
    n += snprintf(buf + n, size - (size_t)n, ",status\n");
  }
  return n;
}

static ck_status write_all(ck_ctx *ctx, fit_grid_file *g, const char *buf, size_t len) {
  while (len > 0) {
    ssize_t w = write(g->fd, buf, len);
    if (w < 0 && errno == EINTR) {
      continue;
    }
    if (w <= 0) {
      CK_FAIL(ctx, CK_ERR_IO, "cannot write %s: %s", g->path, strerror(errno));
    }
    buf += w, len -= (size_t)w;
  }
  return CK_OK;
}

/* Parses one complete row; 0 when it is not a row of this fit. */
static int parse_row(const ck_fit *fit, char *line, size_t *point, double *objective,
                     double *parts, int *ok) {
  char *save = NULL, *tok = strtok_r(line, ",", &save);
  char *end;
  if (tok == NULL) {
    return 0;
  }
  unsigned long long p = strtoull(tok, &end, 10);
  if (*end != '\0' || end == tok) {
    return 0;
  }
  *point = (size_t)p;
  for (int i = 0; i < fit->spec->n_params; i++) {
    if (strtok_r(NULL, ",", &save) == NULL) {
      return 0;
    }
  }
  double values[1 + 64];
  int nv = 1 + fit->n_datasets;
  for (int i = 0; i < nv; i++) {
    tok = strtok_r(NULL, ",", &save);
    if (tok == NULL) {
      return 0;
    }
    values[i] = strtod(tok, &end);
    if (*end != '\0') {
      return 0;
    }
  }
  tok = strtok_r(NULL, ",", &save);
  if (tok == NULL || strtok_r(NULL, ",", &save) != NULL) {
    return 0;
  }
  *ok = strcmp(tok, "ok") == 0;
  if (!*ok && strcmp(tok, "failed") != 0) {
    return 0;
  }
  *objective = values[0];
  for (int d = 0; d < fit->n_datasets; d++) {
    parts[d] = values[1 + d];
  }
  return 1;
}

/* Reads the rows already in the file into the grid tables; cuts a torn last line. */
static ck_status read_back(ck_ctx *ctx, fit_grid_file *g, const ck_fit *fit, fit_grid *grid) {
  FILE *f = fopen(g->path, "r");
  if (f == NULL) {
    return errno == ENOENT ? CK_OK : ck_error_set(ctx, CK_ERR_IO, "cannot read %s: %s", g->path,
                                                  strerror(errno));
  }
  char expect[ROW_MAX], line[ROW_MAX];
  header(fit, expect, sizeof expect);
  long good_end = 0;
  int lineno = 0;
  ck_status st = CK_OK;
  while (fgets(line, sizeof line, f) != NULL) {
    size_t len = strlen(line);
    if (len == 0 || line[len - 1] != '\n') {
      break; /* torn last line of a killed run */
    }
    lineno++;
    if (lineno == 1) {
      if (strcmp(line, expect) != 0) {
        st = ck_error_set(ctx, CK_ERR_INPUT,
                          "%s belongs to another fit (its header differs); remove it or "
                          "choose another --grid-out",
                          g->path);
        break;
      }
      good_end = ftell(f);
      continue;
    }
    line[len - 1] = '\0';
    size_t point;
    double objective, parts[64];
    int ok;
    if (!parse_row(fit, line, &point, &objective, parts, &ok) || point >= grid->n_points) {
      st = ck_error_set(ctx, CK_ERR_INPUT, "%s:%d: not a row of this fit's grid", g->path,
                        lineno);
      break;
    }
    if (!grid->done[point]) {
      grid->done[point] = 1;
      grid->n_done++;
      grid->objective[point] = ok ? objective : NAN;
      memcpy(grid->parts + point * (size_t)fit->n_datasets, parts,
             (size_t)fit->n_datasets * sizeof *parts);
    }
    good_end = ftell(f);
  }
  fclose(f);
  if (st == CK_OK && truncate(g->path, good_end) != 0) {
    st = ck_error_set(ctx, CK_ERR_IO, "cannot trim %s: %s", g->path, strerror(errno));
  }
  g->has_header = good_end > 0;
  return st;
}

ck_status fit_grid_file_open(ck_ctx *ctx, fit_grid_file *g, const char *path, int resume,
                             const ck_fit *fit, fit_grid *grid) {
  memset(g, 0, sizeof *g);
  g->fd = -1;
  g->path = path;
  struct stat sb;
  if (!resume && stat(path, &sb) == 0 && sb.st_size > 0) {
    CK_FAIL(ctx, CK_ERR_INPUT,
            "%s already holds grid points: pass --resume to continue that fit, or remove it",
            path);
  }
  if (resume) {
    ck_status st = read_back(ctx, g, fit, grid);
    if (st != CK_OK) {
      return st;
    }
  }
  g->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (g->fd < 0) {
    CK_FAIL(ctx, CK_ERR_IO, "cannot open %s: %s", path, strerror(errno));
  }
  if (!g->has_header) {
    char buf[ROW_MAX];
    int n = header(fit, buf, sizeof buf);
    if (ftruncate(g->fd, 0) != 0 || write_all(ctx, g, buf, (size_t)n) != CK_OK) {
      return ck_error_set(ctx, CK_ERR_IO, "cannot write %s: %s", path, strerror(errno));
    }
    g->has_header = 1;
  }
  return CK_OK;
}

ck_status fit_grid_file_append(ck_ctx *ctx, fit_grid_file *g, const ck_fit *fit, size_t point,
                               const double *x, double objective, const double *parts, int ok) {
  char buf[ROW_MAX];
  int n = snprintf(buf, sizeof buf, "%zu", point);
  for (int i = 0; i < fit->spec->n_params; i++) {
    n += snprintf(buf + n, sizeof buf - (size_t)n, ",%.10g", x[i]);
  }
  n += snprintf(buf + n, sizeof buf - (size_t)n, ok ? ",%.17g" : ",nan", objective);
  for (int d = 0; d < fit->n_datasets; d++) {
    n += snprintf(buf + n, sizeof buf - (size_t)n, ok ? ",%.17g" : ",nan", parts[d]);
  }
  n += snprintf(buf + n, sizeof buf - (size_t)n, ",%s\n", ok ? "ok" : "failed");
  if ((size_t)n >= sizeof buf) {
    CK_FAIL(ctx, CK_ERR_LIMIT, "grid row of point %zu too long", point);
  }
  return write_all(ctx, g, buf, (size_t)n);
}

void fit_grid_file_close(fit_grid_file *g) {
  if (g->fd >= 0) {
    close(g->fd);
  }
  g->fd = -1;
}
