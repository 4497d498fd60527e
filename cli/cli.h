/* SPDX-License-Identifier: MIT */
/* Shared pieces of the command-line tool: exit codes, error reporting, argument helpers. */
#ifndef CK_CLI_H
#define CK_CLI_H

#include <stdio.h>

#include "clusterkin/clusterkin.h"

/* Exit status contract (MODEL.md section 8). */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

/* Prints "clusterkin: file:line: message" for the error on ctx; file names
 * the input when the error carries no location of its own (NULL: none). */
void cli_report(ck_ctx *ctx, const char *file);
/* Prints "clusterkin <command>: message" and a hint to --help; returns EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* 1 if arg is -h or --help. */
int cli_is_help(const char *arg);
/* Heap mapped up front (cli/heap_prefault.c): reading a model file takes about this much. */
enum { CLI_PREFAULT_MODEL_BYTES = 256 << 10 };
void cli_prefault_heap(size_t bytes);
void cli_prefault_for_model(ck_ctx *ctx, const ck_model *model);
/* Prints help on standard output and returns 1 if any argument asks for it. */
int cli_help_asked(int argc, char **argv, const char *help);
/* A context, or NULL after printing the out-of-memory message. */
ck_ctx *cli_ctx_create(void);
/* Exit status for a failed library call: bad input -> 2, everything else -> 1. */
int cli_exit_for(ck_status status);
/* Reports the error on ctx as cli_report(ctx, file) does; returns cli_exit_for of its status. */
int cli_fail(ck_ctx *ctx, const char *file);

/* A command's option parser: fills args, returns 0 or the exit status of a usage error. */
typedef int (*cli_parse_fn)(int argc, char **argv, void *args);
/* The start every command shares: help if asked (anywhere), else parse into
 * args, else a context. *ctx is NULL when the command must stop now and
 * return the result (help shown, usage error, out of memory). */
int cli_start(int argc, char **argv, const char *help, cli_parse_fn parse, void *args,
              ck_ctx **ctx);
/* The tail of every option loop: an option not matched before is a usage
 * error; anything else is the one positional argument, stored in *slot, and
 * a second one is "more than one <what>". Returns 0 or EXIT_USAGE. */
int cli_take_positional(const char *command, const char *arg, const char **slot,
                        const char *what);
/* cli_take_positional for the usual MODEL.yaml ("more than one model file"). */
int cli_take_model(const char *command, const char *arg, const char **model);
/* After the loop: "no <what> given" (EXIT_USAGE) when value is NULL, else 0. */
int cli_require(const char *command, const char *value, const char *what);

/* Loads the model and generates its network; prints the error and returns
 * the exit status on failure (0 on success). */
int cli_load(ck_ctx *ctx, const char *path, ck_model **model, ck_network **net);
/* As cli_load, with --memory-limit's text (NULL: the model's limit) applied before generating. */
int cli_load_limited(ck_ctx *ctx, const char *path, const char *memory_limit, ck_model **model,
                     ck_network **net);

/* --output-limit SIZE and --time-limit TIME (NULL: the model's limits:)
 * applied to model; prints the error and returns EXIT_USAGE on a bad value. */
int cli_apply_limits(ck_ctx *ctx, ck_model *model, const char *output_limit,
                     const char *time_limit);

int cmd_network(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_fit(int argc, char **argv);
int cmd_mass(int argc, char **argv);
int cmd_equilibrium(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_fit_equilibrium(int argc, char **argv);
int cmd_nmr_exsy(int argc, char **argv); /* `nmr exsy`, dispatched by cmd_nmr */
int cmd_physics(int argc, char **argv);
int cmd_nmr(int argc, char **argv);
int cmd_isotopes(int argc, char **argv);
int cmd_deconvolve(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_compare(int argc, char **argv);

#endif /* CK_CLI_H */
