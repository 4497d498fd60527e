/* SPDX-License-Identifier: MIT */
/* The plot module's interface: one table of drawing functions (see plot_loader.c).
 *
 * The functions behind the public ck_plot_* calls live in the module
 * libclusterkin_plot.so (src/plot/module/, the only code that includes
 * PLplot). The module exports one symbol, a function returning this table;
 * the loader checks the options, opens the module on first use and calls
 * through the table. The static library links the module's code directly. */
#ifndef CK_PLOT_MODULE_H
#define CK_PLOT_MODULE_H

#include "clusterkin/ck_plot.h"

#define CK_PLOT_MODULE_FILE "libclusterkin_plot.so"
#define CK_PLOT_MODULE_SYMBOL "ck_plot_module_table"
#define CK_PLOT_MODULE_VERSION 1 /* bumped when the table changes */

typedef struct ck_plot_module {
  int version;
  ck_status (*contour)(ck_ctx *, const ck_plot_options *, const ck_plot_channels *);
  ck_status (*contour_compare)(ck_ctx *, const ck_plot_options *, const ck_plot_channels *,
                               const ck_plot_channels *);
  ck_status (*contour_diff)(ck_ctx *, const ck_plot_options *, const ck_plot_channels *,
                            const ck_plot_channels *);
  ck_status (*traces)(ck_ctx *, const ck_plot_options *, const ck_plot_channels *,
                      const ck_plot_channels *, const char *const *, size_t);
  ck_status (*tmax)(ck_ctx *, const ck_plot_options *, size_t, const double *, const double *);
  ck_status (*lines)(ck_ctx *, const ck_plot_options *, const ck_plot_xy *);
  ck_status (*bars)(ck_ctx *, const ck_plot_options *, const ck_plot_xy *);
  ck_status (*spectrum)(ck_ctx *, const ck_plot_options *, size_t, const double *, const double *,
                        const double *);
  ck_status (*grid)(ck_ctx *, const ck_plot_options *, size_t, size_t, const char *const *,
                    const double *, const double *);
  ck_status (*profiles)(ck_ctx *, const ck_plot_options *, size_t, const char *const *,
                        const double *, const double *);
} ck_plot_module;

/* The table (src/plot/module/module_table.c): exported from the module,
 * called directly in the static library. */
__attribute__((visibility("default"))) const ck_plot_module *ck_plot_module_table(void);
typedef const ck_plot_module *(*ck_plot_module_fn)(void);

#endif /* CK_PLOT_MODULE_H */
