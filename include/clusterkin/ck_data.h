/* SPDX-License-Identifier: MIT */
/* Measured channel time series: the channel CSV read back (MODEL.md section 8, "Channel CSV").
 *
 * The same format clusterkin simulate writes and clusterkin fit reads:
 * header `time_s` then any subset of the model's channels in any order, each
 * labelled as clusterkin labels them ("[Ag25Au0]1-", "[Ag50Au0]2-"), and
 * optional `sd:<label>` columns holding that channel's standard deviation.
 * Time is experimental time (after the dead time): >= 0 and strictly
 * increasing. Every cell must be a finite number. CRLF line ends, a missing
 * final newline and blank lines at the end are accepted; errors name the
 * file, the line, and the column (its 1-based number and header).
 *
 * A ck_channel_data owns all its arrays and strings; ck_channel_data_free
 * releases it. It refers to nothing else: the model may be freed first. */
#ifndef CK_DATA_H
#define CK_DATA_H

#include <stddef.h>

#include "ck_error.h"
#include "ck_export.h"
#include "ck_model.h"
#include "ck_observe.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Guards against absurd input (CK_ERR_LIMIT beyond them). */
#define CK_DATA_MAX_BYTES ((size_t)1 << 30) /* 1 GiB file */
#define CK_DATA_MAX_COLUMNS 100000
#define CK_DATA_MAX_ROWS 10000000

/* What a channel label says: "[Ag24Au1]1-" is composition {24, 1},
 * 1 subunit, charge -1. */
typedef struct ck_channel_id {
  int composition[CK_MAX_METALS]; /* atoms of each exchange metal, model order */
  int n_subunits;                 /* 1: monomer channel (N atoms), 2: dimer channel (2N),
                                     3: trimer channel (3N, models with trimers) */
  int charge;                     /* signed, in e: n_subunits x the monomer charge */
} ck_channel_id;

typedef struct ck_channel_data {
  char *source; /* the path read, or the name given to ck_channel_data_parse */
  size_t n_times;
  double *time_s; /* experimental time of each row */
  size_t n_channels;
  char **labels;     /* header of each channel column, in file order */
  ck_channel_id *id; /* each label parsed */
  size_t *column;    /* 1-based CSV column of each channel (time_s is column 1) */
  double *value;     /* value[k * n_channels + c]: channel c at time_s[k] */
  double **sd;       /* sd[c]: n_times standard deviations (> 0) of channel c, or NULL */
} ck_channel_data;

/* Parses a label in exactly the form clusterkin writes: "[", every exchange
 * metal of the model in model order, each followed by its count in decimal
 * without leading zeros, "]", then |charge| and its sign ("1-", "2-"; nothing
 * for charge 0). The counts must add up to N (monomer) or 2N (dimer), or 3N
 * (trimer) when the model has trimers, and the charge must be that of such a
 * species of the model. CK_ERR_INPUT
 * with a message quoting the label otherwise (no location: callers add it). */
CK_API ck_status ck_channel_label_parse(ck_ctx *ctx, const ck_model *model, const char *label,
                                        ck_channel_id *out);

/* Reads a channel CSV file whose labels belong to model. NULL on failure with
 * file and line on ctx; a file that cannot be opened is CK_ERR_INPUT (it was
 * named as input), one beyond the limits CK_ERR_LIMIT. */
CK_API ck_channel_data *ck_channel_data_load(ck_ctx *ctx, const char *path, const ck_model *model);
/* The same from memory; source names it in messages and in ->source. */
CK_API ck_channel_data *ck_channel_data_parse(ck_ctx *ctx, const char *text, size_t length,
                                              const char *source, const ck_model *model);
CK_API void ck_channel_data_free(ck_channel_data *data);

/* Model channel index of each data channel: channel_of[c] (data->n_channels
 * entries, caller-allocated) is the ck_channels index whose label equals
 * data->labels[c]. CK_ERR_INPUT naming the first column whose channel the
 * model does not have (file, line 1). */
CK_API ck_status ck_channel_data_match(ck_ctx *ctx, const ck_channel_data *data,
                                       const ck_channels *ch, size_t *channel_of);

#ifdef __cplusplus
}
#endif
#endif /* CK_DATA_H */
