/* SPDX-License-Identifier: MIT */
/* `clusterkin plot tmax SIM_TMAX.csv --data DATA.csv`: the experimental t_max
 * read off a measured channel CSV, as the fit's t_max objective reads it
 * (MODEL.md section 2 "Observables", section 8 eq. 1). */
#include <math.h>
#include <stdlib.h>

#include "plot_cli.h"
#include "plot_tmax_data.h"

int cli_plot_data_tmax(ck_ctx *ctx, const char *data_path, const char *model_path,
                       ck_channel_data **data, double **tmax_s) {
  *data = NULL, *tmax_s = NULL;
  ck_model *loaded = NULL;
  if (model_path != NULL && (loaded = ck_model_load(ctx, model_path)) == NULL) {
    cli_report(ctx, model_path);
    return EXIT_USAGE;
  }
  ck_channel_data *d = cli_plot_channels_load(ctx, data_path, loaded);
  ck_model_free(loaded);
  if (d == NULL) {
    return EXIT_USAGE;
  }
  size_t nc = d->n_channels, nt = d->n_times;
  ck_tmax *tm = calloc(nc + 1, sizeof *tm);
  double *t = calloc(nc + 1, sizeof *t);
  int rc = tm == NULL || t == NULL ? EXIT_RUNTIME : 0;
  if (rc == 0 && ck_tmax_compute(ctx, d->time_s, nt, d->value, nc, tm) != CK_OK) {
    rc = cli_fail(ctx, data_path);
  }
  for (size_t c = 0; c < nc && rc == 0; c++) {
    /* As the fit does: a channel whose maximum stays below the threshold
     * share of its row's total signal is noise, its t_max is no measurement. */
    size_t k_max = 0;
    for (size_t k = 1; k < nt; k++) {
      k_max = d->value[k * nc + c] > d->value[k_max * nc + c] ? k : k_max;
    }
    double total = 0.0;
    for (size_t j = 0; j < nc; j++) {
      total += d->value[k_max * nc + j];
    }
    int faint = !(d->value[k_max * nc + c] >= CK_FIT_DEFAULT_TMAX_THRESHOLD * total);
    t[c] = tm[c].at_edge < 0 || faint ? NAN : tm[c].t_max_s;
  }
  free(tm);
  if (rc != 0) {
    free(t);
    ck_channel_data_free(d);
    return rc;
  }
  *data = d, *tmax_s = t;
  return 0;
}
