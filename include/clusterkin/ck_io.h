/* SPDX-License-Identifier: MIT */
/* Output files written all-or-nothing, and the channel/t_max CSV formats (MODEL.md section 8).
 *
 * ck_output_open creates a temporary file beside path; ck_output_commit
 * flushes it and renames it over path, so a reader never sees half a file and
 * a failed run leaves none behind; ck_output_abort removes it. Both release
 * the ck_output. */
#ifndef CK_IO_H
#define CK_IO_H

#include <stdio.h>

#include "ck_error.h"
#include "ck_export.h"
#include "ck_observe.h"
#include "ck_simulate.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ck_output ck_output;

CK_API ck_output *ck_output_open(ck_ctx *ctx, const char *path);
CK_API FILE *ck_output_stream(ck_output *out);
CK_API ck_status ck_output_commit(ck_ctx *ctx, ck_output *out);
/* Marks an output that its inputs can reproduce (a simulation's series):
 * commit then skips fsync. The rename still makes it all-or-nothing for any
 * failure of the process; only an operating-system crash right after the
 * run could leave an empty file. fsync costs ~1.3 ms per file here, more
 * than the whole simulation's overhead budget. */
CK_API void ck_output_set_reproducible(ck_output *out);
CK_API void ck_output_abort(ck_output *out);

/* Channel CSV: header `time_s,<labels>`, one row per output time. */
CK_API ck_status ck_series_write_csv(ck_ctx *ctx, const ck_series *series, const ck_channels *ch,
                                     FILE *stream);
/* t_max CSV: header `channel,t_max_s,at_edge`; undefined channels have an empty t_max_s. */
CK_API ck_status ck_tmax_write_csv(ck_ctx *ctx, const ck_series *series, const ck_channels *ch,
                                   FILE *stream);

/* Output-size guard (issue 8): bytes one written number takes at most,
 * with its separator: "%.10g" in the channel CSV, "%.6f" / "%.8g" pairs in
 * a spectrum (m/z below 100000). */
#define CK_CSV_BYTES_PER_VALUE 17.0
#define CK_SPECTRUM_BYTES_PER_VALUE 15.0

/* Refuses (CK_ERR_LIMIT) an output estimated at rows x columns x
 * bytes_per_value bytes above limit_bytes (0: CK_OUTPUT_LIMIT_DEFAULT),
 * before anything is written; the message names what ("the channel series
 * CSV"), the estimate, the limit and how to raise it. */
CK_API ck_status ck_output_check_size(ck_ctx *ctx, const char *what, double rows, double columns,
                                      double bytes_per_value, double limit_bytes);

/* Writes s (UTF-8; NULL as "") as a JSON string literal: quotes, backslashes
 * and control characters escaped. Model names and file paths are user text. */
CK_API void ck_json_write_string(FILE *f, const char *s);

/* One writer per output: an exclusive lock on the file PATH.lock (which holds
 * the holder's pid) for as long as a run writes path. A second run is refused
 * with CK_ERR_IO ("PATH is being written by another clusterkin process (pid
 * N); ..."). The operating system drops the lock when its holder dies, so the
 * lock file of a killed run is taken over; ck_lock_release removes it.
 * Advisory: only processes that ask for the lock are kept out. */
typedef struct ck_lock ck_lock;

CK_API ck_lock *ck_lock_acquire(ck_ctx *ctx, const char *path);
CK_API void ck_lock_release(ck_lock *lock); /* NULL allowed */

#ifdef __cplusplus
}
#endif
#endif /* CK_IO_H */
