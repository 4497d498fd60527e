/* SPDX-License-Identifier: MIT */
/* Channel labels read back: "[Ag24Au1]1-" parsed, and data columns matched to model channels.
 *
 * The inverse of the labels src/observe/channels.c writes (MODEL.md section 8,
 * "Channel CSV"), and no more lenient: a label is either exactly the one
 * clusterkin would write for that channel or it is refused, so matching data
 * to model channels can compare the text. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkin/ck_data.h"
#include "core/core_impl.h"
#include "network/network_impl.h" /* ck_model_labels_spaced */

#define MAX_COUNT_DIGITS 9 /* keeps a count within int */

static int metal_index(const ck_model *model, const char *symbol) {
  for (int x = 0; x < model->n_metals; x++) {
    if (strcmp(model->metal[x], symbol) == 0) {
      return x;
    }
  }
  return -1;
}

/* Fixed atoms of symbol per monomer (0 if none). */
static int fixed_of(const ck_model *model, const char *symbol) {
  for (int i = 0; i < model->n_fixed; i++) {
    if (strcmp(model->fixed_metal[i], symbol) == 0) {
      return model->fixed_count[i];
    }
  }
  return 0;
}

/* " " when the model's labels separate their terms (ck_model_labels_spaced,
 * the rule the network's labels are written by), else "". */
static const char *term_separator(const ck_model *model) {
  return ck_model_labels_spaced(model) ? " " : "";
}

/* "[Ag25Au0]1-", the form every label of model takes, for messages. */
static void example_label(const ck_model *model, char *buf, size_t size) {
  size_t at = 0;
  const char *sep = term_separator(model);
  int n = snprintf(buf, size, "[");
  at += n > 0 ? (size_t)n : 0;
  for (int x = 0; x < model->n_metals && at < size; x++) {
    n = snprintf(buf + at, size - at, "%s%s%d", x > 0 ? sep : "", model->metal[x],
                 (x == 0 ? model->nuclearity : 0) + fixed_of(model, model->metal[x]));
    at += n > 0 ? (size_t)n : 0;
  }
  for (int i = 0; i < model->n_fixed && at < size; i++) {
    if (metal_index(model, model->fixed_metal[i]) < 0) {
      n = snprintf(buf + at, size - at, "%s%s%d", sep, model->fixed_metal[i],
                   model->fixed_count[i]);
      at += n > 0 ? (size_t)n : 0;
    }
  }
  if (at < size) {
    int q = model->charge;
    snprintf(buf + at, size - at, q == 0 ? "]" : "]%d%c", q < 0 ? -q : q, q < 0 ? '-' : '+');
  }
}

static ck_status bad_form(ck_ctx *ctx, const ck_model *model, const char *label) {
  char example[96];
  example_label(model, example, sizeof example);
  CK_FAIL(ctx, CK_ERR_INPUT,
          "\"%.64s\" is not a channel label of this model (every exchange metal in model "
          "order with its count%s, then the charge, as in %s)",
          label, *term_separator(model) != '\0' ? ", one space between terms" : "", example);
}

/* A decimal count as clusterkin writes it: digits, no sign, no leading zero. */
static const char *read_count(const char *p, int *out) {
  if (*p < '0' || *p > '9' || (p[0] == '0' && p[1] >= '0' && p[1] <= '9')) {
    return NULL;
  }
  long v = 0;
  int digits = 0;
  for (; *p >= '0' && *p <= '9'; p++) {
    if (++digits > MAX_COUNT_DIGITS) {
      return NULL;
    }
    v = 10 * v + (*p - '0');
  }
  *out = (int)v;
  return p;
}

/* One term: sep (unless first), the symbol, its count; NULL if p does not hold it. */
static const char *read_term(const char *p, const char *sep, int first, const char *symbol,
                             int *count) {
  size_t skip = first ? 0 : strlen(sep), len = strlen(symbol);
  if (strncmp(p, sep, skip) != 0 || strncmp(p + skip, symbol, len) != 0) {
    return NULL;
  }
  return read_count(p + skip + len, count);
}

/* "]" then "" (neutral) or "<n>-" / "<n>+" with n > 0. */
static const char *read_charge(const char *p, int *charge) {
  int magnitude = 0;
  *charge = 0;
  if (*p == '\0') {
    return p;
  }
  p = read_count(p, &magnitude);
  if (p == NULL || magnitude == 0 || (*p != '-' && *p != '+')) {
    return NULL;
  }
  *charge = *p == '-' ? -magnitude : magnitude;
  return p + 1;
}

static const char *subunit_name(int n_subunits) {
  return n_subunits == 1 ? "monomer" : n_subunits == 2 ? "dimer" : "trimer";
}

static int fixed_total(const ck_model *model) {
  int total = 0;
  for (int i = 0; i < model->n_fixed; i++) {
    total += model->fixed_count[i];
  }
  return total;
}

/* Labels count the fixed atoms (README, "Fixed atoms"): the composition the
 * label stands for is what remains after n_subunits x the fixed atoms of each
 * exchange metal are taken away; fixed-only metals must match exactly. */
static ck_status remove_fixed(ck_ctx *ctx, const ck_model *model, const char *label,
                              const int *fixed_only, ck_channel_id *out) {
  for (int x = 0; x < model->n_metals; x++) {
    out->composition[x] -= out->n_subunits * fixed_of(model, model->metal[x]);
    if (out->composition[x] < 0) {
      CK_FAIL(ctx, CK_ERR_INPUT, "channel \"%.64s\" has fewer %s atoms than the fixed ones",
              label, model->metal[x]);
    }
  }
  for (int i = 0, k = 0; i < model->n_fixed; i++) {
    if (metal_index(model, model->fixed_metal[i]) < 0 &&
        fixed_only[k++] != out->n_subunits * model->fixed_count[i]) {
      CK_FAIL(ctx, CK_ERR_INPUT, "channel \"%.64s\": a %s of this model has %d fixed %s",
              label, subunit_name(out->n_subunits),
              out->n_subunits * model->fixed_count[i], model->fixed_metal[i]);
    }
  }
  return CK_OK;
}

static ck_status check_meaning(ck_ctx *ctx, const ck_model *model, const char *label, long atoms,
                               ck_channel_id *out) {
  int n = model->nuclearity + fixed_total(model);
  out->n_subunits = atoms == n ? 1 : atoms == 2L * n ? 2 : 0;
  if (model->trimers.enabled && atoms == 3L * n) { /* opt-in trimers: 3N atoms, 3x the charge */
    out->n_subunits = 3;
  }
  if (out->n_subunits == 0) {
    CK_FAIL(ctx, CK_ERR_INPUT,
            "channel \"%.64s\" has %ld metal atoms, but a monomer of this model has %d and a "
            "dimer %d%s",
            label, atoms, n, 2 * n, model->trimers.enabled ? " (a trimer 3x)" : "");
  }
  if (out->charge != out->n_subunits * model->charge) {
    CK_FAIL(ctx, CK_ERR_INPUT, "channel \"%.64s\": a %s of this model has charge %d, not %d", label,
            subunit_name(out->n_subunits), out->n_subunits * model->charge, out->charge);
  }
  return CK_OK;
}

/* ---- several families (README, "Several cluster families") ----------- */

static int family_fixed_of(const ck_family *f, const char *symbol) {
  for (int i = 0; i < f->n_fixed; i++) {
    if (strcmp(f->fixed_metal[i], symbol) == 0) {
      return f->fixed_count[i];
    }
  }
  return 0;
}

/* Fixed metals that do not exchange, first appearance over the families: the
 * label's metals after the exchange metals (as the network writes them). */
static int label_fixed(const ck_model *model, const char *order[]) {
  int n = 0;
  for (int f = 0; f < model->n_families; f++) {
    for (int i = 0; i < model->families[f].n_fixed; i++) {
      const char *symbol = model->families[f].fixed_metal[i];
      int seen = metal_index(model, symbol) >= 0;
      for (int k = 0; k < n; k++) {
        seen |= strcmp(order[k], symbol) == 0;
      }
      if (!seen) {
        order[n++] = symbol;
      }
    }
  }
  return n;
}

/* Does the class (families fam[0..subunits)) write labels with these atoms,
 * charge and fixed-only counts? */
static int class_matches(const ck_model *model, const int *fam, int subunits, long atoms,
                         int charge, const char **order, int n_order, const int *fixed_only) {
  long want_atoms = 0;
  int want_charge = 0;
  for (int k = 0; k < subunits; k++) {
    const ck_family *f = &model->families[fam[k]];
    want_atoms += f->nuclearity;
    want_charge += f->charge;
    for (int i = 0; i < f->n_fixed; i++) {
      want_atoms += f->fixed_count[i];
    }
  }
  for (int i = 0; i < n_order; i++) {
    int want = 0;
    for (int k = 0; k < subunits; k++) {
      want += family_fixed_of(&model->families[fam[k]], order[i]);
    }
    if (want != fixed_only[i]) {
      return 0;
    }
  }
  return want_atoms == atoms && want_charge == charge;
}

static ck_status parse_families(ck_ctx *ctx, const ck_model *model, const char *label,
                                const char *p, long atoms, ck_channel_id *out) {
  const char *order[CK_MAX_FAMILIES * CK_MAX_METALS];
  int fixed_only[CK_MAX_FAMILIES * CK_MAX_METALS] = {0};
  int n_order = label_fixed(model, order);
  for (int i = 0; i < n_order; i++) {
    p = read_term(p, term_separator(model), 0, order[i], &fixed_only[i]);
    if (p == NULL) {
      return bad_form(ctx, model, label);
    }
    atoms += fixed_only[i];
  }
  if (*p++ != ']' || (p = read_charge(p, &out->charge)) == NULL || *p != '\0') {
    return bad_form(ctx, model, label);
  }
  int found = 0, family[2] = {0, 0};
  for (int f = 0; f < model->n_families && !found; f++) {
    int fam[2] = {f, f};
    if (class_matches(model, fam, 1, atoms, out->charge, order, n_order, fixed_only)) {
      found = 1, out->n_subunits = 1, family[0] = family[1] = f;
    }
  }
  for (int k = 0; k < model->n_pairs && !found; k++) {
    const ck_pair *pair = &model->pairs[k];
    if (pair->dimerize &&
        class_matches(model, pair->family, 2, atoms, out->charge, order, n_order, fixed_only)) {
      found = 1, out->n_subunits = 2;
      family[0] = pair->family[0], family[1] = pair->family[1];
    }
  }
  if (!found) { /* the load-time check keeps classes apart, so a match is the only one */
    CK_FAIL(ctx, CK_ERR_INPUT,
            "channel \"%.64s\" (%ld metal atoms, charge %d) is neither a monomer of a family "
            "nor a dimer of a pair of this model",
            label, atoms, out->charge);
  }
  for (int x = 0; x < model->n_metals; x++) {
    for (int k = 0; k < out->n_subunits; k++) {
      out->composition[x] -= family_fixed_of(&model->families[family[k]], model->metal[x]);
    }
    if (out->composition[x] < 0) {
      CK_FAIL(ctx, CK_ERR_INPUT, "channel \"%.64s\" has fewer %s atoms than the fixed ones",
              label, model->metal[x]);
    }
  }
  return CK_OK;
}

ck_status ck_channel_label_parse(ck_ctx *ctx, const ck_model *model, const char *label,
                                 ck_channel_id *out) {
  if (model == NULL || label == NULL || out == NULL) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_channel_label_parse: NULL argument");
  }
  memset(out, 0, sizeof *out);
  const char *p = label;
  long atoms = 0;
  if (*p++ != '[') {
    return bad_form(ctx, model, label);
  }
  const char *sep = term_separator(model);
  for (int x = 0; x < model->n_metals; x++) {
    p = read_term(p, sep, x == 0, model->metal[x], &out->composition[x]);
    if (p == NULL) {
      return bad_form(ctx, model, label);
    }
    atoms += out->composition[x];
  }
  if (model->n_families > 1 && model->families != NULL) {
    return parse_families(ctx, model, label, p, atoms, out);
  }
  int fixed_only[CK_MAX_METALS] = {0}, k = 0;
  for (int i = 0; i < model->n_fixed; i++) {
    if (metal_index(model, model->fixed_metal[i]) >= 0) {
      continue;
    }
    p = read_term(p, sep, 0, model->fixed_metal[i], &fixed_only[k]);
    if (p == NULL) {
      return bad_form(ctx, model, label);
    }
    atoms += fixed_only[k++];
  }
  if (*p++ != ']') {
    return bad_form(ctx, model, label);
  }
  p = read_charge(p, &out->charge);
  if (p == NULL || *p != '\0') {
    return bad_form(ctx, model, label);
  }
  ck_status st = check_meaning(ctx, model, label, atoms, out);
  return st == CK_OK ? remove_fixed(ctx, model, label, fixed_only, out) : st;
}

/* ---- matching ----------------------------------------------------------- */

typedef struct label_entry {
  const char *label;
  size_t channel;
} label_entry;

static int compare_entries(const void *a, const void *b) {
  return strcmp(((const label_entry *)a)->label, ((const label_entry *)b)->label);
}

ck_status ck_channel_data_match(ck_ctx *ctx, const ck_channel_data *data, const ck_channels *ch,
                                size_t *channel_of) {
  if (data == NULL || ch == NULL || channel_of == NULL) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_channel_data_match: NULL argument");
  }
  size_t n = ck_channels_count(ch);
  label_entry *sorted = ck_calloc(ctx, n, sizeof *sorted);
  if (sorted == NULL) {
    return CK_ERR_NOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    sorted[i] = (label_entry){ck_channels_label(ch, i), i};
  }
  qsort(sorted, n, sizeof *sorted, compare_entries); /* labels are unique: order is total */
  ck_status st = CK_OK;
  for (size_t c = 0; c < data->n_channels && st == CK_OK; c++) {
    label_entry key = {data->labels[c], 0};
    const label_entry *hit = bsearch(&key, sorted, n, sizeof *sorted, compare_entries);
    if (hit != NULL) {
      channel_of[c] = hit->channel;
      continue;
    }
    st = ck_error_set(ctx, CK_ERR_INPUT,
                      "column %zu: channel %.64s is not among the model's %zu channels (%s ... %s)",
                      data->column[c], data->labels[c], n, n > 0 ? ck_channels_label(ch, 0) : "",
                      n > 0 ? ck_channels_label(ch, n - 1) : "");
    ck_error_locate(ctx, data->source, 1);
  }
  free(sorted);
  return st;
}
