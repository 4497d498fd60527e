/* SPDX-License-Identifier: MIT */
/* Status codes and the error context that carries the detail of a failure.
 *
 * Every fallible function returns a ck_status (0 = success, negative = error)
 * or, for constructors, NULL; the detail (message, and for bad input the file
 * and line) is left on the ck_ctx passed in. Strings returned by ck_ctx_*
 * getters are borrowed and stay valid until the next call on that context.
 * A context is not shared between threads: give each thread its own. */
#ifndef CK_ERROR_H
#define CK_ERROR_H

#include "ck_export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* X(name, value, text): one list, so codes and texts cannot drift apart. */
#define CK_STATUS_LIST(X)                                        \
  X(CK_OK, 0, "success")                                         \
  X(CK_ERR_NOMEM, -1, "out of memory")                           \
  X(CK_ERR_INPUT, -2, "bad input")                               \
  X(CK_ERR_IO, -3, "input/output error")                         \
  X(CK_ERR_SOLVER, -4, "ODE solver failure")                     \
  X(CK_ERR_CONSERVATION, -5, "conservation of metal atoms violated") \
  X(CK_ERR_ARG, -6, "invalid argument")                          \
  X(CK_ERR_LIMIT, -7, "resource limit exceeded")                 \
  X(CK_ERR_UNSUPPORTED, -8, "not supported yet")

typedef enum ck_status {
#define CK_STATUS_ENUM(name, value, text) name = value,
  CK_STATUS_LIST(CK_STATUS_ENUM)
#undef CK_STATUS_ENUM
} ck_status;

/* Text for a status code ("unknown status" for values outside the list). */
CK_API const char *ck_strerror(ck_status status);

typedef struct ck_ctx ck_ctx;

CK_API ck_ctx *ck_ctx_create(void);
CK_API void ck_ctx_free(ck_ctx *ctx);

/* Forget the last error. */
CK_API void ck_ctx_clear(ck_ctx *ctx);
/* Status of the last error recorded (CK_OK if none). */
CK_API ck_status ck_ctx_status(const ck_ctx *ctx);
/* Message of the last error, without location ("" if none). */
CK_API const char *ck_ctx_errmsg(const ck_ctx *ctx);
/* Input file the error refers to, or NULL. */
CK_API const char *ck_ctx_errfile(const ck_ctx *ctx);
/* 1-based line in that file, or 0 when unknown. */
CK_API int ck_ctx_errline(const ck_ctx *ctx);
/* "file:line: message", "file: message" or "message", as available. */
CK_API const char *ck_ctx_errtext(ck_ctx *ctx);

#ifdef __cplusplus
}
#endif
#endif /* CK_ERROR_H */
