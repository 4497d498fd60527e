/* SPDX-License-Identifier: MIT */
/* `clusterkin fit`: rate constants from measured channel series (issue 3, MODEL.md section 8). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "plot_cli.h"

static const char *help =
    "usage: clusterkin fit MODEL.yaml [-o result.json] [--grid-out grid.csv] [--threads N]\n"
    "                      [--resume] [--profile-out profiles.csv] [--plot landscape.png]\n"
    "                      [--plot-profiles profiles.png] [--time-limit TIME] [-q]\n"
    "       mpirun -n R clusterkin fit MODEL.yaml ...   (ranks split the work)\n"
    "\n"
    "Fits the rate constants named in the model's fit: block to its datasets:\n"
    "a log-spaced grid over every parameter (in parallel), NLopt refinement from\n"
    "the best grid points (refine: true), and profile-likelihood intervals\n"
    "(intervals: profile). Rate constants are shared by all datasets.\n"
    "  -o FILE          result JSON (standard output without -o): parameters in\n"
    "                   1/(nM s) and 1/s, objective, intervals, simulations, datasets\n"
    "  --grid-out FILE  every grid point as it finishes: point, parameters,\n"
    "                   objective, one column per dataset, status (ok or failed)\n"
    "  --resume         keep the points already in the grid file and compute only\n"
    "                   the others (a killed fit loses no finished point)\n"
    "  --profile-out FILE  the profile curves: parameter,value,objective, one row\n"
    "                   per profile point (intervals: profile)\n"
    "  --plot FILE      objective landscape of the grid (as 'plot grid'; needs\n"
    "                   --grid-out); .png, .svg or .pdf\n"
    "  --plot-profiles FILE  profile curves (as 'plot profile'; needs --profile-out)\n"
    "  --threads N      OpenMP threads per process (default: OMP_NUM_THREADS or\n"
    "                   all cores); under mpirun, per rank\n"
    "  --time-limit TIME  stop after TIME of wall-clock time (\"10 h\"; default none,\n"
    "                   or limits: {time: ...}): exit 2; the grid file keeps every\n"
    "                   finished point and --resume goes on from them\n"
    "  -q, --quiet      no progress or summary on standard error\n"
    "A grid point whose simulation fails (e.g. CVODE too much work) is recorded\n"
    "as failed and the fit goes on; the summary names the lowest one and why.\n";

typedef struct {
  const char *model, *result, *grid, *profiles, *plot, *plot_profiles, *time_limit;
  int threads, resume, quiet;
} fit_args;

static int parse_args(int argc, char **argv, void *args) {
  fit_args *a = args;
  int rc;
  memset(a, 0, sizeof *a);
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (strcmp(arg, "--plot") == 0 || strcmp(arg, "--plot-profiles") == 0) {
      if (i + 1 >= argc) {
        return cli_usage_error("fit", "%s needs a file name", arg);
      }
      ck_plot_format format;
      if (ck_plot_format_from_path(NULL, argv[i + 1], &format) != CK_OK) {
        return cli_usage_error("fit", "%s file name must end in .png, .svg or .pdf", arg);
      }
      *(arg[6] == '\0' ? &a->plot : &a->plot_profiles) = argv[++i];
    } else if (strcmp(arg, "-o") == 0 || strcmp(arg, "--grid-out") == 0 ||
               strcmp(arg, "--threads") == 0 || strcmp(arg, "--profile-out") == 0 ||
               strcmp(arg, "--time-limit") == 0) {
      if (i + 1 >= argc) {
        return cli_usage_error("fit", "%s needs a value", arg);
      }
      const char *v = argv[++i];
      if (strcmp(arg, "--threads") == 0) {
        char *end;
        long n = strtol(v, &end, 10);
        if (*end != '\0' || n < 1 || n > 4096) {
          return cli_usage_error("fit", "--threads needs a whole number from 1 to 4096");
        }
        a->threads = (int)n;
      } else if (strcmp(arg, "--time-limit") == 0) {
        a->time_limit = v;
      } else if (strcmp(arg, "--profile-out") == 0) {
        a->profiles = v;
      } else {
        *(arg[1] == 'o' ? &a->result : &a->grid) = v;
      }
    } else if (strcmp(arg, "--resume") == 0) {
      a->resume = 1;
    } else if (strcmp(arg, "-q") == 0 || strcmp(arg, "--quiet") == 0) {
      a->quiet = 1;
    } else if ((rc = cli_take_model("fit", arg, &a->model)) != 0) {
      return rc;
    }
  }
  if ((rc = cli_require("fit", a->model, "model file")) != 0) {
    return rc;
  }
  if (a->resume && a->grid == NULL) {
    return cli_usage_error("fit", "--resume needs --grid-out");
  }
  if (a->plot != NULL && a->grid == NULL) {
    return cli_usage_error("fit", "--plot draws the grid file: it needs --grid-out");
  }
  if (a->plot_profiles != NULL && a->profiles == NULL) {
    return cli_usage_error("fit", "--plot-profiles draws the profile file: it needs --profile-out");
  }
  return 0;
}

typedef struct progress {
  double start_s, last_s;
} progress;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Points done, rate and ETA on one terminal line, at most 10 times a second. */
static void show_progress(void *user, size_t done, size_t total) {
  progress *p = user;
  double t = now_s();
  if (done < total && t - p->last_s < 0.1) {
    return;
  }
  p->last_s = t;
  double rate = done / fmax(t - p->start_s, 1e-9), eta = (double)(total - done) / fmax(rate, 1e-9);
  fprintf(stderr, "\rclusterkin fit: grid %zu/%zu points, %.0f points/s, ETA %.0f s   ", done,
          total, rate, eta);
  if (done == total) {
    fputc('\n', stderr);
  }
}

static int write_result(ck_ctx *ctx, const fit_args *a, const ck_fit *fit, const ck_fit_result *r) {
  const char *generator = "clusterkin " CK_VERSION;
  if (a->result == NULL) {
    return ck_fit_result_write_json(ctx, fit, r, generator, stdout) == CK_OK ? 0 : EXIT_RUNTIME;
  }
  ck_output *out = ck_output_open(ctx, a->result);
  if (out == NULL) {
    return EXIT_RUNTIME;
  }
  if (ck_fit_result_write_json(ctx, fit, r, generator, ck_output_stream(out)) != CK_OK) {
    ck_output_abort(out);
    return EXIT_RUNTIME;
  }
  return ck_output_commit(ctx, out) == CK_OK ? 0 : EXIT_RUNTIME;
}

static int write_profiles(ck_ctx *ctx, const char *path, const ck_fit *fit,
                          const ck_fit_result *r) {
  ck_output *out = ck_output_open(ctx, path);
  if (out == NULL) {
    return EXIT_RUNTIME;
  }
  if (ck_fit_result_write_profiles(ctx, fit, r, ck_output_stream(out)) != CK_OK) {
    ck_output_abort(out);
    return EXIT_RUNTIME;
  }
  return ck_output_commit(ctx, out) == CK_OK ? 0 : EXIT_RUNTIME;
}

static void print_summary(const ck_fit *fit, const ck_model *model, const ck_fit_result *r) {
  (void)fit;
  fprintf(stderr,
          "clusterkin fit: objective %.6g after %ld simulations (%zu grid points, %zu "
          "failed; %ld refinement evaluations)\n",
          r->objective, r->simulations, r->grid_points, r->grid_failed, r->refine_evaluations);
  if (r->grid_failure_point != (size_t)-1) {
    /* grid.csv says only "failed": the reason of one point, for the log. */
    fprintf(stderr, "  grid point %zu failed (the lowest failed in this run): %s\n",
            r->grid_failure_point, r->grid_failure);
  }
  if (r->optimum_from_profile) {
    fputs("  (a profile point beat the grid/refined optimum: it is reported as the optimum)\n",
          stderr);
  }
  for (int i = 0; i < r->n_params; i++) {
    const ck_fit_param *p = model->fit->params + i;
    fprintf(stderr, "  %-13s %.6g %s", p->name, r->value[i],
            p->unit == CK_QTY_RATE_SECOND_ORDER ? "/nM/s" : "/s");
    if (!p->fixed && r->interval_low[i] == r->interval_low[i]) {
      fprintf(stderr, "  [%.4g, %.4g]", r->interval_low[i], r->interval_high[i]);
    }
    fputs(p->fixed ? "  (fixed)\n" : "\n", stderr);
  }
}

int cmd_fit(int argc, char **argv) {
  fit_args a;
  ck_ctx *ctx;
  int rc = cli_start(argc, argv, help, parse_args, &a, &ctx);
  if (ctx == NULL) {
    return rc;
  }
  /* Under mpirun every rank runs this; only rank 0 speaks and writes. MPI
   * starts only then: a plain fit never loads libmpi. */
  int rank = 0, size = 1, mpi = ck_fit_mpi_launched();
  if (mpi && ck_fit_mpi_start(ctx, &rank, &size) != CK_OK) {
    cli_report(ctx, NULL);
    ck_ctx_free(ctx);
    return EXIT_RUNTIME;
  }
  ck_model *model = ck_model_load(ctx, a.model);
  ck_fit *fit = NULL;
  ck_fit_result *r = NULL;
  /* One fit per result file (issue 8). Not under MPI, where rank 0 leaving
   * alone would hang the others; there the grid's lock, which every rank
   * learns of, keeps a second fit out. */
  ck_lock *lock = NULL;
  if (model == NULL) { /* an unreadable model file is bad input too (as cli_load) */
    if (rank == 0) {
      cli_report(ctx, a.model);
    }
    rc = ck_ctx_status(ctx) == CK_ERR_NOMEM ? EXIT_RUNTIME : EXIT_USAGE;
    goto cleanup;
  }
  if ((rc = cli_apply_limits(ctx, model, NULL, a.time_limit)) != 0) {
    goto cleanup;
  }
  if ((fit = ck_fit_create(ctx, model)) == NULL) {
    if (rank == 0) {
      cli_report(ctx, a.model);
    }
    rc = cli_exit_for(ck_ctx_status(ctx));
    goto cleanup;
  }
  if (!mpi && a.result != NULL && (lock = ck_lock_acquire(ctx, a.result)) == NULL) {
    cli_report(ctx, NULL);
    rc = EXIT_RUNTIME;
    goto cleanup;
  }
  progress p = {now_s(), 0.0};
  ck_fit_options opt = {a.threads, a.grid, a.resume, NULL, &p};
  if (!a.quiet && rank == 0 && isatty(STDERR_FILENO)) {
    opt.progress = show_progress;
  }
  if ((r = ck_fit_run(fit, ctx, &opt)) == NULL) {
    cli_report(ctx, NULL); /* every rank: a rank's own failure has its own message */
    rc = cli_exit_for(ck_ctx_status(ctx));
    goto cleanup;
  }
  if (rank != 0) {
    goto cleanup;
  }
  if (!a.quiet) {
    print_summary(fit, model, r);
  }
  rc = write_result(ctx, &a, fit, r);
  if (rc == 0 && a.profiles != NULL) {
    rc = write_profiles(ctx, a.profiles, fit, r);
  }
  if (rc != 0) {
    cli_report(ctx, NULL);
    goto cleanup;
  }
  if (a.plot != NULL) {
    ck_plot_options plot = {a.plot, 0, 0, NULL};
    rc = cli_plot_grid_file(ctx, a.grid, &plot);
  }
  if (rc == 0 && a.plot_profiles != NULL) {
    ck_plot_options plot = {a.plot_profiles, 0, 0, NULL};
    rc = cli_plot_profile_file(ctx, a.profiles, &plot);
  }
cleanup:
  ck_lock_release(lock);
  ck_fit_result_free(r);
  ck_fit_free(fit);
  ck_model_free(model);
  ck_ctx_free(ctx);
  if (mpi) {
    ck_fit_mpi_stop();
  }
  return rc;
}
