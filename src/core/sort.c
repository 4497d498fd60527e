/* SPDX-License-Identifier: MIT */
/* Sorting and searching: 64-bit keys (how sparsity patterns are built from
 * (column, row) pairs) and ascending arrays of doubles (m/z grids). */
#include <stdlib.h>

#include "core/core_impl.h"

int ck_compare_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

/* LSD radix sort, one byte a pass: linear in n where qsort with a
 * comparator call per comparison dominated building the Jacobian pattern
 * (issue 2, benchmark). Passes stop at the largest key's top byte, and a
 * byte every key shares is skipped, so a pattern's j * n + i keys of a few
 * hundred species take two or three passes. */
size_t ck_sort_unique_u64(uint64_t *keys, uint64_t *scratch, size_t n) {
  uint64_t all = 0;
  for (size_t k = 0; k < n; k++) {
    all |= keys[k];
  }
  uint64_t *src = keys, *dst = scratch;
  for (unsigned shift = 0; shift < 64 && (all >> shift) != 0; shift += 8) {
    size_t start[256] = {0};
    for (size_t k = 0; k < n; k++) {
      start[(src[k] >> shift) & 0xff]++;
    }
    size_t sum = 0, widest = 0;
    for (int d = 0; d < 256; d++) {
      size_t c = start[d];
      widest = c > widest ? c : widest;
      start[d] = sum;
      sum += c;
    }
    if (widest == n) { /* every key has this byte: already in order by it */
      continue;
    }
    for (size_t k = 0; k < n; k++) {
      dst[start[(src[k] >> shift) & 0xff]++] = src[k];
    }
    uint64_t *t = src;
    src = dst, dst = t;
  }
  size_t u = 0;
  for (size_t k = 0; k < n; k++) {
    if (u == 0 || src[k] != keys[u - 1]) {
      keys[u++] = src[k];
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
