/* SPDX-License-Identifier: MIT */
/* Umbrella header of libclusterkin: intercluster reaction kinetics of metal nanoclusters. */
#ifndef CLUSTERKIN_H
#define CLUSTERKIN_H

#include "ck_compare.h"
#include "ck_data.h"
#include "ck_deconvolve.h"
#include "ck_equilibrium.h"
#include "ck_error.h"
#include "ck_fit_spec.h"
#include "ck_fit.h"
#include "ck_fit_equilibrium.h"
#include "ck_formula.h"
#include "ck_io.h"
#include "ck_isotope.h"
#include "ck_model.h"
#include "ck_network.h"
#include "ck_nmr.h"
#include "ck_noise.h"
#include "ck_observe.h"
#include "ck_physics.h"
#include "ck_plot.h"
#include "ck_sbml.h"
#include "ck_simulate.h"
#include "ck_sites.h"
#include "ck_spectrum.h"
#include "ck_solver.h"
#include "ck_units.h"
#include "ck_version.h"

#endif /* CLUSTERKIN_H */
