/* SPDX-License-Identifier: MIT */
/* The hydride NMR spec file (SPEC.yaml of `clusterkin nmr hydride`) into a ck_nmr_spec.
 *
 *   spectrometer: 600 MHz        1H frequency (required)
 *   linewidth: 3 Hz              FWHM of every line (required)
 *   deuteride: false             true: the 2H spectrum of the deuteride
 *   j109-per-j107: 1.1496        where a composition gives no j109
 *   spectrum: {from: -1 ppm, to: 5 ppm, step: 0.2 Hz}   all optional
 *   compositions:                one entry per cluster of the series
 *     - formula: Cu6Ag           Ag atoms counted from the formula; labelled
 *       label: Cu6Ag(H)          107Ag/109Ag atoms are fixed isotopes
 *       shift: 1.203 ppm         (required)
 *       j107: 69.8 Hz            (required when there is Ag)
 *       j109: 80.2 Hz            (optional)
 *       weight: 1                population (optional, default 1)
 */
#include <stdlib.h>

#include "clusterkin/ck_formula.h"
#include "clusterkin/ck_nmr.h"
#include "io/read_file.h"
#include "io/yaml_document.h"
#include "io/yaml_impl.h"

static const char *const top_keys[] = {"description",   "spectrometer", "linewidth",    "deuteride",
                                       "j109-per-j107", "spectrum",     "compositions", NULL};
static const char *const window_keys[] = {"from", "to", "step", NULL};
static const char *const composition_keys[] = {"formula", "label",  "shift", "j107",
                                               "j109",    "weight", NULL};

/* Ag atoms of the formula: natural ones and those labelled 107Ag / 109Ag. */
static ck_status read_formula(ck_yaml_reader *r, const yaml_node_t *node, const char *what,
                              ck_nmr_composition *c) {
  const char *text = NULL;
  ck_formula f;
  ck_status st = ck_yaml_scalar_text(r, node, what, &text);
  if (st == CK_OK && ck_formula_parse(r->ctx, text, &f) != CK_OK) {
    return ck_yaml_locate_inner(r, node, CK_ERR_INPUT, what);
  }
  if (st == CK_OK) {
    c->n_107 = (int)ck_formula_count(&f, "107Ag");
    c->n_109 = (int)ck_formula_count(&f, "109Ag");
    long all = ck_formula_count(&f, "Ag");
    if (all > CK_NMR_MAX_AG) {
      return ck_yaml_fail(r, node, CK_ERR_INPUT, "%s: %ld Ag atoms, more than %d", what, all,
                          CK_NMR_MAX_AG);
    }
    c->n_ag = (int)all - c->n_107 - c->n_109;
  }
  return st;
}

/* Safe to write unquoted in a CSV header and unescaped in JSON. */
static int plain_label(const char *text) {
  for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
    if (*p < 0x20 || *p == ',' || *p == '"' || *p == '\\') {
      return 0;
    }
  }
  return 1;
}

static ck_status read_label(ck_yaml_reader *r, const yaml_node_t *map, const yaml_node_t *formula,
                            const char *path, ck_nmr_composition *c) {
  const yaml_node_t *label = ck_yaml_lookup(r, map, "label");
  const char *text = NULL;
  char what[CK_YAML_PATH_MAX];
  snprintf(what, sizeof what, "%.100s.label", path);
  ck_status st = ck_yaml_scalar_text(r, label != NULL ? label : formula, what, &text);
  if (st == CK_OK && !plain_label(text)) {
    st = ck_yaml_fail(r, label != NULL ? label : formula, CK_ERR_INPUT,
                      "%s: a label names a CSV column and a JSON string: no ',', '\"', '\\' "
                      "or control characters",
                      what);
  }
  if (st == CK_OK) {
    c->label = ck_strdup(r->ctx, text);
    st = c->label != NULL ? CK_OK : CK_ERR_NOMEM;
  }
  return st;
}

static ck_status read_composition(ck_yaml_reader *r, const yaml_node_t *map, int index,
                                  ck_nmr_composition *c) {
  char path[CK_YAML_PATH_MAX], what[CK_YAML_PATH_MAX];
  snprintf(path, sizeof path, "compositions[%d]", index + 1);
  yaml_node_t *formula = NULL, *shift = NULL, *j107 = NULL;
  c->weight = 1.0;
  ck_status st = ck_yaml_check_keys(r, map, path, composition_keys);
  if (st == CK_OK) {
    st = ck_yaml_require(r, map, "formula", path, &formula);
  }
  if (st == CK_OK) {
    snprintf(what, sizeof what, "%.100s.formula", path);
    st = read_formula(r, formula, what, c);
  }
  if (st == CK_OK) {
    st = read_label(r, map, formula, path, c);
  }
  if (st == CK_OK) {
    st = ck_yaml_require(r, map, "shift", path, &shift);
  }
  if (st == CK_OK) {
    snprintf(what, sizeof what, "%.100s.shift", path);
    st = ck_yaml_read_quantity(r, shift, CK_QTY_CHEMICAL_SHIFT, CK_YAML_ANY, what, &c->shift_ppm);
  }
  if (st == CK_OK && c->n_ag + c->n_107 + c->n_109 > 0) {
    st = ck_yaml_require(r, map, "j107", path, &j107);
  }
  if (st == CK_OK) {
    st = ck_yaml_opt_quantity(r, map, path, "j107", CK_QTY_FREQUENCY, CK_YAML_NONNEGATIVE,
                              &c->j107_hz);
  }
  if (st == CK_OK) {
    st =
        ck_yaml_opt_quantity(r, map, path, "j109", CK_QTY_FREQUENCY, CK_YAML_POSITIVE, &c->j109_hz);
  }
  if (st == CK_OK) {
    st = ck_yaml_opt_quantity(r, map, path, "weight", CK_QTY_DIMENSIONLESS, CK_YAML_NONNEGATIVE,
                              &c->weight);
  }
  return st;
}

static ck_status read_compositions(ck_yaml_reader *r, const yaml_node_t *seq, ck_nmr_spec *spec) {
  ck_status st = ck_yaml_expect_type(r, seq, YAML_SEQUENCE_NODE, "compositions");
  int n = st == CK_OK ? ck_yaml_n_items(seq) : 0;
  if (st == CK_OK && n == 0) {
    return ck_yaml_fail(r, seq, CK_ERR_INPUT, "compositions: at least one is needed");
  }
  if (st == CK_OK) {
    spec->compositions = ck_calloc(r->ctx, (size_t)n, sizeof *spec->compositions);
    st = spec->compositions != NULL ? CK_OK : CK_ERR_NOMEM;
  }
  for (int i = 0; st == CK_OK && i < n; i++) {
    spec->n_compositions = i + 1; /* so the spec frees what was read */
    st = read_composition(r, ck_yaml_item(r, seq, i), i, &spec->compositions[i]);
  }
  return st;
}

static ck_status read_window(ck_yaml_reader *r, const yaml_node_t *map, ck_nmr_window *w) {
  ck_status st = ck_yaml_check_keys(r, map, "spectrum", window_keys);
  const yaml_node_t *from = ck_yaml_lookup(r, map, "from"), *to = ck_yaml_lookup(r, map, "to");
  if (st == CK_OK && (from == NULL) != (to == NULL)) {
    return ck_yaml_fail(r, map, CK_ERR_INPUT,
                        "spectrum: give both \"from\" and \"to\", or neither");
  }
  if (st == CK_OK) {
    st = ck_yaml_opt_quantity(r, map, "spectrum", "from", CK_QTY_CHEMICAL_SHIFT, CK_YAML_ANY,
                              &w->from_ppm);
  }
  if (st == CK_OK) {
    st = ck_yaml_opt_quantity(r, map, "spectrum", "to", CK_QTY_CHEMICAL_SHIFT, CK_YAML_ANY,
                              &w->to_ppm);
  }
  if (st == CK_OK && from != NULL && !(w->to_ppm > w->from_ppm)) {
    return ck_yaml_fail(r, map, CK_ERR_INPUT, "spectrum: \"to\" must be above \"from\"");
  }
  if (st == CK_OK) {
    st = ck_yaml_opt_quantity(r, map, "spectrum", "step", CK_QTY_FREQUENCY, CK_YAML_POSITIVE,
                              &w->step_hz);
  }
  return st;
}

static ck_status read_spec(ck_yaml_reader *r, const yaml_node_t *root, ck_nmr_spec *spec) {
  yaml_node_t *node = NULL;
  ck_status st = ck_yaml_check_keys(r, root, "the NMR spec", top_keys);
  if (st == CK_OK) {
    st = ck_yaml_require(r, root, "spectrometer", "the NMR spec", &node);
  }
  if (st == CK_OK) {
    st = ck_yaml_read_quantity(r, node, CK_QTY_FREQUENCY, CK_YAML_POSITIVE, "spectrometer",
                               &spec->params.spectrometer_mhz);
    spec->params.spectrometer_mhz *= 1e-6; /* Hz -> MHz */
  }
  if (st == CK_OK) {
    st = ck_yaml_require(r, root, "linewidth", "the NMR spec", &node);
  }
  if (st == CK_OK) {
    st = ck_yaml_read_quantity(r, node, CK_QTY_FREQUENCY, CK_YAML_POSITIVE, "linewidth",
                               &spec->params.fwhm_hz);
  }
  if (st == CK_OK && (node = ck_yaml_lookup(r, root, "deuteride")) != NULL) {
    st = ck_yaml_read_bool(r, node, "deuteride", &spec->params.deuteride);
  }
  if (st == CK_OK && (node = ck_yaml_lookup(r, root, "j109-per-j107")) != NULL) {
    st = ck_yaml_read_quantity(r, node, CK_QTY_DIMENSIONLESS, CK_YAML_POSITIVE, "j109-per-j107",
                               &spec->params.j109_per_j107);
  }
  if (st == CK_OK && (node = ck_yaml_lookup(r, root, "spectrum")) != NULL) {
    st = read_window(r, node, &spec->window);
  }
  if (st == CK_OK) {
    st = ck_yaml_require(r, root, "compositions", "the NMR spec", &node);
  }
  return st == CK_OK ? read_compositions(r, node, spec) : st;
}

ck_nmr_spec *ck_nmr_spec_parse(ck_ctx *ctx, const char *text, size_t length, const char *source) {
  if (text == NULL) {
    ck_error_set(ctx, CK_ERR_ARG, "ck_nmr_spec_parse: NULL text");
    return NULL;
  }
  const char *src = source != NULL ? source : "<string>";
  yaml_document_t doc;
  if (ck_yaml_document_load(ctx, text, length, src, "NMR spec file", &doc) != CK_OK) {
    return NULL;
  }
  ck_yaml_reader r = {ctx, &doc, src, NULL, {0}};
  ck_nmr_spec *spec = ck_calloc(ctx, 1, sizeof *spec);
  ck_status st = spec != NULL ? CK_OK : CK_ERR_NOMEM;
  if (st == CK_OK) {
    st = read_spec(&r, yaml_document_get_root_node(&doc), spec);
  }
  yaml_document_delete(&doc);
  if (st != CK_OK) {
    ck_nmr_spec_free(spec);
    ck_error_locate(ctx, src, 0); /* keeps a line already attached */
    return NULL;
  }
  return spec;
}

ck_nmr_spec *ck_nmr_spec_load(ck_ctx *ctx, const char *path) {
  if (path == NULL) {
    ck_error_set(ctx, CK_ERR_ARG, "ck_nmr_spec_load: NULL path");
    return NULL;
  }
  char *text = NULL;
  size_t length = 0;
  if (ck_read_file(ctx, path, "NMR spec file", CK_ERR_INPUT, 0, &text, &length) != CK_OK) {
    return NULL;
  }
  ck_nmr_spec *spec = ck_nmr_spec_parse(ctx, text, length, path);
  free(text);
  return spec;
}

void ck_nmr_spec_free(ck_nmr_spec *spec) {
  if (spec == NULL) {
    return;
  }
  for (int i = 0; i < spec->n_compositions; i++) {
    free((char *)spec->compositions[i].label);
  }
  free(spec->compositions);
  free(spec);
}
