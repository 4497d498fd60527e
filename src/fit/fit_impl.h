/* SPDX-License-Identifier: MIT */
/* Internals of the fit: prepared datasets, per-thread workers, the objective. */
#ifndef CK_FIT_IMPL_H
#define CK_FIT_IMPL_H

#include "clusterkin/ck_data.h"
#include "clusterkin/ck_fit.h"
#include "clusterkin/ck_io.h"
#include "clusterkin/ck_network.h"
#include "clusterkin/ck_observe.h"
#include "clusterkin/ck_solver.h"
#include "core/core_impl.h"

/* The three rate constants are the most a fit can name; datasets are
 * bounded so per-point tables stay small. */
#define CK_FIT_MAX_PARAMS 3
#define CK_FIT_MAX_DATASETS 1000

/* A dataset ready for comparison (MODEL.md section 8: a subset of channels
 * is compared after renormalising the model over the same subset). */
typedef struct fit_dataset {
  const ck_fit_dataset *spec;
  ck_channel_data *data;
  size_t n_times, n_ch;
  double *t_model_s;       /* experimental time + dead time */
  size_t *channel;         /* model channel of each data channel */
  int *is_dimer;           /* 1: a dimer channel, scaled by the dimer factor */
  double *value;           /* n_times x n_ch, as measured */
  double *weight;          /* n_times x n_ch: 1/sd^2 where an sd: column gives sd, else 0 */
  double floor;            /* relative/log residuals skip values at or below it */
  size_t n_used;           /* cells in the traces objective */
  size_t n_sd;             /* of those, weighted by a measured sd */
  double *y0;              /* state at mixing, nM per species */
  ck_tmax *tmax;           /* measured */
  unsigned char *use_tmax; /* channel counts in the tmax objective */
  size_t n_tmax_used;
  /* Nuisance parameters fitted locally (MODEL.md section 8, `{min, max}`):
   * they touch only this dataset's part, so each evaluation optimises them
   * for that part alone (nuisance.c). With a free dead time the model is
   * simulated on a dense uniform grid of model times covering every shift
   * and interpolated; otherwise at t_model_s. */
  int free_dead, free_factor;
  size_t n_run;    /* outputs simulated */
  double *t_run_s; /* their model times: t_model_s, or the dense grid */
  double *dense_s; /* the dense grid (NULL unless the dead time is free) */
  double dense_t0_s, dense_h_s;
} fit_dataset;

struct ck_fit {
  const ck_model *model;
  const ck_fit_spec *spec;
  int n_datasets;
  fit_dataset *ds;
  size_t n_model_channels, max_times, max_ch;
  size_t max_run;            /* most outputs of one dataset's simulation */
  int any_nuisance;          /* some dataset has a free dead time or dimer factor */
  int known_noise;           /* traces only, every residual weighted by a measured sd */
  size_t n_residuals;        /* terms of the objective, for the interval threshold */
  int n_free;                /* parameters searched (not fixed) */
  int *free_param;           /* their indices in spec->params */
  struct fit_worker *serial; /* for ck_fit_objective_at, made on first use */
  double deadline_s;         /* ck_fit_run's wall-clock end (limits: time), 0 = none */
};

/* Everything one thread needs to evaluate the objective. */
typedef struct fit_worker {
  ck_ctx *ctx;
  ck_network *net;
  ck_channels *ch;
  ck_solver *solver;
  double *sim_all; /* one state's model channels (nM) */
  double *raw;     /* max_run x max_ch: the dataset's channels as simulated (nM) */
  double *shifted; /* max_times x max_ch: raw at the data times (dead time applied) */
  double *sim;     /* max_times x max_ch, the dataset's channels as compared */
  double *dead_time_s, *dimer_factor; /* per dataset, of the last evaluation */
  ck_tmax *tmax;
  long simulations;
} fit_worker;

CK_INTERNAL fit_worker *fit_worker_create(ck_ctx *ctx, const ck_fit *fit);
CK_INTERNAL void fit_worker_free(fit_worker *w);

/* Rate constants at one point (1/(nM s), 1/s, 1/s, ck_reaction_kind
 * order; a collision-exchange model keeps its k_c, 1/(nM s), in
 * k[CK_REACTION_EXCHANGE], where its network does): the mechanism's, and
 * with a pairs: block each pair's (index as ck_model.pairs; a pair's
 * constant follows k where it inherits it). */
#define FIT_MAX_PAIRS (CK_MAX_FAMILIES * (CK_MAX_FAMILIES + 1) / 2)
typedef struct fit_rates {
  double k[3];
  double pair[FIT_MAX_PAIRS][3];
} fit_rates;

/* Rates for parameter values x (one per spec parameter, fit-block order):
 * the model's rates, overridden by the mechanism parameters, then the ratio
 * constraints, then passed on to the pairs that inherit them, then the
 * per-pair parameters. */
CK_INTERNAL void fit_rates_of(const ck_fit *fit, const double *x, fit_rates *rates);
/* Rates with the mechanism's three constants k and each pair's as in the
 * model (following k where it inherits). */
CK_INTERNAL void fit_rates_from(const ck_fit *fit, const double k[3], fit_rates *rates);
/* Sets rates on a network of fit->model (ck_network_set_rates, or
 * ck_network_set_pair_rates for every dimerizing pair). */
CK_INTERNAL ck_status fit_apply_rates(const ck_fit *fit, ck_network *net, const fit_rates *rates);

/* Objective at the given rates; parts[d] per dataset (may be NULL). A failed
 * simulation returns its status with the message on w->ctx. */
CK_INTERNAL ck_status fit_evaluate(const ck_fit *fit, fit_worker *w, const fit_rates *rates,
                                   double *objective, double *parts);
/* ck_fit_write_residuals at rates with per-pair constants. */
CK_INTERNAL ck_status fit_write_residuals(ck_ctx *ctx, ck_fit *fit, const fit_rates *rates,
                                          int dataset, FILE *f);

/* Nuisance values of the last evaluation of w, per dataset (the fixed
 * values or the locally fitted ones). */
CK_INTERNAL void fit_worker_nuisance(const ck_fit *fit, const fit_worker *w, double *dead_time_s,
                                     double *dimer_factor);

/* objective.c's pieces, used by nuisance.c: the rows compared at dead time
 * dead_s (w->shifted from w->raw), then the dimer factor and renormalisation
 * (w->sim from w->shifted), then the dataset's part of the objective. */
CK_INTERNAL void fit_shift_rows(const fit_dataset *d, fit_worker *w, double dead_s);
CK_INTERNAL void fit_scale_rows(const ck_fit *fit, const fit_dataset *d, fit_worker *w,
                                double factor);
CK_INTERNAL ck_status fit_dataset_score(const ck_fit *fit, const fit_dataset *d, fit_worker *w,
                                        double *part);

/* Sets up the dense grid of a dataset with a free dead time (problem.c). */
CK_INTERNAL ck_status fit_nuisance_prepare(ck_ctx *ctx, fit_dataset *d);
/* The dataset's part minimised over its free nuisance parameters, from
 * w->raw; *dead_s and *factor get the minimiser. */
CK_INTERNAL ck_status fit_nuisance_optimise(const ck_fit *fit, const fit_dataset *d, fit_worker *w,
                                            double *part, double *dead_s, double *factor);

/* Minimum of f over [lo, hi]: n_scan equally spaced points (ends included)
 * locate the best basin, Brent's method polishes it to xtol. Deterministic.
 * A NaN value counts as +infinity. Returns the minimiser; *f_min its value. */
typedef double (*fit_fn1)(double x, void *user);
CK_INTERNAL double fit_minimize_1d(fit_fn1 f, void *user, double lo, double hi, int n_scan,
                                   double xtol, double *f_min);

/* One dataset's part at the worker's current rates (ck_network_set_rates
 * done); leaves w->sim holding its rows as compared. */
CK_INTERNAL ck_status fit_evaluate_dataset(const ck_fit *fit, fit_worker *w, int dataset,
                                           double *part);

/* 1 when the fit's wall-clock budget (limits: time) is spent. */
CK_INTERNAL int fit_past_deadline(const ck_fit *fit);
/* Records the time-limit error on ctx: what was cut short, and how to go on. */
CK_INTERNAL ck_status fit_time_limit_error(ck_ctx *ctx, const ck_fit *fit, const char *during);

/* Grid point index -> parameter values (last parameter fastest). */
CK_INTERNAL void fit_grid_point(const ck_fit *fit, size_t point, double *x);

/* Quantile of the chi-square distribution with one degree of freedom. */
CK_INTERNAL double fit_chi2_1_quantile(double level);

#endif /* CK_FIT_IMPL_H */
