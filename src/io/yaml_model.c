/* SPDX-License-Identifier: MIT */
/* Model files: reads the YAML schema of MODEL.md section 8 into a ck_model.
 *
 * libyaml's document API builds the node tree; the schema is then walked in a
 * fixed order (the exchange metals before the clusters that are counted over
 * them, the clusters before the initial species and the fit block that name
 * them) so that checks can refer to what was read before. Every error is
 * recorded on the context with the 1-based line of the offending node; a
 * failed read frees everything. The shared helpers are in yaml_common.c, the
 * `initial:` reader in yaml_initial.c, the `fit:` reader in yaml_fit.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkin/ck_fit_spec.h"
#include "clusterkin/ck_formula.h"
#include "clusterkin/ck_sites.h"
#include "clusterkin/ck_units.h"
#include "io/read_file.h"
#include "io/yaml_document.h"
#include "io/yaml_impl.h"

#define MAX_STEPS_LIMIT 1e15

/* ---- mechanism ---------------------------------------------------------- */

/* A metal is an element symbol ("Ag") or an isotope label ("107Ag", a
 * stable isotope of the table), written as formulas write it (README,
 * "Isotope-labelled metals"). Returns 0 for anything else ("Ag1", "D"). */
static int metal_label(const char *symbol, int *z, int *mass_number) {
  ck_formula f;
  char again[32]; /* room for any int mass number: the compiler checks */
  if (strlen(symbol) >= CK_SYMBOL_MAX || ck_formula_parse(NULL, symbol, &f) != CK_OK ||
      f.n_elements != 1 || f.count[0] != 1 || f.charge != 0) {
    return 0;
  }
  *z = f.element[0];
  *mass_number = f.mass_number[0];
  if (*mass_number > 0) {
    snprintf(again, sizeof again, "%d%s", *mass_number, ck_element_symbol(*z));
  } else {
    snprintf(again, sizeof again, "%s", ck_element_symbol(*z));
  }
  return strcmp(again, symbol) == 0;
}

/* ck_formula_count of "Ag" counts 107Ag too, so an element cannot exchange
 * (or be fixed beside exchanging) both as itself and as isotope labels. */
static ck_status check_metal_distinct(ck_yaml_reader *r, const yaml_node_t *item, const char *what,
                                      const char *symbol, int z, int mass_number) {
  for (int x = 0; x < r->model->n_metals; x++) {
    int zx = 0, ax = 0;
    metal_label(r->model->metal[x], &zx, &ax);
    if (zx == z && (ax == 0 || mass_number == 0) && strcmp(r->model->metal[x], symbol) != 0) {
      return ck_yaml_fail(r, item, CK_ERR_INPUT,
                          "%s: %s beside the exchange metal %s: an element is either the "
                          "natural element or isotope labels such as 107Ag, not both",
                          what, symbol, r->model->metal[x]);
    }
  }
  return CK_OK;
}

static ck_status read_metal(ck_yaml_reader *r, const yaml_node_t *item) {
  ck_model *m = r->model;
  const char *symbol = NULL;
  int z = 0, mass_number = 0;
  ck_status st = ck_yaml_scalar_text(r, item, "mechanism.exchange", &symbol);
  if (st != CK_OK) {
    return st;
  }
  if (!metal_label(symbol, &z, &mass_number)) {
    return ck_yaml_fail(r, item, CK_ERR_INPUT,
                        "unknown metal \"%.32s\" in exchange: not an element symbol or a "
                        "stable isotope such as 107Ag",
                        symbol);
  }
  if (ck_yaml_metal_index(m, symbol) >= 0) {
    return ck_yaml_fail(r, item, CK_ERR_INPUT, "metal \"%s\" appears twice in exchange", symbol);
  }
  st = check_metal_distinct(r, item, "mechanism.exchange", symbol, z, mass_number);
  if (st != CK_OK) {
    return st;
  }
  if (m->n_metals == CK_MAX_METALS) {
    return ck_yaml_fail(r, item, CK_ERR_INPUT, "more than %d metals in exchange", CK_MAX_METALS);
  }
  snprintf(m->metal[m->n_metals], CK_SYMBOL_MAX, "%s", symbol);
  r->metal_line[m->n_metals] = ck_yaml_line(item);
  m->n_metals++;
  return CK_OK;
}

static ck_status read_exchange(ck_yaml_reader *r, const yaml_node_t *seq) {
  ck_status st = ck_yaml_expect_type(r, seq, YAML_SEQUENCE_NODE, "mechanism.exchange");
  if (st != CK_OK) {
    return st;
  }
  yaml_node_item_t *items = seq->data.sequence.items.start;
  int n = (int)(seq->data.sequence.items.top - items);
  if (n == 0) {
    return ck_yaml_fail(r, seq, CK_ERR_INPUT, "mechanism.exchange: name at least one metal");
  }
  for (int i = 0; st == CK_OK && i < n; i++) {
    st = read_metal(r, ck_yaml_node(r, items[i]));
  }
  return st;
}

/* `none` or {metal-fraction: Au}. */
static ck_status read_scaling(ck_yaml_reader *r, const yaml_node_t *node) {
  static const char *const keys[] = {"metal-fraction", NULL};
  const char *what = "mechanism.dimerization-scaling";
  if (node->type != YAML_MAPPING_NODE) {
    if (ck_yaml_scalar_is(node, "none")) {
      return CK_OK;
    }
    return ck_yaml_fail(r, node, CK_ERR_INPUT, "%s: expected none or {metal-fraction: METAL}",
                        what);
  }
  yaml_node_t *metal = NULL;
  const char *symbol = NULL;
  ck_status st = ck_yaml_check_keys(r, node, what, keys);
  if (st == CK_OK) {
    st = ck_yaml_require(r, node, "metal-fraction", what, &metal);
  }
  if (st == CK_OK) {
    st = ck_yaml_scalar_text(r, metal, "mechanism.dimerization-scaling.metal-fraction", &symbol);
  }
  if (st != CK_OK) {
    return st;
  }
  r->model->scaling_metal = ck_yaml_metal_index(r->model, symbol);
  if (r->model->scaling_metal < 0) {
    char list[64];
    ck_yaml_metal_list(r->model, list, sizeof list);
    return ck_yaml_fail(r, metal, CK_ERR_INPUT,
                        "%s: metal \"%.32s\" is not one of the exchange metals %s", what, symbol,
                        list);
  }
  return CK_OK;
}

static ck_status read_rates(ck_yaml_reader *r, const yaml_node_t *map) {
  static const char *const keys[] = {"dimerization", "dissociation", "exchange", NULL};
  static const ck_quantity_kind kinds[] = {CK_QTY_RATE_SECOND_ORDER, CK_QTY_RATE_FIRST_ORDER,
                                           CK_QTY_RATE_FIRST_ORDER};
  ck_model *m = r->model;
  double *targets[] = {&m->k_dim_per_nM_s, &m->k_diss_per_s, &m->k_ex_per_s};
  ck_status st = ck_yaml_check_keys(r, map, "mechanism.rates", keys);
  for (int i = 0; st == CK_OK && keys[i] != NULL; i++) {
    yaml_node_t *value = NULL;
    char what[CK_YAML_PATH_MAX];
    snprintf(what, sizeof what, "mechanism.rates.%s", keys[i]);
    st = ck_yaml_require(r, map, keys[i], "mechanism.rates", &value);
    if (st == CK_OK) {
      st = ck_yaml_read_quantity(r, value, kinds[i], CK_YAML_NONNEGATIVE, what, targets[i]);
    }
  }
  return st;
}

/* Collision exchange has one constant, the encounter rate constant k_c of
 * M_a + M_b -> M_a' + M_b' in 1/(nM s) (MODEL.md section 3): rates.collision,
 * or the three dimer rates, from which k_c = k_dim k_ex / k_diss, the
 * fast-dissociation limit of the dimer mechanism. */
static ck_status read_collision_rates(ck_yaml_reader *r, const yaml_node_t *map) {
  static const char *const keys[] = {"collision", "dimerization", "dissociation", "exchange", NULL};
  ck_model *m = r->model;
  ck_status st = ck_yaml_check_keys(r, map, "mechanism.rates", keys);
  const yaml_node_t *collision = st == CK_OK ? ck_yaml_lookup(r, map, "collision") : NULL;
  if (st != CK_OK || collision == NULL) {
    st = st == CK_OK ? read_rates(r, map) : st;
    if (st == CK_OK && !(m->k_diss_per_s > 0.0)) {
      return ck_yaml_fail(r, map, CK_ERR_INPUT,
                          "mechanism.rates: collision-exchange derives k_c = k_dim k_ex / k_diss "
                          "and needs dissociation > 0 (or give rates.collision)");
    }
    if (st == CK_OK) {
      m->k_coll_per_nM_s = m->k_dim_per_nM_s * m->k_ex_per_s / m->k_diss_per_s;
    }
    return st;
  }
  if (ck_yaml_n_pairs(map) != 1) {
    return ck_yaml_fail(r, map, CK_ERR_INPUT,
                        "mechanism.rates: give either collision or dimerization, dissociation "
                        "and exchange, not both");
  }
  return ck_yaml_read_quantity(r, collision, CK_QTY_RATE_SECOND_ORDER, CK_YAML_NONNEGATIVE,
                               "mechanism.rates.collision", &m->k_coll_per_nM_s);
}

static ck_status read_mechanism(ck_yaml_reader *r, const yaml_node_t *map) {
  static const char *const keys[] = {
      "kind", "exchange", "exchange-probability", "dimerization-scaling", "rates", "trimers", NULL};
  static const char *const kinds[] = {"dimer-exchange", "collision-exchange", NULL};
  static const char *const probabilities[] = {"statistical", "constant", NULL};
  ck_model *m = r->model;
  int kind = (int)m->kind, probability = (int)m->probability;
  yaml_node_t *exchange = NULL, *rates = NULL;
  ck_status st = ck_yaml_check_keys(r, map, "mechanism", keys);
  if (st == CK_OK) {
    st = ck_yaml_opt_enum(r, map, "mechanism", "kind", kinds, &kind);
  }
  if (st == CK_OK) {
    st = ck_yaml_require(r, map, "exchange", "mechanism", &exchange);
  }
  if (st == CK_OK) {
    st = read_exchange(r, exchange);
  }
  if (st == CK_OK) {
    st = ck_yaml_opt_enum(r, map, "mechanism", "exchange-probability", probabilities, &probability);
  }
  const yaml_node_t *scaling = ck_yaml_lookup(r, map, "dimerization-scaling");
  if (st == CK_OK && scaling != NULL) {
    st = read_scaling(r, scaling);
  }
  if (st == CK_OK) {
    st = ck_yaml_require(r, map, "rates", "mechanism", &rates);
  }
  if (st == CK_OK) {
    st = kind == CK_MECHANISM_COLLISION_EXCHANGE ? read_collision_rates(r, rates)
                                                 : read_rates(r, rates);
  }
  m->kind = (ck_mechanism_kind)kind;
  m->probability = (ck_exchange_probability)probability;
  const yaml_node_t *trimers = ck_yaml_lookup(r, map, "trimers");
  if (st == CK_OK && trimers != NULL) {
    st = ck_yaml_read_trimers(r, trimers); /* yaml_trimers.c */
  }
  return st;
}

/* ---- clusters ----------------------------------------------------------- */

static ck_status read_cluster_formula(ck_yaml_reader *r, const yaml_node_t *node, const char *what,
                                      ck_cluster *c) {
  const char *text = NULL;
  ck_formula f;
  ck_status st = ck_yaml_scalar_text(r, node, what, &text);
  if (st != CK_OK) {
    return st;
  }
  c->formula = ck_strdup(r->ctx, text);
  if (c->formula == NULL) {
    return CK_ERR_NOMEM;
  }
  st = ck_formula_parse(r->ctx, text, &f);
  if (st != CK_OK) {
    return ck_yaml_locate_inner(r, node, st, what);
  }
  c->charge = f.charge;
  long total = 0;
  for (int i = 0; i < r->model->n_metals; i++) {
    long count = ck_formula_count(&f, r->model->metal[i]);
    total += count;
    c->metal_count[i] = (int)count; /* counts are capped far below INT_MAX */
  }
  if (total > 1000000000L) {
    return ck_yaml_fail(r, node, CK_ERR_INPUT, "%s: too many metal atoms (%ld)", what, total);
  }
  c->nuclearity = (int)total;
  return CK_OK;
}

/* fixed: {Au: 1}: atoms of the formula that never move. They leave the
 * exchangeable composition (metal_count, nuclearity) and must be in the formula. */
static ck_status read_fixed(ck_yaml_reader *r, const yaml_node_t *map, const char *what,
                            ck_cluster *c) {
  ck_status st = ck_yaml_check_keys(r, map, what, NULL);
  ck_formula f;
  if (st == CK_OK && ck_formula_parse(r->ctx, c->formula, &f) != CK_OK) {
    return CK_ERR_INPUT; /* cannot happen: read_cluster_formula parsed it */
  }
  for (int i = 0; st == CK_OK && i < ck_yaml_n_pairs(map); i++) {
    const yaml_node_t *key = ck_yaml_pair_key(r, map, i);
    const char *symbol = (const char *)key->data.scalar.value;
    long count = 0;
    int z = 0, mass_number = 0;
    if (!metal_label(symbol, &z, &mass_number)) {
      return ck_yaml_fail(r, key, CK_ERR_INPUT,
                          "%s: \"%.32s\" is not an element symbol or a stable isotope such as "
                          "107Ag",
                          what, symbol);
    }
    st = check_metal_distinct(r, key, what, symbol, z, mass_number);
    if (st != CK_OK) {
      return st;
    }
    if (c->n_fixed == CK_MAX_METALS) {
      return ck_yaml_fail(r, key, CK_ERR_INPUT, "%s: more than %d fixed metals", what,
                          CK_MAX_METALS);
    }
    st = ck_yaml_read_whole(r, ck_yaml_pair_value(r, map, i), what, 1, 1e6, &count);
    if (st != CK_OK) {
      return st;
    }
    int x = ck_yaml_metal_index(r->model, symbol);
    long have = ck_formula_count(&f, symbol);
    if (have < count) {
      return ck_yaml_fail(r, key, CK_ERR_INPUT, "%s: %ld fixed %s, but the formula %s has %ld",
                          what, count, symbol, c->formula, have);
    }
    if (x >= 0) {
      c->metal_count[x] -= (int)count;
      c->nuclearity -= (int)count;
    }
    snprintf(c->fixed_metal[c->n_fixed], CK_SYMBOL_MAX, "%s", symbol);
    c->fixed_count[c->n_fixed++] = (int)count;
  }
  return st;
}

static ck_status read_cluster(ck_yaml_reader *r, const yaml_node_t *key, const yaml_node_t *value,
                              ck_cluster *c) {
  /* `fixed` is listed among the allowed keys only when present, so the
   * message for a mistyped key in a plain entry stays as it was. */
  static const char *const plain_keys[] = {"formula", "concentration", NULL};
  static const char *const fixed_keys[] = {"formula", "concentration", "fixed", NULL};
  const char *name = (const char *)key->data.scalar.value; /* check_keys made it a scalar */
  const char *const *keys = value->type == YAML_MAPPING_NODE && ck_yaml_lookup(r, value, "fixed")
                                ? fixed_keys
                                : plain_keys;
  char what[CK_YAML_PATH_MAX], path[CK_YAML_PATH_MAX];
  yaml_node_t *formula = NULL, *concentration = NULL;
  c->line = ck_yaml_line(key);
  if (name[0] == '\0') {
    return ck_yaml_fail(r, key, CK_ERR_INPUT, "clusters: a cluster needs a name");
  }
  c->name = ck_strdup(r->ctx, name);
  if (c->name == NULL) {
    return CK_ERR_NOMEM;
  }
  snprintf(what, sizeof what, "clusters.%.64s", name);
  ck_status st = ck_yaml_check_keys(r, value, what, keys);
  if (st == CK_OK) {
    st = ck_yaml_require(r, value, "formula", what, &formula);
  }
  if (st == CK_OK) {
    snprintf(path, sizeof path, "clusters.%.64s.formula", name);
    st = read_cluster_formula(r, formula, path, c);
  }
  if (st == CK_OK) {
    st = ck_yaml_require(r, value, "concentration", what, &concentration);
  }
  if (st == CK_OK) {
    snprintf(path, sizeof path, "clusters.%.64s.concentration", name);
    st = ck_yaml_read_quantity(r, concentration, CK_QTY_CONCENTRATION, CK_YAML_NONNEGATIVE, path,
                               &c->concentration_nM);
  }
  const yaml_node_t *fixed = ck_yaml_lookup(r, value, "fixed");
  if (st == CK_OK && fixed != NULL) {
    snprintf(path, sizeof path, "clusters.%.64s.fixed", name);
    st = read_fixed(r, fixed, path, c);
  }
  return st;
}

static ck_status read_clusters(ck_yaml_reader *r, const yaml_node_t *map) {
  ck_model *m = r->model;
  ck_status st = ck_yaml_check_keys(r, map, "clusters", NULL);
  if (st != CK_OK) {
    return st;
  }
  int n = ck_yaml_n_pairs(map);
  if (n == 0) {
    return ck_yaml_fail(r, map, CK_ERR_INPUT, "clusters: at least one cluster is required");
  }
  m->clusters = ck_calloc(r->ctx, (size_t)n, sizeof *m->clusters);
  if (m->clusters == NULL) {
    return CK_ERR_NOMEM;
  }
  for (int i = 0; st == CK_OK && i < n; i++) {
    const yaml_node_pair_t *pair = &map->data.mapping.pairs.start[i];
    m->n_clusters++; /* counted first: ck_model_free releases a partly read cluster */
    st = read_cluster(r, ck_yaml_node(r, pair->key), ck_yaml_node(r, pair->value), &m->clusters[i]);
  }
  return st;
}

/* Each exchange metal must be in some cluster: a typo would silently give
 * a metal that never moves. */
static ck_status check_metals_used(ck_yaml_reader *r) {
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

/* The same fixed atoms, in any order. */
static int same_fixed(const ck_cluster *a, const ck_cluster *b) {
  if (a->n_fixed != b->n_fixed) {
    return 0;
  }
  for (int i = 0; i < a->n_fixed; i++) {
    int found = 0;
    for (int j = 0; j < b->n_fixed; j++) {
      found |= strcmp(a->fixed_metal[i], b->fixed_metal[j]) == 0 &&
               a->fixed_count[i] == b->fixed_count[j];
    }
    if (!found) {
      return 0;
    }
  }
  return 1;
}

/* Without a pairs: block every cluster must be of one family (same
 * nuclearity, charge and fixed atoms): a second family is then more likely a
 * typo in a formula than a mixture, so it asks for the block (yaml_families.c). */
static ck_status check_family(ck_yaml_reader *r, int have_pairs) {
  ck_model *m = r->model;
  char list[64];
  ck_yaml_metal_list(m, list, sizeof list);
  for (int i = 0; i < m->n_clusters; i++) {
    const ck_cluster *c = &m->clusters[i];
    ck_status st = CK_OK;
    if (c->nuclearity == 0) {
      st = ck_error_set(r->ctx, CK_ERR_INPUT,
                        "cluster %s has no atoms of the exchangeable metals %s", c->name, list);
    } else if (have_pairs) {
      continue;
    } else if (!same_fixed(c, &m->clusters[0])) {
      st = ck_error_set(r->ctx, CK_ERR_UNSUPPORTED,
                        "clusters with different fixed atoms (several cluster families) need a "
                        "pairs: block saying which families dimerize: %s and %s differ",
                        c->name, m->clusters[0].name);
    } else if (c->nuclearity != m->clusters[0].nuclearity || c->charge != m->clusters[0].charge) {
      st = ck_error_set(
          r->ctx, CK_ERR_UNSUPPORTED,
          "clusters of different nuclearity or charge (several cluster families) need a pairs: "
          "block saying which families dimerize: %s has %d metal atoms and charge %d, %s has %d "
          "and %d",
          c->name, c->nuclearity, c->charge, m->clusters[0].name, m->clusters[0].nuclearity,
          m->clusters[0].charge);
    }
    if (st != CK_OK) {
      ck_error_locate(r->ctx, r->source, c->line);
      return st;
    }
  }
  return ck_yaml_infer_families(r);
}

/* ---- simulate ----------------------------------------------------------- */

static ck_status read_max_steps(ck_yaml_reader *r, const yaml_node_t *map, long *out) {
  const yaml_node_t *node = ck_yaml_lookup(r, map, "max-steps");
  if (node == NULL) {
    return CK_OK;
  }
  return ck_yaml_read_whole(r, node, "simulate.max-steps", 1, MAX_STEPS_LIMIT, out);
}

static ck_status read_simulate(ck_yaml_reader *r, const yaml_node_t *map) {
  static const char *const keys[] = {"dead-time", "end",           "step",      "normalize", "rtol",
                                     "atol",      "linear-solver", "max-steps", NULL};
  static const char *const normalize[] = {"total-ion", "none", NULL};
  /* "spgmr" (SUNDIALS' name for it) is read as "krylov": index 5 -> CK_LINSOL_KRYLOV. */
  static const char *const solvers[] = {"auto", "block", "klu", "dense", "krylov", "spgmr", NULL};
  ck_simulate_options *s = &r->model->simulate;
  int norm = (int)s->normalize, solver = (int)s->linear_solver;
  const char *sec = "simulate";
  ck_status st = ck_yaml_check_keys(r, map, sec, keys);
  if (st == CK_OK) {
    st = ck_yaml_opt_quantity(r, map, sec, "dead-time", CK_QTY_TIME, CK_YAML_NONNEGATIVE,
                              &s->dead_time_s);
  }
  if (st == CK_OK) {
    st = ck_yaml_opt_quantity(r, map, sec, "end", CK_QTY_TIME, CK_YAML_NONNEGATIVE, &s->end_s);
  }
  if (st == CK_OK) {
    st = ck_yaml_opt_quantity(r, map, sec, "step", CK_QTY_TIME, CK_YAML_POSITIVE, &s->step_s);
  }
  if (st == CK_OK) {
    st = ck_yaml_opt_enum(r, map, sec, "normalize", normalize, &norm);
  }
  if (st == CK_OK) {
    st =
        ck_yaml_opt_quantity(r, map, sec, "rtol", CK_QTY_DIMENSIONLESS, CK_YAML_POSITIVE, &s->rtol);
  }
  if (st == CK_OK) {
    st = ck_yaml_opt_quantity(r, map, sec, "atol", CK_QTY_CONCENTRATION, CK_YAML_POSITIVE,
                              &s->atol_nM);
  }
  if (st == CK_OK) {
    st = ck_yaml_opt_enum(r, map, sec, "linear-solver", solvers, &solver);
  }
  if (st == CK_OK) {
    st = read_max_steps(r, map, &s->max_steps);
  }
  s->normalize = (ck_normalize)norm;
  s->linear_solver = (ck_linear_solver)(solver == 5 ? CK_LINSOL_KRYLOV : solver);
  return st;
}

/* ---- the model ---------------------------------------------------------- */

static ck_status read_name(ck_yaml_reader *r, const yaml_node_t *root) {
  const yaml_node_t *node = ck_yaml_lookup(r, root, "name");
  const char *text = NULL;
  if (node != NULL) {
    ck_status st = ck_yaml_scalar_text(r, node, "name", &text);
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

static ck_status read_sections(ck_yaml_reader *r, const yaml_node_t *root) {
  yaml_node_t *mechanism = NULL, *clusters = NULL;
  ck_status st = ck_yaml_require(r, root, "mechanism", "the model", &mechanism);
  if (st == CK_OK) {
    st = read_mechanism(r, mechanism);
  }
  if (st == CK_OK) {
    st = ck_yaml_require(r, root, "clusters", "the model", &clusters);
  }
  if (st == CK_OK) {
    st = read_clusters(r, clusters);
  }
  if (st == CK_OK) {
    st = check_metals_used(r);
  }
  const yaml_node_t *pairs = ck_yaml_lookup(r, root, "pairs");
  if (st == CK_OK) {
    st = check_family(r, pairs != NULL);
  }
  if (st == CK_OK && pairs != NULL) {
    st = ck_yaml_read_pairs(r, pairs);
  }
  const yaml_node_t *initial = ck_yaml_lookup(r, root, "initial");
  if (st == CK_OK && initial != NULL && r->model->n_families > 1) {
    return ck_yaml_fail(r, initial, CK_ERR_UNSUPPORTED,
                        "initial: initial species in a model of several families are not "
                        "supported yet");
  }
  if (st == CK_OK && initial != NULL) {
    st = ck_yaml_read_initial(r, initial, "initial", &r->model->initial, &r->model->n_initial);
  }
  const yaml_node_t *simulate = ck_yaml_lookup(r, root, "simulate");
  if (st == CK_OK && simulate != NULL) {
    st = read_simulate(r, simulate);
  }
  return st;
}

/* One byte size of limits: (memory, output) into *out. */
static ck_status read_bytes(ck_yaml_reader *r, const yaml_node_t *map, const char *key,
                            const char *where, double *out) {
  const char *text = NULL;
  const yaml_node_t *node = ck_yaml_lookup(r, map, key);
  if (node == NULL) {
    return CK_OK;
  }
  ck_status st = ck_yaml_scalar_text(r, node, where, &text);
  if (st == CK_OK && ck_units_parse_bytes(r->ctx, text, out) != CK_OK) {
    return ck_yaml_locate_inner(r, node, CK_ERR_INPUT, where);
  }
  return st;
}

/* limits: {memory: 8 GiB, output: 2 GiB, time: 10 min}: the budgets the
 * network and solver estimates, each output file and the run's wall-clock
 * time must fit (issue 8). */
static ck_status read_limits(ck_yaml_reader *r, const yaml_node_t *map) {
  static const char *const keys[] = {"memory", "output", "time", NULL};
  ck_status st = ck_yaml_check_keys(r, map, "limits", keys);
  if (st == CK_OK) {
    st = read_bytes(r, map, "memory", "limits.memory", &r->model->memory_limit_bytes);
  }
  if (st == CK_OK) {
    st = read_bytes(r, map, "output", "limits.output", &r->model->output_limit_bytes);
  }
  if (st == CK_OK) {
    st = ck_yaml_opt_quantity(r, map, "limits", "time", CK_QTY_TIME, CK_YAML_POSITIVE,
                              &r->model->time_limit_s);
  }
  return st;
}

/* Trimers are generated for one family without site energies, and not fitted
 * yet: say so at the trimers: line rather than at generation. */
static ck_status check_trimers(ck_yaml_reader *r, const yaml_node_t *root, const yaml_node_t *fit) {
  const yaml_node_t *mechanism = ck_yaml_lookup(r, root, "mechanism");
  const yaml_node_t *node = ck_yaml_lookup(r, mechanism, "trimers");
  const ck_model *m = r->model;
  if (m->n_pairs > 0 || m->n_families > 1) {
    return ck_yaml_fail(r, node, CK_ERR_UNSUPPORTED,
                        "mechanism.trimers: trimers in a model of several families or with a "
                        "pairs: block are not supported");
  }
  if (m->sites != NULL) {
    return ck_yaml_fail(r, node, CK_ERR_UNSUPPORTED,
                        "mechanism.trimers: trimers together with sites: are not supported");
  }
  if (fit != NULL) {
    return ck_yaml_fail(r, fit, CK_ERR_UNSUPPORTED,
                        "fit: fitting a model with trimers is not supported yet");
  }
  return CK_OK;
}

static ck_status read_model(ck_yaml_reader *r, const yaml_node_t *root) {
  static const char *const keys[] = {"name", "clusters", "initial", "mechanism", "simulate",
                                     "fit",  "limits",   "sites",   "pairs",     NULL};
  ck_status st = ck_yaml_check_keys(r, root, "the model", keys);
  if (st == CK_OK) {
    st = read_name(r, root);
  }
  if (st == CK_OK) {
    st = read_sections(r, root);
  }
  const yaml_node_t *limits = ck_yaml_lookup(r, root, "limits");
  if (st == CK_OK && limits != NULL) {
    st = read_limits(r, limits);
  }
  const yaml_node_t *sites = ck_yaml_lookup(r, root, "sites");
  if (st == CK_OK && sites != NULL) {
    st = ck_yaml_read_sites(r, sites); /* yaml_sites.c */
  }
  const yaml_node_t *fit = ck_yaml_lookup(r, root, "fit");
  /* One k_c per pair of families would need per-pair collision parameters. */
  if (st == CK_OK && fit != NULL && r->model->kind == CK_MECHANISM_COLLISION_EXCHANGE &&
      r->model->n_pairs > 0) {
    return ck_yaml_fail(r, fit, CK_ERR_UNSUPPORTED,
                        "fit: fitting a collision-exchange model of several families or with a "
                        "pairs: block is not supported yet");
  }
  if (st == CK_OK && r->model->trimers.enabled) {
    st = check_trimers(r, root, fit);
  }
  if (st == CK_OK && fit != NULL) {
    r->model->has_fit_block = 1;
    st = ck_yaml_read_fit(r, fit);
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
  free(model->families);
  free(model->pairs);
  ck_fit_spec_free(model->fit);
  ck_sites_free(model->sites);
  free(model->name);
  free(model->source);
  free(model);
}

ck_model *ck_model_parse(ck_ctx *ctx, const char *text, size_t length, const char *source) {
  if (text == NULL) {
    ck_error_set(ctx, CK_ERR_ARG, "ck_model_parse: NULL text");
    return NULL;
  }
  const char *src = source != NULL ? source : "<string>";
  yaml_document_t doc;
  ck_yaml_reader r = {ctx, &doc, src, NULL, {0}};
  ck_status st = ck_yaml_document_load(ctx, text, length, src, "model file", &doc);
  if (st != CK_OK) {
    ck_error_locate(ctx, src, 0);
    return NULL;
  }
  r.model = model_create(ctx, src);
  st = r.model != NULL ? read_model(&r, yaml_document_get_root_node(&doc)) : CK_ERR_NOMEM;
  yaml_document_delete(&doc);
  if (st != CK_OK) {
    ck_model_free(r.model);
    r.model = NULL;
    ck_error_locate(ctx, src, 0); /* keeps a line already attached */
  }
  return r.model;
}

ck_model *ck_model_load(ck_ctx *ctx, const char *path) {
  if (path == NULL) {
    ck_error_set(ctx, CK_ERR_ARG, "ck_model_load: NULL path");
    return NULL;
  }
  char *text = NULL;
  size_t length = 0;
  if (ck_read_file(ctx, path, "model file", CK_ERR_IO, 0, &text, &length) != CK_OK) {
    return NULL;
  }
  ck_model *model = ck_model_parse(ctx, text, length, path);
  free(text);
  return model;
}
