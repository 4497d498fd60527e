/* SPDX-License-Identifier: MIT */
/* Output-size guard (issue 8): refuse a file estimated too large before writing a byte,
 * rather than fill the disk after hours of simulation. */
#include <stdio.h>

#include "clusterkin/ck_io.h"
#include "core/core_impl.h"

/* "1.5 GiB", "500 MiB", "12 KiB", "800 B": three significant digits. */
static void human_bytes(double bytes, char *buf, size_t size) {
  static const char *const unit[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  int u = 0;
  while (bytes >= 1024.0 && u < 5) {
    bytes /= 1024.0, u++;
  }
  snprintf(buf, size, "%.3g %s", bytes, unit[u]);
}

ck_status ck_output_check_size(ck_ctx *ctx, const char *what, double rows, double columns,
                               double bytes_per_value, double limit_bytes) {
  double limit = limit_bytes > 0.0 ? limit_bytes : CK_OUTPUT_LIMIT_DEFAULT;
  double need = rows * columns * bytes_per_value;
  if (need <= limit) {
    return CK_OK;
  }
  char need_text[32], limit_text[32];
  human_bytes(need, need_text, sizeof need_text);
  human_bytes(limit, limit_text, sizeof limit_text);
  CK_FAIL(ctx, CK_ERR_LIMIT,
          "%s would be about %s (%.4g rows x %.4g columns x %g bytes), above the output limit "
          "of %s; raise it with limits: {output: ...} or --output-limit, or write fewer rows",
          what, need_text, rows, columns, bytes_per_value, limit_text);
}
