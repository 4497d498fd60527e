/* SPDX-License-Identifier: MIT */
/* Channel CSVs for `clusterkin plot` without a model file: the metals, N and charge read off the
 * labels.
 *
 * A label names every exchange metal in model order with its count and the
 * charge (MODEL.md section 8): "[Ag24Au1]1-" tells metals Ag, Au, and
 * "[107Ag12 109Ag13]1-" the isotope-labelled metals 107Ag, 109Ag. The
 * channel with the fewest atoms is taken as a monomer (N atoms, monomer
 * charge); a file holding only dimer channels therefore needs --model. The
 * description built here is then handed to ck_channel_data_load, so the
 * labels are checked exactly as `clusterkin fit` checks them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "plot_cli.h"

/* Parses "[Ag24Au1]1-" loosely: metals, total atoms, signed charge. 0 if it is not a label. */
static int read_label(const char *s, ck_model *m, int *atoms, int *charge) {
  int n = 0, total = 0;
  if (*s++ != '[') {
    return 0;
  }
  while (n < CK_MAX_METALS) {
    s += n > 0 && *s == ' '; /* isotope labels space their terms: "[107Ag12 109Ag13]" */
    int len = 0;
    while (len < 3 && s[len] >= '0' && s[len] <= '9') { /* an isotope's mass number */
      len++;
    }
    if (s[len] < 'A' || s[len] > 'Z') {
      break;
    }
    len++;
    while (len < CK_SYMBOL_MAX - 1 && s[len] >= 'a' && s[len] <= 'z') {
      len++;
    }
    memcpy(m->metal[n], s, (size_t)len);
    m->metal[n][len] = '\0';
    char *end;
    long count = strtol(s + len, &end, 10);
    if (end == s + len || count < 0 || count > 100000) {
      return 0;
    }
    total += (int)count, n++, s = end;
  }
  if (*s++ != ']' || n == 0) {
    return 0;
  }
  long q = *s == '\0' ? 0 : strtol(s, (char **)&s, 10);
  *charge = *s == '-' ? -(int)q : (int)q;
  m->n_metals = n;
  *atoms = total;
  return 1;
}

int cli_plot_model_infer(const char *path, ck_model *m) {
  memset(m, 0, sizeof *m);
  char line[1 << 16];
  FILE *f = fopen(path, "r");
  if (f == NULL) {
    fprintf(stderr, "clusterkin plot: %s: cannot open the file\n", path);
    return EXIT_USAGE;
  }
  int ok = fgets(line, sizeof line, f) != NULL;
  fclose(f);
  int best_atoms = 0;
  char *save = NULL;
  for (char *tok = ok ? strtok_r(line, ",\r\n", &save) : NULL; tok != NULL;
       tok = strtok_r(NULL, ",\r\n", &save)) {
    ck_model probe;
    int atoms = 0, charge = 0;
    memset(&probe, 0, sizeof probe);
    if (read_label(tok, &probe, &atoms, &charge) && (best_atoms == 0 || atoms < best_atoms)) {
      memcpy(m->metal, probe.metal, sizeof m->metal);
      m->n_metals = probe.n_metals;
      m->nuclearity = atoms, m->charge = charge, best_atoms = atoms;
    }
  }
  if (best_atoms == 0) {
    fprintf(stderr, "clusterkin plot: %s:1: no channel labels like [Ag25Au0]1- in the header\n",
            path);
    return EXIT_USAGE;
  }
  m->name = m->source = (char *)path;
  return 0;
}

ck_channel_data *cli_plot_channels_load(ck_ctx *ctx, const char *path, const ck_model *model) {
  ck_model stub;
  memset(&stub, 0, sizeof stub);
  if (model == NULL) {
    if (cli_plot_model_infer(path, &stub) != 0) {
      return NULL;
    }
    model = &stub;
  }
  ck_channel_data *data = ck_channel_data_load(ctx, path, model);
  if (data == NULL) {
    cli_report(ctx, path);
  }
  return data;
}

/* ---- simulate --plot ----------------------------------------------------- */

int cli_plot_series_contour(ck_ctx *ctx, const ck_model *model, const ck_series *series,
                            const ck_channels *ch, const char *path) {
  size_t n = series->n_channels;
  ck_channel_id *id = calloc(n, sizeof *id);
  const char **label = calloc(n, sizeof *label);
  int rc = id == NULL || label == NULL ? EXIT_RUNTIME : 0;
  for (size_t c = 0; c < n && rc == 0; c++) {
    label[c] = ck_channels_label(ch, c);
    if (ck_channel_label_parse(ctx, model, label[c], &id[c]) != CK_OK) {
      rc = EXIT_RUNTIME; /* clusterkin's own labels always parse */
    }
  }
  ck_plot_options opt = {path, 0, 0, NULL};
  ck_plot_channels view = {series->n_times, series->time_s, n, label, id, series->value};
  if (rc == 0 && ck_plot_contour(ctx, &opt, &view) != CK_OK) {
    rc = cli_exit_for(ck_ctx_status(ctx));
  }
  if (rc != 0) {
    cli_report(ctx, NULL);
  }
  free(id);
  free(label);
  return rc;
}
