/* SPDX-License-Identifier: MIT */
/* The labeled atom swaps of one exchange event (MODEL.md sections 2 and 3),
 * shared by the one-family generator (generate.c) and the several-family one
 * (families.c). */
#include <string.h>

#include "network/network_impl.h"

/* Adds prob to the product (p, q), appending it when it is new: swaps that
 * reach the same pair are summed. */
static void add_swap(ck_swap *list, int *n, size_t p, size_t q, double prob) {
  for (int k = 0; k < *n; k++) {
    if (list[k].p == p && list[k].q == q) {
      list[k].probability += prob;
      return;
    }
  }
  list[*n] = (ck_swap){p, q, prob};
  (*n)++;
}

int ck_exchange_swaps(const ck_network *net, const ck_swap_partner *first,
                      const ck_swap_partner *second, int unordered, ck_swap *out) {
  int m = net->n_metals, n = 0;
  const int *a = net->composition + first->monomer * (size_t)m;
  const int *b = net->composition + second->monomer * (size_t)m;
  for (int x = 0; x < m; x++) {
    for (int y = 0; y < m; y++) {
      if (x == y || a[x] == 0 || b[y] == 0) {
        continue;
      }
      int a2[CK_MAX_METALS], b2[CK_MAX_METALS];
      memcpy(a2, a, (size_t)m * sizeof *a2);
      memcpy(b2, b, (size_t)m * sizeof *b2);
      a2[x]--, a2[y]++, b2[x]++, b2[y]--;
      size_t p = first->family_start + ck_composition_rank(a2, first->atoms, m);
      size_t q = second->family_start + ck_composition_rank(b2, second->atoms, m);
      if (unordered && p > q) {
        size_t t = p;
        p = q, q = t;
      }
      if (p == first->monomer && q == second->monomer) {
        continue; /* the pair mapped onto itself: no reaction */
      }
      double prob = ((double)a[x] / first->atoms) * ((double)b[y] / second->atoms);
      add_swap(out, &n, p, q, prob);
    }
  }
  return n;
}
