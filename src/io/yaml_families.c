/* SPDX-License-Identifier: MIT */
/* Cluster families and the `pairs:` block (MODEL.md section 3; README, "Several cluster families").
 *
 * Families are inferred, not declared: clusters with the same exchangeable
 * nuclearity, charge and fixed atoms form one family, named after its first
 * cluster in file order. The ligand shell is not compared, so variants of one
 * core with other thiolates stay one family (and every one-family model reads
 * as before). A `pairs:` block then says, for every unordered pair of
 * families, whether they dimerize, whether the dimer exchanges atoms, and the
 * rate constants; entries apply in file order, each making its pairs dimerize
 * (unless dimerize: false) and setting only the other fields it names, so
 * `between: all` followed by specific pairs reads as "default, then
 * exceptions". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/yaml_impl.h"

/* The same fixed atoms, in any order. */
static int same_fixed(const ck_cluster *c, const ck_family *f) {
  if (c->n_fixed != f->n_fixed) {
    return 0;
  }
  for (int i = 0; i < c->n_fixed; i++) {
    int found = 0;
    for (int j = 0; j < f->n_fixed; j++) {
      found |= strcmp(c->fixed_metal[i], f->fixed_metal[j]) == 0 &&
               c->fixed_count[i] == f->fixed_count[j];
    }
    if (!found) {
      return 0;
    }
  }
  return 1;
}

ck_status ck_yaml_infer_families(ck_yaml_reader *r) {
  ck_model *m = r->model;
  m->families = ck_calloc(r->ctx, CK_MAX_FAMILIES, sizeof *m->families);
  if (m->families == NULL) {
    return CK_ERR_NOMEM;
  }
  for (int i = 0; i < m->n_clusters; i++) {
    ck_cluster *c = &m->clusters[i];
    int f = 0;
    while (f < m->n_families &&
           !(m->families[f].nuclearity == c->nuclearity && m->families[f].charge == c->charge &&
             same_fixed(c, &m->families[f]))) {
      f++;
    }
    if (f == m->n_families) {
      if (f == CK_MAX_FAMILIES) {
        ck_error_set(r->ctx, CK_ERR_INPUT, "cluster %s starts a family beyond the %d allowed",
                     c->name, CK_MAX_FAMILIES);
        ck_error_locate(r->ctx, r->source, c->line);
        return CK_ERR_INPUT;
      }
      ck_family *fam = &m->families[m->n_families++];
      fam->name = c->name;
      fam->nuclearity = c->nuclearity;
      fam->charge = c->charge;
      fam->n_fixed = c->n_fixed;
      memcpy(fam->fixed_metal, c->fixed_metal, sizeof fam->fixed_metal);
      memcpy(fam->fixed_count, c->fixed_count, sizeof fam->fixed_count);
    }
    c->family = f;
  }
  /* The one-family fields describe family 0 (all of the model when it is alone). */
  m->nuclearity = m->families[0].nuclearity;
  m->charge = m->families[0].charge;
  m->n_fixed = m->families[0].n_fixed;
  memcpy(m->fixed_metal, m->families[0].fixed_metal, sizeof m->fixed_metal);
  memcpy(m->fixed_count, m->families[0].fixed_count, sizeof m->fixed_count);
  return CK_OK;
}

/* ---- pairs: ------------------------------------------------------------- */

static int pair_slot(const ck_model *m, int f, int g) {
  if (f > g) {
    int t = f;
    f = g, g = t;
  }
  /* rows f = 0..: row f holds pairs (f, f..F-1) */
  return f * m->n_families - f * (f - 1) / 2 + (g - f);
}

static ck_status family_of_name(ck_yaml_reader *r, const yaml_node_t *node, const char *what,
                                int *family) {
  const char *name = NULL;
  ck_status st = ck_yaml_scalar_text(r, node, what, &name);
  if (st != CK_OK) {
    return st;
  }
  for (int i = 0; i < r->model->n_clusters; i++) {
    if (strcmp(r->model->clusters[i].name, name) == 0) {
      *family = r->model->clusters[i].family;
      return CK_OK;
    }
  }
  return ck_yaml_fail(r, node, CK_ERR_INPUT,
                      "%s: \"%.32s\" is not a cluster name (name any cluster of a family)", what,
                      name);
}

/* between: all, or [A, B] with cluster names standing for their families.
 * Marks the pair slots the entry covers. */
static ck_status read_between(ck_yaml_reader *r, const yaml_node_t *node, const char *what,
                              unsigned char *covered) {
  ck_model *m = r->model;
  if (ck_yaml_scalar_is(node, "all")) {
    memset(covered, 1, (size_t)m->n_pairs);
    return CK_OK;
  }
  if (node->type != YAML_SEQUENCE_NODE || ck_yaml_n_items(node) != 2) {
    return ck_yaml_fail(r, node, CK_ERR_INPUT,
                        "%s: expected all or two cluster names, as in [Ag29, AuAg24]", what);
  }
  int f[2];
  for (int k = 0; k < 2; k++) {
    ck_status st = family_of_name(r, ck_yaml_item(r, node, k), what, &f[k]);
    if (st != CK_OK) {
      return st;
    }
  }
  covered[pair_slot(m, f[0], f[1])] = 1;
  return CK_OK;
}

typedef struct pair_settings {
  int dimerize, exchange, stable; /* -1 = not named */
  int has_rate[4];
  double rate[4]; /* dimerization, dissociation, exchange; collision */
} pair_settings;

/* Dimer exchange: the three rates of mechanism.rates; collision exchange
 * (no dimers): collision only. */
static ck_status read_pair_rates(ck_yaml_reader *r, const yaml_node_t *map, const char *what,
                                 pair_settings *s) {
  static const char *const keys[] = {"dimerization", "dissociation", "exchange", "collision", NULL};
  static const ck_quantity_kind kinds[] = {CK_QTY_RATE_SECOND_ORDER, CK_QTY_RATE_FIRST_ORDER,
                                           CK_QTY_RATE_FIRST_ORDER, CK_QTY_RATE_SECOND_ORDER};
  int collision = r->model->kind == CK_MECHANISM_COLLISION_EXCHANGE;
  /* keys + 3 is {"collision", NULL}; keys with the collision entry cut off
   * are the dimer rates */
  static const char *const dimer_keys[] = {"dimerization", "dissociation", "exchange", NULL};
  ck_status st = ck_yaml_check_keys(r, map, what, collision ? keys + 3 : dimer_keys);
  for (int i = collision ? 3 : 0; st == CK_OK && i < (collision ? 4 : 3); i++) {
    const yaml_node_t *value = ck_yaml_lookup(r, map, keys[i]);
    char path[CK_YAML_PATH_MAX];
    snprintf(path, sizeof path, "%.64s.%.32s", what, keys[i]);
    if (value != NULL) {
      s->has_rate[i] = 1;
      st = ck_yaml_read_quantity(r, value, kinds[i], CK_YAML_NONNEGATIVE, path, &s->rate[i]);
    }
  }
  return st;
}

static ck_status read_opt_bool(ck_yaml_reader *r, const yaml_node_t *map, const char *what,
                               const char *key, int *out) {
  const yaml_node_t *node = ck_yaml_lookup(r, map, key);
  char path[CK_YAML_PATH_MAX];
  snprintf(path, sizeof path, "%.64s.%.32s", what, key);
  return node == NULL ? CK_OK : ck_yaml_read_bool(r, node, path, out);
}

/* An entry makes its pairs dimerize unless it says dimerize: false: naming a
 * pair's rates or stability means it forms dimers. */
static void apply(ck_pair *p, const pair_settings *s, int collision, int line) {
  p->line = line;
  if (collision) { /* no dimers: whether encounters swap atoms, and how fast */
    p->exchange = s->exchange >= 0 ? s->exchange : p->exchange;
    p->k_coll_per_nM_s = s->has_rate[3] ? s->rate[3] : p->k_coll_per_nM_s;
    return;
  }
  p->dimerize = s->dimerize != 0;
  if (s->exchange >= 0) {
    p->exchange = s->exchange;
  }
  double *k[3] = {&p->k_dim_per_nM_s, &p->k_diss_per_s, &p->k_ex_per_s};
  for (int i = 0; i < 3; i++) {
    if (s->has_rate[i]) {
      *k[i] = s->rate[i];
      p->inherits[i] = 0;
    }
  }
  if (s->stable == 1) {
    p->k_diss_per_s = 0.0;
    p->inherits[1] = 0; /* dissociation */
  }
  p->line = line;
}

/* Collision exchange has no dimers: dimerize and stable mean nothing there. */
static ck_status refuse_dimer_keys(ck_yaml_reader *r, const yaml_node_t *map, const char *what) {
  static const char *const dimer_only[] = {"dimerize", "stable", NULL};
  for (int i = 0; dimer_only[i] != NULL; i++) {
    const yaml_node_t *node = ck_yaml_lookup(r, map, dimer_only[i]);
    if (node != NULL) {
      return ck_yaml_fail(r, node, CK_ERR_INPUT,
                          "%s.%s: collision-exchange forms no dimers (give exchange and "
                          "rates.collision)",
                          what, dimer_only[i]);
    }
  }
  return CK_OK;
}

static ck_status read_entry(ck_yaml_reader *r, const yaml_node_t *map, int index,
                            unsigned char *covered) {
  static const char *const keys[] = {"between", "dimerize", "exchange", "stable", "rates", NULL};
  ck_model *m = r->model;
  char what[CK_YAML_PATH_MAX], path[CK_YAML_PATH_MAX];
  snprintf(what, sizeof what, "pairs[%d]", index);
  pair_settings s = {-1, -1, -1, {0, 0, 0, 0}, {0.0, 0.0, 0.0, 0.0}};
  yaml_node_t *between = NULL;
  ck_status st = ck_yaml_check_keys(r, map, what, keys);
  if (st == CK_OK && m->kind == CK_MECHANISM_COLLISION_EXCHANGE) {
    st = refuse_dimer_keys(r, map, what);
  }
  if (st == CK_OK) {
    st = ck_yaml_require(r, map, "between", what, &between);
  }
  if (st == CK_OK) {
    snprintf(path, sizeof path, "%.64s.between", what);
    memset(covered, 0, (size_t)m->n_pairs);
    st = read_between(r, between, path, covered);
  }
  if (st == CK_OK) {
    st = read_opt_bool(r, map, what, "dimerize", &s.dimerize);
  }
  if (st == CK_OK) {
    st = read_opt_bool(r, map, what, "exchange", &s.exchange);
  }
  if (st == CK_OK) {
    st = read_opt_bool(r, map, what, "stable", &s.stable);
  }
  const yaml_node_t *rates = ck_yaml_lookup(r, map, "rates");
  if (st == CK_OK && rates != NULL) {
    snprintf(path, sizeof path, "%.64s.rates", what);
    st = read_pair_rates(r, rates, path, &s);
  }
  if (st == CK_OK && s.stable == 1 && s.has_rate[1] && s.rate[1] > 0.0) {
    return ck_yaml_fail(r, map, CK_ERR_INPUT,
                        "%s: a stable pair does not dissociate; drop rates.dissociation or "
                        "stable: true",
                        what);
  }
  for (int p = 0; st == CK_OK && p < m->n_pairs; p++) {
    if (covered[p]) {
      apply(&m->pairs[p], &s, m->kind == CK_MECHANISM_COLLISION_EXCHANGE, ck_yaml_line(map));
    }
  }
  return st;
}

static ck_status check_family_labels(ck_yaml_reader *r);

ck_status ck_yaml_read_pairs(ck_yaml_reader *r, const yaml_node_t *seq) {
  ck_model *m = r->model;
  int nf = m->n_families;
  ck_status st = CK_OK;
  if (seq != NULL) {
    st = ck_yaml_expect_type(r, seq, YAML_SEQUENCE_NODE, "pairs");
    if (st != CK_OK) {
      return st;
    }
  }
  m->n_pairs = nf * (nf + 1) / 2;
  m->pairs = ck_calloc(r->ctx, (size_t)m->n_pairs, sizeof *m->pairs);
  unsigned char *covered = ck_calloc(r->ctx, (size_t)m->n_pairs, 1);
  if (m->pairs == NULL || covered == NULL) {
    free(covered);
    return CK_ERR_NOMEM;
  }
  for (int f = 0; f < nf; f++) { /* default: every pair as the mechanism says */
    for (int g = f; g < nf; g++) {
      ck_pair *p = &m->pairs[pair_slot(m, f, g)];
      p->family[0] = f, p->family[1] = g;
      p->dimerize = m->kind != CK_MECHANISM_COLLISION_EXCHANGE; /* collisions: no dimers */
      p->exchange = 1;
      p->k_coll_per_nM_s = m->k_coll_per_nM_s;
      p->k_dim_per_nM_s = m->k_dim_per_nM_s;
      p->k_diss_per_s = m->k_diss_per_s;
      p->k_ex_per_s = m->k_ex_per_s;
      memset(p->inherits, 1, sizeof p->inherits);
    }
  }
  int n = seq != NULL ? ck_yaml_n_items(seq) : 0;
  for (int i = 0; st == CK_OK && i < n; i++) {
    const yaml_node_t *entry = ck_yaml_item(r, seq, i);
    st = ck_yaml_expect_type(r, entry, YAML_MAPPING_NODE, "pairs entry");
    if (st == CK_OK) {
      st = read_entry(r, entry, i, covered);
    }
  }
  free(covered);
  return st == CK_OK ? check_family_labels(r) : st;
}

/* ---- per-pair rate constants as fit parameters -------------------------- */

static int cluster_family(const ck_model *m, const char *name, size_t length) {
  for (int i = 0; i < m->n_clusters; i++) {
    if (strlen(m->clusters[i].name) == length && strncmp(m->clusters[i].name, name, length) == 0) {
      return m->clusters[i].family;
    }
  }
  return -1;
}

/* Whether pair p has the constant `rate` at all: a pair that does not
 * dimerize has none, a stable one no dissociation, one with exchange: false
 * no exchange. */
static const char *missing_rate(const ck_pair *p, int rate) {
  if (!p->dimerize) {
    return "does not dimerize";
  }
  if (rate == 1 && !(p->k_diss_per_s > 0.0) && !p->inherits[1]) {
    return "is stable (no dissociation)";
  }
  if (rate == 2 && !p->exchange) {
    return "does not exchange";
  }
  return NULL;
}

ck_status ck_yaml_pair_rate_name(ck_yaml_reader *r, const yaml_node_t *key,
                                 const char *const *rate_names, int *rate, int *pair) {
  const ck_model *m = r->model;
  const char *text = key->type == YAML_SCALAR_NODE ? (const char *)key->data.scalar.value : "";
  const char *dot = strchr(text, '.'), *plus = dot != NULL ? strchr(dot + 1, '+') : NULL;
  if (plus == NULL || strchr(plus + 1, '+') != NULL) {
    return CK_ERR_ARG;
  }
  *rate = -1;
  for (int i = 0; rate_names[i] != NULL; i++) {
    if (strlen(rate_names[i]) == (size_t)(dot - text) &&
        strncmp(rate_names[i], text, (size_t)(dot - text)) == 0) {
      *rate = i;
    }
  }
  if (*rate < 0) {
    return CK_ERR_ARG;
  }
  if (m->n_pairs == 0) {
    return ck_yaml_fail(r, key, CK_ERR_INPUT,
                        "fit.parameters.%.64s: a pair's own rate needs a pairs: block", text);
  }
  int f = cluster_family(m, dot + 1, (size_t)(plus - dot - 1));
  int g = cluster_family(m, plus + 1, strlen(plus + 1));
  if (f < 0 || g < 0) {
    return ck_yaml_fail(r, key, CK_ERR_INPUT,
                        "fit.parameters.%.64s: \"%.*s\" is not a cluster name (write "
                        "rate.A+B with A and B clusters of the two families)",
                        text, f < 0 ? (int)(plus - dot - 1) : (int)strlen(plus + 1),
                        f < 0 ? dot + 1 : plus + 1);
  }
  int slot = pair_slot(m, f, g);
  const char *why = missing_rate(&m->pairs[slot], *rate);
  if (why != NULL) {
    return ck_yaml_fail(r, key, CK_ERR_INPUT, "fit.parameters.%.64s: under pairs: that pair %s",
                        text, why);
  }
  *pair = slot + 1;
  return CK_OK;
}

int ck_yaml_rate_used(const ck_model *m, int rate) {
  if (m->n_pairs == 0) {
    return 1;
  }
  for (int k = 0; k < m->n_pairs; k++) {
    if (m->pairs[k].inherits[rate] && missing_rate(&m->pairs[k], rate) == NULL) {
      return 1;
    }
  }
  return 0;
}

/* ---- channel labels stay unambiguous ------------------------------------ */

/* What a channel label of a class (one family's monomers, or one pair's
 * dimers) shows besides the composition: all its atoms, its charge, and each
 * fixed metal that does not exchange. Two classes with equal signatures would
 * write the same labels for different species (README, "Several cluster
 * families"), so such a model is refused. */
typedef struct signature {
  int atoms, charge;
  int fixed_only[CK_MAX_FAMILIES * CK_MAX_METALS];
} signature;

static void add_family(const ck_model *m, const ck_family *f, signature *s, const char **order,
                       int n_order) {
  s->atoms += f->nuclearity;
  s->charge += f->charge;
  for (int i = 0; i < f->n_fixed; i++) {
    s->atoms += f->fixed_count[i];
    for (int k = 0; k < n_order; k++) {
      if (strcmp(order[k], f->fixed_metal[i]) == 0) {
        s->fixed_only[k] += f->fixed_count[i];
      }
    }
  }
  (void)m;
}

static ck_status check_family_labels(ck_yaml_reader *r) {
  const ck_model *m = r->model;
  const char *order[CK_MAX_FAMILIES * CK_MAX_METALS];
  int n_order = 0;
  for (int f = 0; f < m->n_families; f++) { /* fixed-only metals, first appearance */
    for (int i = 0; i < m->families[f].n_fixed; i++) {
      const char *symbol = m->families[f].fixed_metal[i];
      int seen = ck_yaml_metal_index(m, symbol) >= 0;
      for (int k = 0; k < n_order; k++) {
        seen |= strcmp(order[k], symbol) == 0;
      }
      if (!seen) {
        order[n_order++] = symbol;
      }
    }
  }
  int n_classes = m->n_families + m->n_pairs;
  signature *sig = ck_calloc(r->ctx, (size_t)n_classes, sizeof *sig);
  if (sig == NULL) {
    return CK_ERR_NOMEM;
  }
  for (int c = 0; c < n_classes; c++) {
    if (c < m->n_families) {
      add_family(m, &m->families[c], &sig[c], order, n_order);
    } else if (m->pairs[c - m->n_families].dimerize) {
      const ck_pair *p = &m->pairs[c - m->n_families];
      add_family(m, &m->families[p->family[0]], &sig[c], order, n_order);
      add_family(m, &m->families[p->family[1]], &sig[c], order, n_order);
    }
  }
  ck_status st = CK_OK;
  for (int a = 0; a < n_classes && st == CK_OK; a++) {
    for (int b = a + 1; b < n_classes && st == CK_OK; b++) {
      if (sig[a].atoms == 0 || memcmp(&sig[a], &sig[b], sizeof sig[a]) != 0) {
        continue;
      }
      char name[2][80];
      for (int k = 0; k < 2; k++) {
        int c = k == 0 ? a : b;
        if (c < m->n_families) {
          snprintf(name[k], sizeof name[k], "monomers of %.32s", m->families[c].name);
        } else {
          const ck_pair *p = &m->pairs[c - m->n_families];
          snprintf(name[k], sizeof name[k], "dimers of %.32s + %.32s",
                   m->families[p->family[0]].name, m->families[p->family[1]].name);
        }
      }
      st = ck_error_set(r->ctx, CK_ERR_UNSUPPORTED,
                        "%s and %s have the same number of metal atoms (%d) and charge (%d), so "
                        "their channel labels would coincide; such mixtures are not supported yet",
                        name[0], name[1], sig[a].atoms, sig[a].charge);
      ck_error_locate(r->ctx, r->source, 0);
    }
  }
  free(sig);
  return st;
}
