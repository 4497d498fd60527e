/* SPDX-License-Identifier: MIT */
/* Small CSV tables for `clusterkin plot`: a header row, then cells kept as text. */
#ifndef CK_CLI_PLOT_TABLE_H
#define CK_CLI_PLOT_TABLE_H

#include <stddef.h>

typedef struct cli_table {
  const char *path;
  size_t n_rows, n_cols;
  char **name; /* header cells */
  char **cell; /* cell[r * n_cols + c], row r of the data (file line r + 2) */
  char *text;  /* the file, cut in place */
} cli_table;

/* Reads path; on failure prints "clusterkin plot: PATH[:LINE]: reason" and
 * returns nonzero. Rows must have as many cells as the header. */
int cli_table_load(const char *path, cli_table *t);
void cli_table_free(cli_table *t);
/* Column index of name, or -1 after printing "no column NAME" (what: e.g. "--x"). */
int cli_table_column(const cli_table *t, const char *name, const char *what);
/* Cell as a number (an empty cell is NaN); prints the location and returns
 * nonzero if it is not one. */
int cli_table_number(const cli_table *t, size_t row, size_t col, double *out);
/* A whole column as numbers into a new array (NULL after printing an error). */
double *cli_table_numbers(const cli_table *t, size_t col);

#endif /* CK_CLI_PLOT_TABLE_H */
