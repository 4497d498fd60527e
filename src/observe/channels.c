/* SPDX-License-Identifier: MIT */
/* Channels: species -> metal sum formula and charge, as ESI-MS sees them (MODEL.md section 2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkin/ck_observe.h"
#include "network/network_impl.h"

#define LABEL_MAX 128

struct ck_channels {
  size_t n_channels, n_species;
  int *channel_of; /* species -> channel */
  char *labels;    /* n_channels x LABEL_MAX */
};

/* "[Ag24Au1]1-": ck_network_put_formula, then the charge (MODEL.md section 8). */
static void make_label(const ck_network *net, const int *c, int subunits, char *out) {
  int charge = subunits * net->charge;
  size_t at = ck_network_put_formula(net, c, subunits, out, LABEL_MAX, 0);
  if (at < LABEL_MAX && charge != 0) {
    snprintf(out + at, LABEL_MAX - at, "%d%c", abs(charge), charge < 0 ? '-' : '+');
  }
}

ck_channels *ck_channels_create(ck_ctx *ctx, const ck_network *net) {
  if (net->composition == NULL) {
    ck_error_set(ctx, CK_ERR_ARG, "this network has no compositions to form channels from");
    return NULL;
  }
  int m = net->n_metals, n = net->nuclearity;
  size_t n_mono = net->n_monomers;
  size_t n_dimer_channels = net->n_dimers > 0 ? (size_t)ck_composition_count(2 * n, m) : 0;
  ck_channels *ch = ck_calloc(ctx, 1, sizeof *ch);
  if (ch == NULL) {
    return NULL;
  }
  ch->n_channels = n_mono + n_dimer_channels;
  ch->n_species = net->n_species;
  ch->channel_of = ck_calloc(ctx, net->n_species, sizeof(int));
  ch->labels = ck_calloc(ctx, ch->n_channels, LABEL_MAX);
  int *dimer_comp = ck_calloc(ctx, n_dimer_channels * (size_t)m + 1, sizeof(int));
  if (ch->channel_of == NULL || ch->labels == NULL || dimer_comp == NULL) {
    free(dimer_comp);
    ck_channels_free(ch);
    return NULL;
  }
  for (size_t i = 0; i < n_mono; i++) {
    ch->channel_of[i] = (int)i;
    make_label(net, net->composition + i * (size_t)m, 1, ch->labels + i * LABEL_MAX);
  }
  if (n_dimer_channels > 0) {
    ck_composition_enumerate(2 * n, m, dimer_comp);
  }
  for (size_t c = 0; c < n_dimer_channels; c++) {
    make_label(net, dimer_comp + c * (size_t)m, 2, ch->labels + (n_mono + c) * LABEL_MAX);
  }
  for (size_t d = 0; d < net->n_dimers; d++) {
    const int *sum = net->metal_counts + (n_mono + d) * (size_t)m;
    ch->channel_of[n_mono + d] = (int)(n_mono + ck_composition_rank(sum, 2 * n, m));
  }
  free(dimer_comp);
  return ch;
}

void ck_channels_free(ck_channels *ch) {
  if (ch == NULL) {
    return;
  }
  free(ch->channel_of);
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
  memset(out, 0, ch->n_channels * sizeof *out);
  for (size_t s = 0; s < ch->n_species; s++) {
    out[ch->channel_of[s]] += y[s];
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
