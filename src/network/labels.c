/* SPDX-License-Identifier: MIT */
/* Human-readable names of species and reactions, and lookup by composition. */
#include <stdio.h>
#include <string.h>

#include "network/network_impl.h"

static int fixed_of(const ck_network *net, const char *symbol) {
  for (int i = 0; i < net->n_fixed; i++) {
    if (strcmp(net->fixed_metal[i], symbol) == 0) {
      return net->fixed_count[i];
    }
  }
  return 0;
}

static int is_exchange_metal(const ck_network *net, const char *symbol) {
  for (int x = 0; x < net->n_metals; x++) {
    if (strcmp(net->metal[x], symbol) == 0) {
      return 1;
    }
  }
  return 0;
}

size_t ck_network_put_formula(const ck_network *net, const int *c, int subunits, char *buf,
                              size_t size, size_t at) {
  int n = snprintf(at < size ? buf + at : NULL, at < size ? size - at : 0, "[");
  at += (size_t)n;
  for (int x = 0; x < net->n_metals; x++) {
    int count = c[x] + subunits * fixed_of(net, net->metal[x]);
    n = snprintf(at < size ? buf + at : NULL, at < size ? size - at : 0, "%s%d", net->metal[x],
                 count);
    at += (size_t)n;
  }
  for (int i = 0; i < net->n_fixed; i++) {
    if (!is_exchange_metal(net, net->fixed_metal[i])) {
      n = snprintf(at < size ? buf + at : NULL, at < size ? size - at : 0, "%s%d",
                   net->fixed_metal[i], subunits * net->fixed_count[i]);
      at += (size_t)n;
    }
  }
  n = snprintf(at < size ? buf + at : NULL, at < size ? size - at : 0, "]");
  return at + (size_t)n;
}

static size_t put_composition(const ck_network *net, const int *c, char *buf, size_t size,
                              size_t at) {
  return ck_network_put_formula(net, c, 1, buf, size, at);
}

int ck_network_species_label(const ck_network *net, size_t species, char *buf, size_t size) {
  if (size > 0) {
    buf[0] = '\0';
  }
  if (species >= net->n_species) {
    return 0;
  }
  if (net->composition == NULL) { /* hand-built network: numbered species */
    return snprintf(buf, size, "S%zu", species);
  }
  int m = net->n_metals;
  if (species < net->n_monomers) {
    return (int)put_composition(net, net->composition + species * (size_t)m, buf, size, 0);
  }
  size_t d = species - net->n_monomers;
  size_t at = put_composition(net, net->composition + (size_t)net->dimer_sub[2 * d] * (size_t)m,
                              buf, size, 0);
  return (int)put_composition(net, net->composition + (size_t)net->dimer_sub[2 * d + 1] * (size_t)m,
                              buf, size, at);
}

static const char *kind_name(ck_reaction_kind kind) {
  static const char *names[] = {"dimerization", "dissociation", "exchange"};
  return kind < CK_REACTION_KIND_COUNT ? names[kind] : "?";
}

/* Bimolecular reactions (dimerization, collision exchange) have 1/(nM s). */
static const char *rate_unit(const ck_network *net, size_t r) {
  return net->reactant[2 * r + 1] >= 0 ? "1/(nM s)" : "1/s";
}

/* "a + b" or "a" or "2 a" for two species slots (-1 = empty). */
static size_t put_side(const ck_network *net, const int s[2], char *buf, size_t size, size_t at) {
  char a[128], b[128];
  ck_network_species_label(net, (size_t)s[0], a, sizeof a);
  int n;
  char *dst = at < size ? buf + at : NULL;
  size_t room = at < size ? size - at : 0;
  if (s[1] < 0) {
    n = snprintf(dst, room, "%s", a);
  } else if (s[1] == s[0]) {
    n = snprintf(dst, room, "2 %s", a);
  } else {
    ck_network_species_label(net, (size_t)s[1], b, sizeof b);
    n = snprintf(dst, room, "%s + %s", a, b);
  }
  return at + (size_t)n;
}

int ck_network_reaction_describe(const ck_network *net, size_t r, char *buf, size_t size) {
  if (size > 0) {
    buf[0] = '\0';
  }
  if (r >= net->n_reactions) {
    return 0;
  }
  ck_reaction_kind kind = (ck_reaction_kind)net->kind[r];
  int n = snprintf(buf, size, "%-12s ", kind_name(kind));
  size_t at = put_side(net, net->reactant + 2 * r, buf, size, (size_t)n);
  n = snprintf(at < size ? buf + at : NULL, at < size ? size - at : 0, " -> ");
  at = put_side(net, net->product + 2 * r, buf, size, at + (size_t)n);
  n = snprintf(at < size ? buf + at : NULL, at < size ? size - at : 0, "  k = %.6g %s",
               net->rate[r], rate_unit(net, r));
  return (int)(at + (size_t)n);
}

static int composition_valid(const ck_network *net, const int *c) {
  int sum = 0;
  for (int x = 0; x < net->n_metals; x++) {
    if (c[x] < 0) {
      return 0;
    }
    sum += c[x];
  }
  return sum == net->nuclearity;
}

ck_status ck_network_find_species(const ck_network *net, int n_subunits,
                                  const int subunit[][CK_MAX_METALS], size_t *species) {
  if (net->composition == NULL || n_subunits < 1 || n_subunits > 2 ||
      (n_subunits == 2 && net->n_dimers == 0)) {
    return CK_ERR_ARG;
  }
  size_t idx[2];
  for (int k = 0; k < n_subunits; k++) {
    if (!composition_valid(net, subunit[k])) {
      return CK_ERR_ARG;
    }
    idx[k] = ck_composition_rank(subunit[k], net->nuclearity, net->n_metals);
  }
  if (n_subunits == 1) {
    *species = idx[0];
  } else {
    size_t i = idx[0] < idx[1] ? idx[0] : idx[1], j = idx[0] < idx[1] ? idx[1] : idx[0];
    *species = net->n_monomers + ck_dimer_index(i, j, net->n_monomers);
  }
  return CK_OK;
}
