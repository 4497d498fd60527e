/* SPDX-License-Identifier: MIT */
/* `clusterkin simulate`: time-resolved channel intensities and t_max of a model. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "simulate_spectra.h"
#include "plot_cli.h"

static const char *help =
    "usage: clusterkin simulate MODEL.yaml [-o series.csv] [--tmax tmax.csv] [--plot map.png] [-q]\n"
    "\n"
    "Integrates the model's reaction network (CVODE BDF) and writes the mass-\n"
    "spectrometry channels over experimental time (model time minus dead time).\n"
    "  -o FILE       channel CSV: time_s, then one column per channel\n"
    "                ([Ag25Au0]1- ... [Ag0Au50]2-); standard output without -o\n"
    "  --tmax FILE   t_max table: channel,t_max_s,at_edge (1 = maximum on the\n"
    "                first or last output, -1 = channel never above 1e-9 of the total)\n"
    "  --plot FILE   contour map of the channels (.png, .svg or .pdf; see\n"
    "                'clusterkin plot --help', kind contour)\n"
    "  -q, --quiet   no solver statistics on standard error\n"
    "  --memory-limit SIZE  refuse networks whose estimated network + solver memory\n"
    "                exceeds SIZE (\"8 GiB\", the default, or limits: {memory: ...})\n"
    "  --output-limit SIZE  refuse, before simulating, a channel CSV (or, before\n"
    "                writing, spectra) estimated above SIZE (\"2 GiB\", the default,\n"
    "                or limits: {output: ...})\n"
    "  --time-limit TIME  stop the integration after TIME of wall-clock time (\"10 min\";\n"
    "                default none, or limits: {time: ...}); exit 2, nothing written\n"
    "\n"
    "Spectra (MODEL.md section 7):\n"
    "  --spectra DIR         one profile spectrum per output time, DIR/spectrum-<t>s.csv\n"
    "                        (mz,intensity; each channel's envelope has area = its share)\n"
    "  --resolution R        resolving power, FWHM = m/z / R (default 25000)\n"
    "  --mz-range A:B        m/z range (default: every channel's envelope)\n"
    "  --mz-step S           m/z spacing (default: FWHM at A / 5)\n"
    "Synthetic data (recovery studies; see ck_noise.h):\n"
    "  --sample-every TIME   output spacing (\"30 s\", \"1 min\"), instead of step:\n"
    "  --noise MODEL         lognormal:SIGMA (v exp(SIGMA z), median kept) or\n"
    "                        normal:SIGMA (v + SIGMA z); z standard normal, drawn\n"
    "                        independently per value; the t_max table stays noiseless\n"
    "  --seed N              random seed (default 1): equal seeds, equal files\n"
    "Settings come from the model's simulate: block (dead-time, end, step,\n"
    "normalize, rtol, atol, linear-solver). Output files are written whole or not at all.\n";

typedef struct {
  const char *model, *series, *tmax, *sample_every, *noise, *plot;
  unsigned long long seed;
  int quiet;
  const char *memory_limit; /* --memory-limit, NULL = the model's */
  const char *output_limit, *time_limit; /* --output-limit, --time-limit; NULL = the model's */
  cli_spectra_options spectra;
} simulate_args;

static int parse_args(int argc, char **argv, void *args) {
  simulate_args *a = args;
  int rc;
  memset(a, 0, sizeof *a);
  a->seed = 1;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    int spectra_rc = cli_spectra_option(argc, argv, &i, &a->spectra);
    if (spectra_rc != 0) {
      if (spectra_rc < 0) {
        return -spectra_rc;
      }
      continue;
    }
    if (strcmp(arg, "--plot") == 0) {
      if (i + 1 >= argc) {
        return cli_usage_error("simulate", "--plot needs a file name");
      }
      a->plot = argv[++i];
      ck_plot_format format;
      if (ck_plot_format_from_path(NULL, a->plot, &format) != CK_OK) {
        return cli_usage_error("simulate", "--plot file name must end in .png, .svg or .pdf");
      }
    } else if (strcmp(arg, "-o") == 0 || strcmp(arg, "--tmax") == 0) {
      if (i + 1 >= argc) {
        return cli_usage_error("simulate", "%s needs a file name", arg);
      }
      *(arg[1] == 'o' ? &a->series : &a->tmax) = argv[++i];
    } else if (strcmp(arg, "--sample-every") == 0 || strcmp(arg, "--noise") == 0 ||
               strcmp(arg, "--seed") == 0) {
      if (i + 1 >= argc) {
        return cli_usage_error("simulate", "%s needs a value", arg);
      }
      const char *v = argv[++i];
      if (arg[2] == 's' && arg[3] == 'a') {
        a->sample_every = v;
      } else if (arg[2] == 'n') {
        a->noise = v;
      } else {
        char *end;
        a->seed = strtoull(v, &end, 10);
        if (*end != '\0' || end == v || v[0] == '-') {
          return cli_usage_error("simulate", "--seed needs a whole number >= 0");
        }
      }
    } else if (strcmp(arg, "--memory-limit") == 0) {
      if (i + 1 >= argc) {
        return cli_usage_error("simulate", "--memory-limit needs a size");
      }
      a->memory_limit = argv[++i];
    } else if (strcmp(arg, "--output-limit") == 0 || strcmp(arg, "--time-limit") == 0) {
      if (i + 1 >= argc) {
        return cli_usage_error("simulate", "%s needs a value", arg);
      }
      *(arg[2] == 'o' ? &a->output_limit : &a->time_limit) = argv[++i];
    } else if (strcmp(arg, "-q") == 0 || strcmp(arg, "--quiet") == 0) {
      a->quiet = 1;
    } else if ((rc = cli_take_model("simulate", arg, &a->model)) != 0) {
      return rc;
    }
  }
  return cli_require("simulate", a->model, "model file");
}

static void print_stats(const ck_network *net, const ck_solver *solver) {
  ck_solver_stats s = ck_solver_get_stats(solver);
  fprintf(stderr,
          "clusterkin: %zu species, %zu reactions; CVODE BDF (%s): %ld steps, %ld RHS, "
          "%ld Jacobians, %ld factorizations, %ld Newton iterations (%ld failed), "
          "%ld error-test failures; metal balance within %.1e\n",
          ck_network_species_count(net), ck_network_reaction_count(net),
          ck_solver_linear_solver_name(solver), s.steps, s.rhs_evals, s.jac_evals, s.lin_setups,
          s.newton_iters, s.newton_fails, s.err_test_fails, s.max_conservation_error);
  if (s.lin_iters > 0 || s.prec_solves > 0) { /* the krylov solver */
    fprintf(stderr,
            "clusterkin: GMRES: %ld linear iterations (%ld did not converge), "
            "%ld preconditioner solves\n",
            s.lin_iters, s.lin_conv_fails, s.prec_solves);
  }
}

/* Writes both files, or neither: each goes to a temporary file first and
 * both are renamed only when both are complete. */
static ck_status write_outputs(ck_ctx *ctx, const simulate_args *a, const ck_series *series,
                               const ck_channels *ch) {
  ck_output *out_series = NULL, *out_tmax = NULL;
  ck_status st = CK_OK;
  if (a->series != NULL && (out_series = ck_output_open(ctx, a->series)) == NULL) {
    return ck_ctx_status(ctx);
  }
  if (a->tmax != NULL && (out_tmax = ck_output_open(ctx, a->tmax)) == NULL) {
    ck_output_abort(out_series);
    return ck_ctx_status(ctx);
  }
  /* A simulation is reproduced by running it again: no fsync (ck_io.h). */
  if (out_series != NULL) {
    ck_output_set_reproducible(out_series);
  }
  if (out_tmax != NULL) {
    ck_output_set_reproducible(out_tmax);
  }
  FILE *s = out_series != NULL ? ck_output_stream(out_series) : stdout;
  st = ck_series_write_csv(ctx, series, ch, s);
  if (st == CK_OK && out_tmax != NULL) {
    st = ck_tmax_write_csv(ctx, series, ch, ck_output_stream(out_tmax));
  }
  if (st != CK_OK) {
    ck_output_abort(out_series);
    ck_output_abort(out_tmax);
    return st;
  }
  st = out_series != NULL ? ck_output_commit(ctx, out_series) : CK_OK;
  if (st != CK_OK) {
    ck_output_abort(out_tmax);
    return st;
  }
  return out_tmax != NULL ? ck_output_commit(ctx, out_tmax) : CK_OK;
}

int cmd_simulate(int argc, char **argv) {
  simulate_args a;
  ck_ctx *ctx;
  int rc = cli_start(argc, argv, help, parse_args, &a, &ctx);
  if (ctx == NULL) {
    return rc;
  }
  ck_model *model = NULL;
  ck_network *net = NULL;
  ck_channels *ch = NULL;
  ck_solver *solver = NULL;
  ck_series *series = NULL;
  rc = cli_load_limited(ctx, a.model, a.memory_limit, &model, &net);
  if (rc == 0) {
    rc = cli_apply_limits(ctx, model, a.output_limit, a.time_limit);
  }
  if (rc != 0) {
    goto cleanup;
  }
  ck_noise noise;
  if ((a.noise != NULL && ck_noise_parse(ctx, a.noise, &noise) != CK_OK) ||
      (a.sample_every != NULL &&
       ck_units_parse(ctx, a.sample_every, CK_QTY_TIME, &model->simulate.step_s) != CK_OK)) {
    fprintf(stderr, "clusterkin simulate: %s\n", ck_ctx_errmsg(ctx));
    rc = EXIT_USAGE;
    goto cleanup;
  }
  if (a.sample_every != NULL && !(model->simulate.step_s > 0.0)) {
    rc = cli_usage_error("simulate", "--sample-every must be > 0");
    goto cleanup;
  }
  ck_solver_options opt = ck_solver_options_from_model(model);
  if ((ch = ck_channels_create(ctx, net)) == NULL ||
      ck_output_check_size(ctx, "the channel series CSV",
                           (double)ck_simulate_output_count(&model->simulate) + 1.0,
                           (double)ck_channels_count(ch) + 1.0, CK_CSV_BYTES_PER_VALUE,
                           model->output_limit_bytes) != CK_OK ||
      (solver = ck_solver_create(ctx, net, &opt)) == NULL ||
      (series = ck_simulate_series(ctx, model, solver, net, ch)) == NULL) {
    rc = cli_fail(ctx, a.model);
    goto cleanup;
  }
  if (!a.quiet) {
    print_stats(net, solver);
  }
  if (a.noise != NULL) {
    ck_series_add_noise(series, &noise, (uint64_t)a.seed);
  }
  if (write_outputs(ctx, &a, series, ch) != CK_OK) {
    cli_report(ctx, NULL);
    rc = EXIT_RUNTIME;
  } else {
    if (a.spectra.dir != NULL) {
      rc = cli_write_spectra(ctx, model, ch, series, &a.spectra);
    }
    if (rc == EXIT_OK && a.plot != NULL) {
      rc = cli_plot_series_contour(ctx, model, series, ch, a.plot);
    }
  }
cleanup:
  ck_series_free(series);
  ck_solver_free(solver);
  ck_channels_free(ch);
  ck_network_free(net);
  ck_model_free(model);
  ck_ctx_free(ctx);
  return rc;
}
