/* SPDX-License-Identifier: MIT */
/* All-or-nothing output files: write a temporary file beside the target, then rename. */
#define _GNU_SOURCE 1 /* renameat2 (RENAME_EXCHANGE); before any header */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clusterkin/ck_io.h"
#include "core/core_impl.h"

struct ck_output {
  FILE *stream;
  char *path;
  char *tmp;
  int volatile_ok; /* skip fsync: the content can be made again from its inputs */
  char *buffer;    /* the stream's: stdio's 4 KiB made a channel CSV ~90 write calls */
  int replaces;    /* path was a regular file when opened */
};

enum { OUTPUT_BUFFER_BYTES = 128 << 10 };

ck_output *ck_output_open(ck_ctx *ctx, const char *path) {
  ck_output *out = ck_calloc(ctx, 1, sizeof *out);
  if (out == NULL) {
    return NULL;
  }
  size_t n = strlen(path);
  out->path = ck_strdup(ctx, path);
  out->tmp = ck_calloc(ctx, n + 16, 1);
  out->buffer = ck_malloc(ctx, OUTPUT_BUFFER_BYTES); /* stdio writes before it reads */
  if (out->path == NULL || out->tmp == NULL || out->buffer == NULL) {
    ck_output_abort(out);
    return NULL;
  }
  snprintf(out->tmp, n + 16, "%s.tmp.XXXXXX", path);
  int fd = mkstemp(out->tmp);
  if (fd < 0 || (out->stream = fdopen(fd, "w")) == NULL) {
    ck_error_set(ctx, CK_ERR_IO, "cannot create %s: %s", path, strerror(errno));
    if (fd >= 0) {
      close(fd);
      unlink(out->tmp);
    }
    out->tmp[0] = '\0';
    ck_output_abort(out);
    return NULL;
  }
  setvbuf(out->stream, out->buffer, _IOFBF, OUTPUT_BUFFER_BYTES);
  /* mkstemp makes a private 0600 file; results are ordinary files: keep the
   * permissions of the file being replaced, else rw-r--r--. */
  struct stat st;
  out->replaces = stat(path, &st) == 0 && S_ISREG(st.st_mode);
  fchmod(fd, out->replaces ? (st.st_mode & 07777) : 0644);
  return out;
}

FILE *ck_output_stream(ck_output *out) {
  return out->stream;
}

static void release(ck_output *out) { /* after the stream is closed */
  free(out->buffer);
  free(out->path);
  free(out->tmp);
  free(out);
}

void ck_output_set_reproducible(ck_output *out) {
  out->volatile_ok = 1;
}

/* Puts tmp in path's place. Replacing a file by rename makes ext4 (its
 * auto_da_alloc guard) start writing the new file out at once, and the next
 * replacement then waits for that write: 0.6 ms of a 370 kB channel CSV here,
 * a third of what `simulate` adds to its simulation (issue 2). Exchanging the
 * two names is as atomic for readers; the new file is written back like any
 * new file (durable outputs were fsynced above), and the old one, now under
 * the temporary name, is removed. A file system without exchange, or a
 * target that vanished since ck_output_open, gets a plain rename. */
static int move_into_place(const ck_output *out) {
#ifdef RENAME_EXCHANGE
  if (out->replaces) {
    if (renameat2(AT_FDCWD, out->tmp, AT_FDCWD, out->path, RENAME_EXCHANGE) == 0) {
      unlink(out->tmp); /* the old content, now under the temporary name */
      return 0;
    }
    if (errno != ENOENT && errno != EINVAL && errno != ENOSYS) {
      return -1;
    }
  }
#endif
  return rename(out->tmp, out->path);
}

ck_status ck_output_commit(ck_ctx *ctx, ck_output *out) {
  int failed = ferror(out->stream) != 0;
  failed |= fflush(out->stream) != 0;
  if (!out->volatile_ok) {
    failed |= fsync(fileno(out->stream)) != 0 && errno != EINVAL; /* EINVAL: not syncable */
  }
  failed |= fclose(out->stream) != 0;
  out->stream = NULL;
  if (failed || move_into_place(out) != 0) {
    int e = errno;
    unlink(out->tmp);
    ck_error_set(ctx, CK_ERR_IO, "cannot write %s: %s", out->path, strerror(e));
    release(out);
    return CK_ERR_IO;
  }
  release(out);
  return CK_OK;
}

void ck_output_abort(ck_output *out) {
  if (out == NULL) {
    return;
  }
  if (out->stream != NULL) {
    fclose(out->stream);
  }
  if (out->tmp != NULL && out->tmp[0] != '\0') {
    unlink(out->tmp);
  }
  release(out);
}
