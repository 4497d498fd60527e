/* SPDX-License-Identifier: MIT */
/* Shared machinery of the YAML readers: nodes, keys, values with units, located errors. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "io/yaml_impl.h"

/* ---- errors ------------------------------------------------------------- */

int ck_yaml_line(const yaml_node_t *node) {
  return node != NULL ? (int)node->start_mark.line + 1 : 0;
}

ck_status ck_yaml_fail(ck_yaml_reader *r, const yaml_node_t *node, ck_status status,
                       const char *fmt, ...) {
  char msg[CK_MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  ck_error_set(r->ctx, status, "%s", msg);
  ck_error_locate(r->ctx, r->source, ck_yaml_line(node));
  return status;
}

ck_status ck_yaml_locate_inner(ck_yaml_reader *r, const yaml_node_t *node, ck_status status,
                               const char *what) {
  if (r->ctx != NULL) {
    char inner[CK_MSG_MAX];
    snprintf(inner, sizeof inner, "%s", r->ctx->msg);
    ck_error_set(r->ctx, status, "%s: %s", what, inner);
  }
  ck_error_locate(r->ctx, r->source, ck_yaml_line(node));
  return status;
}

/* ---- nodes -------------------------------------------------------------- */

yaml_node_t *ck_yaml_node(const ck_yaml_reader *r, int id) {
  return yaml_document_get_node(r->doc, id);
}

const char *ck_yaml_kind_name(const yaml_node_t *node) {
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

ck_status ck_yaml_expect_type(ck_yaml_reader *r, const yaml_node_t *node, yaml_node_type_t type,
                              const char *what) {
  static const char *const wanted[] = {
      [YAML_SCALAR_NODE] = "a single value",
      [YAML_SEQUENCE_NODE] = "a sequence",
      [YAML_MAPPING_NODE] = "a mapping",
  };
  if (node->type == type) {
    return CK_OK;
  }
  return ck_yaml_fail(r, node, CK_ERR_INPUT, "%s: expected %s, found %s", what, wanted[type],
                      ck_yaml_kind_name(node));
}

/* A "\0" escape would make C strings stop short of the value YAML holds. */
ck_status ck_yaml_scalar_text(ck_yaml_reader *r, const yaml_node_t *node, const char *what,
                              const char **text) {
  ck_status st = ck_yaml_expect_type(r, node, YAML_SCALAR_NODE, what);
  if (st != CK_OK) {
    return st;
  }
  *text = (const char *)node->data.scalar.value;
  if (strlen(*text) != node->data.scalar.length) {
    return ck_yaml_fail(r, node, CK_ERR_INPUT, "%s: text contains a NUL character", what);
  }
  return CK_OK;
}

int ck_yaml_scalar_is(const yaml_node_t *node, const char *text) {
  return node->type == YAML_SCALAR_NODE && node->data.scalar.length == strlen(text) &&
         memcmp(node->data.scalar.value, text, node->data.scalar.length) == 0;
}

int ck_yaml_n_pairs(const yaml_node_t *map) {
  return (int)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
}

int ck_yaml_n_items(const yaml_node_t *seq) {
  return (int)(seq->data.sequence.items.top - seq->data.sequence.items.start);
}

yaml_node_t *ck_yaml_pair_key(const ck_yaml_reader *r, const yaml_node_t *map, int i) {
  return ck_yaml_node(r, map->data.mapping.pairs.start[i].key);
}

yaml_node_t *ck_yaml_pair_value(const ck_yaml_reader *r, const yaml_node_t *map, int i) {
  return ck_yaml_node(r, map->data.mapping.pairs.start[i].value);
}

yaml_node_t *ck_yaml_item(const ck_yaml_reader *r, const yaml_node_t *seq, int i) {
  return ck_yaml_node(r, seq->data.sequence.items.start[i]);
}

/* ---- keys --------------------------------------------------------------- */

void ck_yaml_join_names(const char *const *names, char *buf, size_t size) {
  size_t used = 0;
  buf[0] = '\0';
  for (int i = 0; names[i] != NULL && used < size; i++) {
    int n = snprintf(buf + used, size - used, "%s%s", i > 0 ? ", " : "", names[i]);
    used += n > 0 ? (size_t)n : 0;
  }
}

int ck_yaml_name_index(const char *const *names, const yaml_node_t *key) {
  for (int i = 0; names[i] != NULL; i++) {
    if (ck_yaml_scalar_is(key, names[i])) {
      return i;
    }
  }
  return -1;
}

ck_status ck_yaml_check_keys(ck_yaml_reader *r, const yaml_node_t *map, const char *what,
                             const char *const *allowed) {
  ck_status st = ck_yaml_expect_type(r, map, YAML_MAPPING_NODE, what);
  for (int i = 0; st == CK_OK && i < ck_yaml_n_pairs(map); i++) {
    const yaml_node_t *key = ck_yaml_pair_key(r, map, i);
    if (key->type != YAML_SCALAR_NODE) {
      return ck_yaml_fail(r, key, CK_ERR_INPUT,
                          "%s: a key must be a name, found %s (quote keys that "
                          "start with '[', such as \"[Au25]2\")",
                          what, ck_yaml_kind_name(key));
    }
    const char *name = (const char *)key->data.scalar.value;
    if (allowed != NULL && ck_yaml_name_index(allowed, key) < 0) {
      char list[256];
      ck_yaml_join_names(allowed, list, sizeof list);
      return ck_yaml_fail(r, key, CK_ERR_INPUT, "unknown key \"%.64s\" in %s (allowed: %s)", name,
                          what, list);
    }
    for (int j = 0; j < i; j++) {
      const yaml_node_t *earlier = ck_yaml_pair_key(r, map, j);
      if (earlier->data.scalar.length == key->data.scalar.length &&
          memcmp(earlier->data.scalar.value, name, key->data.scalar.length) == 0) {
        return ck_yaml_fail(r, key, CK_ERR_INPUT,
                            "duplicate key \"%.64s\" in %s (first on line %d)", name, what,
                            ck_yaml_line(earlier));
      }
    }
  }
  return st;
}

yaml_node_t *ck_yaml_lookup(const ck_yaml_reader *r, const yaml_node_t *map, const char *key) {
  if (map->type != YAML_MAPPING_NODE) {
    return NULL;
  }
  for (int i = 0; i < ck_yaml_n_pairs(map); i++) {
    if (ck_yaml_scalar_is(ck_yaml_pair_key(r, map, i), key)) {
      return ck_yaml_pair_value(r, map, i);
    }
  }
  return NULL;
}

ck_status ck_yaml_require(ck_yaml_reader *r, const yaml_node_t *map, const char *key,
                          const char *what, yaml_node_t **value) {
  *value = ck_yaml_lookup(r, map, key);
  if (*value == NULL) {
    return ck_yaml_fail(r, map, CK_ERR_INPUT, "missing required key \"%s\" in %s", key, what);
  }
  return CK_OK;
}

/* ---- values ------------------------------------------------------------- */

ck_status ck_yaml_read_quantity(ck_yaml_reader *r, const yaml_node_t *node, ck_quantity_kind kind,
                                ck_yaml_bound bound, const char *what, double *out) {
  const char *text = NULL;
  ck_status st = ck_yaml_scalar_text(r, node, what, &text);
  double value = 0.0;
  if (st == CK_OK) {
    st = ck_units_parse(r->ctx, text, kind, &value);
    if (st != CK_OK) {
      return ck_yaml_locate_inner(r, node, st, what);
    }
  }
  if (st == CK_OK && bound == CK_YAML_NONNEGATIVE && value < 0.0) {
    return ck_yaml_fail(r, node, CK_ERR_INPUT, "%s must not be negative, got \"%.64s\"", what,
                        text);
  }
  if (st == CK_OK && bound == CK_YAML_POSITIVE && !(value > 0.0)) {
    return ck_yaml_fail(r, node, CK_ERR_INPUT, "%s must be greater than 0, got \"%.64s\"", what,
                        text);
  }
  if (st == CK_OK) {
    *out = value;
  }
  return st;
}

ck_status ck_yaml_opt_quantity(ck_yaml_reader *r, const yaml_node_t *map, const char *section,
                               const char *key, ck_quantity_kind kind, ck_yaml_bound bound,
                               double *out) {
  const yaml_node_t *node = ck_yaml_lookup(r, map, key);
  if (node == NULL) {
    return CK_OK;
  }
  char what[CK_YAML_PATH_MAX];
  snprintf(what, sizeof what, "%s.%s", section, key);
  return ck_yaml_read_quantity(r, node, kind, bound, what, out);
}

ck_status ck_yaml_opt_enum(ck_yaml_reader *r, const yaml_node_t *map, const char *section,
                           const char *key, const char *const *names, int *out) {
  const yaml_node_t *node = ck_yaml_lookup(r, map, key);
  if (node == NULL) {
    return CK_OK;
  }
  char what[CK_YAML_PATH_MAX];
  snprintf(what, sizeof what, "%s.%s", section, key);
  const char *text = NULL;
  ck_status st = ck_yaml_scalar_text(r, node, what, &text);
  if (st != CK_OK) {
    return st;
  }
  int index = ck_yaml_name_index(names, node);
  if (index < 0) {
    char list[256];
    ck_yaml_join_names(names, list, sizeof list);
    return ck_yaml_fail(r, node, CK_ERR_INPUT, "%s: unknown value \"%.64s\" (allowed: %s)", what,
                        text, list);
  }
  *out = index;
  return CK_OK;
}

ck_status ck_yaml_read_whole(ck_yaml_reader *r, const yaml_node_t *node, const char *what,
                             double lo, double hi, long *out) {
  double value = 0.0;
  ck_status st = ck_yaml_read_quantity(r, node, CK_QTY_DIMENSIONLESS, CK_YAML_ANY, what, &value);
  if (st == CK_OK && (value != floor(value) || value < lo || value > hi)) {
    return ck_yaml_fail(r, node, CK_ERR_INPUT, "%s must be a whole number from %g to %g", what, lo,
                        hi);
  }
  if (st == CK_OK) {
    *out = (long)value;
  }
  return st;
}

ck_status ck_yaml_read_bool(ck_yaml_reader *r, const yaml_node_t *node, const char *what,
                            int *out) {
  static const char *const truths[] = {"true", "True", "TRUE", NULL};
  static const char *const falsehoods[] = {"false", "False", "FALSE", NULL};
  const char *text = NULL;
  ck_status st = ck_yaml_scalar_text(r, node, what, &text);
  if (st != CK_OK) {
    return st;
  }
  if (ck_yaml_name_index(truths, node) >= 0) {
    *out = 1;
  } else if (ck_yaml_name_index(falsehoods, node) >= 0) {
    *out = 0;
  } else {
    return ck_yaml_fail(r, node, CK_ERR_INPUT, "%s: expected true or false, got \"%.64s\"", what,
                        text);
  }
  return CK_OK;
}

/* ---- the model's metals ------------------------------------------------- */

int ck_yaml_metal_index(const ck_model *m, const char *symbol) {
  for (int i = 0; i < m->n_metals; i++) {
    if (strcmp(m->metal[i], symbol) == 0) {
      return i;
    }
  }
  return -1;
}

void ck_yaml_metal_list(const ck_model *m, char *buf, size_t size) {
  const char *names[CK_MAX_METALS + 1];
  for (int i = 0; i < m->n_metals; i++) {
    names[i] = m->metal[i];
  }
  names[m->n_metals] = NULL;
  ck_yaml_join_names(names, buf, size);
}
