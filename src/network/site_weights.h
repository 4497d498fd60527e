/* SPDX-License-Identifier: MIT */
/* Site free energies in the kinetics: detailed balance with Z(x) (ck_sites.h). */
#ifndef CK_SITE_WEIGHTS_H
#define CK_SITE_WEIGHTS_H

#include "network/network_impl.h"

/* Multiplies every exchange reaction's factor (and rate) of a finalized
 * network by g = sqrt(w(products) / w(reactants)), w(x) = Z(x) /
 * multinomial(N; x) over the subunits (ck_sites.h). A no-op, leaving every
 * factor bit-for-bit as it was, when the model declares no sites or its
 * sites have no relative preference. Refuses sites with constant exchange
 * (which has no detailed balance to bend) and capacities that do not sum to N. */
CK_INTERNAL ck_status ck_site_weights_apply(ck_ctx *ctx, const ck_model *model, ck_network *net);

#endif /* CK_SITE_WEIGHTS_H */
