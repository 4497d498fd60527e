/* SPDX-License-Identifier: MIT */
/* Whole input files into memory (model files, channel data). */
#ifndef CK_READ_FILE_H
#define CK_READ_FILE_H

#include <stddef.h>

#include "core/core_impl.h"

/* Reads path into a new NUL-terminated buffer (*text, *length without the
 * NUL; the caller frees *text). what names the file in messages ("model
 * file"). A file that cannot be opened gives open_status (the caller decides
 * whether that is bad input or an I/O failure); one longer than max_bytes
 * (0 = no limit) gives CK_ERR_LIMIT. Every error names path (ck_error_locate).
 * Works on pipes too (read in chunks). */
CK_INTERNAL ck_status ck_read_file(ck_ctx *ctx, const char *path, const char *what,
                                   ck_status open_status, size_t max_bytes, char **text,
                                   size_t *length);

#endif /* CK_READ_FILE_H */
