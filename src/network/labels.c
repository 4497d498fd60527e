/* SPDX-License-Identifier: MIT */
/* Human-readable names of species and reactions, and lookup by composition. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "network/network_impl.h"

static int fixed_of(const ck_family *f, const char *symbol) {
  for (int i = 0; i < f->n_fixed; i++) {
    if (strcmp(f->fixed_metal[i], symbol) == 0) {
      return f->fixed_count[i];
    }
  }
  return 0;
}

int ck_network_monomer_family(const ck_network *net, size_t i) {
  int f = 0;
  while (f + 1 < net->n_families && i >= net->fam_start[f + 1]) {
    f++;
  }
  return f;
}

/* Appends text as snprintf(buf + at, size - at, "%s", text) would (nothing
 * when at >= size); returns at + its length. Labels are built once per
 * channel and species, and snprintf's format parsing was most of their cost. */
static size_t put_text(char *buf, size_t size, size_t at, const char *text) {
  size_t len = strlen(text);
  if (at < size) {
    size_t room = size - at - 1, k = len < room ? len : room;
    memcpy(buf + at, text, k);
    buf[at + k] = '\0';
  }
  return at + len;
}

/* "%s%s%d" of sep, symbol and count, appended as by put_text. */
static size_t put(char *buf, size_t size, size_t at, const char *sep, const char *symbol,
                  int count) {
  char digits[16];
  size_t k = sizeof digits - 1;
  unsigned u = count < 0 ? 0u - (unsigned)count : (unsigned)count;
  digits[k] = '\0';
  do {
    digits[--k] = (char)('0' + u % 10u);
    u /= 10u;
  } while (u != 0);
  if (count < 0) {
    digits[--k] = '-';
  }
  at = put_text(buf, size, at, sep);
  at = put_text(buf, size, at, symbol);
  return put_text(buf, size, at, digits + k);
}

/* Isotope labels begin with their mass number, so "[107Ag12109Ag13]" would
 * not read back: when any symbol of the labels is one, terms are separated
 * by one space, "[107Ag12 109Ag13]" (README, "Isotope-labelled metals");
 * element labels stay "[Ag12Au13]" (MODEL.md section 8). Decided here once,
 * from the model, for the labels written (net->labels_spaced) and for the
 * labels read back (src/io/channel_label.c). */
int ck_model_labels_spaced(const ck_model *model) {
  int spaced = 0;
  for (int x = 0; x < model->n_metals; x++) {
    spaced |= isdigit((unsigned char)model->metal[x][0]);
  }
  for (int i = 0; i < model->n_fixed; i++) {
    spaced |= isdigit((unsigned char)model->fixed_metal[i][0]);
  }
  for (int f = 0; f < model->n_families && model->families != NULL; f++) {
    for (int i = 0; i < model->families[f].n_fixed; i++) {
      spaced |= isdigit((unsigned char)model->families[f].fixed_metal[i][0]);
    }
  }
  return spaced != 0;
}

size_t ck_network_put_formula(const ck_network *net, const int *c, const int *family,
                              int subunits, char *buf, size_t size, size_t at) {
  at = put_text(buf, size, at, "[");
  const char *sep = net->labels_spaced ? " " : "";
  for (int x = 0; x < net->n_metals; x++) {
    int count = c[x];
    for (int k = 0; k < subunits; k++) {
      count += fixed_of(&net->fam[family[k]], net->metal[x]);
    }
    at = put(buf, size, at, x > 0 ? sep : "", net->metal[x], count);
  }
  for (int i = 0; i < net->n_label_fixed; i++) {
    int count = 0;
    for (int k = 0; k < subunits; k++) {
      count += fixed_of(&net->fam[family[k]], net->label_fixed[i]);
    }
    at = put(buf, size, at, sep, net->label_fixed[i], count);
  }
  return put_text(buf, size, at, "]");
}

static size_t put_composition(const ck_network *net, size_t monomer, char *buf, size_t size,
                              size_t at) {
  int family = ck_network_monomer_family(net, monomer);
  return ck_network_put_formula(net, net->composition + monomer * (size_t)net->n_metals, &family,
                                1, buf, size, at);
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
  if (species < net->n_monomers) {
    return (int)put_composition(net, species, buf, size, 0);
  }
  size_t d = species - net->n_monomers;
  if (d >= net->n_dimers) { /* a trimer: its three subunits, as a dimer's two */
    const int *sub = net->trimer_sub + 3 * (d - net->n_dimers);
    size_t at = 0;
    for (int k = 0; k < 3; k++) {
      at = put_composition(net, (size_t)sub[k], buf, size, at);
    }
    return (int)at;
  }
  size_t at = put_composition(net, (size_t)net->dimer_sub[2 * d], buf, size, 0);
  return (int)put_composition(net, (size_t)net->dimer_sub[2 * d + 1], buf, size, at);
}

static const char *kind_name(ck_reaction_kind kind) {
  static const char *names[] = {"dimerization",        "dissociation",
                                "exchange",            "trimerization",
                                "trimer-dissociation", "trimer-exchange"};
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

static int composition_valid(const ck_network *net, const int *c, int family) {
  int sum = 0;
  for (int x = 0; x < net->n_metals; x++) {
    if (c[x] < 0) {
      return 0;
    }
    sum += c[x];
  }
  return family >= 0 && family < net->n_families && sum == net->fam[family].nuclearity;
}

/* Pair class of families f <= g, or -1 when they do not dimerize. */
static int pair_class(const ck_network *net, int f, int g) {
  for (int p = 0; p < net->n_pairs; p++) {
    if (net->pair_family[p][0] == f && net->pair_family[p][1] == g) {
      return p;
    }
  }
  return -1;
}

/* A trimer of the one family: the subunits' monomer indices sorted, then
 * ck_trimer_index. */
static ck_status find_trimer(const ck_network *net, const int family[],
                             const int subunit[][CK_MAX_METALS], size_t *species) {
  size_t idx[3];
  for (int k = 0; k < 3; k++) {
    if (family[k] != 0 || !composition_valid(net, subunit[k], 0)) {
      return CK_ERR_ARG;
    }
    idx[k] = ck_composition_rank(subunit[k], net->nuclearity, net->n_metals);
    for (int i = k; i > 0 && idx[i - 1] > idx[i]; i--) { /* insertion sort */
      size_t t = idx[i];
      idx[i] = idx[i - 1], idx[i - 1] = t;
    }
  }
  *species =
      net->n_monomers + net->n_dimers + ck_trimer_index(idx[0], idx[1], idx[2], net->n_monomers);
  return CK_OK;
}

ck_status ck_network_find_family_species(const ck_network *net, int n_subunits,
                                         const int family[], const int subunit[][CK_MAX_METALS],
                                         size_t *species) {
  if (net->composition != NULL && n_subunits == 3 && net->n_trimers > 0) {
    return find_trimer(net, family, subunit, species);
  }
  if (net->composition == NULL || n_subunits < 1 || n_subunits > 2 ||
      (n_subunits == 2 && net->n_dimers == 0)) {
    return CK_ERR_ARG;
  }
  size_t idx[2];
  int fam[2];
  for (int k = 0; k < n_subunits; k++) {
    fam[k] = family[k];
    if (!composition_valid(net, subunit[k], fam[k])) {
      return CK_ERR_ARG;
    }
    idx[k] = net->fam_start[fam[k]] + ck_composition_rank(subunit[k], net->fam[fam[k]].nuclearity,
                                                          net->n_metals);
  }
  if (n_subunits == 1) {
    *species = idx[0];
    return CK_OK;
  }
  if (fam[0] > fam[1] || (fam[0] == fam[1] && idx[0] > idx[1])) { /* the class's order */
    size_t t = idx[0];
    int u = fam[0];
    idx[0] = idx[1], fam[0] = fam[1], idx[1] = t, fam[1] = u;
  }
  int p = pair_class(net, fam[0], fam[1]);
  if (p < 0) {
    return CK_ERR_ARG;
  }
  size_t i = idx[0] - net->fam_start[fam[0]], j = idx[1] - net->fam_start[fam[1]];
  size_t nf = net->fam_start[fam[0] + 1] - net->fam_start[fam[0]];
  size_t ng = net->fam_start[fam[1] + 1] - net->fam_start[fam[1]];
  size_t local = fam[0] == fam[1] ? ck_dimer_index(i, j, nf) : i * ng + j;
  *species = net->n_monomers + net->pair_start[p] + local;
  return CK_OK;
}

/* A subunit's family from its atom count: the one family of that nuclearity. */
static int family_by_size(const ck_network *net, const int *c) {
  int sum = 0, found = -1;
  for (int x = 0; x < net->n_metals; x++) {
    sum += c[x];
  }
  for (int f = 0; f < net->n_families; f++) {
    if (net->fam[f].nuclearity == sum) {
      if (found >= 0) {
        return -1;
      }
      found = f;
    }
  }
  return found;
}

ck_status ck_network_find_species(const ck_network *net, int n_subunits,
                                  const int subunit[][CK_MAX_METALS], size_t *species) {
  if (net->composition == NULL || n_subunits < 1 || n_subunits > 3) {
    return CK_ERR_ARG;
  }
  int family[3] = {0, 0, 0};
  for (int k = 0; k < n_subunits; k++) {
    family[k] = family_by_size(net, subunit[k]);
  }
  return ck_network_find_family_species(net, n_subunits, family, subunit, species);
}

int ck_network_family_count(const ck_network *net) {
  return net->n_families;
}

int ck_network_species_families(const ck_network *net, size_t species, int family[2]) {
  if (species >= net->n_species) {
    return 0;
  }
  if (species < net->n_monomers) {
    family[0] = family[1] = ck_network_monomer_family(net, species);
    return 1;
  }
  size_t d = species - net->n_monomers;
  if (d >= net->n_dimers) { /* trimers: one family */
    family[0] = family[1] = 0;
    return 3;
  }
  if (net->dimer_sub == NULL) {
    family[0] = family[1] = 0;
    return 2;
  }
  family[0] = ck_network_monomer_family(net, (size_t)net->dimer_sub[2 * d]);
  family[1] = ck_network_monomer_family(net, (size_t)net->dimer_sub[2 * d + 1]);
  return 2;
}
