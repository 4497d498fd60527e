/* SPDX-License-Identifier: MIT */
/* Model files: reads the YAML schema of MODEL.md section 8 into a ck_model.
 *
 * The only file that includes <yaml.h>. libyaml's document API builds the
 * node tree; the schema is then walked in a fixed order (the exchange metals
 * before the clusters that are counted over them) so that checks can refer to
 * what was read before. Every error is recorded on the context with the
 * 1-based line of the offending node; a failed read frees everything. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "clusterkin/ck_formula.h"
#include "clusterkin/ck_model.h"
#include "clusterkin/ck_units.h"
#include "core/core_impl.h"

#define PATH_TEXT_MAX 160   /* "clusters.Ag25.concentration" and the like */
#define SUBUNIT_TEXT_MAX 64 /* longest subunit label considered in initial: */
#define MAX_STEPS_LIMIT 1e15

typedef struct reader {
  ck_ctx *ctx;
  yaml_document_t *doc;
  const char *source;
  ck_model *model;
  int metal_line[CK_MAX_METALS]; /* where each exchange metal was named */
} reader;

typedef enum bound { BOUND_NONE, BOUND_NONNEGATIVE, BOUND_POSITIVE } bound;

/* ---- errors ------------------------------------------------------------- */

static int line_of(const yaml_node_t *node) {
  return node != NULL ? (int)node->start_mark.line + 1 : 0;
}

static ck_status fail(reader *r, const yaml_node_t *node, ck_status status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static ck_status fail(reader *r, const yaml_node_t *node, ck_status status, const char *fmt, ...) {
  char msg[CK_MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  ck_error_set(r->ctx, status, "%s", msg);
  ck_error_locate(r->ctx, r->source, line_of(node));
  return status;
}

/* An error recorded by another module (units, formula): says where it
 * happened in the model and attaches the node's line. */
static ck_status locate_inner(reader *r, const yaml_node_t *node, ck_status status,
                              const char *what) {
  if (r->ctx != NULL) {
    char inner[CK_MSG_MAX];
    snprintf(inner, sizeof inner, "%s", r->ctx->msg);
    ck_error_set(r->ctx, status, "%s: %s", what, inner);
  }
  ck_error_locate(r->ctx, r->source, line_of(node));
  return status;
}

/* ---- nodes -------------------------------------------------------------- */

static yaml_node_t *node_at(reader *r, int id) {
  return yaml_document_get_node(r->doc, id);
}

static const char *node_kind_name(const yaml_node_t *node) {
  switch (node->type) {
    case YAML_MAPPING_NODE:
      return "a mapping";
    case YAML_SEQUENCE_NODE:
      return "a sequence";
    case YAML_SCALAR_NODE:
      return (node->data.scalar.length == 0 && node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
                 ? "an empty value"
                 : "a single value";
    default:
      return "nothing";
  }
}

static ck_status expect_type(reader *r, const yaml_node_t *node, yaml_node_type_t type,
                             const char *what) {
  static const char *const wanted[] = {
      [YAML_SCALAR_NODE] = "a single value",
      [YAML_SEQUENCE_NODE] = "a sequence",
      [YAML_MAPPING_NODE] = "a mapping",
  };
  if (node->type == type) {
    return CK_OK;
  }
  return fail(r, node, CK_ERR_INPUT, "%s: expected %s, found %s", what, wanted[type],
              node_kind_name(node));
}

/* A scalar's text, refused if it hides a NUL (a "\0" escape) that C strings would cut at. */
static ck_status scalar_text(reader *r, const yaml_node_t *node, const char *what,
                             const char **text) {
  ck_status st = expect_type(r, node, YAML_SCALAR_NODE, what);
  if (st != CK_OK) {
    return st;
  }
  *text = (const char *)node->data.scalar.value;
  if (strlen(*text) != node->data.scalar.length) {
    return fail(r, node, CK_ERR_INPUT, "%s: text contains a NUL character", what);
  }
  return CK_OK;
}

static int scalar_is(const yaml_node_t *node, const char *text) {
  return node->type == YAML_SCALAR_NODE && node->data.scalar.length == strlen(text) &&
         memcmp(node->data.scalar.value, text, node->data.scalar.length) == 0;
}

static int n_pairs(const yaml_node_t *map) {
  return (int)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
}

static void join_names(const char *const *names, char *buf, size_t size) {
  size_t used = 0;
  buf[0] = '\0';
  for (int i = 0; names[i] != NULL && used < size; i++) {
    int n = snprintf(buf + used, size - used, "%s%s", i > 0 ? ", " : "", names[i]);
    used += n > 0 ? (size_t)n : 0;
  }
}

static int name_index(const char *const *names, const yaml_node_t *key) {
  for (int i = 0; names[i] != NULL; i++) {
    if (scalar_is(key, names[i])) {
      return i;
    }
  }
  return -1;
}

/* Every key of map is a string, unique, and (if allowed is not NULL) one of allowed. */
static ck_status check_keys(reader *r, const yaml_node_t *map, const char *what,
                            const char *const *allowed) {
  ck_status st = expect_type(r, map, YAML_MAPPING_NODE, what);
  for (int i = 0; st == CK_OK && i < n_pairs(map); i++) {
    const yaml_node_t *key = node_at(r, map->data.mapping.pairs.start[i].key);
    if (key->type != YAML_SCALAR_NODE) {
      return fail(r, key, CK_ERR_INPUT,
                  "%s: a key must be a name, found %s (quote keys that "
                  "start with '[', such as \"[Au25]2\")",
                  what, node_kind_name(key));
    }
    const char *name = (const char *)key->data.scalar.value;
    if (allowed != NULL && name_index(allowed, key) < 0) {
      char list[256];
      join_names(allowed, list, sizeof list);
      return fail(r, key, CK_ERR_INPUT, "unknown key \"%.64s\" in %s (allowed: %s)", name, what,
                  list);
    }
    for (int j = 0; j < i; j++) {
      const yaml_node_t *earlier = node_at(r, map->data.mapping.pairs.start[j].key);
      if (earlier->data.scalar.length == key->data.scalar.length &&
          memcmp(earlier->data.scalar.value, name, key->data.scalar.length) == 0) {
        return fail(r, key, CK_ERR_INPUT, "duplicate key \"%.64s\" in %s (first on line %d)", name,
                    what, line_of(earlier));
      }
    }
  }
  return st;
}

static yaml_node_t *lookup(reader *r, const yaml_node_t *map, const char *key) {
  if (map->type != YAML_MAPPING_NODE) {
    return NULL;
  }
  for (int i = 0; i < n_pairs(map); i++) {
    const yaml_node_pair_t *pair = &map->data.mapping.pairs.start[i];
    if (scalar_is(node_at(r, pair->key), key)) {
      return node_at(r, pair->value);
    }
  }
  return NULL;
}

static ck_status require(reader *r, const yaml_node_t *map, const char *key, const char *what,
                         yaml_node_t **value) {
  *value = lookup(r, map, key);
  if (*value == NULL) {
    return fail(r, map, CK_ERR_INPUT, "missing required key \"%s\" in %s", key, what);
  }
  return CK_OK;
}

/* ---- values ------------------------------------------------------------- */

static ck_status read_quantity(reader *r, const yaml_node_t *node, ck_quantity_kind kind, bound b,
                               const char *what, double *out) {
  const char *text = NULL;
  ck_status st = scalar_text(r, node, what, &text);
  double value = 0.0;
  if (st == CK_OK) {
    st = ck_units_parse(r->ctx, text, kind, &value);
    if (st != CK_OK) {
      return locate_inner(r, node, st, what);
    }
  }
  if (st == CK_OK && b == BOUND_NONNEGATIVE && value < 0.0) {
    return fail(r, node, CK_ERR_INPUT, "%s must not be negative, got \"%.64s\"", what, text);
  }
  if (st == CK_OK && b == BOUND_POSITIVE && !(value > 0.0)) {
    return fail(r, node, CK_ERR_INPUT, "%s must be greater than 0, got \"%.64s\"", what, text);
  }
  if (st == CK_OK) {
    *out = value;
  }
  return st;
}

/* map[key] as a quantity, if present; *out keeps its default otherwise. */
static ck_status opt_quantity(reader *r, const yaml_node_t *map, const char *section,
                              const char *key, ck_quantity_kind kind, bound b, double *out) {
  const yaml_node_t *node = lookup(r, map, key);
  if (node == NULL) {
    return CK_OK;
  }
  char what[PATH_TEXT_MAX];
  snprintf(what, sizeof what, "%s.%s", section, key);
  return read_quantity(r, node, kind, b, what, out);
}

/* map[key] as one of names (NULL-terminated), if present. */
static ck_status opt_enum(reader *r, const yaml_node_t *map, const char *section, const char *key,
                          const char *const *names, int *out) {
  const yaml_node_t *node = lookup(r, map, key);
  if (node == NULL) {
    return CK_OK;
  }
  char what[PATH_TEXT_MAX];
  snprintf(what, sizeof what, "%s.%s", section, key);
  const char *text = NULL;
  ck_status st = scalar_text(r, node, what, &text);
  if (st != CK_OK) {
    return st;
  }
  int index = name_index(names, node);
  if (index < 0) {
    char list[256];
    join_names(names, list, sizeof list);
    return fail(r, node, CK_ERR_INPUT, "%s: unknown value \"%.64s\" (allowed: %s)", what, text,
                list);
  }
  *out = index;
  return CK_OK;
}

/* ---- mechanism ---------------------------------------------------------- */

static int metal_index(const ck_model *m, const char *symbol) {
  for (int i = 0; i < m->n_metals; i++) {
    if (strcmp(m->metal[i], symbol) == 0) {
      return i;
    }
  }
  return -1;
}

static void metal_list(const ck_model *m, char *buf, size_t size) {
  const char *names[CK_MAX_METALS + 1];
  for (int i = 0; i < m->n_metals; i++) {
    names[i] = m->metal[i];
  }
  names[m->n_metals] = NULL;
  join_names(names, buf, size);
}

static ck_status read_metal(reader *r, const yaml_node_t *item) {
  ck_model *m = r->model;
  const char *symbol = NULL;
  ck_status st = scalar_text(r, item, "mechanism.exchange", &symbol);
  if (st != CK_OK) {
    return st;
  }
  if (ck_element_number(symbol) == 0) {
    return fail(r, item, CK_ERR_INPUT, "unknown metal \"%.32s\" in exchange: not an element symbol",
                symbol);
  }
  if (metal_index(m, symbol) >= 0) {
    return fail(r, item, CK_ERR_INPUT, "metal \"%s\" appears twice in exchange", symbol);
  }
  if (m->n_metals == CK_MAX_METALS) {
    return fail(r, item, CK_ERR_INPUT, "more than %d metals in exchange", CK_MAX_METALS);
  }
  snprintf(m->metal[m->n_metals], CK_SYMBOL_MAX, "%s", symbol);
  r->metal_line[m->n_metals] = line_of(item);
  m->n_metals++;
  return CK_OK;
}

static ck_status read_exchange(reader *r, const yaml_node_t *seq) {
  ck_status st = expect_type(r, seq, YAML_SEQUENCE_NODE, "mechanism.exchange");
  if (st != CK_OK) {
    return st;
  }
  yaml_node_item_t *items = seq->data.sequence.items.start;
  int n = (int)(seq->data.sequence.items.top - items);
  if (n == 0) {
    return fail(r, seq, CK_ERR_INPUT, "mechanism.exchange: name at least one metal");
  }
  for (int i = 0; st == CK_OK && i < n; i++) {
    st = read_metal(r, node_at(r, items[i]));
  }
  return st;
}

/* `none` or {metal-fraction: Au}. */
static ck_status read_scaling(reader *r, const yaml_node_t *node) {
  static const char *const keys[] = {"metal-fraction", NULL};
  const char *what = "mechanism.dimerization-scaling";
  if (node->type != YAML_MAPPING_NODE) {
    if (scalar_is(node, "none")) {
      return CK_OK;
    }
    return fail(r, node, CK_ERR_INPUT, "%s: expected none or {metal-fraction: METAL}", what);
  }
  yaml_node_t *metal = NULL;
  const char *symbol = NULL;
  ck_status st = check_keys(r, node, what, keys);
  if (st == CK_OK) {
    st = require(r, node, "metal-fraction", what, &metal);
  }
  if (st == CK_OK) {
    st = scalar_text(r, metal, "mechanism.dimerization-scaling.metal-fraction", &symbol);
  }
  if (st != CK_OK) {
    return st;
  }
  r->model->scaling_metal = metal_index(r->model, symbol);
  if (r->model->scaling_metal < 0) {
    char list[64];
    metal_list(r->model, list, sizeof list);
    return fail(r, metal, CK_ERR_INPUT, "%s: metal \"%.32s\" is not one of the exchange metals %s",
                what, symbol, list);
  }
  return CK_OK;
}

static ck_status read_rates(reader *r, const yaml_node_t *map) {
  static const char *const keys[] = {"dimerization", "dissociation", "exchange", NULL};
  static const ck_quantity_kind kinds[] = {CK_QTY_RATE_SECOND_ORDER, CK_QTY_RATE_FIRST_ORDER,
                                           CK_QTY_RATE_FIRST_ORDER};
  ck_model *m = r->model;
  double *targets[] = {&m->k_dim_per_nM_s, &m->k_diss_per_s, &m->k_ex_per_s};
  ck_status st = check_keys(r, map, "mechanism.rates", keys);
  for (int i = 0; st == CK_OK && keys[i] != NULL; i++) {
    yaml_node_t *value = NULL;
    char what[PATH_TEXT_MAX];
    snprintf(what, sizeof what, "mechanism.rates.%s", keys[i]);
    st = require(r, map, keys[i], "mechanism.rates", &value);
    if (st == CK_OK) {
      st = read_quantity(r, value, kinds[i], BOUND_NONNEGATIVE, what, targets[i]);
    }
  }
  return st;
}

static ck_status read_mechanism(reader *r, const yaml_node_t *map) {
  static const char *const keys[] = {
      "kind", "exchange", "exchange-probability", "dimerization-scaling", "rates", NULL};
  static const char *const kinds[] = {"dimer-exchange", "collision-exchange", NULL};
  static const char *const probabilities[] = {"statistical", "constant", NULL};
  ck_model *m = r->model;
  int kind = (int)m->kind, probability = (int)m->probability;
  yaml_node_t *exchange = NULL, *rates = NULL;
  ck_status st = check_keys(r, map, "mechanism", keys);
  if (st == CK_OK) {
    st = opt_enum(r, map, "mechanism", "kind", kinds, &kind);
  }
  if (st == CK_OK) {
    st = require(r, map, "exchange", "mechanism", &exchange);
  }
  if (st == CK_OK) {
    st = read_exchange(r, exchange);
  }
  if (st == CK_OK) {
    st = opt_enum(r, map, "mechanism", "exchange-probability", probabilities, &probability);
  }
  const yaml_node_t *scaling = lookup(r, map, "dimerization-scaling");
  if (st == CK_OK && scaling != NULL) {
    st = read_scaling(r, scaling);
  }
  if (st == CK_OK) {
    st = require(r, map, "rates", "mechanism", &rates);
  }
  if (st == CK_OK) {
    st = read_rates(r, rates);
  }
  m->kind = (ck_mechanism_kind)kind;
  m->probability = (ck_exchange_probability)probability;
  return st;
}

/* ---- clusters ----------------------------------------------------------- */

static ck_status read_cluster_formula(reader *r, const yaml_node_t *node, const char *what,
                                      ck_cluster *c) {
  const char *text = NULL;
  ck_formula f;
  ck_status st = scalar_text(r, node, what, &text);
  if (st != CK_OK) {
    return st;
  }
  c->formula = ck_strdup(r->ctx, text);
  if (c->formula == NULL) {
    return CK_ERR_NOMEM;
  }
  st = ck_formula_parse(r->ctx, text, &f);
  if (st != CK_OK) {
    return locate_inner(r, node, st, what);
  }
  c->charge = f.charge;
  long total = 0;
  for (int i = 0; i < r->model->n_metals; i++) {
    long count = ck_formula_count(&f, r->model->metal[i]);
    total += count;
    c->metal_count[i] = (int)count; /* counts are capped far below INT_MAX */
  }
  if (total > 1000000000L) {
    return fail(r, node, CK_ERR_INPUT, "%s: too many metal atoms (%ld)", what, total);
  }
  c->nuclearity = (int)total;
  return CK_OK;
}

static ck_status read_cluster(reader *r, const yaml_node_t *key, const yaml_node_t *value,
                              ck_cluster *c) {
  static const char *const keys[] = {"formula", "concentration", NULL};
  const char *name = (const char *)key->data.scalar.value; /* check_keys made it a scalar */
  char what[PATH_TEXT_MAX], path[PATH_TEXT_MAX];
  yaml_node_t *formula = NULL, *concentration = NULL;
  c->line = line_of(key);
  if (name[0] == '\0') {
    return fail(r, key, CK_ERR_INPUT, "clusters: a cluster needs a name");
  }
  c->name = ck_strdup(r->ctx, name);
  if (c->name == NULL) {
    return CK_ERR_NOMEM;
  }
  snprintf(what, sizeof what, "clusters.%.64s", name);
  ck_status st = check_keys(r, value, what, keys);
  if (st == CK_OK) {
    st = require(r, value, "formula", what, &formula);
  }
  if (st == CK_OK) {
    snprintf(path, sizeof path, "clusters.%.64s.formula", name);
    st = read_cluster_formula(r, formula, path, c);
  }
  if (st == CK_OK) {
    st = require(r, value, "concentration", what, &concentration);
  }
  if (st == CK_OK) {
    snprintf(path, sizeof path, "clusters.%.64s.concentration", name);
    st = read_quantity(r, concentration, CK_QTY_CONCENTRATION, BOUND_NONNEGATIVE, path,
                       &c->concentration_nM);
  }
  return st;
}

static ck_status read_clusters(reader *r, const yaml_node_t *map) {
  ck_model *m = r->model;
  ck_status st = check_keys(r, map, "clusters", NULL);
  if (st != CK_OK) {
    return st;
  }
  int n = n_pairs(map);
  if (n == 0) {
    return fail(r, map, CK_ERR_INPUT, "clusters: at least one cluster is required");
  }
  m->clusters = ck_calloc(r->ctx, (size_t)n, sizeof *m->clusters);
  if (m->clusters == NULL) {
    return CK_ERR_NOMEM;
  }
  for (int i = 0; st == CK_OK && i < n; i++) {
    const yaml_node_pair_t *pair = &map->data.mapping.pairs.start[i];
    m->n_clusters++; /* counted first: ck_model_free releases a partly read cluster */
    st = read_cluster(r, node_at(r, pair->key), node_at(r, pair->value), &m->clusters[i]);
  }
  return st;
}

/* Each exchange metal must be in some cluster: a typo would silently give
 * a metal that never moves. */
static ck_status check_metals_used(reader *r) {
  const ck_model *m = r->model;
  for (int i = 0; i < m->n_metals; i++) {
    int used = 0;
    for (int c = 0; c < m->n_clusters; c++) {
      used |= m->clusters[c].metal_count[i] > 0;
    }
    if (!used) {
      ck_error_set(r->ctx, CK_ERR_INPUT,
                   "unknown metal \"%s\" in exchange: no cluster formula contains it", m->metal[i]);
      ck_error_locate(r->ctx, r->source, r->metal_line[i]);
      return CK_ERR_INPUT;
    }
  }
  return CK_OK;
}

/* One cluster family: every cluster has the same nuclearity and charge. */
static ck_status check_family(reader *r) {
  ck_model *m = r->model;
  char list[64];
  metal_list(m, list, sizeof list);
  for (int i = 0; i < m->n_clusters; i++) {
    const ck_cluster *c = &m->clusters[i];
    ck_status st = CK_OK;
    if (c->nuclearity == 0) {
      st = ck_error_set(r->ctx, CK_ERR_INPUT,
                        "cluster %s has no atoms of the exchangeable metals %s", c->name, list);
    } else if (c->nuclearity != m->clusters[0].nuclearity || c->charge != m->clusters[0].charge) {
      st = ck_error_set(
          r->ctx, CK_ERR_UNSUPPORTED,
          "clusters of different nuclearity or charge (several cluster families) "
          "are not supported yet: %s has %d metal atoms and charge %d, %s has %d and %d",
          c->name, c->nuclearity, c->charge, m->clusters[0].name, m->clusters[0].nuclearity,
          m->clusters[0].charge);
    }
    if (st != CK_OK) {
      ck_error_locate(r->ctx, r->source, c->line);
      return st;
    }
  }
  m->nuclearity = m->clusters[0].nuclearity;
  m->charge = m->clusters[0].charge;
  return CK_OK;
}

/* ---- initial species ---------------------------------------------------- */

static ck_status unknown_subunit(reader *r, const yaml_node_t *key, const char *subunit,
                                 const char *label) {
  return fail(r, key, CK_ERR_INPUT,
              "unknown cluster or composition \"%.64s\" in initial species \"%.64s\"", subunit,
              label);
}

/* A subunit: a cluster name, or a composition over the exchange metals only. */
static ck_status resolve_subunit(reader *r, const yaml_node_t *key, const char *label,
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
  if (length == 0 || length >= sizeof buf || ck_formula_parse(NULL, buf, &f) != CK_OK ||
      f.charge != 0) {
    return unknown_subunit(r, key, buf, label);
  }
  memset(composition, 0, CK_MAX_METALS * sizeof composition[0]);
  long total = 0;
  for (int e = 0; e < f.n_elements; e++) {
    int i = metal_index(m, ck_element_symbol(f.element[e]));
    if (i < 0) {
      return unknown_subunit(r, key, buf, label);
    }
    composition[i] = (int)f.count[e];
    total += f.count[e];
  }
  if (total != m->nuclearity) {
    return fail(r, key, CK_ERR_INPUT,
                "composition \"%s\" in initial species \"%.64s\" has %ld "
                "metal atoms, but the clusters have %d",
                buf, label, total, m->nuclearity);
  }
  return CK_OK;
}

static ck_status bad_label(reader *r, const yaml_node_t *key, const char *label) {
  return fail(r, key, CK_ERR_INPUT,
              "initial species \"%.64s\": write a monomer as Au25 or "
              "[Au25], a homodimer as [Au25]2, a heterodimer as [Ag25][Au25]",
              label);
}

/* "Au25", "[Au25]", "[Au25]2", "[Ag25][Au25]", with compositions for names. */
static ck_status parse_label(reader *r, const yaml_node_t *key, const char *label,
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

static ck_status read_initial_entry(reader *r, const yaml_node_t *key, const yaml_node_t *value,
                                    ck_initial *out) {
  const char *label = (const char *)key->data.scalar.value; /* check_keys made it a scalar */
  char what[PATH_TEXT_MAX];
  out->line = line_of(key);
  out->label = ck_strdup(r->ctx, label);
  if (out->label == NULL) {
    return CK_ERR_NOMEM;
  }
  ck_status st = parse_label(r, key, label, out);
  if (st == CK_OK) {
    snprintf(what, sizeof what, "initial.%.64s", label);
    st = read_quantity(r, value, CK_QTY_CONCENTRATION, BOUND_NONNEGATIVE, what,
                       &out->concentration_nM);
  }
  return st;
}

static ck_status read_initial(reader *r, const yaml_node_t *map) {
  ck_model *m = r->model;
  ck_status st = check_keys(r, map, "initial", NULL);
  if (st != CK_OK || n_pairs(map) == 0) {
    return st;
  }
  int n = n_pairs(map);
  m->initial = ck_calloc(r->ctx, (size_t)n, sizeof *m->initial);
  if (m->initial == NULL) {
    return CK_ERR_NOMEM;
  }
  for (int i = 0; st == CK_OK && i < n; i++) {
    const yaml_node_pair_t *pair = &map->data.mapping.pairs.start[i];
    const yaml_node_t *key = node_at(r, pair->key);
    ck_initial *entry = &m->initial[i];
    m->n_initial++;
    st = read_initial_entry(r, key, node_at(r, pair->value), entry);
    for (int j = 0; st == CK_OK && j < i; j++) {
      if (same_species(entry, &m->initial[j])) {
        st = fail(r, key, CK_ERR_INPUT,
                  "initial species \"%.64s\" is the same species as \"%.64s\" (line %d)",
                  entry->label, m->initial[j].label, m->initial[j].line);
      }
    }
  }
  return st;
}

/* ---- simulate ----------------------------------------------------------- */

static ck_status read_max_steps(reader *r, const yaml_node_t *map, long *out) {
  const yaml_node_t *node = lookup(r, map, "max-steps");
  double value = 0.0;
  if (node == NULL) {
    return CK_OK;
  }
  ck_status st =
      read_quantity(r, node, CK_QTY_DIMENSIONLESS, BOUND_POSITIVE, "simulate.max-steps", &value);
  if (st == CK_OK && (value != floor(value) || value > MAX_STEPS_LIMIT)) {
    return fail(r, node, CK_ERR_INPUT, "simulate.max-steps must be a whole number from 1 to %g",
                MAX_STEPS_LIMIT);
  }
  if (st == CK_OK) {
    *out = (long)value;
  }
  return st;
}

static ck_status read_simulate(reader *r, const yaml_node_t *map) {
  static const char *const keys[] = {"dead-time", "end",           "step",      "normalize", "rtol",
                                     "atol",      "linear-solver", "max-steps", NULL};
  static const char *const normalize[] = {"total-ion", "none", NULL};
  static const char *const solvers[] = {"auto", "block", "klu", "dense", NULL};
  ck_simulate_options *s = &r->model->simulate;
  int norm = (int)s->normalize, solver = (int)s->linear_solver;
  const char *sec = "simulate";
  ck_status st = check_keys(r, map, sec, keys);
  if (st == CK_OK) {
    st = opt_quantity(r, map, sec, "dead-time", CK_QTY_TIME, BOUND_NONNEGATIVE, &s->dead_time_s);
  }
  if (st == CK_OK) {
    st = opt_quantity(r, map, sec, "end", CK_QTY_TIME, BOUND_NONNEGATIVE, &s->end_s);
  }
  if (st == CK_OK) {
    st = opt_quantity(r, map, sec, "step", CK_QTY_TIME, BOUND_POSITIVE, &s->step_s);
  }
  if (st == CK_OK) {
    st = opt_enum(r, map, sec, "normalize", normalize, &norm);
  }
  if (st == CK_OK) {
    st = opt_quantity(r, map, sec, "rtol", CK_QTY_DIMENSIONLESS, BOUND_POSITIVE, &s->rtol);
  }
  if (st == CK_OK) {
    st = opt_quantity(r, map, sec, "atol", CK_QTY_CONCENTRATION, BOUND_POSITIVE, &s->atol_nM);
  }
  if (st == CK_OK) {
    st = opt_enum(r, map, sec, "linear-solver", solvers, &solver);
  }
  if (st == CK_OK) {
    st = read_max_steps(r, map, &s->max_steps);
  }
  s->normalize = (ck_normalize)norm;
  s->linear_solver = (ck_linear_solver)solver;
  return st;
}

/* ---- the model ---------------------------------------------------------- */

static ck_status read_name(reader *r, const yaml_node_t *root) {
  const yaml_node_t *node = lookup(r, root, "name");
  const char *text = NULL;
  if (node != NULL) {
    ck_status st = scalar_text(r, node, "name", &text);
    if (st != CK_OK) {
      return st;
    }
  }
  if (text == NULL || text[0] == '\0') {
    const char *slash = strrchr(r->source, '/');
    text = slash != NULL ? slash + 1 : r->source; /* default: the file name */
  }
  r->model->name = ck_strdup(r->ctx, text);
  return r->model->name != NULL ? CK_OK : CK_ERR_NOMEM;
}

static ck_status read_sections(reader *r, const yaml_node_t *root) {
  yaml_node_t *mechanism = NULL, *clusters = NULL;
  ck_status st = require(r, root, "mechanism", "the model", &mechanism);
  if (st == CK_OK) {
    st = read_mechanism(r, mechanism);
  }
  if (st == CK_OK) {
    st = require(r, root, "clusters", "the model", &clusters);
  }
  if (st == CK_OK) {
    st = read_clusters(r, clusters);
  }
  if (st == CK_OK) {
    st = check_metals_used(r);
  }
  if (st == CK_OK) {
    st = check_family(r);
  }
  const yaml_node_t *initial = lookup(r, root, "initial");
  if (st == CK_OK && initial != NULL) {
    st = read_initial(r, initial);
  }
  const yaml_node_t *simulate = lookup(r, root, "simulate");
  if (st == CK_OK && simulate != NULL) {
    st = read_simulate(r, simulate);
  }
  return st;
}

static ck_status read_model(reader *r, const yaml_node_t *root) {
  static const char *const keys[] = {"name",     "clusters", "initial", "mechanism",
                                     "simulate", "fit",      NULL};
  ck_status st = check_keys(r, root, "the model", keys);
  if (st == CK_OK) {
    st = read_name(r, root);
  }
  if (st == CK_OK) {
    st = read_sections(r, root);
  }
  const yaml_node_t *fit = lookup(r, root, "fit");
  if (st == CK_OK && fit != NULL) {
    /* Read in full by `clusterkin fit`; here only its presence and shape. */
    st = expect_type(r, fit, YAML_MAPPING_NODE, "fit");
    r->model->has_fit_block = 1;
  }
  return st;
}

ck_simulate_options ck_simulate_options_default(void) {
  ck_simulate_options s;
  memset(&s, 0, sizeof s);
  s.dead_time_s = 0.0;
  s.end_s = 3600.0;
  s.step_s = 10.0;
  s.normalize = CK_NORMALIZE_TOTAL_ION;
  s.rtol = 1e-8;
  s.atol_nM = 1e-12;
  s.linear_solver = CK_LINSOL_AUTO;
  s.max_steps = 1000000;
  return s;
}

static ck_model *model_create(ck_ctx *ctx, const char *source) {
  ck_model *m = ck_calloc(ctx, 1, sizeof *m);
  if (m == NULL) {
    return NULL;
  }
  m->source = ck_strdup(ctx, source);
  if (m->source == NULL) {
    free(m);
    return NULL;
  }
  m->kind = CK_MECHANISM_DIMER_EXCHANGE;
  m->probability = CK_EXCHANGE_STATISTICAL;
  m->scaling_metal = -1;
  m->simulate = ck_simulate_options_default();
  return m;
}

void ck_model_free(ck_model *model) {
  if (model == NULL) {
    return;
  }
  for (int i = 0; i < model->n_clusters; i++) {
    free(model->clusters[i].name);
    free(model->clusters[i].formula);
  }
  for (int i = 0; i < model->n_initial; i++) {
    free(model->initial[i].label);
  }
  free(model->clusters);
  free(model->initial);
  free(model->name);
  free(model->source);
  free(model);
}

/* ---- YAML documents ----------------------------------------------------- */

/* libyaml's own account of a syntax error, at its line. */
static ck_status yaml_failure(ck_ctx *ctx, const yaml_parser_t *parser, const char *text,
                              size_t length, const char *source) {
  if (parser->error == YAML_MEMORY_ERROR) {
    return ck_error_set(ctx, CK_ERR_NOMEM, "out of memory reading YAML");
  }
  int line = (int)parser->problem_mark.line + 1;
  if (parser->error == YAML_READER_ERROR) {
    /* Encoding errors carry a byte offset, not a mark. */
    line = 1;
    for (size_t i = 0; i < parser->problem_offset && i < length; i++) {
      line += text[i] == '\n';
    }
  }
  const char *problem = parser->problem != NULL ? parser->problem : "unknown problem";
  if (parser->context != NULL) {
    ck_error_set(ctx, CK_ERR_INPUT, "invalid YAML: %s (%s starting on line %d)", problem,
                 parser->context, (int)parser->context_mark.line + 1);
  } else {
    ck_error_set(ctx, CK_ERR_INPUT, "invalid YAML: %s", problem);
  }
  ck_error_locate(ctx, source, line);
  return CK_ERR_INPUT;
}

/* Loads the single document of the stream into doc; on success the caller
 * deletes doc. A second document is refused rather than ignored. */
static ck_status load_document(ck_ctx *ctx, yaml_parser_t *parser, yaml_document_t *doc,
                               const char *text, size_t length, const char *source) {
  yaml_document_t extra;
  if (!yaml_parser_load(parser, doc)) {
    return yaml_failure(ctx, parser, text, length, source); /* libyaml freed doc */
  }
  ck_status st = CK_OK;
  if (yaml_document_get_root_node(doc) == NULL) {
    st = ck_error_set(ctx, CK_ERR_INPUT, "empty model file: no YAML document");
    ck_error_locate(ctx, source, 0);
  } else if (!yaml_parser_load(parser, &extra)) {
    st = yaml_failure(ctx, parser, text, length, source);
  } else {
    const yaml_node_t *second = yaml_document_get_root_node(&extra);
    if (second != NULL) {
      st = ck_error_set(ctx, CK_ERR_INPUT, "more than one YAML document in the model file");
      ck_error_locate(ctx, source, line_of(second));
    }
    yaml_document_delete(&extra);
  }
  if (st != CK_OK) {
    yaml_document_delete(doc);
  }
  return st;
}

ck_model *ck_model_parse(ck_ctx *ctx, const char *text, size_t length, const char *source) {
  if (text == NULL) {
    ck_error_set(ctx, CK_ERR_ARG, "ck_model_parse: NULL text");
    return NULL;
  }
  const char *src = source != NULL ? source : "<string>";
  yaml_parser_t parser;
  yaml_document_t doc;
  reader r = {ctx, &doc, src, NULL, {0}};
  ck_status st = CK_OK;
  int have_doc = 0;
  if (!yaml_parser_initialize(&parser)) {
    ck_error_set(ctx, CK_ERR_NOMEM, "out of memory starting the YAML parser");
    return NULL;
  }
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, length);
  st = load_document(ctx, &parser, &doc, text, length, src);
  if (st != CK_OK) {
    goto cleanup;
  }
  have_doc = 1;
  r.model = model_create(ctx, src);
  if (r.model == NULL) {
    st = CK_ERR_NOMEM;
    goto cleanup;
  }
  st = read_model(&r, yaml_document_get_root_node(&doc));
cleanup:
  if (have_doc) {
    yaml_document_delete(&doc);
  }
  yaml_parser_delete(&parser);
  if (st != CK_OK) {
    ck_model_free(r.model);
    r.model = NULL;
    ck_error_locate(ctx, src, 0); /* keeps a line already attached */
  }
  return r.model;
}

/* The whole file in memory (NUL-terminated), read in chunks so pipes work too. */
static ck_status read_file(ck_ctx *ctx, const char *path, char **text, size_t *length) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    CK_FAIL(ctx, CK_ERR_IO, "cannot open model file: %s", strerror(errno));
  }
  char *buf = NULL;
  size_t used = 0, size = 0;
  ck_status st = CK_OK;
  for (;;) {
    if (size - used < 4096) {
      size_t grown = size == 0 ? 16384 : 2 * size;
      char *bigger = realloc(buf, grown);
      if (bigger == NULL) {
        st = ck_error_set(ctx, CK_ERR_NOMEM, "out of memory reading model file");
        goto cleanup;
      }
      buf = bigger;
      size = grown;
    }
    size_t got = fread(buf + used, 1, size - used - 1, f);
    used += got;
    if (got == 0) {
      break;
    }
  }
  if (ferror(f)) {
    st = ck_error_set(ctx, CK_ERR_IO, "cannot read model file: %s", strerror(errno));
    goto cleanup;
  }
  buf[used] = '\0';
  *text = buf;
  *length = used;
  buf = NULL;
cleanup:
  free(buf);
  fclose(f);
  return st;
}

ck_model *ck_model_load(ck_ctx *ctx, const char *path) {
  if (path == NULL) {
    ck_error_set(ctx, CK_ERR_ARG, "ck_model_load: NULL path");
    return NULL;
  }
  char *text = NULL;
  size_t length = 0;
  if (read_file(ctx, path, &text, &length) != CK_OK) {
    ck_error_locate(ctx, path, 0);
    return NULL;
  }
  ck_model *model = ck_model_parse(ctx, text, length, path);
  free(text);
  return model;
}
