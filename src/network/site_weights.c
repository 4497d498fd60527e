/* SPDX-License-Identifier: MIT */
/* Exchange factors bent to detailed balance with site weights (MODEL.md section 5).
 *
 * The statistical exchange probabilities already balance with the
 * multinomial weights multinomial(N; a) multinomial(N; b) of the subunits.
 * The excess w = Z / multinomial of the site model is split symmetrically:
 * the forward reaction gets sqrt of the excess ratio, the reverse (which is
 * also in the network) the inverse, so forward/backward = Z(a')Z(b') /
 * (Z(a)Z(b)) and neither direction alone carries the whole energy change.
 * This also keeps the mean exchange rate of a pair unchanged to first order. */
#include <math.h>
#include <stdlib.h>

#include "clusterkin/ck_sites.h"
#include "network/site_weights.h"

/* Sum of log w over the subunits of a species (monomer: one, dimer: two). */
static double species_excess(const ck_network *net, const double *lw, int s) {
  if (s < 0) {
    return 0.0;
  }
  size_t nm = net->n_monomers;
  if ((size_t)s < nm) {
    return lw[s];
  }
  size_t d = (size_t)s - nm;
  return lw[net->dimer_sub[2 * d]] + lw[net->dimer_sub[2 * d + 1]];
}

ck_status ck_site_weights_apply(ck_ctx *ctx, const ck_model *model, ck_network *net) {
  const ck_sites *sites = model->sites;
  if (sites == NULL) {
    return CK_OK;
  }
  if (ck_sites_check(ctx, sites, model->nuclearity) != CK_OK) {
    return ck_ctx_status(ctx);
  }
  if (model->probability != CK_EXCHANGE_STATISTICAL) {
    CK_FAIL(ctx, CK_ERR_INPUT,
            "sites: site free energies need exchange-probability: statistical (constant "
            "exchange has no detailed balance to build them into)");
  }
  if (ck_sites_uniform(sites, net->n_metals)) {
    return CK_OK; /* equal energies: exactly the statistical model */
  }
  size_t nm = net->n_monomers;
  double *lw = ck_calloc(ctx, nm, sizeof *lw);
  if (lw == NULL) {
    return CK_ERR_NOMEM;
  }
  for (size_t i = 0; i < nm; i++) {
    lw[i] = ck_sites_log_excess(sites, net->n_metals, net->composition + i * (size_t)net->n_metals);
  }
  for (size_t r = 0; r < net->n_reactions; r++) {
    if (net->kind[r] != CK_REACTION_EXCHANGE) {
      continue;
    }
    const int *in = net->reactant + 2 * r, *out = net->product + 2 * r;
    double d = species_excess(net, lw, out[0]) + species_excess(net, lw, out[1]) -
               species_excess(net, lw, in[0]) - species_excess(net, lw, in[1]);
    net->factor[r] *= exp(0.5 * d);
    net->rate[r] = net->k[net->kind[r]] * net->factor[r];
  }
  free(lw);
  return CK_OK;
}
