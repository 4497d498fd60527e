/* SPDX-License-Identifier: MIT */
/* Benchmark: one simulation of a model, median of repeated runs, with the
 * solver's work counts and where the time goes (issue 2's target: sim3 40:40,
 * 0..3260 s model time, output every 10 s, rtol 1e-6 / atol 1e-9: <= 2 ms). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkin/clusterkin.h"
#include "solver/solver_impl.h"

#define RUNS 41

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static int fail(ck_ctx *ctx) {
  fprintf(stderr, "bench: %s\n", ck_ctx_errtext(ctx));
  return 1;
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "bench/sim3-bench.yaml";
  ck_ctx *ctx = ck_ctx_create();
  double t0 = ck_clock_s();
  ck_model *model = ck_model_load(ctx, path);
  if (model == NULL) {
    return fail(ctx);
  }
  double t_load = ck_clock_s();
  ck_network *net = ck_network_generate(ctx, model);
  if (net == NULL) {
    return fail(ctx);
  }
  double t_gen = ck_clock_s();
  ck_channels *ch = ck_channels_create(ctx, net);
  ck_solver_options opt = ck_solver_options_from_model(model);
  ck_solver *solver = ck_solver_create(ctx, net, &opt);
  if (ch == NULL || solver == NULL) {
    return fail(ctx);
  }
  double t_setup = ck_clock_s(), times[RUNS];
  for (int i = 0; i < RUNS; i++) {
    double a = ck_clock_s();
    ck_series *s = ck_simulate_series(ctx, model, solver, net, ch);
    times[i] = ck_clock_s() - a;
    if (s == NULL) {
      return fail(ctx);
    }
    ck_series_free(s);
  }
  qsort(times, RUNS, sizeof *times, compare_double);
  ck_solver_stats st = ck_solver_get_stats(solver);
  ck_solver_free(solver);
  opt.profile = 1; /* a separate, timed run: the clock calls cost a little */
  solver = ck_solver_create(ctx, net, &opt);
  ck_series *s = solver != NULL ? ck_simulate_series(ctx, model, solver, net, ch) : NULL;
  if (s == NULL) {
    return fail(ctx);
  }
  ck_solver_stats pr = ck_solver_get_stats(solver);
  printf("benchmark: %s (%s)\n", model->name, path);
  printf("  network        %zu species, %zu reactions, linear solver %s\n",
         ck_network_species_count(net), ck_network_reaction_count(net),
         ck_solver_linear_solver_name(solver));
  printf("  %-28s %10s\n", "measure", "value");
  printf("  %-28s %10.3f ms\n", "simulation, median", 1e3 * times[RUNS / 2]);
  printf("  %-28s %10.3f ms\n", "simulation, min", 1e3 * times[0]);
  printf("  %-28s %10.3f ms\n", "simulation, max", 1e3 * times[RUNS - 1]);
  printf("  %-28s %10d\n", "runs", RUNS);
  printf("  %-28s %10.3f ms\n", "load model (YAML)", 1e3 * (t_load - t0));
  printf("  %-28s %10.3f ms\n", "generate network", 1e3 * (t_gen - t_load));
  printf("  %-28s %10.3f ms\n", "channels + solver set-up", 1e3 * (t_setup - t_gen));
  printf("  %-28s %10ld\n", "steps", st.steps);
  printf("  %-28s %10ld\n", "RHS evaluations", st.rhs_evals);
  printf("  %-28s %10ld\n", "Jacobian evaluations", st.jac_evals);
  printf("  %-28s %10ld\n", "factorizations", st.lin_setups);
  printf("  %-28s %10ld\n", "Newton iterations", st.newton_iters);
  printf("  %-28s %10ld\n", "error-test failures", st.err_test_fails);
  printf("  profiled run split (wall time inside each callback):\n");
  double total = pr.rhs_s + pr.jac_s + pr.setup_s + pr.solve_s;
  printf("  %-28s %10.3f ms\n", "RHS", 1e3 * pr.rhs_s);
  printf("  %-28s %10.3f ms\n", "Jacobian", 1e3 * pr.jac_s);
  printf("  %-28s %10.3f ms\n", "factorization", 1e3 * pr.setup_s);
  printf("  %-28s %10.3f ms\n", "linear solves", 1e3 * pr.solve_s);
  printf("  %-28s %10.3f ms\n", "CVODE steps and the rest", 1e3 * (times[RUNS / 2] - total));
  ck_series_free(s);
  ck_solver_free(solver);
  ck_channels_free(ch);
  ck_network_free(net);
  ck_model_free(model);
  ck_ctx_free(ctx);
  return 0;
}
