/* SPDX-License-Identifier: MIT */
/* Test helpers: tolerance-aware float checks that treat NaN/Inf explicitly. */
#ifndef CK_TEST_H
#define CK_TEST_H

/* cmocka.h needs these first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* (keep after the above) */
#include <cmocka.h>

/* Fails unless |actual - expected| <= rtol * |expected| (both finite). */
#define expect_rel(actual, expected, rtol) \
  ck_test_expect_rel((actual), (expected), (rtol), #actual, __FILE__, __LINE__)
/* Fails unless |actual - expected| <= atol (both finite). */
#define expect_abs(actual, expected, atol) \
  ck_test_expect_abs((actual), (expected), (atol), #actual, __FILE__, __LINE__)

void ck_test_expect_rel(double actual, double expected, double rtol, const char *what,
                        const char *file, int line);
void ck_test_expect_abs(double actual, double expected, double atol, const char *what,
                        const char *file, int line);

/* Path of an example model: $CK_EXAMPLES/name (static buffer). */
const char *ck_test_example(const char *name);
/* Path of a test data file: $CK_TESTDATA/name (static buffer). */
const char *ck_test_data(const char *name);

#endif /* CK_TEST_H */

#include "clusterkin/clusterkin.h"

/* Parses a model from text (named models/test.yaml), failing the test on error. */
ck_model *ck_test_parse_ok(const char *text);
/* The model text must be refused with status, on line of models/test.yaml,
 * with word in the message. */
void ck_test_expect_model_error(const char *text, ck_status status, int line, const char *word);

/* The model's network, failing the test on error. */
ck_network *ck_test_generate(const ck_model *model);
/* Runs model from its initial state to the n_out times t_s with opt (NULL:
 * rtol 1e-10, atol 1e-14 nM, the automatic linear solver), failing the test
 * on error: n_out x species states in nM (free them). *solver_name, when
 * not NULL, gets the linear solver that ran. */
double *ck_test_simulate(const ck_model *model, ck_network *net, size_t n_out, const double *t_s,
                         const ck_solver_options *opt, const char **solver_name);

/* The state y (nM) of net at statistical-exchange equilibrium: monomer i is
 * the fraction x[i] of all monomers and dimer D{i,j} the fraction
 * (2 - delta_ij) x_i x_j of all dimers, each within atol. */
void ck_test_expect_exchange_equilibrium(const ck_network *net, const double *y, const double *x,
                                         double atol);

/* The collision limit of the dimer model: at two dimer shares d[h] (the second
 * half the first) its distribution lies within gap[h] < d[h] / 2 of the
 * collision model's, and halving d halves the gap (ratio 0.4-0.6), while the
 * distribution itself moved by change > min_change (so the match says
 * something). what names the case in the printed figures. */
void ck_test_expect_collision_limit(const char *what, double change, double min_change,
                                    const double gap[2], const double d[2]);

/* A model built in memory (no YAML): clusters "A" (all first metal) and "B"
 * (all second metal) of nuclearity n, dimer-exchange mechanism, normalize none.
 * n_metals 1 gives a single pure cluster A. Free with ck_model_free. */
ck_model *ck_test_model(int n, int n_metals, ck_exchange_probability prob, int scaling_metal,
                        double k_dim, double k_diss, double k_ex, double c_a_nM, double c_b_nM);
