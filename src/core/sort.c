/* SPDX-License-Identifier: MIT */
/* Sorting and searching: 64-bit keys (how sparsity patterns are built from
 * (column, row) pairs) and ascending arrays of doubles (m/z grids). */
#include <stdlib.h>
#include <string.h>

#include "core/core_impl.h"

/* LSD radix sort: linear in n where qsort with a comparator call per
 * comparison dominated building the Jacobian pattern (issue 2, benchmark).
 * The digits split the largest key's bits evenly into passes of at most
 * 11 bits, so the j * n + i keys of a few hundred species (18 bits) take
 * two passes of 9; a digit every key shares is skipped. */
size_t ck_sort_unique_u64(uint64_t *keys, uint64_t *scratch, size_t n) {
  enum { MAX_DIGIT_BITS = 11 };
  uint64_t all = 0;
  for (size_t k = 0; k < n; k++) {
    all |= keys[k];
  }
  unsigned bits = all != 0 ? 64u - (unsigned)__builtin_clzll(all) : 0u;
  unsigned passes = (bits + MAX_DIGIT_BITS - 1) / MAX_DIGIT_BITS;
  unsigned width = passes > 0 ? (bits + passes - 1) / passes : 0;
  uint64_t mask = ((uint64_t)1 << width) - 1;
  size_t start[1 << MAX_DIGIT_BITS];
  uint64_t *src = keys, *dst = scratch;
  for (unsigned shift = 0; shift < bits; shift += width) {
    memset(start, 0, (size_t)(mask + 1) * sizeof *start);
    for (size_t k = 0; k < n; k++) {
      start[(src[k] >> shift) & mask]++;
    }
    size_t sum = 0, widest = 0;
    for (size_t d = 0; d <= mask; d++) {
      size_t c = start[d];
      widest = c > widest ? c : widest;
      start[d] = sum;
      sum += c;
    }
    if (widest == n) { /* every key has this digit: already in order by it */
      continue;
    }
    for (size_t k = 0; k < n; k++) {
      dst[start[(src[k] >> shift) & mask]++] = src[k];
    }
    uint64_t *t = src;
    src = dst, dst = t;
  }
  size_t u = n > 0;
  if (n > 0) {
    keys[0] = src[0];
  }
  for (size_t k = 1; k < n; k++) {
    if (src[k] != keys[u - 1]) {
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
