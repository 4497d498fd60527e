/* SPDX-License-Identifier: MIT */
/* Error context: status codes, messages and input locations. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_impl.h"

const char *ck_strerror(ck_status status) {
  switch (status) {
#define CK_STATUS_TEXT(name, value, text) \
  case name:                              \
    return text;
    CK_STATUS_LIST(CK_STATUS_TEXT)
#undef CK_STATUS_TEXT
  }
  return "unknown status";
}

ck_ctx *ck_ctx_create(void) {
  return calloc(1, sizeof(ck_ctx));
}

void ck_ctx_free(ck_ctx *ctx) {
  free(ctx);
}

void ck_ctx_clear(ck_ctx *ctx) {
  if (ctx == NULL) {
    return;
  }
  ctx->status = CK_OK;
  ctx->msg[0] = '\0';
  ctx->file[0] = '\0';
  ctx->line = 0;
}

ck_status ck_ctx_status(const ck_ctx *ctx) {
  return ctx != NULL ? ctx->status : CK_OK;
}

const char *ck_ctx_errmsg(const ck_ctx *ctx) {
  return ctx != NULL ? ctx->msg : "";
}

const char *ck_ctx_errfile(const ck_ctx *ctx) {
  return (ctx != NULL && ctx->file[0] != '\0') ? ctx->file : NULL;
}

int ck_ctx_errline(const ck_ctx *ctx) {
  return ctx != NULL ? ctx->line : 0;
}

const char *ck_ctx_errtext(ck_ctx *ctx) {
  if (ctx == NULL) {
    return "";
  }
  if (ctx->file[0] != '\0' && ctx->line > 0) {
    snprintf(ctx->text, sizeof ctx->text, "%s:%d: %s", ctx->file, ctx->line, ctx->msg);
  } else if (ctx->file[0] != '\0') {
    snprintf(ctx->text, sizeof ctx->text, "%s: %s", ctx->file, ctx->msg);
  } else {
    snprintf(ctx->text, sizeof ctx->text, "%s", ctx->msg);
  }
  return ctx->text;
}

ck_status ck_error_set(ck_ctx *ctx, ck_status status, const char *fmt, ...) {
  if (ctx == NULL) {
    return status;
  }
  ctx->status = status;
  ctx->file[0] = '\0';
  ctx->line = 0;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(ctx->msg, sizeof ctx->msg, fmt, ap);
  va_end(ap);
  return status;
}

void ck_error_locate(ck_ctx *ctx, const char *file, int line) {
  if (ctx == NULL || ctx->file[0] != '\0') {
    return;
  }
  if (file != NULL) {
    snprintf(ctx->file, sizeof ctx->file, "%s", file);
  }
  ctx->line = line;
}

#ifdef CK_ALLOC_INJECTION
_Thread_local const void *ck_alloc_site;
/* The outermost checked allocator names the site (ck_strdup calls ck_calloc). */
#define CK_NOTE_ALLOC_SITE()                        \
  do {                                              \
    if (ck_alloc_site == NULL) {                    \
      ck_alloc_site = __builtin_return_address(0); \
    }                                               \
  } while (0)
#else
#define CK_NOTE_ALLOC_SITE() ((void)0)
#endif

void *ck_calloc(ck_ctx *ctx, size_t count, size_t size) {
  CK_NOTE_ALLOC_SITE();
  void *p = calloc(count > 0 ? count : 1, size > 0 ? size : 1);
  if (p == NULL) {
    ck_error_set(ctx, CK_ERR_NOMEM, "out of memory allocating %zu x %zu bytes", count, size);
  }
  return p;
}

void *ck_malloc(ck_ctx *ctx, size_t bytes) {
  CK_NOTE_ALLOC_SITE();
  void *p = malloc(bytes > 0 ? bytes : 1);
  if (p == NULL) {
    ck_error_set(ctx, CK_ERR_NOMEM, "out of memory allocating %zu bytes", bytes);
  }
  return p;
}

char *ck_strdup(ck_ctx *ctx, const char *s) {
  CK_NOTE_ALLOC_SITE();
  size_t n = strlen(s) + 1;
  char *p = ck_calloc(ctx, n, 1);
  if (p != NULL) {
    memcpy(p, s, n);
  }
  return p;
}
