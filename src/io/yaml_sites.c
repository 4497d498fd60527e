/* SPDX-License-Identifier: MIT */
/* The model's `sites:` block: site classes, capacities, per-metal site free energies.
 *
 *   sites:
 *     temperature: 298 K
 *     classes:
 *       inner:   {capacity: 4, energy: {Ag: 0, Cu: 0.05 eV}}
 *       capping: {capacity: 3}                 # energies default to 0
 *
 * Classes keep file order (the first is the reference of the relative
 * energies, ck_sites.h); metals are the model's exchange metals; capacities
 * must sum to the exchangeable nuclearity (MODEL.md section 5). */
#include <stdio.h>
#include <string.h>

#include "clusterkin/ck_sites.h"
#include "io/yaml_impl.h"

static ck_status read_energies(ck_yaml_reader *r, const yaml_node_t *map, const char *what,
                               ck_site_class *c) {
  char path[CK_YAML_PATH_MAX];
  ck_status st = ck_yaml_check_keys(r, map, what, NULL);
  for (int i = 0; st == CK_OK && i < ck_yaml_n_pairs(map); i++) {
    const yaml_node_t *key = ck_yaml_pair_key(r, map, i);
    const char *symbol = (const char *)key->data.scalar.value;
    int x = ck_yaml_metal_index(r->model, symbol);
    if (x < 0) {
      char list[64];
      ck_yaml_metal_list(r->model, list, sizeof list);
      return ck_yaml_fail(r, key, CK_ERR_INPUT, "%s: '%.16s' is not an exchange metal (%s)", what,
                          symbol, list);
    }
    snprintf(path, sizeof path, "%.140s.%.8s", what, symbol);
    st = ck_yaml_read_quantity(r, ck_yaml_pair_value(r, map, i), CK_QTY_MOLAR_ENERGY, CK_YAML_ANY,
                               path, &c->energy_J_per_mol[x]);
  }
  return st;
}

static ck_status read_class(ck_yaml_reader *r, const yaml_node_t *key, const yaml_node_t *value,
                            ck_site_class *c) {
  static const char *const keys[] = {"capacity", "energy", NULL};
  const char *name = (const char *)key->data.scalar.value;
  char what[CK_YAML_PATH_MAX];
  snprintf(what, sizeof what, "sites.classes.%.40s", name);
  if (strlen(name) >= CK_SITE_NAME_MAX) {
    return ck_yaml_fail(r, key, CK_ERR_INPUT, "%s: a class name has at most %d characters", what,
                        CK_SITE_NAME_MAX - 1);
  }
  snprintf(c->name, sizeof c->name, "%s", name);
  c->line = ck_yaml_line(key);
  yaml_node_t *capacity = NULL;
  long n = 0;
  ck_status st = ck_yaml_expect_type(r, value, YAML_MAPPING_NODE, what);
  if (st == CK_OK) {
    st = ck_yaml_check_keys(r, value, what, keys);
  }
  if (st == CK_OK) {
    st = ck_yaml_require(r, value, "capacity", what, &capacity);
  }
  if (st == CK_OK) {
    st = ck_yaml_read_whole(r, capacity, "capacity", 1, 100000, &n);
  }
  c->capacity = (int)n;
  const yaml_node_t *energy = ck_yaml_lookup(r, value, "energy");
  if (st == CK_OK && energy != NULL) {
    char sub[CK_YAML_PATH_MAX];
    snprintf(sub, sizeof sub, "%.150s.energy", what);
    st = ck_yaml_expect_type(r, energy, YAML_MAPPING_NODE, sub);
    if (st == CK_OK) {
      st = read_energies(r, energy, sub, c);
    }
  }
  return st;
}

static ck_status read_classes(ck_yaml_reader *r, const yaml_node_t *map, ck_sites *s) {
  ck_status st = ck_yaml_expect_type(r, map, YAML_MAPPING_NODE, "sites.classes");
  if (st == CK_OK) {
    st = ck_yaml_check_keys(r, map, "sites.classes", NULL);
  }
  int n = st == CK_OK ? ck_yaml_n_pairs(map) : 0;
  if (st == CK_OK && (n < 1 || n > CK_MAX_SITE_CLASSES)) {
    return ck_yaml_fail(r, map, CK_ERR_INPUT, "sites.classes: declare 1 to %d classes, not %d",
                        CK_MAX_SITE_CLASSES, n);
  }
  for (int i = 0; st == CK_OK && i < n; i++) {
    st = read_class(r, ck_yaml_pair_key(r, map, i), ck_yaml_pair_value(r, map, i), s->classes + i);
    s->n_classes = i + 1;
  }
  return st;
}

ck_status ck_yaml_read_sites(ck_yaml_reader *r, const yaml_node_t *map) {
  static const char *const keys[] = {"temperature", "classes", NULL};
  ck_sites *s = ck_sites_create(r->ctx);
  if (s == NULL) {
    return CK_ERR_NOMEM;
  }
  r->model->sites = s; /* the model owns it from here, also on failure */
  yaml_node_t *temperature = NULL, *classes = NULL;
  ck_status st = ck_yaml_expect_type(r, map, YAML_MAPPING_NODE, "sites");
  if (st == CK_OK) {
    st = ck_yaml_check_keys(r, map, "sites", keys);
  }
  if (st == CK_OK) {
    st = ck_yaml_require(r, map, "temperature", "sites", &temperature);
  }
  if (st == CK_OK) {
    st = ck_yaml_read_quantity(r, temperature, CK_QTY_TEMPERATURE, CK_YAML_POSITIVE,
                               "sites.temperature", &s->temperature_K);
  }
  if (st == CK_OK) {
    st = ck_yaml_require(r, map, "classes", "sites", &classes);
  }
  if (st == CK_OK) {
    st = read_classes(r, classes, s);
  }
  if (st == CK_OK && (st = ck_sites_check(r->ctx, s, r->model->nuclearity)) != CK_OK) {
    ck_error_locate(r->ctx, r->source, ck_yaml_line(classes));
  }
  return st;
}
