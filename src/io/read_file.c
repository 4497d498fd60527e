/* SPDX-License-Identifier: MIT */
/* Whole input files into memory, in chunks so pipes work too. */
#include "io/read_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_CHUNK 16384

/* Makes room for at least 4096 more bytes and the final NUL. */
static ck_status grow(ck_ctx *ctx, const char *what, char **buf, size_t used, size_t *size) {
  if (*size - used >= 4096) {
    return CK_OK;
  }
  size_t grown = *size == 0 ? FIRST_CHUNK : 2 * *size;
  char *bigger = realloc(*buf, grown);
  if (bigger == NULL) {
    CK_FAIL(ctx, CK_ERR_NOMEM, "out of memory reading the %s", what);
  }
  *buf = bigger;
  *size = grown;
  return CK_OK;
}

static ck_status read_whole(ck_ctx *ctx, const char *path, const char *what,
                            ck_status open_status, size_t max_bytes, char **text,
                            size_t *length) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    CK_FAIL(ctx, open_status, "cannot open %s: %s", what, strerror(errno));
  }
  char *buf = NULL;
  size_t used = 0, size = 0;
  ck_status st = CK_OK;
  for (;;) {
    st = grow(ctx, what, &buf, used, &size);
    if (st != CK_OK) {
      goto cleanup;
    }
    size_t got = fread(buf + used, 1, size - used - 1, f);
    used += got;
    if (max_bytes > 0 && used > max_bytes) {
      st =
          ck_error_set(ctx, CK_ERR_LIMIT, "%s larger than the limit of %zu bytes", what, max_bytes);
      goto cleanup;
    }
    if (got == 0) {
      break;
    }
  }
  if (ferror(f)) {
    st = ck_error_set(ctx, CK_ERR_IO, "cannot read %s: %s", what, strerror(errno));
    goto cleanup;
  }
  buf[used] = '\0';
  *text = buf;
  *length = used;
  buf = NULL;
cleanup:
  free(buf);
  fclose(f);
  return st;
}

ck_status ck_read_file(ck_ctx *ctx, const char *path, const char *what, ck_status open_status,
                       size_t max_bytes, char **text, size_t *length) {
  ck_status st = read_whole(ctx, path, what, open_status, max_bytes, text, length);
  if (st != CK_OK) {
    ck_error_locate(ctx, path, 0);
  }
  return st;
}
