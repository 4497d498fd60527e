/* SPDX-License-Identifier: MIT */
/* Hydride NMR of Cu/Ag clusters (MODEL.md section 6): per composition a
 * binomial mixture of 107Ag/109Ag isotopomers, each a first-order multiplet
 * of the hydride coupled to every Ag (one averaged J per isotope, as fast
 * intramolecular scrambling gives), drawn as Lorentzian lines.
 *
 * Frequencies are in Hz, shifts in ppm; a line's position in Hz is counted
 * from the 0 ppm reference at the observed nucleus' frequency: 1H at the
 * spectrometer frequency, or 2H (deuteride) at that frequency / 6.514.
 *
 * Ownership: ck_nmr_hydride_lines and ck_nmr_spectrum_compute return owned
 * objects, freed with ck_nmr_lines_free / ck_nmr_spectrum_free; ck_nmr_spec_load
 * returns an owned spec (ck_nmr_spec_free). All _free functions accept NULL.
 * Composition labels passed in are borrowed for the duration of the call. */
#ifndef CK_NMR_H
#define CK_NMR_H

#include <stddef.h>

#include "ck_error.h"
#include "ck_export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* J(1H-109Ag)/J(1H-107Ag) = gamma(109Ag)/gamma(107Ag) (MODEL.md section 6). */
#define CK_NMR_J109_PER_J107 1.1496
/* gamma(1H)/gamma(2H): deuteride couplings and the 2H frequency are smaller by this. */
#define CK_NMR_GAMMA_H_PER_D 6.514
/* Most Ag atoms a composition may hold (lines grow as n^3/6). */
#define CK_NMR_MAX_AG 64

/* One cluster composition of the series. */
typedef struct ck_nmr_composition {
  const char *label; /* "Cu6Ag", names the spectrum's column */
  int n_ag;          /* Ag atoms of natural isotopic composition (binomial 107/109) */
  int n_107, n_109;  /* Ag atoms labelled as one isotope (enriched clusters); usually 0 */
  double shift_ppm;  /* hydride chemical shift */
  double j107_hz;    /* 1H-107Ag coupling of the hydride (1H values, also for a deuteride) */
  double j109_hz;    /* 1H-109Ag coupling; 0 = j107_hz x j109_per_j107 */
  double weight;     /* population (any scale); the composition's lines sum to it */
} ck_nmr_composition;

typedef struct ck_nmr_params {
  double spectrometer_mhz; /* 1H frequency of the spectrometer */
  double fwhm_hz;          /* Lorentzian full width at half maximum of every line */
  int deuteride;           /* 1: 2H spectrum, couplings / 6.514, frequency / 6.514 */
  double j109_per_j107;    /* 0 = CK_NMR_J109_PER_J107 */
} ck_nmr_params;

/* One line of the stick spectrum. */
typedef struct ck_nmr_line {
  int composition;    /* index into the compositions given */
  int n_107, n_109;   /* the isotopomer: Ag spins of each isotope */
  double position_hz; /* from 0 ppm at the observe frequency */
  double position_ppm;
  double intensity; /* weight x isotopomer probability x multiplet fraction */
} ck_nmr_line;

typedef struct ck_nmr_lines {
  size_t n;
  /* Grouped by composition, then isotopomer (107Ag spins falling), then position. */
  ck_nmr_line *line;
  double observe_mhz; /* frequency of the observed nucleus (1H or 2H) */
} ck_nmr_lines;

/* The spectrum's window: from_ppm..to_ppm in steps of step_hz. from_ppm ==
 * to_ppm (e.g. both 0) = automatic range, every line +- 10 linewidths;
 * step_hz 0 = automatic, a tenth of the linewidth. */
typedef struct ck_nmr_window {
  double from_ppm, to_ppm;
  double step_hz;
} ck_nmr_window;

/* A sampled spectrum: intensity per Hz of area-normalised Lorentzians (each
 * line integrates to its intensity over the frequency axis in Hz). */
typedef struct ck_nmr_spectrum {
  size_t n_points;
  int n_components;  /* compositions */
  double *ppm;       /* ascending */
  double *intensity; /* n_points rows of 1 + n_components: total, then each composition */
} ck_nmr_spectrum;

/* What a spec file (SPEC.yaml) holds. */
typedef struct ck_nmr_spec {
  ck_nmr_params params;
  ck_nmr_window window;
  int n_compositions;
  ck_nmr_composition *compositions; /* labels owned by the spec */
} ck_nmr_spec;

/* Most points a spectrum may have. */
#define CK_NMR_MAX_POINTS 4000000

/* Stick spectrum of the compositions. Isotopomer probabilities use the 107Ag
 * and 109Ag abundances of the isotope table. CK_ERR_INPUT for a non-positive
 * frequency or linewidth, a negative weight or coupling, more than
 * CK_NMR_MAX_AG Ag atoms. Returns NULL on failure. */
CK_API ck_nmr_lines *ck_nmr_hydride_lines(ck_ctx *ctx, const ck_nmr_params *params,
                                          const ck_nmr_composition *compositions,
                                          int n_compositions);
CK_API void ck_nmr_lines_free(ck_nmr_lines *lines);

/* Samples the lines on the window (see ck_nmr_window). CK_ERR_LIMIT past
 * CK_NMR_MAX_POINTS; CK_ERR_INPUT for an empty or reversed window. */
CK_API ck_nmr_spectrum *ck_nmr_spectrum_compute(ck_ctx *ctx, const ck_nmr_lines *lines,
                                                const ck_nmr_params *params, int n_components,
                                                const ck_nmr_window *window);
CK_API void ck_nmr_spectrum_free(ck_nmr_spectrum *spectrum);

/* Reads a spec file (format: examples/cuag7-hydride-se.yaml). Errors carry
 * the file and line. */
CK_API ck_nmr_spec *ck_nmr_spec_load(ck_ctx *ctx, const char *path);
/* The same from text; source names it in messages (NULL: "<string>"). */
CK_API ck_nmr_spec *ck_nmr_spec_parse(ck_ctx *ctx, const char *text, size_t length,
                                      const char *source);
CK_API void ck_nmr_spec_free(ck_nmr_spec *spec);

#ifdef __cplusplus
}
#endif
#endif /* CK_NMR_H */
