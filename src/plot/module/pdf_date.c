/* SPDX-License-Identifier: MIT */
/* Reproducible PDF: the creation date cairo writes is blanked (issue 8, determinism).
 *
 * cairo 1.16 (Debian 12) stamps every PDF's document information with
 * /CreationDate (D:YYYYMMDDhhmmssZ), so two runs on identical input gave
 * different bytes; SOURCE_DATE_EPOCH is honoured only from cairo 1.17.2 and
 * PLplot's pdfcairo driver gives no access to the surface. The entry is
 * overwritten with spaces of the same length: white space is legal between
 * dictionary entries and no byte offset in the cross-reference table moves. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot/module/plot_impl.h"

#define DATE_MAX 64 /* "(D:20261122114837+01'00')" and margin */

/* Blanks every "key (...)" entry in buf (len bytes); returns how many. */
static int blank_entries(char *buf, size_t len, const char *key) {
  size_t klen = strlen(key);
  int n = 0;
  for (size_t i = 0; i + klen <= len; i++) {
    if (buf[i] != key[0] || memcmp(buf + i, key, klen) != 0) {
      continue;
    }
    size_t room = len - i;
    char *close = memchr(buf + i, ')', room < DATE_MAX ? room : DATE_MAX);
    if (close != NULL) {
      memset(buf + i, ' ', (size_t)(close - (buf + i)) + 1);
      n++;
    }
  }
  return n;
}

ck_status ck_plot_pdf_blank_date(ck_ctx *ctx, const char *path) {
  FILE *f = fopen(path, "r+b");
  if (f == NULL) {
    CK_FAIL(ctx, CK_ERR_IO, "cannot reopen %s", path);
  }
  char *buf = NULL;
  long len = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
  int ok = len > 0 && (buf = malloc((size_t)len)) != NULL && fseek(f, 0, SEEK_SET) == 0 &&
           fread(buf, 1, (size_t)len, f) == (size_t)len;
  if (ok && blank_entries(buf, (size_t)len, "/CreationDate (") +
                    blank_entries(buf, (size_t)len, "/ModDate (") >
                0) {
    ok = fseek(f, 0, SEEK_SET) == 0 && fwrite(buf, 1, (size_t)len, f) == (size_t)len;
  }
  ok = fclose(f) == 0 && ok;
  free(buf);
  return ok ? CK_OK : ck_error_set(ctx, CK_ERR_IO, "cannot rewrite %s", path);
}
