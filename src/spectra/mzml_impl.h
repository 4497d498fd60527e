/* SPDX-License-Identifier: MIT */
/* Private pieces shared by the mzML reader and writer: the controlled-vocabulary
 * terms they use, base64, and zlib. */
#ifndef CK_MZML_IMPL_H
#define CK_MZML_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "core/core_impl.h"

/* PSI-MS and UO accessions (psi-ms.obo, unit.obo) that clusterkin reads or writes. */
#define CK_MS_LEVEL "MS:1000511"
#define CK_MS_CENTROID "MS:1000127"
#define CK_MS_PROFILE "MS:1000128"
#define CK_MS_MS1_SPECTRUM "MS:1000579"
#define CK_MS_SCAN_START_TIME "MS:1000016"
#define CK_MS_MZ_ARRAY "MS:1000514"
#define CK_MS_INTENSITY_ARRAY "MS:1000515"
#define CK_MS_FLOAT32 "MS:1000521"
#define CK_MS_FLOAT64 "MS:1000523"
#define CK_MS_INT32 "MS:1000519"
#define CK_MS_INT64 "MS:1000522"
#define CK_MS_ZLIB "MS:1000574"
#define CK_MS_NO_COMPRESSION "MS:1000576"
#define CK_MS_NO_COMBINATION "MS:1000795"
#define CK_MS_MZ_UNIT "MS:1000040"
#define CK_MS_COUNTS_UNIT "MS:1000131"
#define CK_MS_CONVERSION "MS:1000544"
#define CK_MS_CUSTOM_SOFTWARE "MS:1000799"
#define CK_MS_INSTRUMENT_MODEL "MS:1000031"
#define CK_UO_SECOND "UO:0000010"
#define CK_UO_MINUTE "UO:0000031"
#define CK_UO_MILLISECOND "UO:0000028"

/* The term's name in the ontology ("zlib compression"), or NULL when the
 * accession is not in clusterkin's table. */
CK_INTERNAL const char *ck_mzml_cv_name(const char *accession);
/* 1 when accession is a binary data compression type (child of MS:1000572) other
 * than zlib and none: MS-Numpress and truncation variants, which clusterkin does
 * not decode. */
CK_INTERNAL int ck_mzml_cv_is_other_compression(const char *accession);

/* Base64 (RFC 4648, standard alphabet, '=' padding). */
static inline size_t ck_base64_encoded_length(size_t n_bytes) {
  return 4 * ((n_bytes + 2) / 3);
}
/* Writes the encoding of in[0..n) to out (ck_base64_encoded_length(n) bytes,
 * no terminator) and returns its length. */
CK_INTERNAL size_t ck_base64_encode(const uint8_t *in, size_t n, char *out);

typedef enum ck_base64_result {
  CK_BASE64_OK = 0,
  CK_BASE64_BAD_CHAR,   /* *where: offset of a character outside the alphabet */
  CK_BASE64_BAD_LENGTH, /* characters not a multiple of 4, or misplaced '=' */
} ck_base64_result;

/* Decodes in[0..n) (XML whitespace skipped) into out, which must hold 3 * n / 4
 * bytes; *out_len is the number decoded and *n_chars the base64 characters seen
 * (whitespace excluded; compared with mzML's encodedLength). */
CK_INTERNAL ck_base64_result ck_base64_decode(const char *in, size_t n, uint8_t *out,
                                              size_t *out_len, size_t *n_chars, size_t *where);

typedef enum ck_inflate_result {
  CK_INFLATE_OK = 0,
  CK_INFLATE_CORRUPT, /* not a zlib stream, bad checksum, or cut short */
  CK_INFLATE_LONGER,  /* decompresses to more than expect bytes */
  CK_INFLATE_SHORTER, /* a complete stream of fewer than expect bytes */
  CK_INFLATE_NOMEM,
} ck_inflate_result;

/* Inflates a zlib stream into out[0..expect); *got is the number of bytes
 * produced (valid for CK_INFLATE_SHORTER). *detail: zlib's message or "". */
CK_INTERNAL ck_inflate_result ck_zlib_inflate_exact(const uint8_t *in, size_t n, uint8_t *out,
                                                    size_t expect, size_t *got,
                                                    const char **detail);

/* Deflates in[0..n) as a zlib stream into *out (grown as needed, caller frees);
 * *out_len is its length. */
CK_INTERNAL ck_status ck_zlib_deflate(ck_ctx *ctx, const uint8_t *in, size_t n, uint8_t **out,
                                      size_t *out_cap, size_t *out_len);

/* One binaryDataArray as declared by its cvParams and attributes. */
typedef struct ck_mzml_array_spec {
  int width_bytes;         /* 4 (32-bit float) or 8 (64-bit float) */
  int zlib;                /* 1: zlib stream, 0: raw bytes */
  long long encoded_chars; /* encodedLength, -1 when absent */
  size_t n_values;         /* arrayLength, else the spectrum's defaultArrayLength */
} ck_mzml_array_spec;

/* Scratch buffers reused from array to array (free with ck_mzml_scratch_free). */
typedef struct ck_mzml_scratch {
  uint8_t *decoded; /* base64 output */
  size_t decoded_cap;
  uint8_t *raw; /* inflated bytes */
  size_t raw_cap;
} ck_mzml_scratch;

CK_INTERNAL void ck_mzml_scratch_free(ck_mzml_scratch *s);

/* Decodes the base64 text of one array into *values (allocated, n_values
 * doubles). On failure returns CK_ERR_INPUT (or CK_ERR_NOMEM) with the reason
 * in msg, without location: bad base64, encodedLength or length mismatch,
 * zlib failure. */
CK_INTERNAL ck_status ck_mzml_decode_array(const char *text, size_t len,
                                           const ck_mzml_array_spec *spec, ck_mzml_scratch *s,
                                           double **values, char *msg, size_t msg_size);

/* Puts a scan's points in strictly ascending m/z (sorting pairs when the file
 * did not); non-finite values and repeated m/z are CK_ERR_INPUT with the
 * reason in msg. */
CK_INTERNAL ck_status ck_mzml_order_points(double *mz, double *intensity, size_t n, char *msg,
                                           size_t msg_size);

#endif /* CK_MZML_IMPL_H */
