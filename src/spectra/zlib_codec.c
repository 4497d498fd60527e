/* SPDX-License-Identifier: MIT */
/* zlib streams of mzML's compressed arrays: inflate to a known size, deflate. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "spectra/mzml_impl.h"

/* zlib counts in uInt; feed larger buffers in slices of this size. */
#define SLICE ((size_t)UINT_MAX)

static uInt slice(size_t n) {
  return (uInt)(n < SLICE ? n : SLICE);
}

/* After out is full: the stream must end with no further output (only the
 * adler32 trailer may be left to read). */
static ck_inflate_result finish_full(z_stream *zs, const uint8_t *in, size_t n) {
  uint8_t extra;
  for (;;) {
    zs->next_out = &extra;
    zs->avail_out = 1;
    if (zs->avail_in == 0) {
      zs->avail_in = slice(n - (size_t)(zs->next_in - in));
    }
    int rc = inflate(zs, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      return zs->avail_out == 0 ? CK_INFLATE_LONGER : CK_INFLATE_OK;
    }
    if (zs->avail_out == 0) {
      return CK_INFLATE_LONGER;
    }
    if (rc != Z_OK) {
      return CK_INFLATE_CORRUPT;
    }
  }
}

ck_inflate_result ck_zlib_inflate_exact(const uint8_t *in, size_t n, uint8_t *out, size_t expect,
                                        size_t *got, const char **detail) {
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  *got = 0;
  *detail = "";
  if (inflateInit(&zs) != Z_OK) {
    return CK_INFLATE_NOMEM;
  }
  zs.next_in = (Bytef *)(uintptr_t)in; /* zlib's API is not const-qualified */
  size_t out_done = 0;
  ck_inflate_result res;
  for (;;) {
    if (zs.avail_in == 0) {
      zs.avail_in = slice(n - (size_t)(zs.next_in - in));
    }
    if (out_done == expect) {
      res = finish_full(&zs, in, n);
      break;
    }
    zs.next_out = out + out_done;
    zs.avail_out = slice(expect - out_done);
    uInt room = zs.avail_out;
    int rc = inflate(&zs, Z_NO_FLUSH);
    out_done += room - zs.avail_out;
    if (rc == Z_OK) {
      continue; /* progress was made */
    }
    if (rc == Z_STREAM_END) {
      res = out_done == expect ? CK_INFLATE_OK : CK_INFLATE_SHORTER;
    } else if (rc == Z_MEM_ERROR) {
      res = CK_INFLATE_NOMEM;
    } else {
      /* Z_BUF_ERROR here: all input used, output room left, stream not ended */
      *detail = rc == Z_BUF_ERROR ? "stream cut short" : (zs.msg != NULL ? zs.msg : "");
      res = CK_INFLATE_CORRUPT;
    }
    break;
  }
  if (res == CK_INFLATE_CORRUPT && **detail == '\0') {
    *detail = zs.msg != NULL ? zs.msg : "stream cut short";
  }
  *got = out_done;
  inflateEnd(&zs);
  return res;
}

ck_status ck_zlib_deflate(ck_ctx *ctx, const uint8_t *in, size_t n, uint8_t **out, size_t *out_cap,
                          size_t *out_len) {
  uLong bound = compressBound((uLong)n);
  if ((size_t)bound < n) {
    CK_FAIL(ctx, CK_ERR_LIMIT, "array of %zu bytes too large for zlib", n);
  }
  if (*out_cap < bound) {
    uint8_t *p = realloc(*out, bound);
    if (p == NULL) {
      CK_FAIL(ctx, CK_ERR_NOMEM, "out of memory compressing %zu bytes", n);
    }
    *out = p;
    *out_cap = bound;
  }
  uLongf len = bound;
  /* Level 1: on 100 scans x 50k points 5-7x faster than the default level 6
   * for files 2-30 % larger (bench_mzml). The same zlib gives the same bytes. */
  int rc = compress2(*out, &len, in, (uLong)n, Z_BEST_SPEED);
  if (rc != Z_OK) {
    CK_FAIL(ctx, rc == Z_MEM_ERROR ? CK_ERR_NOMEM : CK_ERR_LIMIT, "zlib compression failed (%d)",
            rc);
  }
  *out_len = len;
  return CK_OK;
}
