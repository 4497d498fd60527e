/* SPDX-License-Identifier: MIT */
/* Initial species by label ("[Au25]2: 2 nM"): the model's `initial:` block and each fit dataset's.
 *
 * A label names a monomer ("Au25", "[Au25]", "[Ag13Au12]") or a dimer
 * ("[Au25]2", "[Ag25][Au25]"); each subunit is a cluster name or a
 * composition over the exchange metals only (MODEL.md section 8). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkin/ck_formula.h"
#include "io/yaml_impl.h"

#define SUBUNIT_TEXT_MAX 64 /* longest subunit label considered */

static ck_status unknown_subunit(ck_yaml_reader *r, const yaml_node_t *key, const char *subunit,
                                 const char *label) {
  return ck_yaml_fail(r, key, CK_ERR_INPUT,
                      "unknown cluster or composition \"%.64s\" in initial species \"%.64s\"",
                      subunit, label);
}

/* Fixed atoms of symbol per subunit (0 if none). */
static int fixed_atoms(const ck_model *m, const char *symbol) {
  for (int i = 0; i < m->n_fixed; i++) {
    if (strcmp(m->fixed_metal[i], symbol) == 0) {
      return m->fixed_count[i];
    }
  }
  return 0;
}

/* "107Ag12 109Ag13", a channel label's terms (README, "Isotope-labelled
 * metals"), as the formula "(107Ag)12(109Ag)13"; other text is copied. 0 when
 * it does not fit. */
static int terms_as_formula(const char *text, char *out, size_t size) {
  size_t at = 0;
  for (const char *p = text; *p != '\0';) {
    size_t label = 0, term = strcspn(p, " ");
    while (label < term && isdigit((unsigned char)p[label])) {
      label++;
    }
    while (label > 0 && label < term && isalpha((unsigned char)p[label])) {
      label++;
    }
    int n = label > 0 ? snprintf(out + at, size - at, "(%.*s)%.*s", (int)label, p,
                                 (int)(term - label), p + label)
                      : snprintf(out + at, size - at, "%.*s", (int)term, p);
    if (n < 0 || (size_t)n >= size - at) {
      return 0;
    }
    at += (size_t)n;
    p += term + (p[term] == ' ');
  }
  return 1;
}

/* A subunit: a cluster name, or a composition over the exchange metals (and
 * the fixed atoms, counted as in the formula). */
static ck_status resolve_subunit(ck_yaml_reader *r, const yaml_node_t *key, const char *label,
                                 const char *text, size_t length, int composition[CK_MAX_METALS]) {
  const ck_model *m = r->model;
  char buf[SUBUNIT_TEXT_MAX];
  snprintf(buf, sizeof buf, "%.*s", (int)(length < sizeof buf ? length : sizeof buf - 1), text);
  for (int c = 0; c < m->n_clusters; c++) {
    if (strlen(m->clusters[c].name) == length && strncmp(m->clusters[c].name, text, length) == 0) {
      memcpy(composition, m->clusters[c].metal_count, sizeof m->clusters[c].metal_count);
      return CK_OK;
    }
  }
  ck_formula f;
  char text_formula[2 * SUBUNIT_TEXT_MAX];
  if (length == 0 || length >= sizeof buf ||
      !terms_as_formula(buf, text_formula, sizeof text_formula) ||
      ck_formula_parse(NULL, text_formula, &f) != CK_OK || f.charge != 0) {
    return unknown_subunit(r, key, buf, label);
  }
  memset(composition, 0, CK_MAX_METALS * sizeof composition[0]);
  long total = 0;
  int fixed_seen = 0;
  for (int e = 0; e < f.n_elements; e++) {
    char symbol[CK_SYMBOL_MAX + 8];
    if (f.mass_number[e] > 0) { /* an isotope-labelled metal, "107Ag" */
      snprintf(symbol, sizeof symbol, "%d%s", f.mass_number[e], ck_element_symbol(f.element[e]));
    } else {
      snprintf(symbol, sizeof symbol, "%s", ck_element_symbol(f.element[e]));
    }
    int i = ck_yaml_metal_index(m, symbol), fixed = fixed_atoms(m, symbol);
    if (i < 0 && (fixed == 0 || f.count[e] != fixed)) {
      return unknown_subunit(r, key, buf, label);
    }
    fixed_seen += fixed > 0;
    if (i >= 0) { /* written with its fixed atoms, as in formulas and channel labels */
      if (f.count[e] < fixed) {
        return unknown_subunit(r, key, buf, label);
      }
      composition[i] = (int)f.count[e] - fixed;
      total += f.count[e] - fixed;
    }
  }
  if (fixed_seen != m->n_fixed) {
    return ck_yaml_fail(r, key, CK_ERR_INPUT,
                        "composition \"%s\" in initial species \"%.64s\" must include the "
                        "fixed atoms of the clusters",
                        buf, label);
  }
  if (total != m->nuclearity) {
    return ck_yaml_fail(r, key, CK_ERR_INPUT,
                        "composition \"%s\" in initial species \"%.64s\" has %ld "
                        "metal atoms, but the clusters have %d",
                        buf, label, total, m->nuclearity);
  }
  return CK_OK;
}

static ck_status bad_label(ck_yaml_reader *r, const yaml_node_t *key, const char *label) {
  return ck_yaml_fail(r, key, CK_ERR_INPUT,
                      "initial species \"%.64s\": write a monomer as Au25 or "
                      "[Au25], a homodimer as [Au25]2, a heterodimer as [Ag25][Au25]",
                      label);
}

/* "Au25", "[Au25]", "[Au25]2", "[Ag25][Au25]", with compositions for names. */
static ck_status parse_label(ck_yaml_reader *r, const yaml_node_t *key, const char *label,
                             ck_initial *out) {
  out->n_subunits = 1;
  if (label[0] != '[') {
    return resolve_subunit(r, key, label, label, strlen(label), out->subunit[0]);
  }
  const char *close = strchr(label, ']');
  if (close == NULL) {
    return bad_label(r, key, label);
  }
  ck_status st =
      resolve_subunit(r, key, label, label + 1, (size_t)(close - label - 1), out->subunit[0]);
  const char *rest = close + 1;
  if (st != CK_OK || rest[0] == '\0') {
    return st;
  }
  out->n_subunits = 2;
  if (strcmp(rest, "2") == 0) {
    memcpy(out->subunit[1], out->subunit[0], sizeof out->subunit[0]);
    return CK_OK;
  }
  const char *close2 = strchr(rest, ']');
  if (rest[0] != '[' || close2 == NULL || close2[1] != '\0') {
    return bad_label(r, key, label);
  }
  return resolve_subunit(r, key, label, rest + 1, (size_t)(close2 - rest - 1), out->subunit[1]);
}

static int same_subunit(const int a[CK_MAX_METALS], const int b[CK_MAX_METALS]) {
  return memcmp(a, b, CK_MAX_METALS * sizeof a[0]) == 0;
}

/* Dimers are unordered pairs, so [A][B] and [B][A] are one species. */
static int same_species(const ck_initial *a, const ck_initial *b) {
  if (a->n_subunits != b->n_subunits) {
    return 0;
  }
  if (a->n_subunits == 1) {
    return same_subunit(a->subunit[0], b->subunit[0]);
  }
  return (same_subunit(a->subunit[0], b->subunit[0]) &&
          same_subunit(a->subunit[1], b->subunit[1])) ||
         (same_subunit(a->subunit[0], b->subunit[1]) && same_subunit(a->subunit[1], b->subunit[0]));
}

static ck_status read_entry(ck_yaml_reader *r, const char *section, const yaml_node_t *key,
                            const yaml_node_t *value, ck_initial *out) {
  const char *label = (const char *)key->data.scalar.value; /* check_keys made it a scalar */
  char what[CK_YAML_PATH_MAX];
  out->line = ck_yaml_line(key);
  out->label = ck_strdup(r->ctx, label);
  if (out->label == NULL) {
    return CK_ERR_NOMEM;
  }
  ck_status st = parse_label(r, key, label, out);
  if (st == CK_OK) {
    snprintf(what, sizeof what, "%s.%.64s", section, label);
    st = ck_yaml_read_quantity(r, value, CK_QTY_CONCENTRATION, CK_YAML_NONNEGATIVE, what,
                               &out->concentration_nM);
  }
  return st;
}

ck_status ck_yaml_read_initial(ck_yaml_reader *r, const yaml_node_t *map, const char *section,
                               ck_initial **out, int *n_out) {
  *out = NULL;
  *n_out = 0;
  ck_status st = ck_yaml_check_keys(r, map, section, NULL);
  int n = st == CK_OK ? ck_yaml_n_pairs(map) : 0;
  if (n == 0) {
    return st;
  }
  ck_initial *list = ck_calloc(r->ctx, (size_t)n, sizeof *list);
  if (list == NULL) {
    return CK_ERR_NOMEM;
  }
  *out = list;
  for (int i = 0; st == CK_OK && i < n; i++) {
    const yaml_node_t *key = ck_yaml_pair_key(r, map, i);
    ck_initial *entry = &list[i];
    (*n_out)++; /* counted first: the caller frees a partly read entry */
    st = read_entry(r, section, key, ck_yaml_pair_value(r, map, i), entry);
    for (int j = 0; st == CK_OK && j < i; j++) {
      if (same_species(entry, &list[j])) {
        st = ck_yaml_fail(r, key, CK_ERR_INPUT,
                          "initial species \"%.64s\" is the same species as \"%.64s\" (line %d)",
                          entry->label, list[j].label, list[j].line);
      }
    }
  }
  return st;
}
