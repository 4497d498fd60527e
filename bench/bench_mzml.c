/* SPDX-License-Identifier: MIT */
/* Benchmark: reading (and writing) a 100-scan mzML series of 50 000-point
 * profile scans in the four encodings; target: read well under 1 s (issue 4).
 * Usage: ck_bench_mzml [DIR] (scratch files go to DIR, default /tmp). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clusterkin/ck_spectrum.h"
#include "clusterkin/clusterkin.h"
#include "spectra/spectrum_readers.h"

#define SCANS 100
#define POINTS 50000
#define RUNS 3

/* CPU time of this process: the machine is shared, wall time says little. */
static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int fail(ck_ctx *ctx) {
  fprintf(stderr, "bench: %s\n", ck_ctx_errtext(ctx));
  return 1;
}

/* A profile scan over m/z 5000-7500: Gaussian peaks on a small baseline. */
static ck_spectrum_series *make_series(ck_ctx *ctx) {
  ck_spectrum_series *s = ck_spectrum_series_create(ctx, SCANS);
  for (size_t i = 0; s != NULL && i < SCANS; i++) {
    if (ck_spectrum_alloc(ctx, &s->scans[i], POINTS) != CK_OK) {
      ck_spectrum_series_free(s);
      return NULL;
    }
    s->scans[i].time_s = 6.0 * (double)i;
    for (size_t k = 0; k < POINTS; k++) {
      double mz = 5000.0 + 2500.0 * (double)k / POINTS;
      double d = fmod(mz, 1.0) - 0.5;
      s->scans[i].mz[k] = mz;
      s->scans[i].intensity[k] = 10.0 + 1e4 * exp(-d * d / 0.002) * (1.0 + 0.001 * (double)i);
    }
  }
  return s;
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "/tmp";
  char path[1024];
  snprintf(path, sizeof path, "%s/ck_bench_mzml.%d.mzML", dir, (int)getpid());
  ck_ctx *ctx = ck_ctx_create();
  ck_spectrum_series *s = make_series(ctx);
  if (s == NULL) {
    return fail(ctx);
  }
  printf("mzML, %d scans x %d points (best of %d)\n", SCANS, POINTS, RUNS);
  printf("%-6s %-5s %10s %12s %12s\n", "bits", "zlib", "MB", "write_cpu_s", "read_cpu_s");
  for (int bits = 32; bits <= 64; bits += 32) {
    for (int zlib = 0; zlib <= 1; zlib++) {
      ck_mzml_write_options opt = {.precision_bits = bits, .zlib = zlib};
      double best_w = INFINITY, best_r = INFINITY;
      for (int run = 0; run < RUNS; run++) {
        double t0 = now_s();
        if (ck_spectrum_series_write_mzml(ctx, path, s, &opt) != CK_OK) {
          return fail(ctx);
        }
        double t1 = now_s();
        ck_spectrum_series *r = ck_spectrum_mzml_load(ctx, path, NULL);
        double t2 = now_s();
        if (r == NULL || r->n_scans != SCANS || r->scans[SCANS - 1].n_points != POINTS) {
          return fail(ctx);
        }
        ck_spectrum_series_free(r);
        best_w = fmin(best_w, t1 - t0);
        best_r = fmin(best_r, t2 - t1);
      }
      struct stat st;
      stat(path, &st);
      printf("%-6d %-5s %10.1f %12.3f %12.3f\n", bits, zlib ? "yes" : "no",
             (double)st.st_size / 1e6, best_w, best_r);
    }
  }
  unlink(path);
  ck_spectrum_series_free(s);
  ck_ctx_free(ctx);
  return 0;
}
