/* SPDX-License-Identifier: MIT */
/* Compositions of N atoms over m metals: counting, ranking, enumeration. */
#include <string.h>

#include "network/network_impl.h"

/* C(n + m - 1, m - 1): ways to share n atoms among m metals. */
uint64_t ck_composition_count(int n, int m) {
  if (m <= 0) {
    return n == 0 ? 1 : 0;
  }
  uint64_t c = 1;
  for (int k = 1; k < m; k++) { /* C(n+k, k) from C(n+k-1, k-1), exact at every step */
    c = c * (uint64_t)(n + k) / (uint64_t)k;
  }
  return c;
}

/* Rank in decreasing lexicographic order: count the compositions that agree
 * on the leading metals and hold more of the current one. Those holding v >
 * c[i] of metal i number count(left - v, m - i - 1); their sum over v is one
 * count by the hockey-stick identity, sum_{j=0..J} C(j + k, k) =
 * C(J + k + 1, k + 1), i.e. count(J, m - i) with J = left - c[i] - 1. */
size_t ck_composition_rank(const int *c, int n, int m) {
  size_t rank = 0;
  int left = n;
  for (int i = 0; i + 1 < m; i++) {
    if (left > c[i]) {
      rank += (size_t)ck_composition_count(left - c[i] - 1, m - i);
    }
    left -= c[i];
  }
  return rank;
}

static void enumerate(int left, int m, int pos, int *current, int **out) {
  if (pos == m - 1) {
    current[pos] = left;
    memcpy(*out, current, (size_t)m * sizeof *current);
    *out += m;
    return;
  }
  for (int v = left; v >= 0; v--) {
    current[pos] = v;
    enumerate(left - v, m, pos + 1, current, out);
  }
}

void ck_composition_enumerate(int n, int m, int *out) {
  int current[CK_MAX_METALS];
  enumerate(n, m, 0, current, &out);
}
