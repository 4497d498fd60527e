/* SPDX-License-Identifier: MIT */
/* Shared helpers of the fuzz targets (fuzz/README.md): a NUL-terminated copy
 * of the input, an in-memory file for readers that take a path, and the
 * sim3 model the channel targets need. */
#ifndef CK_FUZZ_COMMON_H
#define CK_FUZZ_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create */
#endif
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "clusterkin/clusterkin.h"

/* The input as a C string (parsers of labels, units and formulas take
 * strings; an embedded NUL just ends the text early). Caller frees. */
static inline char *ck_fuzz_cstring(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  if (s != NULL) {
    memcpy(s, data, size);
    s[size] = '\0';
  }
  return s;
}

/* Writes the input to an anonymous in-memory file (one per process, reused)
 * and returns a path that opens it ("/proc/self/fd/N"; the mzML reader maps
 * it, the CSV reader reads it). NULL if the kernel refuses. */
static inline const char *ck_fuzz_file(const uint8_t *data, size_t size) {
  static int fd = -1;
  static char path[64];
  if (fd < 0) {
    fd = memfd_create("ck_fuzz", 0);
    if (fd < 0) {
      return NULL;
    }
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  }
  if (ftruncate(fd, 0) != 0 || (size > 0 && pwrite(fd, data, size, 0) != (ssize_t)size)) {
    return NULL;
  }
  return path;
}

/* The model whose channel labels the channel targets read: simulation 3 of
 * MODEL.md section 2 (exchange metals Ag, Au; N = 25; charge 1-). Parsed
 * once per process and kept (the fuzzer's leak check runs per input). */
static inline const ck_model *ck_fuzz_sim3_model(void) {
  static ck_model *model;
  static const char text[] =
      "name: fuzz\n"
      "clusters:\n"
      "  Ag25: {formula: \"[Ag25(C8H9S)18]-\", concentration: 40 nM}\n"
      "  Au25: {formula: \"[Au25(C8H9S)18]-\", concentration: 40 nM}\n"
      "mechanism:\n"
      "  kind: dimer-exchange\n"
      "  exchange: [Ag, Au]\n"
      "  exchange-probability: statistical\n"
      "  dimerization-scaling: {metal-fraction: Au}\n"
      "  rates: {dimerization: 1.0e-2 /nM/s, dissociation: 5.6e-2 /s, exchange: 3.2e-2 /s}\n"
      "simulate: {dead-time: 20 s, end: 600 s, step: 60 s}\n";
  if (model == NULL) {
    ck_ctx *ctx = ck_ctx_create();
    model = ck_model_parse(ctx, text, sizeof text - 1, "fuzz-model.yaml");
    if (model == NULL) {
      fprintf(stderr, "fuzz: built-in model: %s\n", ck_ctx_errtext(ctx));
      abort();
    }
    ck_ctx_free(ctx);
  }
  return model;
}

/* The spectrum targets' body: the input as a file through reader, which
 * must fail with a status or return scans whose m/z are finite and strictly
 * ascending (the documented shape); anything else aborts. */
typedef ck_spectrum_series *(*ck_fuzz_spectrum_reader)(ck_ctx *, const char *,
                                                       const ck_spectrum_load_options *);
static inline int ck_fuzz_spectra(const uint8_t *data, size_t size,
                                  ck_fuzz_spectrum_reader reader) {
  const char *path = ck_fuzz_file(data, size);
  if (path == NULL) {
    return 0;
  }
  ck_ctx *ctx = ck_ctx_create();
  ck_spectrum_series *s = reader(ctx, path, NULL);
  if (s == NULL && ck_ctx_status(ctx) == CK_OK) {
    abort();
  }
  for (size_t k = 0; s != NULL && k < s->n_scans; k++) {
    const ck_spectrum *scan = &s->scans[k];
    for (size_t i = 0; i < scan->n_points; i++) {
      if (!(scan->mz[i] - scan->mz[i] == 0.0) || (i > 0 && !(scan->mz[i] > scan->mz[i - 1]))) {
        abort(); /* not finite, or not ascending */
      }
    }
  }
  ck_spectrum_series_free(s);
  ck_ctx_free(ctx);
  return 0;
}

#endif /* CK_FUZZ_COMMON_H */
