/* SPDX-License-Identifier: MIT */
/* Sorting and searching: 64-bit keys (how sparsity patterns are built from
 * (column, row) pairs) and ascending arrays of doubles (m/z grids). */
#include <stdlib.h>

#include "core/core_impl.h"

int ck_compare_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

size_t ck_sort_unique_u64(uint64_t *keys, size_t n) {
  qsort(keys, n, sizeof *keys, ck_compare_u64);
  size_t u = 0;
  for (size_t k = 0; k < n; k++) {
    if (u == 0 || keys[k] != keys[u - 1]) {
      keys[u++] = keys[k];
    }
  }
  return u;
}

size_t ck_lower_bound(const double *v, size_t n, double x) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (v[mid] < x) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}
