/* SPDX-License-Identifier: MIT */
/* mzML 1.1 reader: libxml2's streaming xmlTextReader, so a file of any size is
 * read one node at a time and never held as a tree; every MS1 spectrum becomes
 * a scan (ck_spectrum.h, MODEL.md section 7). The only file that includes libxml2;
 * built into the module libclusterkin_mzml.so (see mzml_loader.c). */
#include <errno.h>
#include <fcntl.h>
#include <libxml/xmlreader.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spectra/mzml_impl.h"
#include "spectra/mzml_module.h"
#include "spectra/spectrum_readers.h"

/* One cvParam, kept while a referenceableParamGroup can be referred to. */
typedef struct param {
  xmlChar *accession, *name, *value, *unit_accession, *unit_name;
} param;

typedef struct param_group {
  xmlChar *id;
  param *params;
  size_t n, cap;
} param_group;

typedef enum array_kind { ARRAY_OTHER = 0, ARRAY_MZ, ARRAY_INTENSITY } array_kind;

/* The binaryDataArray being read, from its attributes and cvParams. */
typedef struct array_state {
  array_kind kind;
  int width_bytes;         /* 0 until a precision term is seen */
  int compression;         /* -1 unknown, 0 none, 1 zlib */
  char unsupported[96];    /* a precision or compression term we do not decode */
  long long encoded_chars; /* -1 when absent */
  long long array_length;  /* -1 when absent */
} array_state;

/* The spectrum being read. */
typedef struct spectrum_state {
  size_t index;
  char id[96];
  int ms_level;   /* 0: not stated */
  int centroid;   /* 1 centroid, 0 profile (also when not stated) */
  int not_mass;   /* an optical (UV/PDA) spectrum: no m/z axis, skipped */
  int time_known; /* first scan start time taken, later ones (combined scans) ignored */
  double time_s;
  size_t default_length;
  double *mz, *intensity;
} spectrum_state;

typedef struct mzml_reader {
  ck_ctx *ctx;
  const char *path;
  xmlTextReaderPtr xr;
  double time_offset_s;
  ck_spectrum_series *series;
  size_t scans_cap;
  param_group *groups;
  size_t n_groups, groups_cap;
  int seen_root, mzml_closed, in_group, in_spectrum, in_array, in_binary;
  size_t n_spectra; /* every spectrum seen, any level: the default index */
  spectrum_state sp;
  array_state arr;
  char *text; /* the <binary> text being collected */
  size_t text_len, text_cap;
  ck_mzml_scratch scratch;
  char xml_error[256]; /* first libxml2 error, reported when xmlTextReaderRead fails */
  int xml_error_line;
} mzml_reader;

/* ---------- errors ---------- */

/* Records an error naming the spectrum being read (if any), located at the
 * file and line (0: the parser's current line). */
static ck_status vfail(mzml_reader *r, ck_status st, int line, const char *fmt, va_list ap) {
  char what[CK_MSG_MAX];
  vsnprintf(what, sizeof what, fmt, ap);
  if (r->in_spectrum) {
    ck_error_set(r->ctx, st, "spectrum %zu (id \"%s\"): %s", r->sp.index, r->sp.id, what);
  } else {
    ck_error_set(r->ctx, st, "%s", what);
  }
  if (line <= 0 && r->xr != NULL) {
    line = xmlTextReaderGetParserLineNumber(r->xr);
  }
  ck_error_locate(r->ctx, r->path, line > 0 ? line : 0);
  return st;
}

__attribute__((format(printf, 3, 4))) static ck_status fail(mzml_reader *r, ck_status st,
                                                            const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  ck_status ret = vfail(r, st, 0, fmt, ap);
  va_end(ap);
  return ret;
}

__attribute__((format(printf, 4, 5))) static ck_status fail_at(mzml_reader *r, ck_status st,
                                                               int line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  ck_status ret = vfail(r, st, line, fmt, ap);
  va_end(ap);
  return ret;
}

/* libxml2 would print to stderr; the library never does, so its errors are
 * kept here and reported through the context. */
#if LIBXML_VERSION >= 21200
static void on_xml_error(void *arg, const xmlError *err) {
#else
static void on_xml_error(void *arg, xmlErrorPtr err) {
#endif
  mzml_reader *r = arg;
  if (err == NULL || err->level < XML_ERR_ERROR || r->xml_error[0] != '\0') {
    return;
  }
  snprintf(r->xml_error, sizeof r->xml_error, "%s", err->message ? err->message : "error");
  size_t n = strlen(r->xml_error);
  while (n > 0 && (r->xml_error[n - 1] == '\n' || r->xml_error[n - 1] == ' ')) {
    r->xml_error[--n] = '\0';
  }
  r->xml_error_line = err->line;
}

/* ---------- attributes and parameters ---------- */

static xmlChar *attr(mzml_reader *r, const char *name) {
  return xmlTextReaderGetAttribute(r->xr, BAD_CAST name);
}

static int is(const xmlChar *s, const char *lit) {
  return s != NULL && strcmp((const char *)s, lit) == 0;
}

/* Parses a non-negative integer attribute; -1 when absent, -2 when malformed. */
static long long count_attr(mzml_reader *r, const char *name) {
  xmlChar *v = attr(r, name);
  if (v == NULL) {
    return -1;
  }
  char *end = NULL;
  errno = 0;
  long long x = strtoll((const char *)v, &end, 10);
  int ok = end != (char *)v && *end == '\0' && errno == 0 && x >= 0;
  xmlFree(v);
  return ok ? x : -2;
}

static void param_clear(param *p) {
  xmlFree(p->accession);
  xmlFree(p->name);
  xmlFree(p->value);
  xmlFree(p->unit_accession);
  xmlFree(p->unit_name);
  memset(p, 0, sizeof *p);
}

static param param_read(mzml_reader *r) {
  return (param){attr(r, "accession"), attr(r, "name"), attr(r, "value"), attr(r, "unitAccession"),
                 attr(r, "unitName")};
}

static const char *text_or(const xmlChar *s, const char *fallback) {
  return s != NULL ? (const char *)s : fallback;
}

/* Seconds per unit of a scan start time, or 0 for a unit we do not know. */
static double seconds_per_unit(const param *p) {
  if (is(p->unit_accession, CK_UO_MINUTE) || (!p->unit_accession && is(p->unit_name, "minute"))) {
    return 60.0;
  }
  if (is(p->unit_accession, CK_UO_SECOND) || (!p->unit_accession && is(p->unit_name, "second"))) {
    return 1.0;
  }
  if (is(p->unit_accession, CK_UO_MILLISECOND) ||
      (!p->unit_accession && is(p->unit_name, "millisecond"))) {
    return 1e-3;
  }
  return 0.0;
}

static ck_status spectrum_param(mzml_reader *r, const param *p) {
  spectrum_state *sp = &r->sp;
  if (is(p->accession, CK_MS_LEVEL)) {
    char *end = NULL;
    long level = strtol(text_or(p->value, ""), &end, 10);
    if (p->value == NULL || end == (char *)p->value || *end != '\0' || level < 1) {
      return fail(r, CK_ERR_INPUT, "ms level \"%s\" is not a positive integer",
                  text_or(p->value, ""));
    }
    sp->ms_level = (int)(level > 1000 ? 1000 : level);
  } else if (is(p->accession, CK_MS_CENTROID)) {
    sp->centroid = 1;
  } else if (is(p->accession, CK_MS_PROFILE)) {
    sp->centroid = 0;
  } else if (is(p->accession, "MS:1000804") || is(p->accession, "MS:1000805") ||
             is(p->accession, "MS:1000806")) {
    sp->not_mass = 1; /* electromagnetic radiation / emission / absorption spectrum */
  } else if (is(p->accession, CK_MS_SCAN_START_TIME) && !sp->time_known) {
    char *end = NULL;
    double t = strtod(text_or(p->value, ""), &end);
    if (p->value == NULL || end == (char *)p->value || *end != '\0' || !isfinite(t)) {
      return fail(r, CK_ERR_INPUT, "scan start time \"%s\" is not a number", text_or(p->value, ""));
    }
    double unit_s = seconds_per_unit(p);
    if (unit_s == 0.0) {
      return fail(r, CK_ERR_INPUT, "scan start time in unknown unit \"%s\" (%s)",
                  text_or(p->unit_accession, "none"), text_or(p->unit_name, "no unitName"));
    }
    sp->time_s = t * unit_s;
    sp->time_known = 1;
  }
  return CK_OK;
}

static void note_unsupported(mzml_reader *r, const param *p, const char *what) {
  const char *name = ck_mzml_cv_name((const char *)p->accession);
  snprintf(r->arr.unsupported, sizeof r->arr.unsupported, "%s %s (%s)", what,
           (const char *)p->accession, name ? name : text_or(p->name, "unnamed"));
}

static ck_status array_param(mzml_reader *r, const param *p) {
  array_state *a = &r->arr;
  const xmlChar *acc = p->accession;
  if (is(acc, CK_MS_MZ_ARRAY)) {
    a->kind = ARRAY_MZ;
  } else if (is(acc, CK_MS_INTENSITY_ARRAY)) {
    a->kind = ARRAY_INTENSITY;
  } else if (is(acc, CK_MS_FLOAT32)) {
    a->width_bytes = 4;
  } else if (is(acc, CK_MS_FLOAT64)) {
    a->width_bytes = 8;
  } else if (is(acc, CK_MS_INT32) || is(acc, CK_MS_INT64)) {
    note_unsupported(r, p, "precision");
  } else if (is(acc, CK_MS_ZLIB)) {
    a->compression = 1;
  } else if (is(acc, CK_MS_NO_COMPRESSION)) {
    a->compression = 0;
  } else if (acc != NULL && (ck_mzml_cv_is_other_compression((const char *)acc) ||
                             (p->name != NULL && strstr((const char *)p->name, "compression")))) {
    note_unsupported(r, p, "compression");
  }
  return CK_OK;
}

static ck_status apply_param(mzml_reader *r, const param *p) {
  if (!r->in_spectrum) {
    return CK_OK; /* run, chromatogram and file-level terms are not needed */
  }
  return r->in_array ? array_param(r, p) : spectrum_param(r, p);
}

/* ---------- referenceableParamGroups ---------- */

static ck_status group_start(mzml_reader *r) {
  if (r->n_groups == r->groups_cap) {
    size_t cap = r->groups_cap ? 2 * r->groups_cap : 8;
    param_group *g = realloc(r->groups, cap * sizeof *g);
    if (g == NULL) {
      return fail(r, CK_ERR_NOMEM, "out of memory reading referenceableParamGroups");
    }
    r->groups = g;
    r->groups_cap = cap;
  }
  r->groups[r->n_groups++] = (param_group){.id = attr(r, "id")};
  r->in_group = 1;
  return CK_OK;
}

static ck_status group_add(mzml_reader *r, param *p) {
  param_group *g = &r->groups[r->n_groups - 1];
  if (g->n == g->cap) {
    size_t cap = g->cap ? 2 * g->cap : 8;
    param *q = realloc(g->params, cap * sizeof *q);
    if (q == NULL) {
      param_clear(p);
      return fail(r, CK_ERR_NOMEM, "out of memory reading referenceableParamGroups");
    }
    g->params = q;
    g->cap = cap;
  }
  g->params[g->n++] = *p; /* the group now owns the strings */
  return CK_OK;
}

static ck_status group_apply(mzml_reader *r) {
  xmlChar *ref = attr(r, "ref");
  for (size_t i = 0; i < r->n_groups; i++) {
    if (ref != NULL && xmlStrEqual(r->groups[i].id, ref)) {
      xmlFree(ref);
      ck_status st = CK_OK;
      for (size_t k = 0; k < r->groups[i].n && st == CK_OK; k++) {
        st = apply_param(r, &r->groups[i].params[k]);
      }
      return st;
    }
  }
  ck_status st =
      fail(r, CK_ERR_INPUT, "referenceableParamGroupRef \"%s\" names no group", text_or(ref, ""));
  xmlFree(ref);
  return st;
}

static void groups_free(mzml_reader *r) {
  for (size_t i = 0; i < r->n_groups; i++) {
    for (size_t k = 0; k < r->groups[i].n; k++) {
      param_clear(&r->groups[i].params[k]);
    }
    free(r->groups[i].params);
    xmlFree(r->groups[i].id);
  }
  free(r->groups);
}

/* ---------- spectra ---------- */

static void spectrum_reset(mzml_reader *r) {
  free(r->sp.mz);
  free(r->sp.intensity);
  memset(&r->sp, 0, sizeof r->sp);
  r->sp.time_s = NAN;
}

static ck_status spectrum_start(mzml_reader *r) {
  spectrum_reset(r);
  r->in_spectrum = 1;
  xmlChar *id = attr(r, "id");
  snprintf(r->sp.id, sizeof r->sp.id, "%s", text_or(id, ""));
  xmlFree(id);
  long long index = count_attr(r, "index");
  r->sp.index = index >= 0 ? (size_t)index : r->n_spectra;
  r->n_spectra++;
  long long n = count_attr(r, "defaultArrayLength");
  if (n < 0) {
    return fail(r, CK_ERR_INPUT, "defaultArrayLength missing or not a count");
  }
  r->sp.default_length = (size_t)n;
  return CK_OK;
}

static int spectrum_skipped(const mzml_reader *r) {
  return r->sp.ms_level > 1 || r->sp.not_mass;
}

static ck_status scans_grow(mzml_reader *r) {
  ck_spectrum_series *s = r->series;
  if (s->n_scans < r->scans_cap) {
    return CK_OK;
  }
  size_t cap = r->scans_cap ? 2 * r->scans_cap : 16;
  ck_spectrum *scans = realloc(s->scans, cap * sizeof *scans);
  if (scans == NULL) {
    return fail(r, CK_ERR_NOMEM, "out of memory for %zu scans", cap);
  }
  s->scans = scans;
  r->scans_cap = cap;
  return CK_OK;
}

static ck_status spectrum_end(mzml_reader *r) {
  spectrum_state *sp = &r->sp;
  if (spectrum_skipped(r)) {
    r->in_spectrum = 0;
    return CK_OK;
  }
  size_t n = sp->default_length;
  if (n > 0 && (sp->mz == NULL || sp->intensity == NULL)) {
    return fail(r, CK_ERR_INPUT, "no %s (%s) among its binary data arrays",
                sp->mz == NULL ? "m/z array" : "intensity array",
                sp->mz == NULL ? CK_MS_MZ_ARRAY : CK_MS_INTENSITY_ARRAY);
  }
  char msg[CK_MSG_MAX];
  ck_status st = n > 0 ? ck_mzml_order_points(sp->mz, sp->intensity, n, msg, sizeof msg) : CK_OK;
  if (st != CK_OK) {
    return fail(r, st, "%s", msg);
  }
  st = scans_grow(r);
  if (st != CK_OK) {
    return st;
  }
  ck_spectrum *scan = &r->series->scans[r->series->n_scans++];
  *scan = (ck_spectrum){.time_s = sp->time_known ? sp->time_s + r->time_offset_s : NAN,
                        .centroid = sp->centroid,
                        .n_points = n,
                        .mz = n > 0 ? sp->mz : NULL,
                        .intensity = n > 0 ? sp->intensity : NULL};
  if (n == 0) {
    free(sp->mz);
    free(sp->intensity);
  }
  sp->mz = sp->intensity = NULL; /* now the scan's */
  r->in_spectrum = 0;
  return CK_OK;
}

/* ---------- binary data arrays ---------- */

static ck_status array_start(mzml_reader *r) {
  r->in_array = 1;
  r->arr = (array_state){.compression = -1};
  r->arr.encoded_chars = count_attr(r, "encodedLength");
  r->arr.array_length = count_attr(r, "arrayLength");
  if (r->arr.encoded_chars == -2 || r->arr.array_length == -2) {
    return fail(r, CK_ERR_INPUT, "binaryDataArray with a malformed encodedLength or arrayLength");
  }
  return CK_OK;
}

static ck_status text_append(mzml_reader *r) {
  const xmlChar *v = xmlTextReaderConstValue(r->xr);
  size_t n = v != NULL ? strlen((const char *)v) : 0;
  if (r->text_len + n + 1 > r->text_cap) {
    size_t cap = 2 * (r->text_len + n + 1);
    char *t = realloc(r->text, cap);
    if (t == NULL) {
      return fail(r, CK_ERR_NOMEM, "out of memory reading a binary array");
    }
    r->text = t;
    r->text_cap = cap;
  }
  memcpy(r->text + r->text_len, v, n);
  r->text_len += n;
  return CK_OK;
}

static const char *kind_name(array_kind k) {
  return k == ARRAY_MZ ? "m/z array" : "intensity array";
}

/* The array's declaration must say how to decode it. */
static ck_status array_check(mzml_reader *r) {
  const array_state *a = &r->arr;
  double **slot = a->kind == ARRAY_MZ ? &r->sp.mz : &r->sp.intensity;
  if (*slot != NULL) {
    return fail(r, CK_ERR_INPUT, "two %ss", kind_name(a->kind));
  }
  if (a->unsupported[0] != '\0') {
    return fail(r, CK_ERR_UNSUPPORTED,
                "%s uses %s, which clusterkin does not decode (use 32/64-bit float, "
                "zlib or no compression)",
                kind_name(a->kind), a->unsupported);
  }
  if (a->width_bytes == 0) {
    return fail(r, CK_ERR_INPUT, "%s states no precision (%s or %s)", kind_name(a->kind),
                CK_MS_FLOAT32, CK_MS_FLOAT64);
  }
  if (a->compression < 0) {
    return fail(r, CK_ERR_INPUT, "%s states no compression (%s or %s)", kind_name(a->kind),
                CK_MS_ZLIB, CK_MS_NO_COMPRESSION);
  }
  return CK_OK;
}

static ck_status binary_end(mzml_reader *r) {
  r->in_binary = 0;
  if (!r->in_array || spectrum_skipped(r) || r->arr.kind == ARRAY_OTHER) {
    return CK_OK; /* charge, noise, wavelength arrays and MSn spectra are not needed */
  }
  ck_status st = array_check(r);
  if (st != CK_OK) {
    return st;
  }
  const array_state *a = &r->arr;
  ck_mzml_array_spec spec = {
      .width_bytes = a->width_bytes,
      .zlib = a->compression,
      .encoded_chars = a->encoded_chars,
      .n_values = a->array_length >= 0 ? (size_t)a->array_length : r->sp.default_length,
  };
  if (spec.n_values != r->sp.default_length) {
    return fail(r, CK_ERR_INPUT, "%s has arrayLength %zu but the spectrum %zu points",
                kind_name(a->kind), spec.n_values, r->sp.default_length);
  }
  char msg[CK_MSG_MAX];
  double *values = NULL;
  st = ck_mzml_decode_array(r->text != NULL ? r->text : "", r->text_len, &spec, &r->scratch,
                            &values, msg, sizeof msg);
  if (st != CK_OK) {
    return fail(r, st, "%s: %s", kind_name(a->kind), msg);
  }
  *(a->kind == ARRAY_MZ ? &r->sp.mz : &r->sp.intensity) = values;
  return CK_OK;
}

/* ---------- element dispatch ---------- */

static ck_status root_start(mzml_reader *r, const xmlChar *name) {
  r->seen_root = 1;
  if (!is(name, "mzML") && !is(name, "indexedmzML")) {
    return fail(r, CK_ERR_INPUT, "not an mzML file: the root element is <%s>, not <mzML>",
                (const char *)name);
  }
  return CK_OK;
}

static ck_status element_start(mzml_reader *r, const xmlChar *name) {
  if (!r->seen_root) {
    return root_start(r, name);
  }
  if (is(name, "cvParam")) {
    param p = param_read(r);
    if (r->in_group) {
      return group_add(r, &p);
    }
    ck_status st = apply_param(r, &p);
    param_clear(&p);
    return st;
  }
  if (is(name, "referenceableParamGroupRef")) {
    return r->in_spectrum ? group_apply(r) : CK_OK;
  }
  if (is(name, "referenceableParamGroup")) {
    return group_start(r);
  }
  if (is(name, "spectrum")) {
    return spectrum_start(r);
  }
  if (is(name, "binaryDataArray") && r->in_spectrum) {
    return array_start(r);
  }
  if (is(name, "binary") && r->in_array) {
    r->in_binary = 1;
    r->text_len = 0;
  }
  return CK_OK;
}

static ck_status element_end(mzml_reader *r, const xmlChar *name) {
  if (is(name, "binary") && r->in_binary) {
    return binary_end(r);
  }
  if (is(name, "binaryDataArray")) {
    r->in_array = 0;
  } else if (is(name, "spectrum") && r->in_spectrum) {
    return spectrum_end(r);
  } else if (is(name, "referenceableParamGroup")) {
    r->in_group = 0;
  } else if (is(name, "mzML")) {
    r->mzml_closed = 1;
  }
  return CK_OK;
}

static ck_status node(mzml_reader *r) {
  int type = xmlTextReaderNodeType(r->xr);
  const xmlChar *name = xmlTextReaderConstLocalName(r->xr);
  switch (type) {
    case XML_READER_TYPE_ELEMENT: {
      ck_status st = element_start(r, name);
      /* <x/> has no end node */
      if (st == CK_OK && xmlTextReaderIsEmptyElement(r->xr)) {
        st = element_end(r, name);
      }
      return st;
    }
    case XML_READER_TYPE_END_ELEMENT:
      return element_end(r, name);
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
    case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
      /* text of arrays that binary_end will ignore is not even copied */
      return r->in_binary && !spectrum_skipped(r) && r->arr.kind != ARRAY_OTHER ? text_append(r)
                                                                                : CK_OK;
    case XML_READER_TYPE_DOCUMENT_TYPE:
      /* mzML has no DTD; refusing one also refuses entity-expansion tricks */
      return fail(r, CK_ERR_INPUT, "not an mzML file: it declares a DTD");
    default:
      return CK_OK;
  }
}

/* ---------- driver ---------- */

static ck_status read_all(mzml_reader *r) {
  int rc;
  while ((rc = xmlTextReaderRead(r->xr)) == 1) {
    ck_status st = node(r);
    if (st != CK_OK) {
      return st;
    }
  }
  if (rc < 0 || r->xml_error[0] != '\0') {
    /* libxml2's own line is the exact one */
    return fail_at(r, CK_ERR_INPUT, r->xml_error_line, "malformed or truncated XML: %s",
                   r->xml_error[0] ? r->xml_error : "read error");
  }
  if (!r->seen_root) {
    return fail(r, CK_ERR_INPUT, "not an mzML file: no XML element");
  }
  if (!r->mzml_closed) {
    return fail(r, CK_ERR_INPUT, "not an mzML file: no <mzML> element");
  }
  return CK_OK;
}

/* The file as libxml2 gets it: a regular file is mapped, since libxml2
 * otherwise reads it 4 kB per system call (a quarter of the time on 100 MB,
 * measured); anything else (a pipe, an empty file) is read from fd. */
typedef struct source {
  int fd;
  void *map; /* MAP_FAILED when not mapped */
  size_t len;
} source;

static ck_status source_open(ck_ctx *ctx, const char *path, source *src) {
  /* Opened here, not by libxml2, so a missing file is a plain I/O error and
   * libxml2 never reports (or prints) it. */
  src->map = MAP_FAILED;
  src->len = 0;
  src->fd = open(path, O_RDONLY);
  if (src->fd < 0) {
    CK_FAIL(ctx, CK_ERR_IO, "cannot read %s: %s", path, strerror(errno));
  }
  struct stat info;
  if (fstat(src->fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0 &&
      info.st_size <= INT_MAX) {
    src->len = (size_t)info.st_size;
    src->map = mmap(NULL, src->len, PROT_READ, MAP_PRIVATE, src->fd, 0);
  }
  if (src->map != MAP_FAILED) {
    posix_madvise(src->map, src->len, POSIX_MADV_SEQUENTIAL);
  }
  return CK_OK;
}

static xmlTextReaderPtr source_reader(const source *src, const char *path) {
  /* HUGE: one array of a high-resolution scan can exceed libxml2's 10 MB text
   * limit; NONET: never fetch anything. */
  const int options = XML_PARSE_NONET | XML_PARSE_HUGE;
  return src->map != MAP_FAILED ? xmlReaderForMemory(src->map, (int)src->len, path, NULL, options)
                                : xmlReaderForFd(src->fd, path, NULL, options);
}

static void source_close(source *src) {
  if (src->map != MAP_FAILED) {
    munmap(src->map, src->len);
  }
  close(src->fd);
}

static void reader_release(mzml_reader *r) {
  spectrum_reset(r);
  groups_free(r);
  free(r->text);
  ck_mzml_scratch_free(&r->scratch);
}

/* libxml2 reports encoding and I/O failures (an encoding="utf7" declaration
 * followed by bytes it cannot convert) on its global generic channel, which
 * prints to stderr; the reader's status and handler still carry the failure,
 * so the channel is silenced during a load and restored after (found by
 * fuzz/fuzz_mzml.c: the CLI printed five libxml2 lines before its own). */
static void ignore_generic_error(void *unused, const char *msg, ...) {
  (void)unused, (void)msg;
}

ck_spectrum_series *ck_spectrum_mzml_load_module(ck_ctx *ctx, const char *path,
                                          const ck_spectrum_load_options *opt) {
  if (path == NULL) {
    ck_error_set(ctx, CK_ERR_ARG, "ck_spectrum_mzml_load: no path");
    return NULL;
  }
  source src;
  if (source_open(ctx, path, &src) != CK_OK) {
    return NULL;
  }
  mzml_reader r = {.ctx = ctx, .path = path, .time_offset_s = opt ? opt->time_offset_s : 0.0};
  r.sp.time_s = NAN;
  r.series = ck_spectrum_series_create(ctx, 0);
  r.xr = r.series != NULL ? source_reader(&src, path) : NULL;
  ck_status st = CK_ERR_NOMEM;
  if (r.xr != NULL) {
    xmlGenericErrorFunc saved = xmlGenericError;
    void *saved_context = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, ignore_generic_error);
    xmlTextReaderSetStructuredErrorHandler(r.xr, on_xml_error, &r);
    st = read_all(&r);
    xmlFreeTextReader(r.xr);
    xmlSetGenericErrorFunc(saved_context, saved);
  } else if (r.series != NULL) {
    ck_error_set(ctx, CK_ERR_NOMEM, "cannot start the XML reader for %s", path);
  }
  source_close(&src);
  reader_release(&r);
  if (st != CK_OK) {
    ck_spectrum_series_free(r.series);
    return NULL;
  }
  return r.series;
}
