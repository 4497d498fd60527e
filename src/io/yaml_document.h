/* SPDX-License-Identifier: MIT */
/* Loading the single YAML document of an input file (model file, NMR spec),
 * with libyaml's syntax errors located at their line. */
#ifndef CK_YAML_DOCUMENT_H
#define CK_YAML_DOCUMENT_H

#include <stddef.h>
#include <yaml.h>

#include "core/core_impl.h"

/* Loads text[0..length) into doc; what names the file in messages ("NMR spec
 * file"), source is its path. On success the caller deletes doc (yaml_document_delete);
 * an empty stream or a second document is refused. */
CK_INTERNAL ck_status ck_yaml_document_load(ck_ctx *ctx, const char *text, size_t length,
                                            const char *source, const char *what,
                                            yaml_document_t *doc);

#endif /* CK_YAML_DOCUMENT_H */
