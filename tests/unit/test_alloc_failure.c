/* SPDX-License-Identifier: MIT */
/* Allocation-failure injection, SQLite style (issue 8, item 3).
 *
 * This binary is linked with -Wl,--wrap=malloc,calloc,realloc,strdup
 * (tests/CMakeLists.txt), so every one of those calls made by the project's
 * own code (the objects of libclusterkin_static; not libyaml, SUNDIALS,
 * libxml2 or IsoSpec, which are shared libraries) comes through the
 * wrappers below. Each scenario runs with allocation N = 1, 2, 3, ... made to
 * fail until a run sees no injected failure, twice: once with only
 * allocation N failing (later calls succeed, so the clean-up after a failure
 * allocates and frees too) and once with N and every later one failing (as
 * when memory is really gone: the error path must not need memory). At every N the
 * library must not crash, must return CK_ERR_NOMEM with a message (never
 * another status, never success that hides the failure), and must not
 * leak: the sanitizer build's LeakSanitizer checks at exit.
 *
 * With CK_ALLOC_INJECTION (the sanitizer build), ck_calloc/ck_strdup name
 * their caller (core_impl.h), so the test counts distinct allocation call
 * sites it made fail and prints the total. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ck_test.h"
#include "core/core_impl.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *p, size_t size);
char *__real_strdup(const char *s);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *p, size_t size);
char *__wrap_strdup(const char *s);

/* ---- the injector ------------------------------------------------------- */

static int armed;          /* 1 while a scenario runs */
static long countdown;     /* allocations left before the failing one */
static int injected;       /* the failure happened in this run */
static int persistent;     /* 0: only allocation N fails; 1: N and every later one */
static long seen;          /* allocations in this run */

#define MAX_SITES 4096
static const void *failed_sites[MAX_SITES]; /* distinct call sites made to fail */
static size_t n_failed_sites;
static const void *last_site; /* the one failed in this run */
extern char __executable_start;  /* GNU ld: where the (PIE) executable is loaded */

static void note_failed_site(const void *site) {
  for (size_t i = 0; i < n_failed_sites; i++) {
    if (failed_sites[i] == site) {
      return;
    }
  }
  if (n_failed_sites < MAX_SITES) {
    failed_sites[n_failed_sites++] = site;
  }
}

/* 1 if this allocation (whose caller returns to ra) must fail. */
static int must_fail(const void *ra) {
  const void *site = ra;
#ifdef CK_ALLOC_INJECTION
  if (ck_alloc_site != NULL) {
    site = ck_alloc_site; /* a ck_calloc/ck_strdup call: its caller */
    ck_alloc_site = NULL;
  }
#endif
  if (!armed) {
    return 0;
  }
  seen++;
  if (injected) {
    return persistent;
  }
  if (--countdown != 0) {
    return 0;
  }
  injected = 1;
  last_site = site;
  note_failed_site(site);
  return 1;
}

void *__wrap_malloc(size_t size) {
  return must_fail(__builtin_return_address(0)) ? NULL : __real_malloc(size);
}
void *__wrap_calloc(size_t count, size_t size) {
  return must_fail(__builtin_return_address(0)) ? NULL : __real_calloc(count, size);
}
void *__wrap_realloc(void *p, size_t size) {
  return must_fail(__builtin_return_address(0)) ? NULL : __real_realloc(p, size);
}
char *__wrap_strdup(const char *s) {
  return must_fail(__builtin_return_address(0)) ? NULL : __real_strdup(s);
}

/* A scenario: runs the operation on ctx, frees what it made, returns its status. */
typedef ck_status (*scenario_fn)(ck_ctx *ctx, void *arg);

/* Runs fn with allocation N failing for N = 1, 2, ... until it runs without
 * an injected failure; checks the contract at every N; returns the number of
 * allocations of a clean run. */
static long inject_every_mode(const char *name, scenario_fn fn, void *arg) {
  size_t sites_before = n_failed_sites;
  for (long n = 1;; n++) {
    ck_ctx *ctx = ck_ctx_create();
    assert_non_null(ctx);
    countdown = n, injected = 0, seen = 0, armed = 1;
    ck_status st = fn(ctx, arg);
    armed = 0;
    if (!injected) {
      if (st != CK_OK) {
        fail_msg("%s: fails without injection: %s", name, ck_ctx_errtext(ctx));
      }
      printf("%-14s %5ld allocations, each failed (%s); %zu new call sites\n", name, seen,
             persistent ? "and all after it" : "alone", n_failed_sites - sites_before);
      ck_ctx_free(ctx);
      return seen;
    }
    if (st != CK_ERR_NOMEM || ck_ctx_errmsg(ctx)[0] == '\0') {
      /* addr2line -e test_alloc_failure OFFSET names the allocating line. */
      fail_msg("%s: allocation %ld (call site at offset %#lx) failed%s, but the status is %s (%s)",
               name, n, (unsigned long)((const char *)last_site - &__executable_start),
               persistent ? " (and all after it)" : "", ck_strerror(st), ck_ctx_errtext(ctx));
    }
    ck_ctx_free(ctx);
  }
}

/* Both modes; the allocations of a clean run. */
static long inject_every(const char *name, scenario_fn fn, void *arg) {
  persistent = 0;
  long n = inject_every_mode(name, fn, arg);
  persistent = 1;
  assert_int_equal(inject_every_mode(name, fn, arg), n);
  persistent = 0;
  return n;
}

/* ---- scenarios ---------------------------------------------------------- */

static ck_status model_load(ck_ctx *ctx, void *arg) {
  ck_model *m = ck_model_load(ctx, (const char *)arg);
  ck_model_free(m);
  return ck_ctx_status(ctx);
}

/* Network generation, channels, solver and a short simulation of model. */
static ck_status simulate(ck_ctx *ctx, void *arg) {
  const ck_model *model = arg;
  ck_network *net = ck_network_generate(ctx, model);
  ck_channels *ch = net != NULL ? ck_channels_create(ctx, net) : NULL;
  ck_solver_options o = ck_solver_options_from_model(model);
  ck_solver *solver = ch != NULL ? ck_solver_create(ctx, net, &o) : NULL;
  ck_series *s = solver != NULL ? ck_simulate_series(ctx, model, solver, net, ch) : NULL;
  ck_series_free(s);
  ck_solver_free(solver);
  ck_channels_free(ch);
  ck_network_free(net);
  return ck_ctx_status(ctx);
}

/* Networks beyond one binary family (4-atom toys; end 30 s, step 10 s). */
#define TOY_TIMES "simulate: {dead-time: 0 s, end: 30 s, step: 10 s"
#define TOY_RATES "  rates: {dimerization: 1e-2 /nM/s, dissociation: 5.6e-2 /s, exchange: 3.2e-2 /s}\n"
static const char *const wider_models[] = {
    /* trimers, integrated by the Krylov (SPGMR) path */
    "name: trimers\nclusters:\n"
    "  Ag4: {formula: \"[Ag4(C2H5S)3]-\", concentration: 40 nM}\n"
    "  Au4: {formula: \"[Au4(C2H5S)3]-\", concentration: 40 nM}\n"
    "mechanism:\n  exchange: [Ag, Au]\n" TOY_RATES
    "  trimers: {formation: 1e-3 /nM/s, dissociation: 0.1 /s}\n" TOY_TIMES
    ", linear-solver: krylov}\n",
    /* isotope-labelled exchange metals */
    "name: isotopes\nclusters:\n"
    "  A: {formula: \"[107Ag4(C2H5S)3]-\", concentration: 40 nM}\n"
    "  B: {formula: \"[109Ag4(C2H5S)3]-\", concentration: 40 nM}\n"
    "mechanism:\n  exchange: [107Ag, 109Ag]\n" TOY_RATES TOY_TIMES "}\n",
    /* two families with a pair of their own */
    "name: families\nclusters:\n"
    "  Ag4: {formula: \"[Ag4(C8H9S)4]-\", concentration: 10 nM}\n"
    "  Au4: {formula: \"[Au4(C8H9S)4]-\", concentration: 10 nM}\n"
    "  Au3: {formula: \"[Au3(C6H4S2)3]3-\", concentration: 5 nM}\n"
    "mechanism:\n  exchange: [Ag, Au]\n" TOY_RATES
    "pairs:\n  - {between: all}\n"
    "  - {between: [Ag4, Au3], rates: {dimerization: 2e-2, dissociation: 5e-2, exchange: 1e-2}}\n"
    TOY_TIMES "}\n",
};

/* The lock a fit takes on its outputs (src/io/lock.c). */
static ck_status lock_output(ck_ctx *ctx, void *arg) {
  ck_lock *lock = ck_lock_acquire(ctx, (const char *)arg);
  ck_lock_release(lock);
  return ck_ctx_status(ctx);
}

typedef struct {
  const char *path;
  const ck_model *model;
} channel_arg;

static ck_status channel_csv(ck_ctx *ctx, void *arg) {
  const channel_arg *a = arg;
  ck_channel_data *d = ck_channel_data_load(ctx, a->path, a->model);
  ck_channel_data_free(d);
  return ck_ctx_status(ctx);
}

/* Formula, fine structure, binned and nominal patterns, an abundance table. */
static ck_status isotopes(ck_ctx *ctx, void *arg) {
  ck_formula f;
  if (ck_formula_parse(ctx, (const char *)arg, &f) != CK_OK) {
    return ck_ctx_status(ctx);
  }
  ck_abundance_table *t = ck_abundance_table_create(ctx);
  if (t != NULL && ck_abundance_table_set_enrichment(ctx, t, "107Ag", 0.99) == CK_OK) {
    ck_isotope_pattern *fine = ck_isotope_pattern_compute(ctx, &f, t, 0.999);
    ck_isotope_pattern *binned = fine != NULL ? ck_isotope_pattern_bin(ctx, fine, 0.01) : NULL;
    ck_isotope_pattern *nominal = binned != NULL ? ck_isotope_pattern_nominal(ctx, fine) : NULL;
    ck_isotope_pattern_free(nominal);
    ck_isotope_pattern_free(binned);
    ck_isotope_pattern_free(fine);
  }
  ck_abundance_table_free(t);
  return ck_ctx_status(ctx);
}

static ck_status spectra(ck_ctx *ctx, void *arg) {
  ck_spectrum_series *s = ck_spectrum_series_load(ctx, (const char *)arg, NULL);
  ck_spectrum_series_free(s);
  return ck_ctx_status(ctx);
}

/* mzML writing, zlib-compressed 32-bit arrays (atomic output). */
static ck_status mzml_write(ck_ctx *ctx, void *arg) {
  const ck_spectrum_series *series = arg;
  char path[] = "/tmp/ck-alloc-mzml-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) {
    return ck_error_set(ctx, CK_ERR_IO, "mkstemp failed");
  }
  close(fd);
  const ck_mzml_write_options o = {32, 1};
  ck_status st = ck_spectrum_series_write_mzml(ctx, path, series, &o);
  unlink(path);
  return st;
}

static ck_status nmr_spec(ck_ctx *ctx, void *arg) {
  ck_nmr_spec *spec = ck_nmr_spec_load(ctx, (const char *)arg);
  ck_nmr_spec_free(spec);
  return ck_ctx_status(ctx);
}

/* Spec file -> stick spectrum -> sampled spectrum. */
static ck_status nmr_spectrum(ck_ctx *ctx, void *arg) {
  ck_nmr_spec *spec = ck_nmr_spec_load(ctx, (const char *)arg);
  ck_nmr_lines *lines =
      spec != NULL ? ck_nmr_hydride_lines(ctx, &spec->params, spec->compositions,
                                          spec->n_compositions)
                   : NULL;
  ck_nmr_spectrum *sp = lines != NULL ? ck_nmr_spectrum_compute(ctx, lines, &spec->params,
                                                                spec->n_compositions, NULL)
                                      : NULL;
  ck_nmr_spectrum_free(sp);
  ck_nmr_lines_free(lines);
  ck_nmr_spec_free(spec);
  return ck_ctx_status(ctx);
}

/* Network, steady state, EXSY matrix of a small model. */
static ck_status equilibrium(ck_ctx *ctx, void *arg) {
  const ck_model *model = arg;
  ck_network *net = ck_network_generate(ctx, model);
  ck_equilibrium *eq = net != NULL ? ck_equilibrium_solve(ctx, model, net, NULL) : NULL;
  ck_exsy *exsy = eq != NULL ? ck_exsy_create(ctx, net, eq) : NULL;
  ck_exsy_free(exsy);
  ck_equilibrium_free(eq);
  ck_network_free(net);
  return ck_ctx_status(ctx);
}

typedef struct {
  const ck_spectrum_series *series;
} deconvolve_arg;

/* Species, isotope templates and the deconvolution of a synthetic scan. */
static ck_status deconvolve(ck_ctx *ctx, void *arg) {
  const deconvolve_arg *a = arg;
  ck_ms_species *set = ck_ms_species_create(ctx);
  if (set != NULL && ck_ms_species_add(ctx, set, "Ag25", "[Ag25(C8H9S)18]-") == CK_OK &&
      ck_ms_species_add(ctx, set, "Ag24Au1", "[Ag24Au(C8H9S)18]-") == CK_OK) {
    ck_ms_templates *t = ck_ms_templates_create(ctx, set, 25000.0);
    ck_deconvolve_options o = ck_deconvolve_options_default();
    o.threads = 1;
    ck_deconvolution *d = t != NULL ? ck_deconvolve_series(ctx, a->series, t, &o) : NULL;
    ck_deconvolution_free(d);
    ck_ms_templates_free(t);
  }
  ck_ms_species_free(set);
  return ck_ctx_status(ctx);
}

/* A fit's datasets, a 2 x 2 grid (written to a grid file) and one objective. */
typedef struct {
  const ck_model *model;
  const char *grid_path;
  const char *key_path; /* GRID.key beside it */
} fit_arg;

static ck_status fit(ck_ctx *ctx, void *arg) {
  const fit_arg *a = arg;
  unlink(a->grid_path); /* each run starts a new fit */
  unlink(a->key_path);
  ck_fit *f = ck_fit_create(ctx, a->model);
  ck_fit_options o = {1, a->grid_path, 0, NULL, NULL};
  ck_fit_result *r = f != NULL ? ck_fit_run(f, ctx, &o) : NULL;
  if (r != NULL && r->grid_failed > 0) {
    /* A failing point is recorded and the fit goes on (issue 8, item 4);
     * an allocation failure must not pass for a point where the ODEs failed. */
    ck_error_set(ctx, CK_ERR_SOLVER, "%zu grid points failed", r->grid_failed);
  }
  double objective = 0.0;
  const double rates[3] = {1e-2, 5.6e-2, 3.2e-2};
  if (r != NULL && ck_ctx_status(ctx) == CK_OK) {
    (void)ck_fit_objective_at(f, ctx, rates, &objective, NULL);
  }
  ck_fit_result_free(r);
  ck_fit_free(f);
  return ck_ctx_status(ctx);
}

/* ---- tests -------------------------------------------------------------- */

static void model_files_should_fail_cleanly(void **state) {
  (void)state;
  assert_true(inject_every("model", model_load, (void *)ck_test_example("ag25-au25-sim3.yaml")) >
              0);
  /* A fit block (datasets, parameters) has its own allocations. */
  assert_true(inject_every("model+fit", model_load, (void *)ck_test_data("sim3-fit.yaml")) > 0);
  /* initial: species, a constraint and a dataset's own initial species (fuzz seed). */
  static char path[1024];
  snprintf(path, sizeof path, "%s/../../fuzz/corpus/fit/fit-constraints.yaml", ck_test_data(""));
  assert_true(inject_every("model+extras", model_load, path) > 0);
}

static void simulation_should_fail_cleanly(void **state) {
  (void)state;
  /* N = 4, two metals: 5 monomers, 15 dimers; a few outputs keep it quick. */
  ck_model *m = ck_test_model(4, 2, CK_EXCHANGE_STATISTICAL, -1, 1e-2, 5.6e-2, 3.2e-2, 40, 40);
  m->simulate.end_s = 30.0;
  m->simulate.step_s = 10.0;
  assert_true(inject_every("simulate", simulate, m) > 0);
  ck_model_free(m);
  for (size_t i = 0; i < sizeof wider_models / sizeof *wider_models; i++) {
    ck_ctx *ctx = ck_ctx_create();
    ck_model *w = ck_model_parse(ctx, wider_models[i], strlen(wider_models[i]), "wider.yaml");
    assert_non_null(w);
    assert_true(inject_every(w->name, simulate, w) > 0);
    ck_model_free(w);
    ck_ctx_free(ctx);
  }
  char lock_path[] = "/tmp/ck-alloc-lock-XXXXXX";
  int fd = mkstemp(lock_path);
  assert_true(fd >= 0);
  close(fd);
  assert_true(inject_every("lock", lock_output, lock_path) > 0);
  unlink(lock_path);
}

static void channel_csv_should_fail_cleanly(void **state) {
  (void)state;
  ck_ctx *ctx = ck_ctx_create();
  ck_model *model = ck_model_load(ctx, ck_test_data("sim3-fit.yaml"));
  assert_non_null(model);
  channel_arg a = {ck_test_data("sim3-100-60.csv"), model};
  assert_true(inject_every("channel csv", channel_csv, &a) > 0);
  ck_model_free(model);
  ck_ctx_free(ctx);
}

static void isotope_patterns_should_fail_cleanly(void **state) {
  (void)state;
  assert_true(inject_every("isotopes", isotopes, "[Ag25(C8H9S)18]-") > 0);
}

static void spectra_and_nmr_should_fail_cleanly(void **state) {
  (void)state;
  static char csv[256];
  snprintf(csv, sizeof csv, "%s", "/tmp/ck-alloc-failure-XXXXXX");
  int fd = mkstemp(csv);
  assert_true(fd >= 0);
  static const char text[] = "time_s,mz,intensity\n0,100,1\n0,101,2\n10,100,3\n10,100.5,4\n";
  assert_int_equal(write(fd, text, sizeof text - 1), (long)(sizeof text - 1));
  close(fd);
  inject_every("spectrum csv", spectra, csv);
  unlink(csv);
  inject_every("mzML", spectra, (void *)ck_test_data("mzml-instrument.mzML"));
  inject_every("nmr spec", nmr_spec, (void *)ck_test_example("cuag7-hydride-se.yaml"));
}

static void nmr_equilibrium_and_deconvolution_should_fail_cleanly(void **state) {
  (void)state;
  inject_every("nmr spectrum", nmr_spectrum, (void *)ck_test_example("cuag7-hydride-se.yaml"));
  ck_model *m = ck_test_model(3, 2, CK_EXCHANGE_STATISTICAL, -1, 1e-2, 5.6e-2, 3.2e-2, 40, 40);
  inject_every("equilibrium", equilibrium, m);
  ck_model_free(m);

  /* One scan: the two species 2:1 on a grid around their envelopes (m/z ~ 5 kDa). */
  ck_ctx *ctx = ck_ctx_create();
  ck_ms_species *set = ck_ms_species_create(ctx);
  assert_int_equal(ck_ms_species_add(ctx, set, "Ag25", "[Ag25(C8H9S)18]-"), CK_OK);
  assert_int_equal(ck_ms_species_add(ctx, set, "Ag24Au1", "[Ag24Au(C8H9S)18]-"), CK_OK);
  ck_ms_templates *t = ck_ms_templates_create(ctx, set, 25000.0);
  assert_non_null(t);
  double lo = 0.0, hi = 0.0, lo1 = 0.0, hi1 = 0.0;
  ck_ms_templates_window(t, 0, &lo, &hi);
  ck_ms_templates_window(t, 1, &lo1, &hi1);
  ck_spectrum_series *series = ck_spectrum_series_create(ctx, 1);
  assert_non_null(series);
  const size_t n = 4000;
  assert_int_equal(ck_spectrum_alloc(ctx, &series->scans[0], n), CK_OK);
  series->scans[0].time_s = 0.0;
  for (size_t i = 0; i < n; i++) {
    series->scans[0].mz[i] = (lo - 1.0) + (hi1 - lo + 2.0) * (double)i / (double)(n - 1);
  }
  const double abundance[2] = {2.0, 1.0};
  assert_int_equal(ck_ms_templates_synthesize(ctx, t, abundance, 0.0, n, series->scans[0].mz,
                                              series->scans[0].intensity),
                   CK_OK);
  deconvolve_arg a = {series};
  inject_every("deconvolve", deconvolve, &a);
  inject_every("mzML write", mzml_write, series);
  ck_spectrum_series_free(series);
  ck_ms_templates_free(t);
  ck_ms_species_free(set);
  ck_ctx_free(ctx);
}

static void fits_should_fail_cleanly(void **state) {
  (void)state;
  char dir[] = "/tmp/ck-alloc-fit-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char model_path[256], data_path[256], grid_path[256];
  snprintf(model_path, sizeof model_path, "%s/fit.yaml", dir);
  snprintf(data_path, sizeof data_path, "%s/data.csv", dir);
  snprintf(grid_path, sizeof grid_path, "%s/grid.csv", dir);
  FILE *m = fopen(model_path, "w");
  assert_non_null(m);
  fputs("name: tiny fit\n"
        "clusters:\n"
        "  Ag3: {formula: \"[Ag3Cl2]-\", concentration: 40 nM}\n"
        "  Au3: {formula: \"[Au3Cl2]-\", concentration: 40 nM}\n"
        "mechanism:\n"
        "  kind: dimer-exchange\n"
        "  exchange: [Ag, Au]\n"
        "  exchange-probability: statistical\n"
        "  dimerization-scaling: none\n"
        "  rates: {dimerization: 1.0e-2 /nM/s, dissociation: 5.6e-2 /s, exchange: 3.2e-2 /s}\n"
        "simulate: {dead-time: 5 s, end: 20 s, step: 10 s}\n"
        "fit:\n"
        "  objective: traces\n"
        "  refine: false\n"
        "  intervals: none\n"
        "  parameters:\n"
        "    dimerization: {min: 1e-3, max: 1e-1, points: 2}\n"
        "    dissociation: {fixed: 5.6e-2}\n"
        "    exchange: {min: 1e-2, max: 1e-1, points: 2}\n"
        "  datasets:\n"
        "    - {data: data.csv}\n",
        m);
  fclose(m);
  FILE *d = fopen(data_path, "w");
  assert_non_null(d);
  fputs("time_s,[Ag3Au0]1-,[Ag2Au1]1-,[Ag1Au2]1-,[Ag0Au3]1-\n"
        "0,0.45,0.05,0.05,0.45\n10,0.3,0.2,0.2,0.3\n20,0.25,0.25,0.25,0.25\n",
        d);
  fclose(d);
  ck_ctx *ctx = ck_ctx_create();
  ck_model *model = ck_model_load(ctx, model_path);
  if (model == NULL) {
    fail_msg("%s", ck_ctx_errtext(ctx));
  }
  char key_path[300];
  snprintf(key_path, sizeof key_path, "%s.key", grid_path);
  fit_arg a = {model, grid_path, key_path};
  inject_every("fit", fit, &a);
  ck_model_free(model);
  ck_ctx_free(ctx);
  unlink(grid_path);
  unlink(key_path);
  unlink(data_path);
  unlink(model_path);
  rmdir(dir);
}

static int report_sites(void **state) {
  (void)state;
#ifdef CK_ALLOC_INJECTION
  printf("allocation call sites made to fail: %zu\n", n_failed_sites);
  /* CK_ALLOC_SITES=FILE lists their offsets, for addr2line -e test_alloc_failure. */
  const char *list = getenv("CK_ALLOC_SITES");
  FILE *f = list != NULL ? fopen(list, "w") : NULL;
  for (size_t i = 0; f != NULL && i < n_failed_sites; i++) {
    fprintf(f, "%#lx\n", (unsigned long)((const char *)failed_sites[i] - &__executable_start));
  }
  if (f != NULL) {
    fclose(f);
  }
#endif
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(model_files_should_fail_cleanly),
      cmocka_unit_test(simulation_should_fail_cleanly),
      cmocka_unit_test(channel_csv_should_fail_cleanly),
      cmocka_unit_test(isotope_patterns_should_fail_cleanly),
      cmocka_unit_test(spectra_and_nmr_should_fail_cleanly),
      cmocka_unit_test(nmr_equilibrium_and_deconvolution_should_fail_cleanly),
      cmocka_unit_test(fits_should_fail_cleanly),
  };
  return cmocka_run_group_tests(tests, NULL, report_sites);
}
