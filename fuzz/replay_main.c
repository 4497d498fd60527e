/* SPDX-License-Identifier: MIT */
/* Corpus replay for `make test`: every file under DIR/<target>/ goes through
 * every fuzz target (a YAML seed is also a fine odd CSV, label or formula),
 * in a normal build without libFuzzer. A crash, a sanitizer report or a leak
 * (ASan build) fails the test; the targets' own abort() checks fail it too. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*fuzz_fn)(const uint8_t *data, size_t size);

/* The targets' entry points, renamed by fuzz/CMakeLists.txt. */
#define CK_FUZZ_TARGET_LIST(X) \
  X(model) X(fit) X(units) X(formula) X(channel_label) X(channel_csv) X(spectrum_csv) X(mzml) X(nmr)
#define CK_FUZZ_DECLARE(name) int ck_fuzz_entry_##name(const uint8_t *data, size_t size);
CK_FUZZ_TARGET_LIST(CK_FUZZ_DECLARE)
#define CK_FUZZ_ENTRY(name) {#name, ck_fuzz_entry_##name},
static const struct {
  const char *name;
  fuzz_fn fn;
} targets[] = {CK_FUZZ_TARGET_LIST(CK_FUZZ_ENTRY)};

/* Reads a whole file; NULL on failure (message printed). */
static uint8_t *read_all(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    fprintf(stderr, "fuzz_replay: cannot open %s\n", path);
    return NULL;
  }
  size_t cap = 4096, n = 0;
  uint8_t *buf = malloc(cap);
  size_t got;
  while (buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      uint8_t *bigger = realloc(buf, cap *= 2);
      if (bigger == NULL) {
        free(buf);
      }
      buf = bigger;
    }
  }
  fclose(f);
  *size = n;
  return buf;
}

/* Runs every regular file of dir through every target; returns files run or -1. */
static long replay_dir(const char *dir) {
  DIR *d = opendir(dir);
  if (d == NULL) {
    return 0; /* a target without a corpus directory */
  }
  long files = 0;
  struct dirent *e;
  char path[4096];
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') {
      continue;
    }
    int n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (n < 0 || (size_t)n >= sizeof path) {
      fprintf(stderr, "fuzz_replay: path too long in %s\n", dir);
      closedir(d);
      return -1;
    }
    size_t size = 0;
    uint8_t *data = read_all(path, &size);
    if (data == NULL) {
      closedir(d);
      return -1;
    }
    for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++) {
      targets[t].fn(data, size);
    }
    free(data);
    files++;
  }
  closedir(d);
  return files;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: fuzz_replay CORPUS_DIR (with one directory per target)\n");
    return 2;
  }
  long total = 0;
  char dir[4096];
  for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++) {
    int n_dir = snprintf(dir, sizeof dir, "%s/%s", argv[1], targets[t].name);
    if (n_dir < 0 || (size_t)n_dir >= sizeof dir) {
      fprintf(stderr, "fuzz_replay: corpus path too long\n");
      return 1;
    }
    long n = replay_dir(dir);
    if (n < 0) {
      return 1;
    }
    printf("fuzz_replay: %-14s %5ld files x %zu targets\n", targets[t].name, n,
           sizeof targets / sizeof targets[0]);
    total += n;
  }
  if (total == 0) {
    fprintf(stderr, "fuzz_replay: no corpus files under %s\n", argv[1]);
    return 1;
  }
  return 0;
}
