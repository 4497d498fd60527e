/* SPDX-License-Identifier: MIT */
/* The `fit:` block of a model file into a ck_fit_spec (MODEL.md section 8, "Fit block extras").
 *
 * Read after the clusters, the rates and the simulate block, which it refers
 * to (cluster names, rate names, the default dead time). The spec is hung on
 * the model before anything is read into it, and every array is counted as
 * its entries are started, so ck_model_free releases a half-read block. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkin/ck_fit_spec.h"
#include "io/yaml_impl.h"

#define FRACTION_TEXT_MAX 64

/* path = what.key, cut to fit (messages only). */
static void sub_path(char path[CK_YAML_PATH_MAX], const char *what, const char *key) {
  snprintf(path, CK_YAML_PATH_MAX, "%.100s.%.56s", what, key);
}

/* Indexed by ck_reaction_kind: the keys under mechanism.rates and their units. */
static const char *const rate_names[] = {"dimerization", "dissociation", "exchange", NULL};
static const ck_quantity_kind rate_units[] = {CK_QTY_RATE_SECOND_ORDER, CK_QTY_RATE_FIRST_ORDER,
                                              CK_QTY_RATE_FIRST_ORDER};

/* ---- objective and options ---------------------------------------------- */

/* `tmax`, `traces` or {tmax: w1, traces: w2}. */
static ck_status read_objective(ck_yaml_reader *r, const yaml_node_t *node, ck_fit_spec *spec) {
  static const char *const names[] = {"tmax", "traces", NULL};
  const char *text = NULL;
  if (node->type != YAML_MAPPING_NODE) {
    ck_status st = ck_yaml_scalar_text(r, node, "fit.objective", &text);
    int which = st == CK_OK ? ck_yaml_name_index(names, node) : -1;
    if (st == CK_OK && which < 0) {
      st = ck_yaml_fail(r, node, CK_ERR_INPUT,
                        "fit.objective: unknown value \"%.64s\" (allowed: tmax, traces, or "
                        "{tmax: weight, traces: weight})",
                        text);
    }
    spec->objective = which == 1 ? CK_FIT_OBJECTIVE_TRACES : CK_FIT_OBJECTIVE_TMAX;
    spec->weight_tmax = which == 0;
    spec->weight_traces = which == 1;
    return st;
  }
  ck_status st = ck_yaml_check_keys(r, node, "fit.objective", names);
  spec->weight_tmax = spec->weight_traces = 0.0;
  if (st == CK_OK) {
    st = ck_yaml_opt_quantity(r, node, "fit.objective", "tmax", CK_QTY_DIMENSIONLESS,
                              CK_YAML_NONNEGATIVE, &spec->weight_tmax);
  }
  if (st == CK_OK) {
    st = ck_yaml_opt_quantity(r, node, "fit.objective", "traces", CK_QTY_DIMENSIONLESS,
                              CK_YAML_NONNEGATIVE, &spec->weight_traces);
  }
  if (st == CK_OK && !(spec->weight_tmax > 0.0) && !(spec->weight_traces > 0.0)) {
    return ck_yaml_fail(r, node, CK_ERR_INPUT,
                        "fit.objective: give tmax or traces a weight greater than 0");
  }
  spec->objective = spec->weight_traces == 0.0 ? CK_FIT_OBJECTIVE_TMAX
                    : spec->weight_tmax == 0.0 ? CK_FIT_OBJECTIVE_TRACES
                                               : CK_FIT_OBJECTIVE_BOTH;
  return st;
}

/* A fraction as a plain number (0.005) or a percentage ("0.5 %"). */
static ck_status read_fraction(ck_yaml_reader *r, const yaml_node_t *node, const char *what,
                               double *out) {
  const char *text = NULL;
  ck_status st = ck_yaml_scalar_text(r, node, what, &text);
  if (st != CK_OK) {
    return st;
  }
  size_t n = strlen(text);
  while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t')) {
    n--;
  }
  if (n == 0 || text[n - 1] != '%') {
    return ck_yaml_read_quantity(r, node, CK_QTY_DIMENSIONLESS, CK_YAML_ANY, what, out);
  }
  n--; /* the '%' and the blanks before it */
  while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t')) {
    n--;
  }
  char number[FRACTION_TEXT_MAX];
  snprintf(number, sizeof number, "%.*s", (int)(n < sizeof number ? n : 0), text);
  double percent = 0.0;
  st = ck_units_parse(r->ctx, number, CK_QTY_DIMENSIONLESS, &percent);
  if (st != CK_OK) {
    return ck_yaml_locate_inner(r, node, st, what);
  }
  *out = percent / 100.0;
  return CK_OK;
}

static ck_status read_tmax_threshold(ck_yaml_reader *r, const yaml_node_t *map, ck_fit_spec *spec) {
  const yaml_node_t *node = ck_yaml_lookup(r, map, "tmax-threshold");
  ck_status st =
      node != NULL ? read_fraction(r, node, "fit.tmax-threshold", &spec->tmax_threshold) : CK_OK;
  if (st == CK_OK && !(spec->tmax_threshold >= 0.0 && spec->tmax_threshold < 1.0)) {
    return ck_yaml_fail(r, node, CK_ERR_INPUT,
                        "fit.tmax-threshold must be at least 0 and below 1 (100 %%)");
  }
  return st;
}

static ck_status read_intervals(ck_yaml_reader *r, const yaml_node_t *map, ck_fit_spec *spec) {
  static const char *const intervals[] = {"profile", "none", NULL};
  int kind = (int)spec->intervals;
  ck_status st = ck_yaml_opt_enum(r, map, "fit", "intervals", intervals, &kind);
  spec->intervals = (ck_fit_intervals)kind;
  const yaml_node_t *node = ck_yaml_lookup(r, map, "interval-level");
  if (st == CK_OK && node != NULL) {
    st = read_fraction(r, node, "fit.interval-level", &spec->interval_level);
  }
  if (st == CK_OK && !(spec->interval_level > 0.0 && spec->interval_level < 1.0)) {
    return ck_yaml_fail(r, node, CK_ERR_INPUT,
                        "fit.interval-level must lie strictly between 0 and 1 (0 %% and 100 %%)");
  }
  return st;
}

static ck_status read_options(ck_yaml_reader *r, const yaml_node_t *map, ck_fit_spec *spec) {
  static const char *const weightings[] = {"absolute", "relative", "log", NULL};
  int weighting = (int)spec->weighting;
  ck_status st = ck_yaml_opt_enum(r, map, "fit", "weighting", weightings, &weighting);
  spec->weighting = (ck_fit_weighting)weighting;
  if (st == CK_OK) {
    st = read_tmax_threshold(r, map, spec);
  }
  const yaml_node_t *refine = ck_yaml_lookup(r, map, "refine");
  if (st == CK_OK && refine != NULL) {
    st = ck_yaml_read_bool(r, refine, "fit.refine", &spec->refine);
  }
  const yaml_node_t *starts = ck_yaml_lookup(r, map, "starts");
  long n_starts = spec->starts;
  if (st == CK_OK && starts != NULL) {
    st = ck_yaml_read_whole(r, starts, "fit.starts", 1, CK_FIT_MAX_STARTS, &n_starts);
  }
  spec->starts = (int)n_starts;
  if (st == CK_OK) {
    st = read_intervals(r, map, spec);
  }
  return st;
}

/* ---- parameters --------------------------------------------------------- */

static ck_status read_fixed(ck_yaml_reader *r, const yaml_node_t *map, const yaml_node_t *fixed,
                            const char *what, ck_fit_param *p) {
  char path[CK_YAML_PATH_MAX];
  if (ck_yaml_n_pairs(map) > 1) {
    return ck_yaml_fail(r, map, CK_ERR_INPUT, "%s: fixed excludes min, max and points", what);
  }
  sub_path(path, what, "fixed");
  ck_status st = ck_yaml_read_quantity(r, fixed, p->unit, CK_YAML_NONNEGATIVE, path, &p->value);
  p->fixed = 1;
  p->min = p->max = p->value;
  p->points = 1;
  return st;
}

/* {min, max, points}: a log-spaced grid, so min > 0. */
static ck_status read_range(ck_yaml_reader *r, const yaml_node_t *map, const char *what,
                            ck_fit_param *p) {
  yaml_node_t *min = NULL, *max = NULL, *points = NULL;
  char path[CK_YAML_PATH_MAX];
  long n = 0;
  ck_status st = ck_yaml_require(r, map, "min", what, &min);
  if (st == CK_OK) {
    sub_path(path, what, "min");
    st = ck_yaml_read_quantity(r, min, p->unit, CK_YAML_POSITIVE, path, &p->min);
  }
  if (st == CK_OK) {
    st = ck_yaml_require(r, map, "max", what, &max);
  }
  if (st == CK_OK) {
    sub_path(path, what, "max");
    st = ck_yaml_read_quantity(r, max, p->unit, CK_YAML_POSITIVE, path, &p->max);
  }
  const char *unit = ck_units_internal_name(p->unit);
  if (st == CK_OK && p->min > p->max) {
    return ck_yaml_fail(r, min, CK_ERR_INPUT, "%s: min (%g %s) is greater than max (%g %s)", what,
                        p->min, unit, p->max, unit);
  }
  if (st == CK_OK) {
    st = ck_yaml_require(r, map, "points", what, &points);
  }
  if (st == CK_OK) {
    sub_path(path, what, "points");
    st = ck_yaml_read_whole(r, points, path, 1, CK_FIT_MAX_POINTS, &n);
  }
  if (st == CK_OK && n > 1 && p->min == p->max) {
    return ck_yaml_fail(r, points, CK_ERR_INPUT,
                        "%s: min equals max, so its %ld points would all be the same "
                        "(write points: 1, or {fixed: value})",
                        what, n);
  }
  p->points = (int)n;
  return st;
}

/* Collision exchange has one constant, k_c of M_a + M_b -> M_a' + M_b' in
 * 1/(nM s) (MODEL.md section 3), kept where its network keeps it: in the
 * CK_REACTION_EXCHANGE slot. The dimer rates are no parameters of it, and
 * `collision` is none of a dimer model. */
static ck_status collision_param(ck_yaml_reader *r, const yaml_node_t *key, ck_fit_param *p) {
  const char *text = (const char *)key->data.scalar.value; /* check_keys made it a scalar */
  int collision = r->model->kind == CK_MECHANISM_COLLISION_EXCHANGE;
  if (!collision) {
    return ck_yaml_fail(r, key, CK_ERR_INPUT,
                        "fit.parameters.collision: only a collision-exchange model has this rate "
                        "constant (this one is dimer-exchange: fit dimerization, dissociation or "
                        "exchange)");
  }
  if (!ck_yaml_scalar_is(key, "collision")) {
    int dimer_rate = ck_yaml_name_index(rate_names, key) >= 0;
    return ck_yaml_fail(r, key, CK_ERR_INPUT,
                        dimer_rate ? "fit.parameters.%.64s: a collision-exchange model has one "
                                     "rate constant, collision (1/(nM s)); fit that instead"
                                   : "fit.parameters: unknown parameter \"%.64s\" (the one rate "
                                     "constant of a collision-exchange model is collision)",
                        text);
  }
  p->name = "collision";
  p->rate = CK_REACTION_EXCHANGE;
  p->unit = CK_QTY_RATE_SECOND_ORDER;
  return CK_OK;
}

/* The rate a dimer-exchange parameter names: mechanism.rates' or one pair's. */
static ck_status dimer_param(ck_yaml_reader *r, const yaml_node_t *key, ck_fit_param *p) {
  int rate = ck_yaml_name_index(rate_names, key), pair = 0;
  ck_status st = rate >= 0 ? CK_OK : ck_yaml_pair_rate_name(r, key, rate_names, &rate, &pair);
  if (st == CK_ERR_ARG) {
    char list[128];
    ck_yaml_join_names(rate_names, list, sizeof list);
    return ck_yaml_fail(r, key, CK_ERR_INPUT,
                        "fit.parameters: unknown parameter \"%.64s\" (parameters are the rate "
                        "constants under mechanism.rates: %s%s)",
                        (const char *)key->data.scalar.value, list,
                        r->model->n_pairs > 0 ? ", or one pair's, as exchange.A+B" : "");
  }
  if (st != CK_OK) {
    return st;
  }
  if (pair == 0 && !ck_yaml_rate_used(r->model, rate)) {
    return ck_yaml_fail(r, key, CK_ERR_INPUT,
                        "fit.parameters.%s: every pair that has this rate sets its own under "
                        "pairs:, so it would change nothing; fit %s.A+B for a pair instead",
                        rate_names[rate], rate_names[rate]);
  }
  p->pair = pair;
  if (pair > 0) {
    p->own_name = ck_strdup(r->ctx, (const char *)key->data.scalar.value);
    if (p->own_name == NULL) {
      return CK_ERR_NOMEM;
    }
  }
  p->name = pair > 0 ? p->own_name : rate_names[rate];
  p->rate = (ck_reaction_kind)rate;
  p->unit = rate_units[rate];
  return CK_OK;
}

static ck_status read_param(ck_yaml_reader *r, const yaml_node_t *key, const yaml_node_t *value,
                            ck_fit_param *p) {
  static const char *const keys[] = {"fixed", "min", "max", "points", NULL};
  p->line = ck_yaml_line(key);
  int collision = r->model->kind == CK_MECHANISM_COLLISION_EXCHANGE;
  ck_status st = collision || ck_yaml_scalar_is(key, "collision") ? collision_param(r, key, p)
                                                                  : dimer_param(r, key, p);
  if (st != CK_OK) {
    return st;
  }
  char what[CK_YAML_PATH_MAX];
  snprintf(what, sizeof what, "fit.parameters.%.64s", p->name);
  st = ck_yaml_check_keys(r, value, what, keys);
  if (st != CK_OK) {
    return st;
  }
  const yaml_node_t *fixed = ck_yaml_lookup(r, value, "fixed");
  return fixed != NULL ? read_fixed(r, value, fixed, what, p) : read_range(r, value, what, p);
}

static ck_status read_params(ck_yaml_reader *r, const yaml_node_t *map, ck_fit_spec *spec) {
  ck_status st = ck_yaml_check_keys(r, map, "fit.parameters", NULL);
  int n = st == CK_OK ? ck_yaml_n_pairs(map) : 0;
  if (st == CK_OK && n == 0) {
    return ck_yaml_fail(r, map, CK_ERR_INPUT,
                        "fit.parameters: name at least one rate constant of mechanism.rates");
  }
  if (st != CK_OK) {
    return st;
  }
  spec->params = ck_calloc(r->ctx, (size_t)n, sizeof *spec->params);
  if (spec->params == NULL) {
    return CK_ERR_NOMEM;
  }
  double grid = 1.0;
  for (int i = 0; st == CK_OK && i < n; i++) {
    spec->n_params++;
    st =
        read_param(r, ck_yaml_pair_key(r, map, i), ck_yaml_pair_value(r, map, i), &spec->params[i]);
    grid *= spec->params[i].points;
    for (int j = 0; st == CK_OK && j < i; j++) { /* exchange.A+B and exchange.B+A */
      const ck_fit_param *a = &spec->params[j], *b = &spec->params[i];
      if (a->rate == b->rate && a->pair == b->pair) {
        return ck_yaml_fail(r, ck_yaml_pair_key(r, map, i), CK_ERR_INPUT,
                            "fit.parameters: %.64s names the same rate constant as %.64s", b->name,
                            a->name);
      }
    }
  }
  if (st == CK_OK && grid > CK_FIT_MAX_GRID_POINTS) {
    return ck_yaml_fail(r, map, CK_ERR_INPUT,
                        "fit.parameters: the grid has %.4g points, more than the limit of %d", grid,
                        CK_FIT_MAX_GRID_POINTS);
  }
  return st;
}

/* ---- constraints -------------------------------------------------------- */

static int rate_index(const char *text, size_t length) {
  while (length > 0 && (*text == ' ' || *text == '\t')) {
    text++, length--;
  }
  while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == '\t')) {
    length--;
  }
  for (int i = 0; rate_names[i] != NULL; i++) {
    if (strlen(rate_names[i]) == length && strncmp(rate_names[i], text, length) == 0) {
      return i;
    }
  }
  return -1;
}

/* Unit of k[num] / k[den]: the rates are first order except dimerization. */
static ck_quantity_kind ratio_unit(int num, int den) {
  if (rate_units[num] == rate_units[den]) {
    return CK_QTY_DIMENSIONLESS;
  }
  return rate_units[num] == CK_QTY_RATE_SECOND_ORDER ? CK_QTY_INVERSE_CONCENTRATION
                                                     : CK_QTY_CONCENTRATION;
}

/* "numerator/denominator: value". */
static ck_status read_ratio(ck_yaml_reader *r, const yaml_node_t *key, const yaml_node_t *value,
                            ck_fit_ratio *out) {
  const char *text = (const char *)key->data.scalar.value; /* check_keys made it a scalar */
  const char *slash = strchr(text, '/');
  int num = slash != NULL ? rate_index(text, (size_t)(slash - text)) : -1;
  int den = slash != NULL ? rate_index(slash + 1, strlen(slash + 1)) : -1;
  out->line = ck_yaml_line(key);
  if (num < 0 || den < 0) {
    return ck_yaml_fail(r, key, CK_ERR_INPUT,
                        "fit.constraints.ratio: \"%.64s\" is not two rate names as "
                        "numerator/denominator, such as dimerization/dissociation",
                        text);
  }
  if (num == den) {
    return ck_yaml_fail(r, key, CK_ERR_INPUT,
                        "fit.constraints.ratio: \"%.64s\" divides a rate by itself", text);
  }
  out->numerator = (ck_reaction_kind)num;
  out->denominator = (ck_reaction_kind)den;
  out->unit = ratio_unit(num, den);
  char what[CK_YAML_PATH_MAX];
  snprintf(what, sizeof what, "fit.constraints.ratio.%.64s", text);
  return ck_yaml_read_quantity(r, value, out->unit, CK_YAML_POSITIVE, what, &out->ratio);
}

/* A ratio's numerator follows its denominator: it is set once, is no
 * denominator itself (no chains to resolve), and is not also a parameter. */
static ck_status check_ratio(ck_yaml_reader *r, const yaml_node_t *key, const ck_fit_spec *spec,
                             int k) {
  const ck_fit_ratio *q = &spec->ratios[k];
  const char *num = rate_names[q->numerator];
  for (int j = 0; j < k; j++) {
    const ck_fit_ratio *e = &spec->ratios[j];
    if (e->numerator == q->numerator) {
      return ck_yaml_fail(r, key, CK_ERR_INPUT,
                          "fit.constraints.ratio: %s is already set by the ratio on line %d", num,
                          e->line);
    }
    if (e->numerator == q->denominator || e->denominator == q->numerator) {
      return ck_yaml_fail(r, key, CK_ERR_INPUT,
                          "fit.constraints.ratio: chained ratios are not supported (this one and "
                          "the one on line %d share %s)",
                          e->line,
                          rate_names[e->numerator == q->denominator ? e->numerator : q->numerator]);
    }
  }
  for (int i = 0; i < spec->n_params; i++) {
    if (spec->params[i].rate == q->numerator) {
      return ck_yaml_fail(r, key, CK_ERR_INPUT,
                          "fit.constraints.ratio: %s follows from this ratio, so it cannot also "
                          "be listed under fit.parameters (line %d)",
                          num, spec->params[i].line);
    }
  }
  return CK_OK;
}

static ck_status read_constraints(ck_yaml_reader *r, const yaml_node_t *map, ck_fit_spec *spec) {
  static const char *const keys[] = {"ratio", NULL};
  ck_status st = ck_yaml_check_keys(r, map, "fit.constraints", keys);
  const yaml_node_t *ratios = st == CK_OK ? ck_yaml_lookup(r, map, "ratio") : NULL;
  if (ratios == NULL) {
    return st;
  }
  if (r->model->kind == CK_MECHANISM_COLLISION_EXCHANGE) {
    return ck_yaml_fail(r, ratios, CK_ERR_INPUT,
                        "fit.constraints.ratio: a collision-exchange model has one rate "
                        "constant, collision, so no ratio of rates applies");
  }
  st = ck_yaml_check_keys(r, ratios, "fit.constraints.ratio", NULL);
  int n = st == CK_OK ? ck_yaml_n_pairs(ratios) : 0;
  if (n == 0) {
    return st;
  }
  spec->ratios = ck_calloc(r->ctx, (size_t)n, sizeof *spec->ratios);
  if (spec->ratios == NULL) {
    return CK_ERR_NOMEM;
  }
  for (int k = 0; st == CK_OK && k < n; k++) {
    const yaml_node_t *key = ck_yaml_pair_key(r, ratios, k);
    spec->n_ratios++;
    st = read_ratio(r, key, ck_yaml_pair_value(r, ratios, k), &spec->ratios[k]);
    if (st == CK_OK) {
      st = check_ratio(r, key, spec, k);
    }
  }
  return st;
}

/* ---- datasets ----------------------------------------------------------- */

/* A value, or {min, max} to fit it within (min = max makes it fixed). */
static ck_status read_nuisance(ck_yaml_reader *r, const yaml_node_t *node, const char *what,
                               ck_quantity_kind kind, ck_yaml_bound bound, ck_fit_nuisance *out) {
  static const char *const keys[] = {"min", "max", NULL};
  out->line = ck_yaml_line(node);
  out->fixed = 1;
  if (node->type == YAML_SCALAR_NODE) {
    ck_status st = ck_yaml_read_quantity(r, node, kind, bound, what, &out->value);
    out->min = out->max = out->value;
    return st;
  }
  if (node->type != YAML_MAPPING_NODE) {
    return ck_yaml_fail(r, node, CK_ERR_INPUT, "%s: expected a value or {min, max}, found %s", what,
                        ck_yaml_kind_name(node));
  }
  yaml_node_t *min = NULL, *max = NULL;
  char path[CK_YAML_PATH_MAX];
  ck_status st = ck_yaml_check_keys(r, node, what, keys);
  if (st == CK_OK) {
    st = ck_yaml_require(r, node, "min", what, &min);
  }
  if (st == CK_OK) {
    sub_path(path, what, "min");
    st = ck_yaml_read_quantity(r, min, kind, bound, path, &out->min);
  }
  if (st == CK_OK) {
    st = ck_yaml_require(r, node, "max", what, &max);
  }
  if (st == CK_OK) {
    sub_path(path, what, "max");
    st = ck_yaml_read_quantity(r, max, kind, bound, path, &out->max);
  }
  if (st == CK_OK && out->min > out->max) {
    const char *unit = ck_units_internal_name(kind);
    return ck_yaml_fail(r, min, CK_ERR_INPUT, "%s: min (%g%s%s) is greater than max (%g%s%s)", what,
                        out->min, *unit ? " " : "", unit, out->max, *unit ? " " : "", unit);
  }
  out->fixed = out->min == out->max;
  out->value = 0.5 * (out->min + out->max);
  return st;
}

static int cluster_index(const ck_model *m, const yaml_node_t *key) {
  for (int c = 0; c < m->n_clusters; c++) {
    if (ck_yaml_scalar_is(key, m->clusters[c].name)) {
      return c;
    }
  }
  return -1;
}

/* {cluster: concentration}; clusters not named start at 0 nM. */
static ck_status read_concentrations(ck_yaml_reader *r, const yaml_node_t *map, const char *what,
                                     double *c_nM) {
  const ck_model *m = r->model;
  ck_status st = ck_yaml_check_keys(r, map, what, NULL);
  for (int c = 0; c < m->n_clusters; c++) {
    c_nM[c] = 0.0;
  }
  for (int i = 0; st == CK_OK && i < ck_yaml_n_pairs(map); i++) {
    const yaml_node_t *key = ck_yaml_pair_key(r, map, i);
    const char *name = (const char *)key->data.scalar.value;
    int c = cluster_index(m, key);
    if (c < 0) {
      char list[256];
      size_t used = 0;
      list[0] = '\0';
      for (int k = 0; k < m->n_clusters && used < sizeof list; k++) {
        int n =
            snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "", m->clusters[k].name);
        used += n > 0 ? (size_t)n : 0;
      }
      return ck_yaml_fail(r, key, CK_ERR_INPUT, "%s: unknown cluster \"%.64s\" (clusters: %s)",
                          what, name, list);
    }
    char path[CK_YAML_PATH_MAX];
    sub_path(path, what, name);
    st = ck_yaml_read_quantity(r, ck_yaml_pair_value(r, map, i), CK_QTY_CONCENTRATION,
                               CK_YAML_NONNEGATIVE, path, &c_nM[c]);
  }
  return st;
}

/* The model's own initial species, labels duplicated: the dataset owns its copy. */
static ck_status copy_model_initial(ck_yaml_reader *r, ck_fit_dataset *ds) {
  const ck_model *m = r->model;
  if (m->n_initial == 0) {
    return CK_OK;
  }
  ds->initial = ck_calloc(r->ctx, (size_t)m->n_initial, sizeof *ds->initial);
  if (ds->initial == NULL) {
    return CK_ERR_NOMEM;
  }
  for (int i = 0; i < m->n_initial; i++) {
    ds->initial[i] = m->initial[i];
    ds->initial[i].label = ck_strdup(r->ctx, m->initial[i].label);
    if (ds->initial[i].label == NULL) {
      return CK_ERR_NOMEM;
    }
    ds->n_initial++;
  }
  return CK_OK;
}

/* data: as written, and relative to the model file's directory unless absolute. */
static ck_status read_data_path(ck_yaml_reader *r, const yaml_node_t *item, const char *what,
                                ck_fit_dataset *ds) {
  yaml_node_t *node = NULL;
  const char *text = NULL;
  char path[CK_YAML_PATH_MAX];
  sub_path(path, what, "data");
  ck_status st = ck_yaml_require(r, item, "data", what, &node);
  if (st == CK_OK) {
    st = ck_yaml_scalar_text(r, node, path, &text);
  }
  if (st == CK_OK && text[0] == '\0') {
    st = ck_yaml_fail(r, node, CK_ERR_INPUT, "%s: give the path of a channel CSV file", path);
  }
  if (st != CK_OK) {
    return st;
  }
  const char *slash = strrchr(r->source, '/');
  size_t dir = (text[0] == '/' || slash == NULL) ? 0 : (size_t)(slash - r->source) + 1;
  ds->data = ck_strdup(r->ctx, text);
  ds->path = ck_calloc(r->ctx, dir + strlen(text) + 1, 1);
  if (ds->data == NULL || ds->path == NULL) {
    return CK_ERR_NOMEM;
  }
  memcpy(ds->path, r->source, dir);
  memcpy(ds->path + dir, text, strlen(text) + 1);
  return CK_OK;
}

/* Concentrations and initial species: the dataset's, or the model's. */
static ck_status read_mixture(ck_yaml_reader *r, const yaml_node_t *item, const char *what,
                              ck_fit_dataset *ds) {
  const ck_model *m = r->model;
  char path[CK_YAML_PATH_MAX];
  ds->concentration_nM = ck_calloc(r->ctx, (size_t)m->n_clusters, sizeof(double));
  if (ds->concentration_nM == NULL) {
    return CK_ERR_NOMEM;
  }
  for (int c = 0; c < m->n_clusters; c++) {
    ds->concentration_nM[c] = m->clusters[c].concentration_nM;
  }
  const yaml_node_t *conc = ck_yaml_lookup(r, item, "concentrations");
  sub_path(path, what, "concentrations");
  ck_status st = conc != NULL ? read_concentrations(r, conc, path, ds->concentration_nM) : CK_OK;
  const yaml_node_t *initial = ck_yaml_lookup(r, item, "initial");
  sub_path(path, what, "initial");
  if (st == CK_OK && initial != NULL && m->n_families > 1) {
    return ck_yaml_fail(r, initial, CK_ERR_UNSUPPORTED,
                        "%s: initial species in a model of several families are not supported "
                        "yet",
                        path);
  }
  if (st == CK_OK) {
    st = initial != NULL ? ck_yaml_read_initial(r, initial, path, &ds->initial, &ds->n_initial)
                         : copy_model_initial(r, ds);
  }
  double total_nM = 0.0;
  for (int c = 0; c < m->n_clusters; c++) {
    total_nM += ds->concentration_nM[c];
  }
  for (int i = 0; i < ds->n_initial; i++) {
    total_nM += ds->initial[i].concentration_nM;
  }
  if (st == CK_OK && !(total_nM > 0.0)) {
    return ck_yaml_fail(r, conc != NULL ? conc : item, CK_ERR_INPUT,
                        "%s: nothing at mixing (every concentration is 0)", what);
  }
  return st;
}

static ck_status read_dataset(ck_yaml_reader *r, const yaml_node_t *item, int index,
                              ck_fit_dataset *ds) {
  static const char *const keys[] = {"data",      "concentrations", "initial",
                                     "dead-time", "dimer-factor",   NULL};
  char what[CK_YAML_PATH_MAX], path[CK_YAML_PATH_MAX];
  snprintf(what, sizeof what, "fit.datasets[%d]", index + 1);
  ds->line = ck_yaml_line(item);
  ds->dead_time_s =
      (ck_fit_nuisance){1, r->model->simulate.dead_time_s, r->model->simulate.dead_time_s,
                        r->model->simulate.dead_time_s, 0};
  ds->dimer_factor = (ck_fit_nuisance){1, 1.0, 1.0, 1.0, 0};
  ck_status st = ck_yaml_check_keys(r, item, what, keys);
  if (st == CK_OK) {
    st = read_data_path(r, item, what, ds);
  }
  if (st == CK_OK) {
    st = read_mixture(r, item, what, ds);
  }
  const yaml_node_t *dead = ck_yaml_lookup(r, item, "dead-time");
  if (st == CK_OK && dead != NULL) {
    sub_path(path, what, "dead-time");
    st = read_nuisance(r, dead, path, CK_QTY_TIME, CK_YAML_NONNEGATIVE, &ds->dead_time_s);
  }
  const yaml_node_t *factor = ck_yaml_lookup(r, item, "dimer-factor");
  if (st == CK_OK && factor != NULL) {
    sub_path(path, what, "dimer-factor");
    st = read_nuisance(r, factor, path, CK_QTY_DIMENSIONLESS, CK_YAML_POSITIVE, &ds->dimer_factor);
  }
  return st;
}

static ck_status read_datasets(ck_yaml_reader *r, const yaml_node_t *seq, ck_fit_spec *spec) {
  ck_status st = ck_yaml_expect_type(r, seq, YAML_SEQUENCE_NODE, "fit.datasets");
  int n = st == CK_OK ? ck_yaml_n_items(seq) : 0;
  if (st == CK_OK && n == 0) {
    return ck_yaml_fail(r, seq, CK_ERR_INPUT, "fit.datasets: list at least one dataset");
  }
  if (st != CK_OK) {
    return st;
  }
  spec->datasets = ck_calloc(r->ctx, (size_t)n, sizeof *spec->datasets);
  if (spec->datasets == NULL) {
    return CK_ERR_NOMEM;
  }
  for (int i = 0; st == CK_OK && i < n; i++) {
    spec->n_datasets++;
    st = read_dataset(r, ck_yaml_item(r, seq, i), i, &spec->datasets[i]);
  }
  return st;
}

/* ---- the block ---------------------------------------------------------- */

static ck_status check_something_free(ck_yaml_reader *r, const yaml_node_t *map,
                                      const ck_fit_spec *spec) {
  for (int i = 0; i < spec->n_params; i++) {
    if (!spec->params[i].fixed) {
      return CK_OK;
    }
  }
  for (int d = 0; d < spec->n_datasets; d++) {
    if (!spec->datasets[d].dead_time_s.fixed || !spec->datasets[d].dimer_factor.fixed) {
      return CK_OK;
    }
  }
  return ck_yaml_fail(r, map, CK_ERR_INPUT,
                      "fit: nothing to fit (every parameter, dead-time and dimer-factor is fixed)");
}

static ck_fit_spec *spec_create(ck_ctx *ctx, int line) {
  ck_fit_spec *spec = ck_calloc(ctx, 1, sizeof *spec);
  if (spec != NULL) {
    spec->objective = CK_FIT_OBJECTIVE_TMAX;
    spec->weight_tmax = 1.0;
    spec->weighting = CK_FIT_WEIGHTING_ABSOLUTE;
    spec->tmax_threshold = CK_FIT_DEFAULT_TMAX_THRESHOLD;
    spec->refine = 1;
    spec->starts = CK_FIT_DEFAULT_STARTS;
    spec->intervals = CK_FIT_INTERVALS_PROFILE;
    spec->interval_level = CK_FIT_DEFAULT_INTERVAL_LEVEL;
    spec->line = line;
  }
  return spec;
}

ck_status ck_yaml_read_fit(ck_yaml_reader *r, const yaml_node_t *map) {
  static const char *const keys[] = {
      "objective", "weighting", "tmax-threshold", "parameters", "constraints", "refine",
      "starts",    "intervals", "interval-level", "datasets",   NULL};
  yaml_node_t *objective = NULL, *params = NULL, *datasets = NULL;
  ck_status st = ck_yaml_check_keys(r, map, "fit", keys);
  if (st != CK_OK) {
    return st;
  }
  ck_fit_spec *spec = r->model->fit = spec_create(r->ctx, ck_yaml_line(map));
  if (spec == NULL) {
    return CK_ERR_NOMEM;
  }
  st = ck_yaml_require(r, map, "objective", "fit", &objective);
  if (st == CK_OK) {
    st = read_objective(r, objective, spec);
  }
  if (st == CK_OK) {
    st = read_options(r, map, spec);
  }
  if (st == CK_OK) {
    st = ck_yaml_require(r, map, "parameters", "fit", &params);
  }
  if (st == CK_OK) {
    st = read_params(r, params, spec);
  }
  const yaml_node_t *constraints = ck_yaml_lookup(r, map, "constraints");
  if (st == CK_OK && constraints != NULL) {
    st = read_constraints(r, constraints, spec);
  }
  if (st == CK_OK) {
    st = ck_yaml_require(r, map, "datasets", "fit", &datasets);
  }
  if (st == CK_OK) {
    st = read_datasets(r, datasets, spec);
  }
  return st == CK_OK ? check_something_free(r, map, spec) : st;
}
