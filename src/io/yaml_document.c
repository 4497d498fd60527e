/* SPDX-License-Identifier: MIT */
/* One YAML document from text, for every YAML reader (model file, NMR spec). */
#include "io/yaml_document.h"

#include "io/yaml_impl.h"

/* libyaml's own account of a syntax error, at its line. */
static ck_status syntax_error(ck_ctx *ctx, const yaml_parser_t *parser, const char *text,
                              size_t length, const char *source) {
  if (parser->error == YAML_MEMORY_ERROR) {
    return ck_error_set(ctx, CK_ERR_NOMEM, "out of memory reading YAML");
  }
  int line = (int)parser->problem_mark.line + 1;
  if (parser->error == YAML_READER_ERROR) { /* encoding errors carry a byte offset */
    line = 1;
    for (size_t i = 0; i < parser->problem_offset && i < length; i++) {
      line += text[i] == '\n';
    }
  }
  const char *problem = parser->problem != NULL ? parser->problem : "unknown problem";
  if (parser->context != NULL) {
    ck_error_set(ctx, CK_ERR_INPUT, "invalid YAML: %s (%s starting on line %d)", problem,
                 parser->context, (int)parser->context_mark.line + 1);
  } else {
    ck_error_set(ctx, CK_ERR_INPUT, "invalid YAML: %s", problem);
  }
  ck_error_locate(ctx, source, line);
  return CK_ERR_INPUT;
}

/* Refuses a second document rather than ignoring it. */
static ck_status expect_end(ck_ctx *ctx, yaml_parser_t *parser, const char *text, size_t length,
                            const char *source, const char *what) {
  yaml_document_t extra;
  if (!yaml_parser_load(parser, &extra)) {
    return syntax_error(ctx, parser, text, length, source);
  }
  const yaml_node_t *second = yaml_document_get_root_node(&extra);
  ck_status st = CK_OK;
  if (second != NULL) {
    st = ck_error_set(ctx, CK_ERR_INPUT, "more than one YAML document in the %s", what);
    ck_error_locate(ctx, source, ck_yaml_line(second));
  }
  yaml_document_delete(&extra);
  return st;
}

ck_status ck_yaml_document_load(ck_ctx *ctx, const char *text, size_t length, const char *source,
                                const char *what, yaml_document_t *doc) {
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) {
    CK_FAIL(ctx, CK_ERR_NOMEM, "out of memory starting the YAML parser");
  }
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, length);
  ck_status st = CK_OK;
  if (!yaml_parser_load(&parser, doc)) {
    st = syntax_error(ctx, &parser, text, length, source); /* libyaml freed doc */
    yaml_parser_delete(&parser);
    return st;
  }
  if (yaml_document_get_root_node(doc) == NULL) {
    st = ck_error_set(ctx, CK_ERR_INPUT, "empty %s: no YAML document", what);
    ck_error_locate(ctx, source, 0);
  } else {
    st = expect_end(ctx, &parser, text, length, source, what);
  }
  if (st != CK_OK) {
    yaml_document_delete(doc);
  }
  yaml_parser_delete(&parser);
  return st;
}
