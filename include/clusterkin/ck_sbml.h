/* SPDX-License-Identifier: MIT */
/* SBML export: a generated reaction network as an SBML Level 3 Version 2 model.
 *
 * The document reproduces clusterkin's ODEs exactly (MODEL.md section 2), so
 * COPASI, libRoadRunner or any SBML simulator runs the same network:
 * - one compartment `solution`, 1 L, constant; species concentrations in nM
 *   (substance unit nanomole = mole x 1e-9, per litre), hasOnlySubstanceUnits
 *   false, initial concentrations the state at mixing (clusters plus
 *   `initial:`); time in s from mixing (model time: clusterkin's CSV time is
 *   this minus the dead time);
 * - global parameters k_dim (1/(nM s)), k_diss and k_ex (1/s);
 * - one irreversible reaction per network reaction, mass action:
 *   solution * k * factor * [reactants], where the dimensionless local
 *   parameter `factor` is clusterkin's per-reaction factor (f(m,n), halved for
 *   a homodimer whose reactant has stoichiometry 2; or the exchange
 *   probability P) and is left out where it is 1.
 * Species ids are SIds built from the labels (M_Ag13Au12, D_Ag25Au0_Ag0Au25);
 * the labels themselves ("[Ag13Au12]") are the species names. Equal inputs
 * give equal bytes (no dates). */
#ifndef CK_SBML_H
#define CK_SBML_H

#include <stdio.h>

#include "ck_error.h"
#include "ck_export.h"
#include "ck_model.h"
#include "ck_network.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Writes net, generated from model, as SBML to stream. The rate constants
 * are the network's (ck_network_set_rates applies); model gives the name and
 * the initial state. Errors: CK_ERR_INPUT for an initial species the network
 * lacks, CK_ERR_LIMIT for labels too long for an id, CK_ERR_IO when libsbml
 * fails or the stream cannot be written. */
CK_API ck_status ck_sbml_write(ck_ctx *ctx, const ck_model *model, const ck_network *net,
                               FILE *stream);

#ifdef __cplusplus
}
#endif
#endif /* CK_SBML_H */
