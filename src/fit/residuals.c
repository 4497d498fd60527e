/* SPDX-License-Identifier: MIT */
/* Per-channel residuals of a fitted model (issue 3 part 7, `clusterkin compare --residuals`). */
#include <math.h>

#include "fit/fit_impl.h"

ck_status ck_fit_write_residuals(ck_ctx *ctx, ck_fit *fit, const double rates[3], int dataset,
                                 FILE *f) {
  fit_rates all;
  fit_rates_from(fit, rates, &all);
  return fit_write_residuals(ctx, fit, &all, dataset, f);
}

ck_status fit_write_residuals(ck_ctx *ctx, ck_fit *fit, const fit_rates *rates, int dataset,
                              FILE *f) {
  if (dataset < 0 || dataset >= fit->n_datasets) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_fit_write_residuals: no dataset %d", dataset);
  }
  if (fit->serial == NULL && (fit->serial = fit_worker_create(ctx, fit)) == NULL) {
    return ck_ctx_status(ctx);
  }
  fit_worker *w = fit->serial;
  double part;
  ck_status st = fit_apply_rates(fit, w->net, rates);
  if (st == CK_OK) {
    st = fit_evaluate_dataset(fit, w, dataset, &part);
  }
  if (st != CK_OK) {
    CK_FAIL(ctx, st, "%s", ck_ctx_errmsg(w->ctx));
  }
  const fit_dataset *d = fit->ds + dataset;
  fputs("time_s", f);
  for (size_t c = 0; c < d->n_ch; c++) {
    fprintf(f, ",%s", d->data->labels[c]);
  }
  fputc('\n', f);
  for (size_t k = 0; k < d->n_times; k++) {
    fprintf(f, "%.10g", d->data->time_s[k]);
    for (size_t c = 0; c < d->n_ch; c++) {
      size_t i = k * d->n_ch + c;
      fprintf(f, ",%.10g", w->sim[i] - d->value[i]);
    }
    fputc('\n', f);
  }
  if (fflush(f) != 0 || ferror(f)) {
    CK_FAIL(ctx, CK_ERR_IO, "cannot write the residuals");
  }
  return CK_OK;
}
