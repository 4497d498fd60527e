/* SPDX-License-Identifier: MIT */
/* Channels: species -> metal sum formula and charge, as ESI-MS sees them (MODEL.md section 2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkin/ck_observe.h"
#include "network/network_impl.h"

#define LABEL_MAX CK_CHANNEL_LABEL_MAX

struct ck_channels {
  size_t n_channels, n_species;
  int *channel_of; /* species -> channel */
  /* The species of each channel, ascending (CSR): each output sums its
   * channel's species in a register, in the order a scatter over the
   * species would add them (same result, bit for bit). */
  int *member_ptr, *member;
  char *labels;    /* n_channels x LABEL_MAX */
};

/* "[Ag24Au1]1-": ck_network_put_formula, then the charge (MODEL.md section 8). */
static void make_label(const ck_network *net, const int *c, const int *family, int subunits,
                       char *out) {
  int charge = 0;
  for (int k = 0; k < subunits; k++) {
    charge += net->fam[family[k]].charge;
  }
  size_t at = ck_network_put_formula(net, c, family, subunits, out, LABEL_MAX, 0);
  if (at < LABEL_MAX && charge != 0) {
    snprintf(out + at, LABEL_MAX - at, "%d%c", abs(charge), charge < 0 ? '-' : '+');
  }
}

/* Channels come in classes: the monomers of each family (one channel per
 * composition), then the dimers of each pair class (one channel per total
 * composition over N_f + N_g atoms, every one listed even if unreachable),
 * then, with opt-in trimers, one class of 3N atoms and charge 3x ([Ag75Au0]3-
 * ... [Ag0Au75]3-). For one family this is MODEL.md section 8's order:
 * [Ag25Au0]1- ... [Ag0Au25]1-, [Ag50Au0]2- ... [Ag0Au50]2-. */
static size_t class_atoms(const ck_network *net, int c, int family[3], int *subunits) {
  if (c < net->n_families) {
    family[0] = family[1] = c, *subunits = 1;
    return (size_t)net->fam[c].nuclearity;
  }
  if (c == net->n_families + net->n_pairs) { /* the trimers, of the one family */
    family[0] = family[1] = family[2] = 0, *subunits = 3;
    return (size_t)(3 * net->fam[0].nuclearity);
  }
  family[0] = net->pair_family[c - net->n_families][0];
  family[1] = net->pair_family[c - net->n_families][1];
  *subunits = 2;
  return (size_t)(net->fam[family[0]].nuclearity + net->fam[family[1]].nuclearity);
}

/* member_ptr/member from channel_of (a counting sort, stable in species order). */
static ck_status index_members(ck_ctx *ctx, ck_channels *ch) {
  ch->member_ptr = ck_calloc(ctx, ch->n_channels + 1, sizeof(int));
  ch->member = ck_calloc(ctx, ch->n_species + 1, sizeof(int));
  if (ch->member_ptr == NULL || ch->member == NULL) {
    return CK_ERR_NOMEM;
  }
  for (size_t s = 0; s < ch->n_species; s++) {
    ch->member_ptr[ch->channel_of[s] + 1]++;
  }
  for (size_t c = 0; c < ch->n_channels; c++) {
    ch->member_ptr[c + 1] += ch->member_ptr[c];
  }
  for (size_t s = 0; s < ch->n_species; s++) { /* member_ptr[c] walks to member_ptr[c + 1] */
    ch->member[ch->member_ptr[ch->channel_of[s]]++] = (int)s;
  }
  for (size_t c = ch->n_channels; c > 0; c--) { /* and back */
    ch->member_ptr[c] = ch->member_ptr[c - 1];
  }
  ch->member_ptr[0] = 0;
  return CK_OK;
}

ck_channels *ck_channels_create(ck_ctx *ctx, const ck_network *net) {
  if (net->composition == NULL) {
    ck_error_set(ctx, CK_ERR_ARG, "this network has no compositions to form channels from");
    return NULL;
  }
  int m = net->n_metals, n_classes = net->n_families + net->n_pairs + (net->n_trimers > 0);
  size_t offset[CK_MAX_FAMILIES * (CK_MAX_FAMILIES + 3) / 2 + 2] = {0};
  for (int c = 0; c < n_classes; c++) {
    int family[3], subunits;
    size_t atoms = class_atoms(net, c, family, &subunits);
    offset[c + 1] = offset[c] + (size_t)ck_composition_count((int)atoms, m);
  }
  ck_channels *ch = ck_calloc(ctx, 1, sizeof *ch);
  if (ch == NULL) {
    return NULL;
  }
  ch->n_channels = offset[n_classes];
  ch->n_species = net->n_species;
  ch->channel_of = ck_calloc(ctx, net->n_species, sizeof(int));
  ch->labels = ck_calloc(ctx, ch->n_channels, LABEL_MAX);
  int *comp = ck_calloc(ctx, ch->n_channels * (size_t)m + 1, sizeof(int));
  if (ch->channel_of == NULL || ch->labels == NULL || comp == NULL) {
    free(comp);
    ck_channels_free(ch);
    return NULL;
  }
  for (int c = 0; c < n_classes; c++) {
    int family[3], subunits;
    size_t atoms = class_atoms(net, c, family, &subunits);
    ck_composition_enumerate((int)atoms, m, comp + offset[c] * (size_t)m);
    for (size_t k = offset[c]; k < offset[c + 1]; k++) {
      make_label(net, comp + k * (size_t)m, family, subunits, ch->labels + k * LABEL_MAX);
    }
  }
  for (size_t s = 0; s < net->n_species; s++) {
    int family[2], c;
    int subunits = ck_network_species_families(net, s, family);
    if (subunits == 1) {
      c = family[0];
    } else if (subunits == 3) {
      c = net->n_families + net->n_pairs;
    } else {
      size_t d = s - net->n_monomers;
      c = net->n_families;
      while (c + 1 < net->n_families + net->n_pairs &&
             d >= net->pair_start[c + 1 - net->n_families]) {
        c++;
      }
    }
    int fam2[3], sub2;
    size_t atoms = class_atoms(net, c, fam2, &sub2);
    ch->channel_of[s] =
        (int)(offset[c] + ck_composition_rank(net->metal_counts + s * (size_t)m, (int)atoms, m));
  }
  free(comp);
  if (index_members(ctx, ch) != CK_OK) {
    ck_channels_free(ch);
    return NULL;
  }
  return ch;
}

void ck_channels_free(ck_channels *ch) {
  if (ch == NULL) {
    return;
  }
  free(ch->channel_of);
  free(ch->member_ptr), free(ch->member);
  free(ch->labels);
  free(ch);
}

size_t ck_channels_count(const ck_channels *ch) {
  return ch->n_channels;
}

const char *ck_channels_label(const ck_channels *ch, size_t channel) {
  return channel < ch->n_channels ? ch->labels + channel * LABEL_MAX : NULL;
}

void ck_channels_compute(const ck_channels *ch, const double *y, ck_normalize normalize,
                         double *out) {
  const int *restrict member = ch->member, *restrict ptr = ch->member_ptr;
  for (size_t c = 0, p = 0; c < ch->n_channels; c++) {
    double sum = 0.0;
    size_t end = (size_t)ptr[c + 1];
    for (; p + 2 <= end; p += 2) { /* two at a time: half the loop overhead, same order */
      sum += y[member[p]];
      sum += y[member[p + 1]];
    }
    if (p < end) {
      sum += y[member[p++]];
    }
    out[c] = sum;
  }
  if (normalize == CK_NORMALIZE_TOTAL_ION) {
    double total = 0.0;
    for (size_t c = 0; c < ch->n_channels; c++) {
      total += out[c];
    }
    for (size_t c = 0; c < ch->n_channels && total > 0.0; c++) {
      out[c] /= total;
    }
  }
}
