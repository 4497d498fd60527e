/* SPDX-License-Identifier: MIT */
/* Tests of the fit: block: every field, defaults, unit conversion, grids, every error with its
 * line. */
#include <math.h>
#include <string.h>

#include "ck_test.h"
#include "clusterkin/ck_fit_spec.h"
#include "clusterkin/ck_model.h"

/* Lines 1-7; the fit block's own lines start at 8. */
#define HEAD                                                                \
  "clusters:\n"                                                             \
  "  Ag25: {formula: \"[Ag25(C8H9S)18]-\", concentration: 40 nM}\n"         \
  "  Au25: {formula: \"[Au25(C8H9S)18]-\", concentration: 40 nM}\n"         \
  "mechanism:\n"                                                            \
  "  exchange: [Ag, Au]\n"                                                  \
  "  rates: {dimerization: 1e-2, dissociation: 5.6e-2, exchange: 3.2e-2}\n" \
  "fit:\n"
/* One line each, or two for PARAMS and DATA, in the order used below. */
#define OBJ "  objective: traces\n"
#define PARAMS "  parameters:\n    exchange: {min: 1e-3, max: 1, points: 4}\n"
#define DATA "  datasets:\n    - data: d.csv\n"

static ck_model *parse_ok(const char *text) {
  ck_model *m = ck_test_parse_ok(text);
  assert_non_null(m->fit);
  return m;
}

static void expect_error(const char *text, int line, const char *word) {
  ck_test_expect_model_error(text, CK_ERR_INPUT, line, word);
}

/* ---- every field ---- */

static const char *const full_model =
    "name: fit test\n"                                                        /* 1 */
    "clusters:\n"                                                             /* 2 */
    "  Ag25: {formula: \"[Ag25(C8H9S)18]-\", concentration: 40 nM}\n"         /* 3 */
    "  Au25: {formula: \"[Au25(C8H9S)18]-\", concentration: 40 nM}\n"         /* 4 */
    "initial: {\"[Au25]2\": 2 nM}\n"                                          /* 5 */
    "mechanism:\n"                                                            /* 6 */
    "  exchange: [Ag, Au]\n"                                                  /* 7 */
    "  rates: {dimerization: 1e-2, dissociation: 5.6e-2, exchange: 3.2e-2}\n" /* 8 */
    "simulate: {dead-time: 20 s}\n"                                           /* 9 */
    "fit:\n"                                                                  /* 10 */
    "  objective: {tmax: 1e-6, traces: 2}\n"                                  /* 11 */
    "  weighting: log\n"                                                      /* 12 */
    "  tmax-threshold: 1 %\n"                                                 /* 13 */
    "  parameters:\n"                                                         /* 14 */
    "    dissociation: {min: 0.1 /min, max: 60 /min, points: 4}\n"            /* 15 */
    "    dimerization: {min: 1e5 /M/s, max: 1e9 /M/s, points: 5}\n"           /* 16 */
    "    exchange: {fixed: 1.92 /min}\n"                                      /* 17 */
    "  refine: false\n"                                                       /* 18 */
    "  starts: 5\n"                                                           /* 19 */
    "  intervals: none\n"                                                     /* 20 */
    "  interval-level: 95 %\n"                                                /* 21 */
    "  datasets:\n"                                                           /* 22 */
    "    - data: exp-40-40.csv\n"                                             /* 23 */
    "      concentrations: {Ag25: 0.04 uM, Au25: 40 nM}\n"                    /* 24 */
    "      dead-time: {min: 10 s, max: 0.5 min}\n"                            /* 25 */
    "      dimer-factor: {min: 0.5, max: 2}\n"                                /* 26 */
    "    - data: /abs/exp-100-60.csv\n"                                       /* 27 */
    "      concentrations: {Ag25: 100 nM}\n"                                  /* 28 */
    "      initial: {\"[Ag25][Au25]\": 1 nM}\n"                               /* 29 */
    "      dead-time: 25 s\n"                                                 /* 30 */
    "      dimer-factor: 1.5\n";                                              /* 31 */

static void check_param(const ck_fit_param *p, const char *name, ck_reaction_kind rate,
                        ck_quantity_kind unit, int fixed, double min, double max, int points,
                        int line) {
  assert_string_equal(p->name, name);
  assert_int_equal(p->rate, rate);
  assert_int_equal(p->unit, unit);
  assert_int_equal(p->fixed, fixed);
  expect_rel(p->min, min, 1e-15);
  expect_rel(p->max, max, 1e-15);
  assert_int_equal(p->points, points);
  assert_int_equal(p->line, line);
}

static void full_fit_block_should_read_every_field(void **state) {
  (void)state;
  ck_model *m = parse_ok(full_model);
  const ck_fit_spec *f = m->fit;
  assert_int_equal(m->has_fit_block, 1);
  assert_int_equal(f->line, 11);
  assert_int_equal(f->objective, CK_FIT_OBJECTIVE_BOTH);
  expect_rel(f->weight_tmax, 1e-6, 0.0);
  expect_rel(f->weight_traces, 2.0, 0.0);
  assert_int_equal(f->weighting, CK_FIT_WEIGHTING_LOG);
  expect_rel(f->tmax_threshold, 0.01, 1e-15);
  /* Fit-block order, not mechanism.rates order; /min and /M/s converted. */
  assert_int_equal(f->n_params, 3);
  check_param(&f->params[0], "dissociation", CK_REACTION_DISSOCIATION, CK_QTY_RATE_FIRST_ORDER, 0,
              0.1 / 60.0, 1.0, 4, 15);
  check_param(&f->params[1], "dimerization", CK_REACTION_DIMERIZATION, CK_QTY_RATE_SECOND_ORDER, 0,
              1e-4, 1.0, 5, 16);
  check_param(&f->params[2], "exchange", CK_REACTION_EXCHANGE, CK_QTY_RATE_FIRST_ORDER, 1, 0.032,
              0.032, 1, 17);
  expect_rel(f->params[2].value, 0.032, 1e-15);
  assert_int_equal(f->n_ratios, 0);
  assert_null(f->ratios);
  assert_int_equal(f->refine, 0);
  assert_int_equal(f->starts, 5);
  assert_int_equal(f->intervals, CK_FIT_INTERVALS_NONE);
  expect_rel(f->interval_level, 0.95, 1e-15);
  assert_int_equal(ck_fit_spec_grid_size(f), 20);

  assert_int_equal(f->n_datasets, 2);
  const ck_fit_dataset *a = &f->datasets[0], *b = &f->datasets[1];
  assert_string_equal(a->data, "exp-40-40.csv");
  assert_string_equal(a->path, "models/exp-40-40.csv"); /* beside models/test.yaml */
  assert_int_equal(a->line, 23);
  expect_rel(a->concentration_nM[0], 40.0, 1e-15);
  expect_rel(a->concentration_nM[1], 40.0, 1e-15);
  /* No initial: of its own: the model's [Au25]2 dimer, copied. */
  assert_int_equal(a->n_initial, 1);
  assert_string_equal(a->initial[0].label, "[Au25]2");
  assert_ptr_not_equal(a->initial[0].label, m->initial[0].label);
  assert_int_equal(a->initial[0].n_subunits, 2);
  assert_int_equal(a->initial[0].subunit[1][1], 25);
  expect_rel(a->initial[0].concentration_nM, 2.0, 1e-15);
  assert_int_equal(a->dead_time_s.fixed, 0);
  expect_rel(a->dead_time_s.min, 10.0, 1e-15);
  expect_rel(a->dead_time_s.max, 30.0, 1e-15);
  expect_rel(a->dead_time_s.value, 20.0, 1e-15);
  assert_int_equal(a->dead_time_s.line, 25);
  assert_int_equal(a->dimer_factor.fixed, 0);
  expect_rel(a->dimer_factor.min, 0.5, 0.0);
  expect_rel(a->dimer_factor.max, 2.0, 0.0);
  assert_int_equal(a->dimer_factor.line, 26);

  assert_string_equal(b->data, "/abs/exp-100-60.csv");
  assert_string_equal(b->path, "/abs/exp-100-60.csv"); /* absolute: as written */
  expect_rel(b->concentration_nM[0], 100.0, 1e-15);
  expect_abs(b->concentration_nM[1], 0.0, 0.0); /* not named: none */
  assert_int_equal(b->n_initial, 1);
  assert_string_equal(b->initial[0].label, "[Ag25][Au25]");
  assert_int_equal(b->initial[0].subunit[0][0], 25);
  assert_int_equal(b->initial[0].subunit[1][1], 25);
  assert_int_equal(b->initial[0].line, 29);
  assert_int_equal(b->dead_time_s.fixed, 1);
  expect_rel(b->dead_time_s.value, 25.0, 0.0);
  expect_rel(b->dead_time_s.min, 25.0, 0.0);
  expect_rel(b->dead_time_s.max, 25.0, 0.0);
  assert_int_equal(b->dimer_factor.fixed, 1);
  expect_rel(b->dimer_factor.value, 1.5, 0.0);
  ck_model_free(m);
}

static void defaults_should_follow_the_model(void **state) {
  (void)state;
  /* fit: before simulate: in the file; the default dead time still comes from simulate. */
  ck_model *m = parse_ok(HEAD OBJ PARAMS DATA "simulate: {dead-time: 0.5 min}\n");
  const ck_fit_spec *f = m->fit;
  assert_int_equal(f->objective, CK_FIT_OBJECTIVE_TRACES);
  expect_abs(f->weight_tmax, 0.0, 0.0);
  expect_rel(f->weight_traces, 1.0, 0.0);
  assert_int_equal(f->weighting, CK_FIT_WEIGHTING_ABSOLUTE);
  expect_rel(f->tmax_threshold, 0.005, 0.0);
  assert_int_equal(f->refine, 1);
  assert_int_equal(f->starts, 3);
  assert_int_equal(f->intervals, CK_FIT_INTERVALS_PROFILE);
  expect_rel(f->interval_level, 0.9, 0.0);
  assert_int_equal(f->n_params, 1);
  assert_int_equal(f->n_datasets, 1);
  const ck_fit_dataset *d = &f->datasets[0];
  assert_string_equal(d->path, "models/d.csv");
  expect_rel(d->concentration_nM[0], 40.0, 0.0); /* the clusters: block */
  expect_rel(d->concentration_nM[1], 40.0, 0.0);
  assert_int_equal(d->n_initial, 0);
  assert_null(d->initial);
  assert_int_equal(d->dead_time_s.fixed, 1);
  expect_rel(d->dead_time_s.value, 30.0, 0.0);
  assert_int_equal(d->dead_time_s.line, 0);
  assert_int_equal(d->dimer_factor.fixed, 1);
  expect_rel(d->dimer_factor.value, 1.0, 0.0);
  expect_rel(d->dimer_factor.min, 1.0, 0.0);
  expect_rel(d->dimer_factor.max, 1.0, 0.0);
  ck_model_free(m);

  /* Without a fit block: no spec. A model from a bare name resolves data beside it. */
  const char *no_fit = HEAD;
  ck_ctx *ctx = ck_ctx_create();
  m = ck_model_parse(ctx, no_fit, strlen(no_fit) - strlen("fit:\n"), "test.yaml");
  assert_non_null(m);
  assert_null(m->fit);
  assert_int_equal(m->has_fit_block, 0);
  ck_model_free(m);
  const char *text = HEAD OBJ PARAMS DATA;
  m = ck_model_parse(ctx, text, strlen(text), "test.yaml");
  assert_non_null(m);
  assert_string_equal(m->fit->datasets[0].path, "d.csv");
  ck_model_free(m);
  ck_ctx_free(ctx);
}

static void objective_forms_should_set_kind_and_weights(void **state) {
  (void)state;
  static const struct {
    const char *line;
    ck_fit_objective kind;
    double w_tmax, w_traces;
  } cases[] = {
      {"  objective: tmax\n", CK_FIT_OBJECTIVE_TMAX, 1.0, 0.0},
      {"  objective: traces\n", CK_FIT_OBJECTIVE_TRACES, 0.0, 1.0},
      {"  objective: {tmax: 2.5}\n", CK_FIT_OBJECTIVE_TMAX, 2.5, 0.0},
      {"  objective: {traces: 0.5, tmax: 0}\n", CK_FIT_OBJECTIVE_TRACES, 0.0, 0.5},
      {"  objective: {tmax: 1e-4, traces: 1}\n", CK_FIT_OBJECTIVE_BOTH, 1e-4, 1.0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char text[1024];
    snprintf(text, sizeof text, "%s%s%s%s", HEAD, cases[i].line, PARAMS, DATA);
    ck_model *m = parse_ok(text);
    assert_int_equal(m->fit->objective, cases[i].kind);
    expect_abs(m->fit->weight_tmax, cases[i].w_tmax, 0.0);
    expect_abs(m->fit->weight_traces, cases[i].w_traces, 0.0);
    ck_model_free(m);
  }
}

/* ---- grids ---- */

static void grid_should_be_log_spaced_with_exact_ends(void **state) {
  (void)state;
  /* The paper's grid (MODEL.md section 2): 13 points per decade-third from 1e-4 to 1. */
  ck_fit_param p = {
      "exchange", CK_REACTION_EXCHANGE, CK_QTY_RATE_FIRST_ORDER, 0, 0.0, 1e-4, 1.0, 13, 1, 0, NULL};
  for (int i = 0; i < 13; i++) {
    expect_rel(ck_fit_param_grid_value(&p, i), pow(10.0, -4.0 + i / 3.0), 1e-14);
  }
  assert_true(ck_fit_param_grid_value(&p, 0) == 1e-4);
  assert_true(ck_fit_param_grid_value(&p, 12) == 1.0);
  expect_rel(ck_fit_param_grid_value(&p, 3), 1e-3, 1e-15);
  assert_true(isnan(ck_fit_param_grid_value(&p, 13)));
  assert_true(isnan(ck_fit_param_grid_value(&p, -1)));
  /* Uneven bounds: min * (max/min)^(i/(n-1)). */
  ck_fit_param q = p;
  q.min = 1.0 / 600.0, q.max = 1.0, q.points = 4;
  for (int i = 0; i < 4; i++) {
    expect_rel(ck_fit_param_grid_value(&q, i), pow(600.0, i / 3.0) / 600.0, 1e-14);
  }
  /* One point: the geometric mean; fixed: the value. */
  q.min = 1e-4, q.max = 1e-2, q.points = 1;
  expect_rel(ck_fit_param_grid_value(&q, 0), 1e-3, 1e-15);
  ck_fit_param fixed = {
      "exchange", CK_REACTION_EXCHANGE, CK_QTY_RATE_FIRST_ORDER, 1, 0.032, 0.032, 0.032, 1, 1, 0,
      NULL};
  assert_true(ck_fit_param_grid_value(&fixed, 0) == 0.032);

  ck_fit_param three[3] = {p, q, fixed};
  ck_fit_spec spec;
  memset(&spec, 0, sizeof spec);
  spec.n_params = 3;
  spec.params = three;
  assert_int_equal(ck_fit_spec_grid_size(&spec), 13);
  assert_int_equal(ck_fit_spec_grid_size(NULL), 1);
}

/* ---- constraints ---- */

static ck_model *parse_ratio(const char *constraint) {
  char text[1024];
  snprintf(text, sizeof text, "%s%s%s%s%s", HEAD, OBJ, PARAMS, constraint, DATA);
  return parse_ok(text);
}

static void ratio_should_read_both_rates_and_the_unit_of_their_quotient(void **state) {
  (void)state;
  ck_model *m = parse_ratio("  constraints: {ratio: {dimerization/dissociation: 0.18 /nM}}\n");
  assert_int_equal(m->fit->n_ratios, 1);
  const ck_fit_ratio *r = &m->fit->ratios[0];
  assert_int_equal(r->numerator, CK_REACTION_DIMERIZATION);
  assert_int_equal(r->denominator, CK_REACTION_DISSOCIATION);
  assert_int_equal(r->unit, CK_QTY_INVERSE_CONCENTRATION);
  expect_rel(r->ratio, 0.18, 1e-15);
  assert_int_equal(r->line, 11);
  ck_model_free(m);

  m = parse_ratio("  constraints: {ratio: {dimerization/dissociation: 1.8e8 /M}}\n");
  expect_rel(m->fit->ratios[0].ratio, 0.18, 1e-15); /* 1/M = 1e-9 /nM */
  ck_model_free(m);

  m = parse_ratio("  constraints:\n    ratio:\n      dissociation/dimerization: 5.6 nM\n");
  assert_int_equal(m->fit->ratios[0].unit, CK_QTY_CONCENTRATION);
  expect_rel(m->fit->ratios[0].ratio, 5.6, 1e-15);
  assert_int_equal(m->fit->ratios[0].line, 13);
  ck_model_free(m);

  /* Spaces around the slash; a concentration in uM. */
  m = parse_ratio("  constraints: {ratio: {dissociation / dimerization: 0.5 uM}}\n");
  expect_rel(m->fit->ratios[0].ratio, 500.0, 1e-15);
  ck_model_free(m);
  /* Two first-order rates: a plain number. */
  char text[1024];
  snprintf(text, sizeof text, "%s%s%s%s%s", HEAD, OBJ,
           "  parameters: {dimerization: {min: 1e-3, max: 1, points: 2}}\n",
           "  constraints: {ratio: {dissociation/exchange: 1.75}}\n", DATA);
  m = parse_ok(text);
  assert_int_equal(m->fit->ratios[0].numerator, CK_REACTION_DISSOCIATION);
  assert_int_equal(m->fit->ratios[0].denominator, CK_REACTION_EXCHANGE);
  assert_int_equal(m->fit->ratios[0].unit, CK_QTY_DIMENSIONLESS);
  expect_rel(m->fit->ratios[0].ratio, 1.75, 0.0);
  ck_model_free(m);
}

static void bad_ratio_should_be_refused_at_its_line(void **state) {
  (void)state;
  /* PARAMS makes exchange a parameter (line 10); constraints on line 11. */
  expect_error(HEAD OBJ PARAMS "  constraints: {ratio: {exchange/dissociation: 0.5}}\n" DATA, 11,
               "exchange follows from this ratio, so it cannot also be listed under "
               "fit.parameters (line 10)");
  expect_error(HEAD OBJ PARAMS "  constraints: {ratio: {kdim/kdiss: 0.5}}\n" DATA, 11,
               "\"kdim/kdiss\" is not two rate names");
  expect_error(HEAD OBJ PARAMS "  constraints: {ratio: {dimerization: 0.5}}\n" DATA, 11,
               "not two rate names");
  expect_error(HEAD OBJ PARAMS "  constraints: {ratio: {dissociation/dissociation: 1}}\n" DATA, 11,
               "divides a rate by itself");
  expect_error(HEAD OBJ PARAMS
               "  constraints: {ratio: {dimerization/dissociation: 0.18 nM}}\n" DATA,
               11, "an inverse concentration is expected");
  expect_error(HEAD OBJ PARAMS "  constraints: {ratio: {dimerization/dissociation: 0}}\n" DATA, 11,
               "must be greater than 0");
  expect_error(HEAD OBJ PARAMS
               "  constraints:\n"
               "    ratio:\n"
               "      dimerization/dissociation: 0.2\n"
               "      dimerization/exchange: 0.1\n" DATA,
               14, "dimerization is already set by the ratio on line 13");
  expect_error(HEAD OBJ
               "  parameters: {dimerization: {min: 1e-3, max: 1, points: 2}}\n"
               "  constraints:\n"
               "    ratio:\n"
               "      exchange/dissociation: 0.2\n"
               "      dissociation/dimerization: 3\n" DATA,
               13,
               "chained ratios are not supported (this one and the one on line 12 share "
               "dissociation)");
  expect_error(HEAD OBJ PARAMS "  constraints: {sum: 1}\n" DATA, 11,
               "unknown key \"sum\" in fit.constraints (allowed: ratio)");
}

/* ---- errors ---- */

static void bad_parameters_should_be_refused_at_their_line(void **state) {
  (void)state;
  expect_error(HEAD OBJ "  parameters:\n    foo: {min: 1, max: 2, points: 2}\n" DATA, 10,
               "fit.parameters: unknown parameter \"foo\" (parameters are the rate constants "
               "under mechanism.rates: dimerization, dissociation, exchange)");
  expect_error(HEAD OBJ
               "  parameters:\n    exchange:\n      min: 1\n      max: 0.1\n      points: 3\n" DATA,
               11, "fit.parameters.exchange: min (1 1/s) is greater than max (0.1 1/s)");
  expect_error(HEAD OBJ "  parameters:\n    exchange: {min: 0, max: 1, points: 3}\n" DATA, 10,
               "fit.parameters.exchange.min must be greater than 0");
  expect_error(HEAD OBJ "  parameters:\n    exchange: {min: -1e-3, max: 1, points: 3}\n" DATA, 10,
               "min must be greater than 0");
  expect_error(HEAD OBJ "  parameters:\n    exchange: {min: 1e-3, max: 1, points: 0}\n" DATA, 10,
               "fit.parameters.exchange.points must be a whole number from 1 to 100000");
  expect_error(HEAD OBJ "  parameters:\n    exchange: {min: 1e-3, max: 1, points: 2.5}\n" DATA, 10,
               "whole number");
  expect_error(HEAD OBJ "  parameters:\n    exchange: {min: 1e-3, max: 1}\n" DATA, 10,
               "missing required key \"points\" in fit.parameters.exchange");
  expect_error(HEAD OBJ "  parameters:\n    exchange: {fixed: 1, min: 1}\n" DATA, 10,
               "fit.parameters.exchange: fixed excludes min, max and points");
  expect_error(HEAD OBJ "  parameters:\n    exchange: {fixed: -1}\n" DATA, 10,
               "must not be negative");
  expect_error(HEAD OBJ "  parameters:\n    exchange: {min: 1, max: 1, points: 3}\n" DATA, 10,
               "min equals max");
  expect_error(HEAD OBJ "  parameters:\n    exchange: 3.2e-2\n" DATA, 10,
               "fit.parameters.exchange: expected a mapping");
  expect_error(HEAD OBJ "  parameters:\n    dimerization: {min: 1e-4 /s, max: 1, points: 2}\n" DATA,
               10, "a second-order rate constant is expected");
  expect_error(
      HEAD OBJ "  parameters:\n    exchange: {min: 1e-3, max: 1, steps: 2}\n" DATA, 10,
      "unknown key \"steps\" in fit.parameters.exchange (allowed: fixed, min, max, points)");
  expect_error(HEAD OBJ
               "  parameters:\n    exchange: {min: 1e-3, max: 1, points: 2}\n"
               "    exchange: {fixed: 1}\n" DATA,
               11, "duplicate key \"exchange\" in fit.parameters");
  expect_error(HEAD OBJ "  parameters: {}\n" DATA, 9, "fit.parameters: name at least one");
  expect_error(HEAD OBJ
               "  parameters:\n"
               "    dimerization: {min: 1e-4, max: 1, points: 1000}\n"
               "    dissociation: {min: 1e-4, max: 1, points: 1000}\n"
               "    exchange: {min: 1e-4, max: 1, points: 1000}\n" DATA,
               10, "the grid has 1e+09 points, more than the limit");
  expect_error(HEAD OBJ "  parameters:\n    exchange: {fixed: 0.03}\n" DATA, 8,
               "fit: nothing to fit");
}

static void bad_datasets_should_be_refused_at_their_line(void **state) {
  (void)state;
  expect_error(HEAD OBJ PARAMS "  datasets: []\n", 11, "fit.datasets: list at least one dataset");
  expect_error(HEAD OBJ PARAMS "  datasets: {data: d.csv}\n", 11,
               "fit.datasets: expected a sequence, found a mapping");
  expect_error(HEAD OBJ PARAMS "  datasets:\n    - data: d.csv\n    - concentrations: {Ag25: 1}\n",
               13, "missing required key \"data\" in fit.datasets[2]");
  expect_error(HEAD OBJ PARAMS "  datasets:\n    - data: \"\"\n", 12,
               "fit.datasets[1].data: give the path");
  expect_error(HEAD OBJ PARAMS "  datasets:\n    - {data: d.csv, weight: 2}\n", 12,
               "unknown key \"weight\" in fit.datasets[1] (allowed: data, concentrations, initial, "
               "dead-time, dimer-factor)");
  expect_error(
      HEAD OBJ PARAMS "  datasets:\n    - data: d.csv\n      concentrations: {Ag25: 1, Pt25: 1}\n",
      13, "fit.datasets[1].concentrations: unknown cluster \"Pt25\" (clusters: Ag25, Au25)");
  expect_error(HEAD OBJ PARAMS "  datasets:\n    - {data: d.csv, concentrations: {Ag25: -1 nM}}\n",
               12, "fit.datasets[1].concentrations.Ag25 must not be negative");
  expect_error(HEAD OBJ PARAMS "  datasets:\n    - {data: d.csv, concentrations: {Ag25: 1 s}}\n",
               12, "a concentration is expected");
  expect_error(HEAD OBJ PARAMS
               "  datasets:\n    - {data: d.csv, concentrations: {Ag25: 0, Au25: 0 nM}}\n",
               12, "fit.datasets[1]: nothing at mixing");
  expect_error(HEAD OBJ PARAMS
               "  datasets:\n    - data: d.csv\n      initial:\n        \"[Pt25]2\": 1 nM\n",
               14, "unknown cluster or composition \"Pt25\" in initial species \"[Pt25]2\"");
  expect_error(HEAD OBJ PARAMS "  datasets:\n    - data: d.csv\n      initial: {Au25: -2}\n", 13,
               "fit.datasets[1].initial.Au25 must not be negative");
  expect_error(HEAD OBJ PARAMS
               "  datasets:\n    - data: d.csv\n      dead-time: {min: 30 s, max: 10 s}\n",
               13, "fit.datasets[1].dead-time: min (30 s) is greater than max (10 s)");
  expect_error(HEAD OBJ PARAMS "  datasets:\n    - {data: d.csv, dead-time: -5 s}\n", 12,
               "fit.datasets[1].dead-time must not be negative");
  expect_error(HEAD OBJ PARAMS "  datasets:\n    - {data: d.csv, dead-time: [1, 2]}\n", 12,
               "expected a value or {min, max}, found a sequence");
  expect_error(HEAD OBJ PARAMS "  datasets:\n    - {data: d.csv, dead-time: {min: 1 s}}\n", 12,
               "missing required key \"max\" in fit.datasets[1].dead-time");
  expect_error(HEAD OBJ PARAMS "  datasets:\n    - {data: d.csv, dimer-factor: 0}\n", 12,
               "fit.datasets[1].dimer-factor must be greater than 0");
  expect_error(HEAD OBJ PARAMS "  datasets:\n    - {data: d.csv, dimer-factor: {min: 0, max: 2}}\n",
               12, "fit.datasets[1].dimer-factor.min must be greater than 0");
  expect_error(HEAD OBJ PARAMS "  datasets:\n    - {data: d.csv, dimer-factor: 2 nM}\n", 12,
               "a plain number without a unit is expected");
}

static void bad_options_should_be_refused_at_their_line(void **state) {
  (void)state;
  expect_error(HEAD PARAMS DATA, 8, "missing required key \"objective\" in fit");
  expect_error(HEAD "  objective: chi2\n" PARAMS DATA, 8,
               "fit.objective: unknown value \"chi2\" (allowed: tmax, traces, or {tmax: weight, "
               "traces: weight})");
  expect_error(HEAD "  objective: {tmax: 0}\n" PARAMS DATA, 8,
               "give tmax or traces a weight greater than 0");
  expect_error(HEAD "  objective: {rmsd: 1}\n" PARAMS DATA, 8, "unknown key \"rmsd\"");
  expect_error(HEAD "  objective: {tmax: -1}\n" PARAMS DATA, 8,
               "fit.objective.tmax must not be negative");
  expect_error(HEAD "  objective: [tmax]\n" PARAMS DATA, 8, "expected a single value");
  expect_error(HEAD OBJ "  weighting: squared\n" PARAMS DATA, 9,
               "fit.weighting: unknown value \"squared\" (allowed: absolute, relative, log)");
  expect_error(HEAD OBJ "  tmax-threshold: 100 %\n" PARAMS DATA, 9,
               "fit.tmax-threshold must be at least 0 and below 1");
  expect_error(HEAD OBJ "  tmax-threshold: -0.1\n" PARAMS DATA, 9, "tmax-threshold");
  expect_error(HEAD OBJ "  tmax-threshold: lots %\n" PARAMS DATA, 9,
               "fit.tmax-threshold: \"lots\" is not a number");
  expect_error(HEAD OBJ "  tmax-threshold: 5 nM\n" PARAMS DATA, 9, "plain number");
  expect_error(HEAD OBJ "  interval-level: 1\n" PARAMS DATA, 9,
               "fit.interval-level must lie strictly between 0 and 1");
  expect_error(HEAD OBJ "  interval-level: 0 %\n" PARAMS DATA, 9, "strictly between");
  expect_error(HEAD OBJ "  intervals: bootstrap\n" PARAMS DATA, 9, "allowed: profile, none");
  expect_error(HEAD OBJ "  refine: maybe\n" PARAMS DATA, 9,
               "fit.refine: expected true or false, got \"maybe\"");
  expect_error(HEAD OBJ "  starts: 0\n" PARAMS DATA, 9,
               "fit.starts must be a whole number from 1 to 1e+06");
  expect_error(HEAD OBJ "  grid: 13\n" PARAMS DATA, 9, "unknown key \"grid\" in fit (allowed:");
  expect_error(HEAD OBJ "  parameters: [exchange]\n" DATA, 9,
               "fit.parameters: expected a mapping, found a sequence");
  expect_error(HEAD OBJ PARAMS, 8, "missing required key \"datasets\" in fit");
}

static void percentages_and_booleans_should_be_read_in_every_spelling(void **state) {
  (void)state;
  static const struct {
    const char *line;
    double threshold;
  } thresholds[] = {{"  tmax-threshold: 0.5 %\n", 0.005},
                    {"  tmax-threshold: 0.5%\n", 0.005},
                    {"  tmax-threshold: \"2.5 % \"\n", 0.025},
                    {"  tmax-threshold: 0.001\n", 0.001},
                    {"  tmax-threshold: 0\n", 0.0}};
  for (size_t i = 0; i < sizeof thresholds / sizeof thresholds[0]; i++) {
    char text[1024];
    snprintf(text, sizeof text, "%s%s%s%s%s", HEAD, OBJ, thresholds[i].line, PARAMS, DATA);
    ck_model *m = parse_ok(text);
    expect_abs(m->fit->tmax_threshold, thresholds[i].threshold, 1e-17);
    ck_model_free(m);
  }
  ck_model *m = parse_ok(HEAD OBJ "  refine: True\n  interval-level: 0.68\n" PARAMS DATA);
  assert_int_equal(m->fit->refine, 1);
  expect_rel(m->fit->interval_level, 0.68, 0.0);
  ck_model_free(m);
  m = parse_ok(HEAD OBJ "  refine: FALSE\n" PARAMS DATA);
  assert_int_equal(m->fit->refine, 0);
  ck_model_free(m);
}

/* The shipped test model (tests/data/sim3-fit.yaml): the paper's 13^3 grid and two datasets. */
static void test_data_model_should_load_with_paths_beside_it(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_model *m = ck_model_load(ctx, ck_test_data("sim3-fit.yaml"));
  if (m == NULL) {
    fail_msg("%s", ck_ctx_errtext(ctx));
  }
  assert_int_equal(ck_fit_spec_grid_size(m->fit), 2197);
  assert_int_equal(m->fit->weighting, CK_FIT_WEIGHTING_RELATIVE);
  assert_int_equal(m->fit->n_datasets, 2);
  char expected[4200];
  snprintf(expected, sizeof expected, "%s", ck_test_data("sim3-100-60.csv"));
  assert_string_equal(m->fit->datasets[1].path, expected);
  expect_rel(m->fit->datasets[1].concentration_nM[0], 100.0, 0.0);
  expect_rel(m->fit->datasets[1].concentration_nM[1], 60.0, 0.0);
  assert_int_equal(m->fit->datasets[1].dead_time_s.fixed, 0);
  expect_rel(m->fit->datasets[0].dead_time_s.value, 20.0, 0.0);
  ck_model_free(m);
  ck_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(full_fit_block_should_read_every_field),
      cmocka_unit_test(defaults_should_follow_the_model),
      cmocka_unit_test(objective_forms_should_set_kind_and_weights),
      cmocka_unit_test(grid_should_be_log_spaced_with_exact_ends),
      cmocka_unit_test(ratio_should_read_both_rates_and_the_unit_of_their_quotient),
      cmocka_unit_test(bad_ratio_should_be_refused_at_its_line),
      cmocka_unit_test(bad_parameters_should_be_refused_at_their_line),
      cmocka_unit_test(bad_datasets_should_be_refused_at_their_line),
      cmocka_unit_test(bad_options_should_be_refused_at_their_line),
      cmocka_unit_test(percentages_and_booleans_should_be_read_in_every_spelling),
      cmocka_unit_test(test_data_model_should_load_with_paths_beside_it),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
