/* SPDX-License-Identifier: MIT */
/* Shared machinery of the YAML readers (model, initial species, fit block).
 *
 * Node access, typed values with units, key checks, and errors located at a
 * node's 1-based line in the model file. Only src/io/yaml_*.c include this
 * header, so they are the only files that see <yaml.h>. The readers walk a
 * libyaml document tree; every function that fails has recorded the message
 * and location on r->ctx already. */
#ifndef CK_YAML_IMPL_H
#define CK_YAML_IMPL_H

#include <stddef.h>
#include <yaml.h>

#include "clusterkin/ck_model.h"
#include "clusterkin/ck_units.h"
#include "core/core_impl.h"

#define CK_YAML_PATH_MAX 160 /* "clusters.Ag25.concentration" and the like */

/* One model file being read: the document, the model filled so far (later
 * sections may refer to what earlier ones defined), and where it came from. */
typedef struct ck_yaml_reader {
  ck_ctx *ctx;
  yaml_document_t *doc;
  const char *source; /* the model file's path, for messages */
  ck_model *model;
  int metal_line[CK_MAX_METALS]; /* where each exchange metal was named */
} ck_yaml_reader;

typedef enum ck_yaml_bound {
  CK_YAML_ANY = 0,
  CK_YAML_NONNEGATIVE, /* >= 0 */
  CK_YAML_POSITIVE     /* > 0 */
} ck_yaml_bound;

/* ---- errors ---- */

/* 1-based line of a node (0 for NULL). */
CK_INTERNAL int ck_yaml_line(const yaml_node_t *node);
/* Records status and message at node's line; returns status. */
CK_INTERNAL ck_status ck_yaml_fail(ck_yaml_reader *r, const yaml_node_t *node, ck_status status,
                                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Prefixes an error another module recorded (units, formula) with what was
 * being read, and attaches the node's line. */
CK_INTERNAL ck_status ck_yaml_locate_inner(ck_yaml_reader *r, const yaml_node_t *node,
                                           ck_status status, const char *what);

/* ---- nodes ---- */

CK_INTERNAL yaml_node_t *ck_yaml_node(const ck_yaml_reader *r, int id);
/* "a mapping", "a sequence", "a single value", "an empty value". */
CK_INTERNAL const char *ck_yaml_kind_name(const yaml_node_t *node);
CK_INTERNAL ck_status ck_yaml_expect_type(ck_yaml_reader *r, const yaml_node_t *node,
                                          yaml_node_type_t type, const char *what);
/* A scalar's text (refused if it hides a NUL). Borrowed from the document. */
CK_INTERNAL ck_status ck_yaml_scalar_text(ck_yaml_reader *r, const yaml_node_t *node,
                                          const char *what, const char **text);
CK_INTERNAL int ck_yaml_scalar_is(const yaml_node_t *node, const char *text);
CK_INTERNAL int ck_yaml_n_pairs(const yaml_node_t *map);
CK_INTERNAL int ck_yaml_n_items(const yaml_node_t *seq);
/* Key and value of a mapping's i-th pair, i-th item of a sequence (in file order). */
CK_INTERNAL yaml_node_t *ck_yaml_pair_key(const ck_yaml_reader *r, const yaml_node_t *map, int i);
CK_INTERNAL yaml_node_t *ck_yaml_pair_value(const ck_yaml_reader *r, const yaml_node_t *map, int i);
CK_INTERNAL yaml_node_t *ck_yaml_item(const ck_yaml_reader *r, const yaml_node_t *seq, int i);

/* ---- keys ---- */

/* names (NULL-terminated) joined with ", " into buf. */
CK_INTERNAL void ck_yaml_join_names(const char *const *names, char *buf, size_t size);
/* Index of the scalar key in names, or -1. */
CK_INTERNAL int ck_yaml_name_index(const char *const *names, const yaml_node_t *key);
/* map is a mapping whose keys are names, unique, and (allowed != NULL) one of allowed. */
CK_INTERNAL ck_status ck_yaml_check_keys(ck_yaml_reader *r, const yaml_node_t *map,
                                         const char *what, const char *const *allowed);
/* map[key] or NULL (also when map is not a mapping). */
CK_INTERNAL yaml_node_t *ck_yaml_lookup(const ck_yaml_reader *r, const yaml_node_t *map,
                                        const char *key);
/* map[key], an error at map's line when missing. */
CK_INTERNAL ck_status ck_yaml_require(ck_yaml_reader *r, const yaml_node_t *map, const char *key,
                                      const char *what, yaml_node_t **value);

/* ---- values ---- */

/* A quantity with an optional unit (ck_units_parse), converted to internal units. */
CK_INTERNAL ck_status ck_yaml_read_quantity(ck_yaml_reader *r, const yaml_node_t *node,
                                            ck_quantity_kind kind, ck_yaml_bound bound,
                                            const char *what, double *out);
/* map[key] as a quantity, if present; *out keeps its default otherwise. */
CK_INTERNAL ck_status ck_yaml_opt_quantity(ck_yaml_reader *r, const yaml_node_t *map,
                                           const char *section, const char *key,
                                           ck_quantity_kind kind, ck_yaml_bound bound, double *out);
/* map[key] as the index of one of names (NULL-terminated), if present. */
CK_INTERNAL ck_status ck_yaml_opt_enum(ck_yaml_reader *r, const yaml_node_t *map,
                                       const char *section, const char *key,
                                       const char *const *names, int *out);
/* A whole number from lo to hi (no unit). */
CK_INTERNAL ck_status ck_yaml_read_whole(ck_yaml_reader *r, const yaml_node_t *node,
                                         const char *what, double lo, double hi, long *out);
/* true/false (also True/TRUE/False/FALSE, as YAML 1.2 writes them). */
CK_INTERNAL ck_status ck_yaml_read_bool(ck_yaml_reader *r, const yaml_node_t *node,
                                        const char *what, int *out);

/* ---- the model's metals ---- */

/* Index of symbol among the model's exchange metals, or -1. */
CK_INTERNAL int ck_yaml_metal_index(const ck_model *m, const char *symbol);
/* "Ag, Au" */
CK_INTERNAL void ck_yaml_metal_list(const ck_model *m, char *buf, size_t size);

/* ---- sections shared by the model and the fit block (yaml_initial.c, yaml_fit.c) ---- */

/* An `initial:` mapping (species label -> concentration) into a new array of
 * *n_out entries; section names it in messages ("initial",
 * "fit.datasets[2].initial"). On failure *out holds the entries read so far
 * (labels included) for the caller to free. Needs the model's clusters. */
CK_INTERNAL ck_status ck_yaml_read_initial(ck_yaml_reader *r, const yaml_node_t *map,
                                           const char *section, ck_initial **out, int *n_out);
/* The `fit:` block into a new r->model->fit. Needs the model's clusters and rates. */
CK_INTERNAL ck_status ck_yaml_read_fit(ck_yaml_reader *r, const yaml_node_t *map);

/* The `sites:` block into a new r->model->sites. Needs the model's metals and nuclearity. */
CK_INTERNAL ck_status ck_yaml_read_sites(ck_yaml_reader *r, const yaml_node_t *map);

/* ---- families (yaml_families.c) ---- */
/* Groups the clusters into families (same nuclearity, charge, fixed atoms)
 * into a new r->model->families and sets each cluster's family. */
CK_INTERNAL ck_status ck_yaml_infer_families(ck_yaml_reader *r);
/* The pairs: sequence into a new r->model->pairs (every pair of families). */
CK_INTERNAL ck_status ck_yaml_read_pairs(ck_yaml_reader *r, const yaml_node_t *seq);
/* mechanism.trimers into r->model->trimers (yaml_trimers.c); after kind. */
CK_INTERNAL ck_status ck_yaml_read_trimers(ck_yaml_reader *r, const yaml_node_t *map);
/* A fit parameter named "<rate>.<A>+<B>" (rate one of rate_names, A and B
 * cluster names standing for their families): *rate and *pair (1 + index
 * into model->pairs). CK_ERR_ARG, nothing reported, when key is not of that
 * form; other failures are reported at key. */
CK_INTERNAL ck_status ck_yaml_pair_rate_name(ck_yaml_reader *r, const yaml_node_t *key,
                                             const char *const *rate_names, int *rate,
                                             int *pair);
/* 1 when the mechanism's rate (0 dimerization, 1 dissociation, 2 exchange)
 * is inherited by some pair that uses it (or the model has no pairs:). */
CK_INTERNAL int ck_yaml_rate_used(const ck_model *m, int rate);
#endif /* CK_YAML_IMPL_H */
