/* SPDX-License-Identifier: MIT */
/* mechanism.trimers: the opt-in trimer block of a model file (README, "Trimers").
 *
 *   trimers: {formation: 1e-3 /nM/s, dissociation: 0.1 /s, exchange: true,
 *             max-species: 200000}
 *
 * formation and dissociation are required (k_tri of D + M -> T, k_tri_diss
 * of T -> D + M in total); exchange (default true) lets the subunits of a
 * trimer exchange by the dimer's rule at rates.exchange; max-species is the
 * size guard (src/network/trimers.c). */
#include <stdio.h>

#include "io/yaml_impl.h"

#define MAX_SPECIES_LIMIT 1e12

static ck_status read_rate(ck_yaml_reader *r, const yaml_node_t *map, const char *key,
                           ck_quantity_kind kind, double *out) {
  yaml_node_t *node = NULL;
  char what[CK_YAML_PATH_MAX];
  snprintf(what, sizeof what, "mechanism.trimers.%s", key);
  ck_status st = ck_yaml_require(r, map, key, "mechanism.trimers", &node);
  if (st == CK_OK) {
    st = ck_yaml_read_quantity(r, node, kind, CK_YAML_NONNEGATIVE, what, out);
  }
  return st;
}

ck_status ck_yaml_read_trimers(ck_yaml_reader *r, const yaml_node_t *map) {
  static const char *const keys[] = {"formation", "dissociation", "exchange", "max-species", NULL};
  ck_trimers *t = &r->model->trimers;
  if (r->model->kind != CK_MECHANISM_DIMER_EXCHANGE) {
    return ck_yaml_fail(r, map, CK_ERR_UNSUPPORTED,
                        "mechanism.trimers: trimers need kind: dimer-exchange");
  }
  ck_status st = ck_yaml_check_keys(r, map, "mechanism.trimers", keys);
  if (st == CK_OK) {
    st = read_rate(r, map, "formation", CK_QTY_RATE_SECOND_ORDER, &t->k_tri_per_nM_s);
  }
  if (st == CK_OK) {
    st = read_rate(r, map, "dissociation", CK_QTY_RATE_FIRST_ORDER, &t->k_tri_diss_per_s);
  }
  t->exchange = 1;
  const yaml_node_t *exchange = ck_yaml_lookup(r, map, "exchange");
  if (st == CK_OK && exchange != NULL) {
    st = ck_yaml_read_bool(r, exchange, "mechanism.trimers.exchange", &t->exchange);
  }
  const yaml_node_t *max = ck_yaml_lookup(r, map, "max-species");
  long limit = 0;
  if (st == CK_OK && max != NULL) {
    st = ck_yaml_read_whole(r, max, "mechanism.trimers.max-species", 1, MAX_SPECIES_LIMIT, &limit);
    t->max_species = (double)limit;
  }
  t->enabled = st == CK_OK;
  return st;
}
