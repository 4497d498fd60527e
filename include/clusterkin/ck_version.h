/* SPDX-License-Identifier: MIT */
/* The library's version, for result files' `generator` and for bindings. */
#ifndef CK_VERSION_H
#define CK_VERSION_H

#include "ck_export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* "0.1.0": the version libclusterkin was built as (static string). */
CK_API const char *ck_version(void);

#ifdef __cplusplus
}
#endif
#endif /* CK_VERSION_H */
