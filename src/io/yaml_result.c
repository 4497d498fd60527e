/* SPDX-License-Identifier: MIT */
/* result.json read back (src/fit/result_read.h). JSON as clusterkin writes it (double-quoted keys,
 * flow collections, no tabs) is also YAML, so libyaml, already here for
 * model files, reads it: no second parser. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "fit/result_read.h"
#include "io/read_file.h"

typedef struct reader {
  ck_ctx *ctx;
  yaml_document_t *doc;
  const char *path;
} reader;

static ck_status bad(const reader *r, const char *what) {
  ck_error_set(r->ctx, CK_ERR_INPUT, "not a clusterkin fit result: %s", what);
  ck_error_locate(r->ctx, r->path, 0);
  return CK_ERR_INPUT;
}

static yaml_node_t *member(const reader *r, yaml_node_t *map, const char *key) {
  if (map == NULL || map->type != YAML_MAPPING_NODE) {
    return NULL;
  }
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
    yaml_node_t *k = yaml_document_get_node(r->doc, p->key);
    if (k != NULL && k->type == YAML_SCALAR_NODE &&
        strcmp((char *)k->data.scalar.value, key) == 0) {
      return yaml_document_get_node(r->doc, p->value);
    }
  }
  return NULL;
}

static const char *scalar(const yaml_node_t *n) {
  return n != NULL && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static ck_status text_of(const reader *r, yaml_node_t *map, const char *key, char **out) {
  const char *s = scalar(member(r, map, key));
  if (s == NULL) {
    char what[96];
    snprintf(what, sizeof what, "no \"%s\"", key);
    return bad(r, what);
  }
  if ((*out = strdup(s)) == NULL) {
    return ck_error_set(r->ctx, CK_ERR_NOMEM, "out of memory");
  }
  return CK_OK;
}

/* A number, or NaN for null. */
static ck_status number_of(const reader *r, yaml_node_t *node, const char *key, double *out) {
  const char *s = scalar(node);
  char *end = NULL, what[96];
  if (s != NULL && strcmp(s, "null") == 0) {
    *out = NAN;
    return CK_OK;
  }
  if (s != NULL) {
    *out = strtod(s, &end);
  }
  if (s == NULL || end == s || *end != '\0') {
    snprintf(what, sizeof what, "\"%s\" is not a number", key);
    return bad(r, what);
  }
  return CK_OK;
}

static ck_status read_root(const reader *r, yaml_node_t *root, fit_record *out) {
  ck_status st = text_of(r, root, "model", &out->model);
  if (st == CK_OK) {
    st = text_of(r, root, "mechanism", &out->mechanism);
  }
  if (st == CK_OK) {
    st = text_of(r, root, "objective_kind", &out->objective_kind);
  }
  double v;
  if (st == CK_OK &&
      (st = number_of(r, member(r, root, "n_residuals"), "n_residuals", &v)) == CK_OK) {
    out->n_residuals = (size_t)v;
  }
  if (st == CK_OK &&
      (st = number_of(r, member(r, root, "free_parameters"), "free_parameters", &v)) == CK_OK) {
    out->free_parameters = (int)v;
  }
  if (st == CK_OK) {
    st = number_of(r, member(r, root, "rss"), "rss", &out->rss);
  }
  const char *known = scalar(member(r, root, "known_noise"));
  out->known_noise = known != NULL && strcmp(known, "true") == 0;
  yaml_node_t *params = member(r, root, "parameters"), *intervals = member(r, root, "intervals");
  if (st == CK_OK && (params == NULL || params->type != YAML_MAPPING_NODE || intervals == NULL ||
                      intervals->type != YAML_MAPPING_NODE)) {
    st = bad(r, "no \"parameters\" or \"intervals\" object");
  }
  for (yaml_node_pair_t *p = st == CK_OK ? params->data.mapping.pairs.start : NULL;
       st == CK_OK && p < params->data.mapping.pairs.top; p++) {
    if (out->n_params == FIT_RECORD_MAX_PARAMS) {
      return bad(r, "more than 3 parameters");
    }
    const char *name = scalar(yaml_document_get_node(r->doc, p->key));
    out->param_name[out->n_params] = strdup(name != NULL ? name : "");
    st = number_of(r, yaml_document_get_node(r->doc, p->value), "parameters",
                   &out->param_value[out->n_params]);
    out->n_params++;
  }
  for (yaml_node_pair_t *p = st == CK_OK ? intervals->data.mapping.pairs.start : NULL;
       st == CK_OK && p < intervals->data.mapping.pairs.top && out->n_free < FIT_RECORD_MAX_PARAMS;
       p++) {
    const char *name = scalar(yaml_document_get_node(r->doc, p->key));
    out->free_name[out->n_free++] = strdup(name != NULL ? name : "");
  }
  yaml_node_t *datasets = member(r, root, "datasets");
  if (st == CK_OK && (datasets == NULL || datasets->type != YAML_SEQUENCE_NODE)) {
    st = bad(r, "no \"datasets\" list");
  }
  if (st != CK_OK) {
    return st;
  }
  int n = (int)(datasets->data.sequence.items.top - datasets->data.sequence.items.start);
  out->data = ck_calloc(r->ctx, (size_t)n + 1, sizeof(char *));
  out->dead_time_s = ck_calloc(r->ctx, (size_t)n + 1, sizeof(double));
  out->dimer_factor = ck_calloc(r->ctx, (size_t)n + 1, sizeof(double));
  if (out->data == NULL || out->dead_time_s == NULL || out->dimer_factor == NULL) {
    return CK_ERR_NOMEM;
  }
  for (int d = 0; st == CK_OK && d < n; d++) {
    yaml_node_t *item = yaml_document_get_node(r->doc, datasets->data.sequence.items.start[d]);
    out->n_datasets = d + 1;
    st = text_of(r, item, "data", &out->data[d]);
    if (st == CK_OK) {
      st = number_of(r, member(r, item, "dead_time_s"), "dead_time_s", &out->dead_time_s[d]);
    }
    if (st == CK_OK) {
      st = number_of(r, member(r, item, "dimer_factor"), "dimer_factor", &out->dimer_factor[d]);
    }
  }
  return st;
}

ck_status fit_record_read(ck_ctx *ctx, const char *path, fit_record *out) {
  memset(out, 0, sizeof *out);
  char *text;
  size_t length;
  ck_status st = ck_read_file(ctx, path, "fit result", CK_ERR_INPUT, 64u << 20, &text, &length);
  if (st != CK_OK) {
    return st;
  }
  yaml_parser_t parser;
  yaml_document_t doc;
  reader r = {ctx, &doc, path};
  if (!yaml_parser_initialize(&parser)) {
    free(text);
    return ck_error_set(ctx, CK_ERR_NOMEM, "out of memory");
  }
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, length);
  if (!yaml_parser_load(&parser, &doc)) {
    st = bad(&r, "cannot parse it as JSON");
  } else {
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    st = root != NULL ? read_root(&r, root, out) : bad(&r, "empty file");
    yaml_document_delete(&doc);
  }
  yaml_parser_delete(&parser);
  free(text);
  if (st != CK_OK) {
    fit_record_free(out);
  }
  return st;
}

void fit_record_free(fit_record *r) {
  free(r->model), free(r->mechanism), free(r->objective_kind);
  for (int i = 0; i < FIT_RECORD_MAX_PARAMS; i++) {
    free(r->param_name[i]), free(r->free_name[i]);
  }
  for (int d = 0; r->data != NULL && d < r->n_datasets; d++) {
    free(r->data[d]);
  }
  free(r->data), free(r->dead_time_s), free(r->dimer_factor);
  memset(r, 0, sizeof *r);
}
