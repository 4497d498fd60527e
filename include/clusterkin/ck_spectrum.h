/* SPDX-License-Identifier: MIT */
/* Measured or synthesized mass spectra: one scan is an m/z axis with
 * intensities and the time it was started; a series is the scans of one
 * acquisition in time order (MODEL.md sections 7 and 8).
 *
 * Units: m/z in Th (Da per elementary charge), intensity in the instrument's
 * arbitrary units (counts), scan start time in seconds after mixing (NaN when
 * the file does not say).
 *
 * File formats read by ck_spectrum_series_load:
 *  - text/CSV (any extension but .mzML): comma, tab or blank separated, '#'
 *    comments, an optional header line. Two columns `mz,intensity` are one
 *    scan; three columns `time_s,mz,intensity` are a series, consecutive
 *    rows with the same time_s forming one scan (a header `time_min` instead
 *    of `time_s` gives minutes).
 *  - mzML 1.1 (extension .mzML, any case): every MS1 spectrum, profile or
 *    centroid, 32/64-bit floats, zlib or no compression; the scan start time
 *    in the unit the file names (minutes or seconds).
 *
 * Ownership: a series from ck_spectrum_series_load / _create is owned by the
 * caller and freed with ck_spectrum_series_free (NULL is a no-op); each scan
 * owns its arrays. */
#ifndef CK_SPECTRUM_H
#define CK_SPECTRUM_H

#include <stddef.h>

#include "ck_error.h"
#include "ck_export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ck_spectrum {
  double time_s;     /* scan start time after mixing, s; NaN if unknown */
  int centroid;      /* 1: peak list (centroided), 0: profile */
  size_t n_points;
  double *mz;        /* strictly ascending, Th */
  double *intensity; /* arbitrary units, same length */
} ck_spectrum;

typedef struct ck_spectrum_series {
  size_t n_scans;
  ck_spectrum *scans; /* time order as in the file */
} ck_spectrum_series;

typedef struct ck_spectrum_load_options {
  /* Added to every scan start time, s: the mixing time when the acquisition
   * did not start at mixing is given as a negative offset (0: none). */
  double time_offset_s;
} ck_spectrum_load_options;

/* Reads a spectrum file (format by extension, see above); opt may be NULL.
 * NULL on error with a message naming the file (and line or scan where
 * known): CK_ERR_IO (cannot read), CK_ERR_INPUT (malformed), CK_ERR_NOMEM. */
CK_API ck_spectrum_series *ck_spectrum_series_load(ck_ctx *ctx, const char *path,
                                                   const ck_spectrum_load_options *opt);

/* An empty series with room for n_scans scans whose arrays are NULL. */
CK_API ck_spectrum_series *ck_spectrum_series_create(ck_ctx *ctx, size_t n_scans);

/* Allocates scan's arrays for n_points points (zeroed). */
CK_API ck_status ck_spectrum_alloc(ck_ctx *ctx, ck_spectrum *scan, size_t n_points);

CK_API void ck_spectrum_series_free(ck_spectrum_series *series);

typedef struct ck_mzml_write_options {
  int precision_bits; /* 32 or 64 (0: 64) */
  int zlib;           /* 1: zlib-compress the binary arrays */
} ck_mzml_write_options;

/* Writes series as an mzML 1.1 file (MS1 spectra, scan start times in
 * seconds, m/z and intensity arrays base64-encoded), atomically (temporary
 * file then rename). opt may be NULL (64-bit, uncompressed). */
CK_API ck_status ck_spectrum_series_write_mzml(ck_ctx *ctx, const char *path,
                                               const ck_spectrum_series *series,
                                               const ck_mzml_write_options *opt);

#ifdef __cplusplus
}
#endif
#endif /* CK_SPECTRUM_H */
