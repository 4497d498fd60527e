/* SPDX-License-Identifier: MIT */
/* Error reporting, exit codes and model loading shared by the commands. */
#include <stdarg.h>
#include <string.h>

#include "cli.h"

void cli_report(ck_ctx *ctx, const char *file) {
  if (ck_ctx_errfile(ctx) == NULL && file != NULL) {
    fprintf(stderr, "clusterkin: %s: %s\n", file, ck_ctx_errmsg(ctx));
  } else {
    fprintf(stderr, "clusterkin: %s\n", ck_ctx_errtext(ctx));
  }
}

int cli_usage_error(const char *command, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "clusterkin %s: ", command);
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, " (see 'clusterkin %s --help')\n", command);
  va_end(ap);
  return EXIT_USAGE;
}

int cli_is_help(const char *arg) {
  return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int cli_help_asked(int argc, char **argv, const char *help) {
  for (int i = 1; i < argc; i++) {
    if (cli_is_help(argv[i])) {
      fputs(help, stdout);
      return 1;
    }
  }
  return 0;
}

ck_ctx *cli_ctx_create(void) {
  ck_ctx *ctx = ck_ctx_create();
  if (ctx == NULL) {
    fprintf(stderr, "clusterkin: out of memory\n");
  }
  return ctx;
}

int cli_exit_for(ck_status status) {
  switch (status) {
    case CK_ERR_INPUT:
    case CK_ERR_ARG:
    case CK_ERR_UNSUPPORTED:
    case CK_ERR_LIMIT:
      return EXIT_USAGE;
    default:
      return EXIT_RUNTIME;
  }
}

int cli_fail(ck_ctx *ctx, const char *file) {
  cli_report(ctx, file);
  return cli_exit_for(ck_ctx_status(ctx));
}

int cli_start(int argc, char **argv, const char *help, cli_parse_fn parse, void *args,
              ck_ctx **ctx) {
  *ctx = NULL;
  if (cli_help_asked(argc, argv, help)) {
    return EXIT_OK;
  }
  int rc = parse(argc, argv, args);
  if (rc != 0) {
    return rc;
  }
  *ctx = cli_ctx_create();
  return *ctx == NULL ? EXIT_RUNTIME : EXIT_OK;
}

int cli_take_positional(const char *command, const char *arg, const char **slot,
                        const char *what) {
  if (arg[0] == '-' && arg[1] != '\0') { /* a lone "-" is taken as a name */
    return cli_usage_error(command, "unknown option '%s'", arg);
  }
  if (*slot != NULL) {
    return cli_usage_error(command, "more than one %s", what);
  }
  *slot = arg;
  return 0;
}

int cli_take_model(const char *command, const char *arg, const char **model) {
  return cli_take_positional(command, arg, model, "model file");
}

int cli_require(const char *command, const char *value, const char *what) {
  return value != NULL ? 0 : cli_usage_error(command, "no %s given", what);
}

int cli_load(ck_ctx *ctx, const char *path, ck_model **model, ck_network **net) {
  return cli_load_limited(ctx, path, NULL, model, net);
}

int cli_load_limited(ck_ctx *ctx, const char *path, const char *memory_limit, ck_model **model,
                     ck_network **net) {
  *net = NULL;
  cli_prefault_heap(CLI_PREFAULT_MODEL_BYTES);
  *model = ck_model_load(ctx, path);
  if (*model == NULL) {
    cli_report(ctx, path);
    /* An unreadable model file is bad input too; only memory is a runtime failure. */
    return ck_ctx_status(ctx) == CK_ERR_NOMEM ? EXIT_RUNTIME : EXIT_USAGE;
  }
  if (memory_limit != NULL &&
      ck_units_parse_bytes(ctx, memory_limit, &(*model)->memory_limit_bytes) != CK_OK) {
    fprintf(stderr, "clusterkin: --memory-limit: %s\n", ck_ctx_errmsg(ctx));
    ck_model_free(*model);
    *model = NULL;
    return EXIT_USAGE;
  }
  cli_prefault_for_model(ctx, *model);
  *net = ck_network_generate(ctx, *model);
  if (*net == NULL) {
    cli_report(ctx, path);
    ck_model_free(*model);
    *model = NULL;
    return cli_exit_for(ck_ctx_status(ctx));
  }
  return 0;
}

int cli_apply_limits(ck_ctx *ctx, ck_model *model, const char *output_limit,
                     const char *time_limit) {
  if (output_limit != NULL &&
      ck_units_parse_bytes(ctx, output_limit, &model->output_limit_bytes) != CK_OK) {
    fprintf(stderr, "clusterkin: --output-limit: %s\n", ck_ctx_errmsg(ctx));
    return EXIT_USAGE;
  }
  double t_s = 0.0;
  if (time_limit != NULL && ck_units_parse(ctx, time_limit, CK_QTY_TIME, &t_s) != CK_OK) {
    fprintf(stderr, "clusterkin: --time-limit: %s\n", ck_ctx_errmsg(ctx));
    return EXIT_USAGE;
  }
  if (time_limit != NULL && !(t_s > 0.0)) {
    fprintf(stderr, "clusterkin: --time-limit: must be > 0 s, not \"%s\"\n", time_limit);
    return EXIT_USAGE;
  }
  if (time_limit != NULL) {
    model->time_limit_s = t_s;
  }
  return 0;
}
