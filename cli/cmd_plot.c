/* SPDX-License-Identifier: MIT */
/* `clusterkin plot KIND ...`: publication figures from the files the other commands write. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "plot_cli.h"
#include "plot_table.h"
#include "plot_tmax_data.h"

static const char *help =
    "usage: clusterkin plot KIND INPUT... -o OUT.(png|svg|pdf) [--size WxH] [--title T]\n"
    "\n"
    "Draws a figure without a display (PLplot, cairo). Kinds:\n"
    "  contour SERIES.csv [--data DATA.csv] [--diff] [--model MODEL.yaml]\n"
    "        channel intensity over time and composition, monoanions beside\n"
    "        dianions (the paper's Figure 3); with --data simulation above data,\n"
    "        with --diff simulation minus data (diverging colours)\n"
    "  traces SERIES.csv [--channels L1,L2,...] [--data DATA.csv] [--model MODEL.yaml]\n"
    "        chosen channels over time (default: the six largest); data as markers\n"
    "  tmax SIM_TMAX.csv EXP_TMAX.csv | tmax SIM_TMAX.csv --data DATA.csv [--model M]\n"
    "        t_max of simulation against experiment (channel,t_max_s files); with\n"
    "        --data the experimental t_max of a measured channel CSV (channels below\n"
    "        0.5 % of their row's total left out, as the fit does)\n"
    "  lines FILE.csv [--x COL] [--y COL1,COL2] [--reverse-x] [--xlabel T] [--ylabel T]\n"
    "        columns against one column (spectra, NMR with --reverse-x, scans)\n"
    "  bars FILE.csv [--x COL] [--y COL1,COL2] [--xlabel T] [--ylabel T]\n"
    "        grouped bars (e.g. equilibrium distribution against binomial)\n"
    "  spectrum MEASURED.csv [--fit FITTED.csv]\n"
    "        m/z,intensity files; with --fit the fit and a residual panel\n"
    "  grid GRID.csv       objective landscape of `clusterkin fit --grid-out`:\n"
    "        minimum objective over the other parameters, for each pair\n"
    "  profile PROFILES.csv  profile curves (columns parameter,value,objective)\n"
    "Options:\n"
    "  -o FILE      output; the extension picks PNG, SVG or PDF (required)\n"
    "  --size WxH   pixels (points for SVG/PDF), default 1200x800\n"
    "  --title T    figure title (\"\" for none)\n"
    "Channel CSVs need no model: metals and charges are read off the labels;\n"
    "--model names the model when a file holds dimer channels only.\n"
    "The output is written whole or not at all.\n";

enum { K_CONTOUR, K_TRACES, K_TMAX, K_LINES, K_BARS, K_SPECTRUM, K_GRID, K_PROFILE, K_COUNT };
static const char *const kind_names[K_COUNT] = {"contour", "traces",   "tmax", "lines",
                                                "bars",    "spectrum", "grid", "profile"};
static const int kind_inputs[K_COUNT] = {1, 1, 2, 1, 1, 1, 1, 1};

#define BIT(k) (1u << (k))
#define CHANNEL_KINDS (BIT(K_CONTOUR) | BIT(K_TRACES))
#define TABLE_KINDS (BIT(K_LINES) | BIT(K_BARS))

typedef struct plot_args {
  int kind;
  const char *input[2];
  int n_inputs;
  ck_plot_options opt;
  const char *size, *data, *model, *channels, *x, *y, *xlabel, *ylabel, *fit;
  int diff, reverse_x;
} plot_args;

/* Options with a value: name, where the value goes, the kinds that take it. */
typedef struct value_option {
  const char *name;
  size_t offset;
  unsigned kinds;
} value_option;

#define ALL_KINDS (BIT(K_COUNT) - 1)
static const value_option value_options[] = {
    {"-o", offsetof(plot_args, opt.path), ALL_KINDS},
    {"--size", offsetof(plot_args, size), ALL_KINDS},
    {"--title", offsetof(plot_args, opt.title), ALL_KINDS},
    {"--data", offsetof(plot_args, data), CHANNEL_KINDS | BIT(K_TMAX)},
    {"--model", offsetof(plot_args, model), CHANNEL_KINDS | BIT(K_TMAX)},
    {"--channels", offsetof(plot_args, channels), BIT(K_TRACES)},
    {"--x", offsetof(plot_args, x), TABLE_KINDS},
    {"--y", offsetof(plot_args, y), TABLE_KINDS},
    {"--xlabel", offsetof(plot_args, xlabel), TABLE_KINDS},
    {"--ylabel", offsetof(plot_args, ylabel), TABLE_KINDS},
    {"--fit", offsetof(plot_args, fit), BIT(K_SPECTRUM)},
};

static int kind_of(const char *name) {
  for (int k = 0; k < K_COUNT; k++) {
    if (strcmp(name, kind_names[k]) == 0) {
      return k;
    }
  }
  return -1;
}

static int not_for_kind(const plot_args *a, const char *option) {
  return cli_usage_error("plot", "%s does not apply to plot %s", option, kind_names[a->kind]);
}

static int parse_flag(plot_args *a, const char *arg, int *handled) {
  *handled = 1;
  if (strcmp(arg, "--diff") == 0) {
    a->diff = 1;
    return a->kind == K_CONTOUR ? 0 : not_for_kind(a, arg);
  }
  if (strcmp(arg, "--reverse-x") == 0) {
    a->reverse_x = 1;
    return a->kind == K_LINES ? 0 : not_for_kind(a, arg);
  }
  *handled = 0;
  return 0;
}

static int parse_option(plot_args *a, int argc, char **argv, int *i) {
  const char *arg = argv[*i];
  int handled, rc = parse_flag(a, arg, &handled);
  if (handled) {
    return rc;
  }
  for (size_t o = 0; o < sizeof value_options / sizeof value_options[0]; o++) {
    const value_option *v = &value_options[o];
    if (strcmp(arg, v->name) != 0) {
      continue;
    }
    if (!(v->kinds & BIT(a->kind))) {
      return not_for_kind(a, arg);
    }
    if (*i + 1 >= argc) {
      return cli_usage_error("plot", "%s needs a value", arg);
    }
    *(const char **)(void *)((char *)a + v->offset) = argv[++*i];
    return 0;
  }
  return cli_usage_error("plot", "unknown option '%s'", arg);
}

static int parse_args(int argc, char **argv, void *args) {
  plot_args *a = args;
  memset(a, 0, sizeof *a);
  if (argc < 2) {
    return cli_usage_error("plot", "no plot kind given");
  }
  if ((a->kind = kind_of(argv[1])) < 0) {
    return cli_usage_error("plot",
                           "unknown plot kind '%s' (contour, traces, tmax, lines, bars, "
                           "spectrum, grid, profile)",
                           argv[1]);
  }
  for (int i = 2; i < argc; i++) {
    if (argv[i][0] == '-' && argv[i][1] != '\0') {
      int rc = parse_option(a, argc, argv, &i);
      if (rc != 0) {
        return rc;
      }
    } else if (a->n_inputs < kind_inputs[a->kind]) {
      a->input[a->n_inputs++] = argv[i];
    } else {
      return cli_usage_error("plot", "too many input files for plot %s", kind_names[a->kind]);
    }
  }
  if (a->kind == K_TMAX && a->data != NULL) { /* the data stand in for EXP_TMAX.csv */
    if (a->n_inputs > 1) {
      return cli_usage_error("plot", "plot tmax takes EXP_TMAX.csv or --data, not both");
    }
    if (a->opt.path == NULL) {
      return cli_usage_error("plot", "no output file given (-o OUT.png, .svg or .pdf)");
    }
    return a->n_inputs == 1 ? 0 : cli_usage_error("plot", "plot tmax needs SIM_TMAX.csv");
  }
  if (a->n_inputs < kind_inputs[a->kind]) {
    return cli_usage_error("plot", "plot %s needs %d input file%s", kind_names[a->kind],
                           kind_inputs[a->kind], kind_inputs[a->kind] > 1 ? "s" : "");
  }
  if (a->opt.path == NULL) {
    return cli_usage_error("plot", "no output file given (-o OUT.png, .svg or .pdf)");
  }
  if (a->diff && a->data == NULL) {
    return cli_usage_error("plot", "--diff needs --data");
  }
  return 0;
}

/* Checks -o and --size before any input is read or PLplot is loaded. */
static int check_output(ck_ctx *ctx, plot_args *a) {
  if ((a->size != NULL && ck_plot_size_parse(ctx, a->size, &a->opt) != CK_OK) ||
      ck_plot_options_check(ctx, &a->opt) != CK_OK) {
    return cli_usage_error("plot", "%s", ck_ctx_errmsg(ctx));
  }
  return 0;
}

/* Splits a comma list in place; returns the count (at most max) or -1. */
static int split_list(char *s, const char **out, int max) {
  int n = 0;
  for (char *save = NULL, *tok = strtok_r(s, ",", &save); tok != NULL;
       tok = strtok_r(NULL, ",", &save)) {
    if (n == max) {
      return -1;
    }
    out[n++] = tok;
  }
  return n;
}

static int report_plot(ck_ctx *ctx) {
  fprintf(stderr, "clusterkin plot: %s\n", ck_ctx_errtext(ctx));
  return cli_exit_for(ck_ctx_status(ctx));
}

/* ---- channel kinds --------------------------------------------------------- */

#define MAX_CHANNEL_ARGS 64

static int draw_channel_kind(ck_ctx *ctx, const plot_args *a, const ck_channel_data *series,
                             const ck_channel_data *data) {
  ck_plot_channels s = ck_plot_channels_from_data(series), d = ck_plot_channels_from_data(data);
  ck_status st;
  if (a->kind == K_CONTOUR) {
    st = data == NULL ? ck_plot_contour(ctx, &a->opt, &s)
         : a->diff    ? ck_plot_contour_diff(ctx, &a->opt, &s, &d)
                      : ck_plot_contour_compare(ctx, &a->opt, &s, &d);
    return st == CK_OK ? 0 : report_plot(ctx);
  }
  const char *labels[MAX_CHANNEL_ARGS];
  int n = 0;
  char *list = a->channels != NULL ? strdup(a->channels) : NULL;
  if (list != NULL && (n = split_list(list, labels, MAX_CHANNEL_ARGS)) <= 0) {
    free(list);
    return cli_usage_error("plot", "--channels takes 1 to %d labels separated by commas",
                           MAX_CHANNEL_ARGS);
  }
  st = ck_plot_traces(ctx, &a->opt, &s, data != NULL ? &d : NULL, labels, (size_t)n);
  free(list);
  return st == CK_OK ? 0 : report_plot(ctx);
}

static int run_channels(ck_ctx *ctx, const plot_args *a) {
  ck_model stub, *loaded = NULL;
  const ck_model *model = &stub;
  if (a->model != NULL) {
    if ((loaded = ck_model_load(ctx, a->model)) == NULL) {
      cli_report(ctx, a->model);
      return EXIT_USAGE;
    }
    model = loaded;
  } else if (cli_plot_model_infer(a->input[0], &stub) != 0) {
    return EXIT_USAGE;
  }
  ck_channel_data *series = cli_plot_channels_load(ctx, a->input[0], model), *data = NULL;
  int rc = series == NULL ? EXIT_USAGE : 0;
  if (rc == 0 && a->data != NULL && (data = cli_plot_channels_load(ctx, a->data, model)) == NULL) {
    rc = EXIT_USAGE;
  }
  if (rc == 0) {
    rc = draw_channel_kind(ctx, a, series, data);
  }
  ck_channel_data_free(series);
  ck_channel_data_free(data);
  ck_model_free(loaded);
  return rc;
}

/* ---- table kinds -------------------------------------------------------------- */

#define MAX_COLUMNS 64

/* The columns --y names, or every column but x. */
static int y_columns(const cli_table *t, const plot_args *a, int x, int *cols) {
  int n = 0;
  if (a->y == NULL) {
    for (size_t c = 0; c < t->n_cols && n < MAX_COLUMNS; c++) {
      if ((int)c != x) {
        cols[n++] = (int)c;
      }
    }
    if (n == 0) {
      fprintf(stderr, "clusterkin plot: %s: no column besides the x column\n", t->path);
      return -1;
    }
    return n;
  }
  const char *names[MAX_COLUMNS];
  char *list = strdup(a->y);
  int m = list != NULL ? split_list(list, names, MAX_COLUMNS) : -1;
  for (int i = 0; i < m && n >= 0; i++) {
    cols[n++] = cli_table_column(t, names[i], "--y");
    n = cols[n - 1] < 0 ? -1 : n;
  }
  free(list);
  if (m <= 0) {
    cli_usage_error("plot", "--y takes 1 to %d column names separated by commas", MAX_COLUMNS);
    return -1;
  }
  return n;
}

static int run_xy(ck_ctx *ctx, const plot_args *a) {
  cli_table t;
  if (cli_table_load(a->input[0], &t) != 0) {
    cli_table_free(&t);
    return EXIT_USAGE;
  }
  int cols[MAX_COLUMNS], rc = EXIT_USAGE;
  int x = a->x != NULL ? cli_table_column(&t, a->x, "--x") : 0;
  int n = x >= 0 ? y_columns(&t, a, x, cols) : -1;
  double *xv = n > 0 ? cli_table_numbers(&t, (size_t)x) : NULL;
  double *yv[MAX_COLUMNS] = {0};
  const char *names[MAX_COLUMNS];
  int ok = xv != NULL;
  for (int i = 0; i < n && ok; i++) {
    names[i] = t.name[cols[i]];
    ok = (yv[i] = cli_table_numbers(&t, (size_t)cols[i])) != NULL;
  }
  if (ok) {
    ck_plot_xy xy = {t.n_rows,
                     xv,
                     (size_t)n,
                     (const double *const *)yv,
                     names,
                     a->xlabel != NULL ? a->xlabel : t.name[x],
                     a->ylabel != NULL ? a->ylabel
                     : n == 1          ? names[0]
                                       : "value",
                     a->reverse_x};
    ck_status st =
        a->kind == K_LINES ? ck_plot_lines(ctx, &a->opt, &xy) : ck_plot_bars(ctx, &a->opt, &xy);
    rc = st == CK_OK ? 0 : report_plot(ctx);
  }
  for (int i = 0; i < MAX_COLUMNS; i++) {
    free(yv[i]);
  }
  free(xv);
  cli_table_free(&t);
  return rc;
}

/* ---- t_max ------------------------------------------------------------------- */

/* Pairs each channel of the simulated t_max table with the experimental
 * t_max of the same label (n_exp labels and times); channels in one only are
 * left out. */
static int draw_tmax(ck_ctx *ctx, const plot_args *a, cli_table *s, size_t n_exp,
                     const char *const *exp_label, const double *exp_t) {
  int sc = cli_table_column(s, "channel", NULL);
  int st_ = sc >= 0 ? cli_table_column(s, "t_max_s", NULL) : -1;
  double *sim = st_ >= 0 ? calloc(s->n_rows + 1, sizeof *sim) : NULL;
  double *exp = sim != NULL ? calloc(s->n_rows + 1, sizeof *exp) : NULL;
  int ok = exp != NULL;
  size_t n = 0;
  for (size_t r = 0; r < s->n_rows && ok; r++) {
    for (size_t q = 0; q < n_exp && ok; q++) {
      if (strcmp(s->cell[r * s->n_cols + (size_t)sc], exp_label[q]) == 0) {
        ok = cli_table_number(s, r, (size_t)st_, &sim[n]) == 0;
        exp[n++] = exp_t[q];
        break;
      }
    }
  }
  int rc = EXIT_USAGE;
  if (ok) {
    rc = ck_plot_tmax(ctx, &a->opt, n, sim, exp) == CK_OK ? 0 : report_plot(ctx);
  }
  free(sim);
  free(exp);
  return rc;
}

/* The experimental side from a channel,t_max_s table (another `simulate --tmax`). */
static int tmax_from_table(ck_ctx *ctx, const plot_args *a, cli_table *s) {
  cli_table e;
  int rc = EXIT_USAGE;
  int ok = cli_table_load(a->input[1], &e) == 0;
  int ec = ok ? cli_table_column(&e, "channel", NULL) : -1;
  int et = ec >= 0 ? cli_table_column(&e, "t_max_s", NULL) : -1;
  const char **label = et >= 0 ? calloc(e.n_rows + 1, sizeof *label) : NULL;
  double *t = label != NULL ? cli_table_numbers(&e, (size_t)et) : NULL;
  if (t != NULL) {
    for (size_t q = 0; q < e.n_rows; q++) {
      label[q] = e.cell[q * e.n_cols + (size_t)ec];
    }
    rc = draw_tmax(ctx, a, s, e.n_rows, label, t);
  }
  free(label);
  free(t);
  cli_table_free(&e);
  return rc;
}

static int run_tmax(ck_ctx *ctx, const plot_args *a) {
  cli_table s;
  int rc = EXIT_USAGE;
  if (cli_table_load(a->input[0], &s) == 0) {
    if (a->data == NULL) {
      rc = tmax_from_table(ctx, a, &s);
    } else {
      ck_channel_data *data = NULL;
      double *t = NULL;
      rc = cli_plot_data_tmax(ctx, a->data, a->model, &data, &t);
      if (rc == 0) {
        rc = draw_tmax(ctx, a, &s, data->n_channels, (const char *const *)data->labels, t);
      }
      ck_channel_data_free(data);
      free(t);
    }
  }
  cli_table_free(&s);
  return rc;
}

/* ---- spectrum -------------------------------------------------------------------- */

/* Fitted intensity at each measured m/z: linear between the fitted points, NaN outside. */
static void resample(const double *fx, const double *fy, size_t fn, const double *mz, size_t n,
                     double *out) {
  for (size_t i = 0; i < n; i++) {
    out[i] = NAN;
    for (size_t j = 1; j < fn; j++) {
      double a = fx[j - 1], b = fx[j];
      if ((mz[i] >= a && mz[i] <= b) || (mz[i] <= a && mz[i] >= b)) {
        double w = b != a ? (mz[i] - a) / (b - a) : 0.0;
        out[i] = (1.0 - w) * fy[j - 1] + w * fy[j];
        break;
      }
    }
  }
}

static int two_columns(const cli_table *t, double **x, double **y) {
  if (t->n_cols < 2) {
    fprintf(stderr, "clusterkin plot: %s: needs two columns, m/z and intensity\n", t->path);
    return 1;
  }
  *x = cli_table_numbers(t, 0);
  *y = *x != NULL ? cli_table_numbers(t, 1) : NULL;
  return *y == NULL;
}

static int run_spectrum(ck_ctx *ctx, const plot_args *a) {
  cli_table m, f;
  memset(&f, 0, sizeof f);
  double *mz = NULL, *mi = NULL, *fz = NULL, *fi = NULL, *fitted = NULL;
  int rc = EXIT_USAGE;
  int ok = cli_table_load(a->input[0], &m) == 0 && two_columns(&m, &mz, &mi) == 0;
  if (ok && a->fit != NULL) {
    ok = cli_table_load(a->fit, &f) == 0 && two_columns(&f, &fz, &fi) == 0 &&
         (fitted = calloc(m.n_rows, sizeof *fitted)) != NULL;
    if (ok) {
      resample(fz, fi, f.n_rows, mz, m.n_rows, fitted);
    }
  }
  if (ok) {
    ck_status st = ck_plot_spectrum(ctx, &a->opt, m.n_rows, mz, mi, fitted);
    rc = st == CK_OK ? 0 : report_plot(ctx);
  }
  free(mz), free(mi), free(fz), free(fi), free(fitted);
  cli_table_free(&m);
  cli_table_free(&f);
  return rc;
}

/* ---- fit diagnostics ----------------------------------------------------------- */

/* grid.csv (MODEL.md section 8): point, the parameters, objective, datasets, status. */
int cli_plot_grid_file(ck_ctx *ctx, const char *path, const ck_plot_options *opt) {
  cli_table t;
  int rc = EXIT_USAGE;
  int first = cli_table_load(path, &t) == 0 ? cli_table_column(&t, "point", NULL) : -1;
  int obj = first >= 0 ? cli_table_column(&t, "objective", NULL) : -1;
  size_t np = obj > first + 1 ? (size_t)(obj - first - 1) : 0;
  double *value = np > 0 ? calloc(t.n_rows * np, sizeof *value) : NULL;
  double *objective = value != NULL ? cli_table_numbers(&t, (size_t)obj) : NULL;
  if (obj >= 0 && np == 0) {
    fprintf(stderr, "clusterkin plot: %s: no parameter columns between point and objective\n",
            path);
  }
  int ok = objective != NULL;
  for (size_t r = 0; r < t.n_rows && ok; r++) {
    for (size_t j = 0; j < np && ok; j++) {
      ok = cli_table_number(&t, r, (size_t)first + 1 + j, &value[r * np + j]) == 0;
    }
  }
  if (ok) {
    ck_status st = ck_plot_grid(ctx, opt, t.n_rows, np, (const char *const *)t.name + first + 1,
                                value, objective);
    rc = st == CK_OK ? 0 : report_plot(ctx);
  }
  free(value);
  free(objective);
  cli_table_free(&t);
  return rc;
}

int cli_plot_profile_file(ck_ctx *ctx, const char *path, const ck_plot_options *opt) {
  cli_table t;
  int rc = EXIT_USAGE;
  int pc = cli_table_load(path, &t) == 0 ? cli_table_column(&t, "parameter", NULL) : -1;
  int vc = pc >= 0 ? cli_table_column(&t, "value", NULL) : -1;
  int oc = vc >= 0 ? cli_table_column(&t, "objective", NULL) : -1;
  double *value = oc >= 0 ? cli_table_numbers(&t, (size_t)vc) : NULL;
  double *objective = value != NULL ? cli_table_numbers(&t, (size_t)oc) : NULL;
  const char **names = objective != NULL ? calloc(t.n_rows, sizeof *names) : NULL;
  if (names != NULL) {
    for (size_t r = 0; r < t.n_rows; r++) {
      names[r] = t.cell[r * t.n_cols + (size_t)pc];
    }
    ck_status st = ck_plot_profiles(ctx, opt, t.n_rows, names, value, objective);
    rc = st == CK_OK ? 0 : report_plot(ctx);
  }
  free(names);
  free(value);
  free(objective);
  cli_table_free(&t);
  return rc;
}

int cmd_plot(int argc, char **argv) {
  plot_args a;
  ck_ctx *ctx;
  int rc = cli_start(argc, argv, help, parse_args, &a, &ctx);
  if (ctx == NULL) {
    return rc;
  }
  rc = check_output(ctx, &a);
  if (rc == 0) {
    switch (a.kind) {
      case K_CONTOUR:
      case K_TRACES:
        rc = run_channels(ctx, &a);
        break;
      case K_TMAX:
        rc = run_tmax(ctx, &a);
        break;
      case K_LINES:
      case K_BARS:
        rc = run_xy(ctx, &a);
        break;
      case K_SPECTRUM:
        rc = run_spectrum(ctx, &a);
        break;
      case K_GRID:
        rc = cli_plot_grid_file(ctx, a.input[0], &a.opt);
        break;
      default:
        rc = cli_plot_profile_file(ctx, a.input[0], &a.opt);
        break;
    }
  }
  ck_ctx_free(ctx);
  return rc;
}
