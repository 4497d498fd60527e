/* SPDX-License-Identifier: MIT */
/* mzML 1.1 writer: a minimal valid file of MS1 spectra, the bytes fixed by the
 * input (no dates, no random ids), written all-or-nothing. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkin/ck_io.h"
#include "clusterkin/ck_spectrum.h"
#include "spectra/mzml_impl.h"

typedef struct mzml_writer {
  ck_ctx *ctx;
  FILE *f;
  int width_bytes; /* 4 or 8 */
  int zlib;
  uint8_t *raw; /* little-endian values of one array */
  size_t raw_cap;
  uint8_t *packed; /* its zlib stream */
  size_t packed_cap;
  char *b64;
  size_t b64_cap;
} mzml_writer;

static const char *const ind = "                "; /* indentation, sliced by depth */

/* <cvParam> for a term of the table in mzml_cv.c; cvRef is the accession's prefix. */
static void cv_param(mzml_writer *w, int depth, const char *acc, const char *value,
                     const char *unit_acc) {
  fprintf(w->f, "%.*s<cvParam cvRef=\"%.2s\" accession=\"%s\" name=\"%s\" value=\"%s\"", 2 * depth,
          ind, acc, acc, ck_mzml_cv_name(acc), value);
  if (unit_acc != NULL) {
    fprintf(w->f, " unitCvRef=\"%.2s\" unitAccession=\"%s\" unitName=\"%s\"", unit_acc, unit_acc,
            ck_mzml_cv_name(unit_acc));
  }
  fputs("/>\n", w->f);
}

/* Shortest of %.15g..%.17g that reads back as the same double. */
static void exact_number(double v, char *buf, size_t size) {
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(buf, size, "%.*g", prec, v);
    if (strtod(buf, NULL) == v) {
      return;
    }
  }
}

static void write_head(mzml_writer *w, const ck_spectrum_series *s) {
  int any_profile = 0, any_centroid = 0;
  for (size_t i = 0; i < s->n_scans; i++) {
    any_centroid |= s->scans[i].centroid != 0;
    any_profile |= s->scans[i].centroid == 0;
  }
  fputs(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<mzML xmlns=\"http://psi.hupo.org/ms/mzml\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://psi.hupo.org/ms/mzml "
      "http://psidev.info/files/ms/mzML/xsd/mzML1.1.0.xsd\" id=\"clusterkin\" "
      "version=\"1.1.0\">\n"
      "  <cvList count=\"2\">\n"
      "    <cv id=\"MS\" fullName=\"Proteomics Standards Initiative Mass Spectrometry "
      "Ontology\" version=\"4.1.0\" "
      "URI=\"https://raw.githubusercontent.com/HUPO-PSI/psi-ms-CV/master/psi-ms.obo\"/>\n"
      "    <cv id=\"UO\" fullName=\"Unit Ontology\" version=\"09:04:2014\" "
      "URI=\"https://raw.githubusercontent.com/bio-ontology-research-group/unit-ontology/"
      "master/unit.obo\"/>\n"
      "  </cvList>\n"
      "  <fileDescription>\n"
      "    <fileContent>\n",
      w->f);
  cv_param(w, 3, CK_MS_MS1_SPECTRUM, "", NULL);
  if (any_profile) {
    cv_param(w, 3, CK_MS_PROFILE, "", NULL);
  }
  if (any_centroid) {
    cv_param(w, 3, CK_MS_CENTROID, "", NULL);
  }
  fputs(
      "    </fileContent>\n  </fileDescription>\n  <softwareList count=\"1\">\n"
      "    <software id=\"clusterkin\" version=\"" CK_VERSION "\">\n",
      w->f);
  cv_param(w, 3, CK_MS_CUSTOM_SOFTWARE, "clusterkin", NULL);
  fputs(
      "    </software>\n  </softwareList>\n"
      "  <instrumentConfigurationList count=\"1\">\n"
      "    <instrumentConfiguration id=\"IC1\">\n",
      w->f);
  cv_param(w, 3, CK_MS_INSTRUMENT_MODEL, "", NULL);
  fputs(
      "    </instrumentConfiguration>\n  </instrumentConfigurationList>\n"
      "  <dataProcessingList count=\"1\">\n"
      "    <dataProcessing id=\"clusterkin_processing\">\n"
      "      <processingMethod order=\"1\" softwareRef=\"clusterkin\">\n",
      w->f);
  cv_param(w, 4, CK_MS_CONVERSION, "", NULL);
  fprintf(w->f,
          "      </processingMethod>\n    </dataProcessing>\n  </dataProcessingList>\n"
          "  <run id=\"run1\" defaultInstrumentConfigurationRef=\"IC1\">\n"
          "    <spectrumList count=\"%zu\" defaultDataProcessingRef=\"clusterkin_processing\">\n",
          s->n_scans);
}

static int reserve(mzml_writer *w, void **buf, size_t *cap, size_t n) {
  if (*cap >= n && *buf != NULL) {
    return 1;
  }
  void *p = realloc(*buf, n > 0 ? n : 1);
  if (p == NULL) {
    ck_error_set(w->ctx, CK_ERR_NOMEM, "out of memory writing mzML (%zu bytes)", n);
    return 0;
  }
  *buf = p;
  *cap = n;
  return 1;
}

/* Little-endian IEEE 754 bytes of v[0..n) at the writer's precision. */
static void pack_values(mzml_writer *w, const double *v, size_t n) {
  for (size_t i = 0; i < n; i++) {
    uint8_t *p = w->raw + i * (size_t)w->width_bytes;
    if (w->width_bytes == 8) {
      uint64_t u;
      memcpy(&u, &v[i], sizeof u);
      for (int k = 0; k < 8; k++) {
        p[k] = (uint8_t)(u >> (8 * k));
      }
    } else {
      float f = (float)v[i];
      uint32_t u;
      memcpy(&u, &f, sizeof u);
      for (int k = 0; k < 4; k++) {
        p[k] = (uint8_t)(u >> (8 * k));
      }
    }
  }
}

static ck_status write_array(mzml_writer *w, const double *v, size_t n, const char *kind_acc,
                             const char *unit_acc) {
  size_t n_bytes = n * (size_t)w->width_bytes;
  if (!reserve(w, (void **)&w->raw, &w->raw_cap, n_bytes)) {
    return CK_ERR_NOMEM;
  }
  pack_values(w, v, n);
  const uint8_t *bytes = w->raw;
  if (w->zlib) {
    ck_status st = ck_zlib_deflate(w->ctx, w->raw, n_bytes, &w->packed, &w->packed_cap, &n_bytes);
    if (st != CK_OK) {
      return st;
    }
    bytes = w->packed;
  }
  size_t n_chars = ck_base64_encoded_length(n_bytes);
  if (!reserve(w, (void **)&w->b64, &w->b64_cap, n_chars)) {
    return CK_ERR_NOMEM;
  }
  ck_base64_encode(bytes, n_bytes, w->b64);
  fprintf(w->f, "          <binaryDataArray encodedLength=\"%zu\">\n", n_chars);
  cv_param(w, 6, w->width_bytes == 8 ? CK_MS_FLOAT64 : CK_MS_FLOAT32, "", NULL);
  cv_param(w, 6, w->zlib ? CK_MS_ZLIB : CK_MS_NO_COMPRESSION, "", NULL);
  cv_param(w, 6, kind_acc, "", unit_acc);
  fputs("            <binary>", w->f);
  fwrite(w->b64, 1, n_chars, w->f);
  fputs("</binary>\n          </binaryDataArray>\n", w->f);
  return CK_OK;
}

static ck_status write_spectrum(mzml_writer *w, size_t i, const ck_spectrum *scan) {
  fprintf(w->f, "      <spectrum index=\"%zu\" id=\"scan=%zu\" defaultArrayLength=\"%zu\">\n", i,
          i + 1, scan->n_points);
  cv_param(w, 4, CK_MS_LEVEL, "1", NULL);
  cv_param(w, 4, CK_MS_MS1_SPECTRUM, "", NULL);
  cv_param(w, 4, scan->centroid ? CK_MS_CENTROID : CK_MS_PROFILE, "", NULL);
  fputs("        <scanList count=\"1\">\n", w->f);
  cv_param(w, 5, CK_MS_NO_COMBINATION, "", NULL);
  if (isnan(scan->time_s)) {
    fputs("          <scan/>\n", w->f); /* time unknown: no scan start time */
  } else {
    char t[40];
    exact_number(scan->time_s, t, sizeof t);
    fputs("          <scan>\n", w->f);
    cv_param(w, 6, CK_MS_SCAN_START_TIME, t, CK_UO_SECOND);
    fputs("          </scan>\n", w->f);
  }
  fputs("        </scanList>\n        <binaryDataArrayList count=\"2\">\n", w->f);
  ck_status st = write_array(w, scan->mz, scan->n_points, CK_MS_MZ_ARRAY, CK_MS_MZ_UNIT);
  if (st == CK_OK) {
    st = write_array(w, scan->intensity, scan->n_points, CK_MS_INTENSITY_ARRAY, CK_MS_COUNTS_UNIT);
  }
  fputs("        </binaryDataArrayList>\n      </spectrum>\n", w->f);
  return st;
}

/* What the reader would refuse is refused here, so every file written reads back. */
static ck_status check_scan(ck_ctx *ctx, size_t i, const ck_spectrum *scan, int width_bytes) {
  if (scan->n_points > 0 && (scan->mz == NULL || scan->intensity == NULL)) {
    CK_FAIL(ctx, CK_ERR_ARG, "scan %zu: %zu points but no arrays", i, scan->n_points);
  }
  if (!isnan(scan->time_s) && !isfinite(scan->time_s)) {
    CK_FAIL(ctx, CK_ERR_ARG, "scan %zu: infinite scan start time", i);
  }
  double limit = width_bytes == 4 ? FLT_MAX : DBL_MAX;
  for (size_t k = 0; k < scan->n_points; k++) {
    double mz = scan->mz[k], y = scan->intensity[k];
    if (!(fabs(mz) <= limit) || !(fabs(y) <= limit)) {
      CK_FAIL(ctx, CK_ERR_ARG, "scan %zu point %zu: m/z %g or intensity %g is not finite in %d-bit",
              i, k, mz, y, 8 * width_bytes);
    }
    if (k > 0 && (width_bytes == 4 ? (float)mz == (float)scan->mz[k - 1] : mz == scan->mz[k - 1])) {
      CK_FAIL(ctx, CK_ERR_ARG, "scan %zu: m/z %.10g and %.10g are one value in %d-bit precision", i,
              scan->mz[k - 1], mz, 8 * width_bytes);
    }
  }
  return CK_OK;
}

static ck_status check_args(ck_ctx *ctx, const char *path, const ck_spectrum_series *series,
                            const ck_mzml_write_options *opt) {
  if (path == NULL || series == NULL || (series->n_scans > 0 && series->scans == NULL)) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_spectrum_series_write_mzml: no path or series");
  }
  int bits = opt != NULL ? opt->precision_bits : 0;
  if (bits != 0 && bits != 32 && bits != 64) {
    CK_FAIL(ctx, CK_ERR_ARG, "mzML precision must be 32 or 64 bits, not %d", bits);
  }
  for (size_t i = 0; i < series->n_scans; i++) {
    ck_status st = check_scan(ctx, i, &series->scans[i], bits == 32 ? 4 : 8);
    if (st != CK_OK) {
      return st;
    }
  }
  return CK_OK;
}

ck_status ck_spectrum_series_write_mzml(ck_ctx *ctx, const char *path,
                                        const ck_spectrum_series *series,
                                        const ck_mzml_write_options *opt) {
  ck_status st = check_args(ctx, path, series, opt);
  if (st != CK_OK) {
    return st;
  }
  ck_output *out = ck_output_open(ctx, path);
  if (out == NULL) {
    return ck_ctx_status(ctx);
  }
  mzml_writer w = {.ctx = ctx,
                   .f = ck_output_stream(out),
                   .width_bytes = opt != NULL && opt->precision_bits == 32 ? 4 : 8,
                   .zlib = opt != NULL && opt->zlib};
  write_head(&w, series);
  for (size_t i = 0; i < series->n_scans && st == CK_OK; i++) {
    st = write_spectrum(&w, i, &series->scans[i]);
  }
  fputs("    </spectrumList>\n  </run>\n</mzML>\n", w.f);
  free(w.raw);
  free(w.packed);
  free(w.b64);
  if (st != CK_OK) {
    ck_output_abort(out);
    return st;
  }
  return ck_output_commit(ctx, out);
}
