/* SPDX-License-Identifier: MIT */
/* The controlled-vocabulary terms of mzML that clusterkin reads or writes, with their names. */
#include <string.h>

#include "spectra/mzml_impl.h"

typedef struct cv_term {
  const char *accession;
  const char *name;
} cv_term;

/* Names as in psi-ms.obo / unit.obo; the writer prints them beside the
 * accession, the reader quotes them in messages. */
static const cv_term terms[] = {
    {CK_MS_LEVEL, "ms level"},
    {CK_MS_CENTROID, "centroid spectrum"},
    {CK_MS_PROFILE, "profile spectrum"},
    {CK_MS_MS1_SPECTRUM, "MS1 spectrum"},
    {CK_MS_SCAN_START_TIME, "scan start time"},
    {CK_MS_MZ_ARRAY, "m/z array"},
    {CK_MS_INTENSITY_ARRAY, "intensity array"},
    {CK_MS_FLOAT32, "32-bit float"},
    {CK_MS_FLOAT64, "64-bit float"},
    {CK_MS_INT32, "32-bit integer"},
    {CK_MS_INT64, "64-bit integer"},
    {CK_MS_ZLIB, "zlib compression"},
    {CK_MS_NO_COMPRESSION, "no compression"},
    {CK_MS_NO_COMBINATION, "no combination"},
    {CK_MS_MZ_UNIT, "m/z"},
    {CK_MS_COUNTS_UNIT, "number of detector counts"},
    {CK_MS_CONVERSION, "Conversion to mzML"},
    {CK_MS_CUSTOM_SOFTWARE, "custom unreleased software tool"},
    {CK_MS_INSTRUMENT_MODEL, "instrument model"},
    {CK_UO_SECOND, "second"},
    {CK_UO_MINUTE, "minute"},
    {CK_UO_MILLISECOND, "millisecond"},
    /* Compression types (children of MS:1000572) that are not decoded. */
    {"MS:1002312", "MS-Numpress linear prediction compression"},
    {"MS:1002313", "MS-Numpress positive integer compression"},
    {"MS:1002314", "MS-Numpress short logged float compression"},
    {"MS:1002746", "MS-Numpress linear prediction compression followed by zlib compression"},
    {"MS:1002747", "MS-Numpress positive integer compression followed by zlib compression"},
    {"MS:1002748", "MS-Numpress short logged float compression followed by zlib compression"},
    {"MS:1003088", "truncation, delta prediction and zlib compression"},
    {"MS:1003089", "truncation, linear prediction and zlib compression"},
    {"MS:1003090", "delta prediction and zlib compression"},
    {"MS:1003091", "linear prediction and zlib compression"},
    {"MS:1003092", "truncation and zlib compression"},
};

const char *ck_mzml_cv_name(const char *accession) {
  for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++) {
    if (strcmp(terms[i].accession, accession) == 0) {
      return terms[i].name;
    }
  }
  return NULL;
}

int ck_mzml_cv_is_other_compression(const char *accession) {
  const char *name = ck_mzml_cv_name(accession);
  return name != NULL && strstr(name, "compression") != NULL &&
         strcmp(accession, CK_MS_ZLIB) != 0 && strcmp(accession, CK_MS_NO_COMPRESSION) != 0;
}
