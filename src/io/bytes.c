/* SPDX-License-Identifier: MIT */
/* Memory sizes: "8 GiB", "512MiB", "2e9", "4 GB" (limits.memory, --memory-limit). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkin/ck_units.h"
#include "core/core_impl.h"

ck_status ck_units_parse_bytes(ck_ctx *ctx, const char *text, double *bytes) {
  static const struct {
    const char *name;
    double factor;
  } units[] = {{"", 1.0},      {"B", 1.0},      {"KiB", 0x1p10}, {"MiB", 0x1p20}, {"GiB", 0x1p30},
               {"TiB", 0x1p40}, {"kB", 1e3},     {"KB", 1e3},     {"MB", 1e6},     {"GB", 1e9},
               {"TB", 1e12}};
  if (text == NULL || bytes == NULL) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_units_parse_bytes: NULL argument");
  }
  char *end;
  double v = strtod(text, &end);
  while (*end == ' ') {
    end++;
  }
  if (end != text && isfinite(v) && v > 0.0) {
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
      if (strcmp(end, units[i].name) == 0) {
        *bytes = v * units[i].factor;
        return CK_OK;
      }
    }
  }
  CK_FAIL(ctx, CK_ERR_INPUT,
          "\"%.64s\" is not a memory size (a number > 0 with B, KiB, MiB, GiB, TiB, kB, MB, GB "
          "or TB)",
          text);
}
