/* SPDX-License-Identifier: MIT */
/* The grid file (MODEL.md section 8): one row per finished point, appended
 * at once, read back on --resume.
 *
 * Each row is formatted whole and handed to one write(2) on an O_APPEND
 * descriptor, so a process killed at any moment leaves complete rows and at
 * most one torn last line. Objectives are written with 17 significant
 * digits: a resumed fit reads back exactly the values it computed and so
 * ends with the same result as an uninterrupted one.
 *
 * Every row ends in the CRC-32 of its text (issue 8): a crash of the machine
 * rather than of the process can leave a last line of zeros or stale bytes
 * that still ends in a newline. On resume a damaged last line, torn or
 * failing its checksum, is cut off and its point computed again; a damaged
 * row before the last is refused, since cutting there would drop good rows.
 *
 * A resumed file must belong to this fit: its header must match, every row's
 * parameter values must be those of its point, and the key file beside it
 * (GRID.key: a hash of the model file and every data file) must match, so
 * rows of another model, grid or data set are refused, never reused. A lock
 * file (GRID.lock, ck_lock_acquire) keeps two fits off one grid. */
#include "fit/grid_file.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FIELD_MAX 40 /* one formatted number or name, with its comma */

/* A growable line. */
typedef struct line_buf {
  char *s;
  size_t len, cap;
  int failed;
} line_buf;

static void put(line_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(line_buf *b, const char *fmt, ...) {
  va_list ap;
  for (int attempt = 0; attempt < 2 && !b->failed; attempt++) {
    va_start(ap, fmt);
    int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n < 0) {
      b->failed = 1;
    } else if ((size_t)n < b->cap - b->len) {
      b->len += (size_t)n;
      return;
    } else {
      size_t cap = 2 * (b->len + (size_t)n + 1);
      char *s = realloc(b->s, cap);
      if (s == NULL) {
        b->failed = 1;
      } else {
        b->s = s, b->cap = cap;
      }
    }
  }
}

static int line_init(line_buf *b, size_t cap) {
  b->s = malloc(cap), b->len = 0, b->cap = cap, b->failed = b->s == NULL;
  return !b->failed;
}

static void header(const ck_fit *fit, line_buf *b) {
  put(b, "point");
  for (int i = 0; i < fit->spec->n_params; i++) {
    put(b, ",%s", fit->spec->params[i].name);
  }
  put(b, ",objective");
  for (int d = 0; d < fit->n_datasets; d++) {
    put(b, ",dataset_%d", d + 1);
  }
  put(b, ",status,crc32\n");
}

/* The parameter columns of point p, exactly as a row writes them. */
static void parameter_fields(const ck_fit *fit, size_t p, line_buf *b) {
  double x[CK_FIT_MAX_PARAMS];
  fit_grid_point(fit, p, x);
  for (int i = 0; i < fit->spec->n_params; i++) {
    put(b, ",%.10g", x[i]);
  }
}

/* CRC-32 of IEEE 802.3 (zlib's and PNG's), bit by bit: a row is about a
 * hundred bytes, not worth a table. Any reader can check a row with
 * zlib.crc32 of the text before its last comma. */
static uint32_t crc32_ieee(const char *s, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) {
    c ^= (unsigned char)s[i];
    for (int k = 0; k < 8; k++) {
      c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
  }
  return ~c;
}

/* Checks the CRC-32 that ends row (no newline) and cuts it off; 0 when the
 * row has none or a wrong one. */
static int strip_checksum(char *row) {
  char *comma = strrchr(row, ',');
  if (comma == NULL || strlen(comma + 1) != 8 || strspn(comma + 1, "0123456789abcdef") != 8) {
    return 0;
  }
  unsigned long stored = strtoul(comma + 1, NULL, 16);
  if (stored != crc32_ieee(row, (size_t)(comma - row))) {
    return 0;
  }
  *comma = '\0';
  return 1;
}

static uint64_t fnv1a(uint64_t h, const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    h = (h ^ p[i]) * 0x100000001b3ULL;
  }
  return h;
}

static ck_status hash_file(ck_ctx *ctx, const char *path, uint64_t *h) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    CK_FAIL(ctx, CK_ERR_IO, "cannot read %s: %s", path, strerror(errno));
  }
  unsigned char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
    *h = fnv1a(*h, buf, n);
  }
  int bad = ferror(f);
  fclose(f);
  return bad ? ck_error_set(ctx, CK_ERR_IO, "cannot read %s", path) : CK_OK;
}

/* Hash of the model file and every data file: what the grid's numbers depend on. */
static ck_status fit_key(ck_ctx *ctx, const ck_fit *fit, char key[17]) {
  uint64_t h = 0xcbf29ce484222325ULL;
  ck_status st = hash_file(ctx, fit->model->source, &h);
  for (int d = 0; st == CK_OK && d < fit->n_datasets; d++) {
    st = hash_file(ctx, fit->spec->datasets[d].path, &h);
  }
  snprintf(key, 17, "%016llx", (unsigned long long)h);
  return st;
}

static ck_status write_all(ck_ctx *ctx, int fd, const char *path, const char *buf, size_t len) {
  while (len > 0) {
    ssize_t w = write(fd, buf, len);
    if (w < 0 && errno == EINTR) {
      continue;
    }
    if (w <= 0) {
      CK_FAIL(ctx, CK_ERR_IO, "cannot write %s: %s", path, strerror(errno));
    }
    buf += w, len -= (size_t)w;
  }
  return CK_OK;
}

/* Parses one complete row of this fit into the grid tables; 0 when it is not one. */
static int take_row(const ck_fit *fit, fit_grid *grid, char *line, line_buf *expect) {
  char *end;
  errno = 0;
  unsigned long long p = strtoull(line, &end, 10);
  if (end == line || *end != ',' || errno != 0 || p >= grid->n_points || line[0] == '-') {
    return 0;
  }
  expect->len = 0;
  parameter_fields(fit, (size_t)p, expect);
  if (expect->failed || strncmp(end, expect->s, expect->len) != 0) {
    return 0; /* another grid's parameter values */
  }
  char *cursor = end + expect->len;
  int nd = fit->n_datasets;
  double objective = NAN;
  for (int i = 0; i <= nd; i++) {
    if (*cursor != ',') {
      return 0;
    }
    double v = strtod(cursor + 1, &end);
    if (end == cursor + 1) {
      return 0;
    }
    if (i == 0) {
      objective = v;
    } else if (!grid->done[p]) {
      grid->parts[(size_t)p * (size_t)nd + (size_t)(i - 1)] = v;
    }
    cursor = end;
  }
  int ok = strcmp(cursor, ",ok") == 0;
  if (!ok && strcmp(cursor, ",failed") != 0) {
    return 0;
  }
  if (!grid->done[p]) { /* a point written twice keeps its first row */
    grid->done[p] = 1;
    grid->n_done++;
    grid->objective[p] = ok && isfinite(objective) ? objective : NAN;
  }
  return 1;
}

/* 1 when nothing follows in f. */
static int at_end(FILE *f) {
  int c = getc(f);
  if (c == EOF) {
    return 1;
  }
  ungetc(c, f);
  return 0;
}

/* Why line (length len, as read) is damaged, or NULL; a sound row loses its
 * newline and checksum. The header has no checksum: it must equal ours. */
static const char *damage(char *line, ssize_t len, long lineno) {
  if (line[len - 1] != '\n') {
    return "torn line";
  }
  if ((size_t)len != strlen(line)) {
    return "not a line of text";
  }
  line[len - 1] = '\0';
  return lineno == 1 || strip_checksum(line) ? NULL : "row fails its checksum";
}

/* Reads the rows already in the file into the grid tables; cuts a damaged
 * last line (its point is computed again). */
static ck_status read_back(ck_ctx *ctx, fit_grid_file *g, const ck_fit *fit, fit_grid *grid) {
  FILE *f = fopen(g->path, "r");
  if (f == NULL) {
    return errno == ENOENT
               ? CK_OK
               : ck_error_set(ctx, CK_ERR_IO, "cannot read %s: %s", g->path, strerror(errno));
  }
  line_buf head = {0}, expect = {0};
  char *line = NULL;
  size_t cap = 0;
  long good_end = 0, lineno = 0;
  /* Every failure is recorded on ctx (a bare CK_ERR_NOMEM left it empty:
   * found by tests/unit/test_alloc_failure.c). */
  ck_status st = line_init(&head, 256) && line_init(&expect, 256)
                     ? CK_OK
                     : ck_error_set(ctx, CK_ERR_NOMEM, "out of memory reading %s", g->path);
  if (st == CK_OK) {
    header(fit, &head);
    st = head.failed ? ck_error_set(ctx, CK_ERR_NOMEM, "out of memory reading %s", g->path)
                     : CK_OK;
  }
  if (st == CK_OK) {
    head.s[head.len - 1] = '\0'; /* compared without its newline */
  }
  ssize_t len;
  while (st == CK_OK && (len = getline(&line, &cap, f)) > 0) {
    lineno++;
    const char *why = damage(line, len, lineno);
    if (why != NULL && at_end(f)) {
      break; /* what a crash leaves: cut below, its point is redone */
    }
    if (why != NULL) {
      st = ck_error_set(ctx, CK_ERR_INPUT,
                        "%s:%ld: %s before the last line (a damaged file): remove that line to "
                        "compute its point again, or remove the file",
                        g->path, lineno, why);
    } else if (lineno == 1 && strcmp(line, head.s) != 0) {
      st = ck_error_set(ctx, CK_ERR_INPUT,
                        "%s belongs to another fit (its header differs); remove it or "
                        "choose another --grid-out",
                        g->path);
    } else if (lineno > 1 && !take_row(fit, grid, line, &expect)) {
      st = ck_error_set(ctx, CK_ERR_INPUT,
                        "%s:%ld: not a row of this fit's grid (another grid or a damaged file)",
                        g->path, lineno);
    }
    good_end = ftell(f);
  }
  if (st == CK_OK && ferror(f)) {
    st = ck_error_set(ctx, CK_ERR_IO, "cannot read %s", g->path);
  }
  fclose(f);
  free(line), free(head.s), free(expect.s);
  if (st == CK_OK && truncate(g->path, good_end) != 0) {
    st = ck_error_set(ctx, CK_ERR_IO, "cannot trim %s: %s", g->path, strerror(errno));
  }
  g->has_header = good_end > 0;
  return st;
}

/* GRID.key holds the fit's key; a resumed grid must have the same. */
static ck_status check_key(ck_ctx *ctx, fit_grid_file *g, const ck_fit *fit, int resume) {
  char key[17], stored[64] = "", path[CK_PATH_MAX];
  ck_status st = fit_key(ctx, fit, key);
  if (st != CK_OK) {
    return st;
  }
  if ((size_t)snprintf(path, sizeof path, "%s.key", g->path) >= sizeof path) {
    CK_FAIL(ctx, CK_ERR_LIMIT, "grid file name too long: %s", g->path);
  }
  FILE *f = resume ? fopen(path, "r") : NULL;
  if (f != NULL) {
    if (fgets(stored, sizeof stored, f) == NULL) {
      stored[0] = '\0';
    }
    fclose(f);
    stored[strcspn(stored, "\n")] = '\0';
    if (strcmp(stored, key) != 0) {
      CK_FAIL(ctx, CK_ERR_INPUT,
              "%s was made from another model or data (key %s, now %s); remove it and %s, or "
              "choose another --grid-out",
              g->path, stored, key, path);
    }
    return CK_OK;
  }
  struct stat sb;
  if (resume && stat(g->path, &sb) == 0 && sb.st_size > 0) {
    CK_FAIL(ctx, CK_ERR_INPUT, "%s has no key file %s: cannot tell which fit made it", g->path,
            path);
  }
  ck_output *out = ck_output_open(ctx, path);
  if (out == NULL) {
    return ck_ctx_status(ctx);
  }
  fprintf(ck_output_stream(out), "%s\n", key);
  return ck_output_commit(ctx, out);
}

ck_status fit_grid_file_open(ck_ctx *ctx, fit_grid_file *g, const char *path, int resume,
                             const ck_fit *fit, fit_grid *grid) {
  memset(g, 0, sizeof *g);
  g->fd = -1;
  g->path = path;
  /* Locked first: a second fit on this grid hears that it is taken, not
   * that it already holds points. */
  if ((g->lock = ck_lock_acquire(ctx, path)) == NULL) {
    return ck_ctx_status(ctx);
  }
  struct stat sb;
  if (!resume && stat(path, &sb) == 0 && sb.st_size > 0) {
    CK_FAIL(ctx, CK_ERR_INPUT,
            "%s already holds grid points: pass --resume to continue that fit, or remove it", path);
  }
  g->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (g->fd < 0) {
    CK_FAIL(ctx, CK_ERR_IO, "cannot open %s: %s", path, strerror(errno));
  }
  ck_status st = check_key(ctx, g, fit, resume);
  if (st == CK_OK && resume) {
    st = read_back(ctx, g, fit, grid);
  }
  if (st == CK_OK && !g->has_header) {
    line_buf b;
    if (!line_init(&b, 256)) {
      return ck_error_set(ctx, CK_ERR_NOMEM, "out of memory writing %s", path);
    }
    header(fit, &b);
    st = b.failed ? ck_error_set(ctx, CK_ERR_NOMEM, "out of memory writing %s", path) : CK_OK;
    if (st == CK_OK && ftruncate(g->fd, 0) != 0) {
      st = ck_error_set(ctx, CK_ERR_IO, "cannot write %s: %s", path, strerror(errno));
    }
    if (st == CK_OK) {
      st = write_all(ctx, g->fd, path, b.s, b.len);
    }
    free(b.s);
    g->has_header = st == CK_OK;
  }
  return st;
}

ck_status fit_grid_file_append(ck_ctx *ctx, fit_grid_file *g, const ck_fit *fit, size_t point,
                               double objective, const double *parts, int ok) {
  line_buf b;
  if (!line_init(&b, (size_t)(fit->spec->n_params + fit->n_datasets + 3) * FIELD_MAX)) {
    return ck_error_set(ctx, CK_ERR_NOMEM, "out of memory");
  }
  put(&b, "%zu", point);
  parameter_fields(fit, point, &b);
  put(&b, ok ? ",%.17g" : ",nan", objective);
  for (int d = 0; d < fit->n_datasets; d++) {
    put(&b, ok ? ",%.17g" : ",nan", parts[d]);
  }
  put(&b, ",%s", ok ? "ok" : "failed");
  if (!b.failed) {
    put(&b, ",%08" PRIx32 "\n", crc32_ieee(b.s, b.len));
  }
  ck_status st = b.failed ? ck_error_set(ctx, CK_ERR_NOMEM, "out of memory")
                          : write_all(ctx, g->fd, g->path, b.s, b.len);
  free(b.s);
  return st;
}

void fit_grid_file_close(fit_grid_file *g) {
  if (g->fd >= 0) {
    close(g->fd);
  }
  g->fd = -1;
  ck_lock_release(g->lock);
  g->lock = NULL;
}
