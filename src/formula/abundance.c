/* SPDX-License-Identifier: MIT */
/* Abundance tables: what an isotope label (or a replaced natural element) stands for. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formula/formula_impl.h"

#define SUM_TOLERANCE 1e-6

typedef struct override {
  int z;
  int mass_number; /* 0: the natural element replaced */
  ck_isotope_mix mix;
} override;

struct ck_abundance_table {
  int n, capacity;
  override *items;
};

ck_abundance_table *ck_abundance_table_create(ck_ctx *ctx) {
  return ck_calloc(ctx, 1, sizeof(ck_abundance_table));
}

void ck_abundance_table_free(ck_abundance_table *table) {
  if (table == NULL) {
    return;
  }
  free(table->items);
  free(table);
}

static const override *find(const ck_abundance_table *table, int z, int mass_number) {
  for (int i = 0; table != NULL && i < table->n; i++) {
    if (table->items[i].z == z && table->items[i].mass_number == mass_number) {
      return &table->items[i];
    }
  }
  return NULL;
}

static ck_status store(ck_ctx *ctx, ck_abundance_table *table, int z, int mass_number,
                       const ck_isotope_mix *mix) {
  override *slot = (override *)find(table, z, mass_number);
  if (slot == NULL) {
    if (table->n == table->capacity) {
      int capacity = table->capacity > 0 ? 2 * table->capacity : 8;
      override *items = realloc(table->items, (size_t)capacity * sizeof *items);
      if (items == NULL) {
        CK_FAIL(ctx, CK_ERR_NOMEM, "out of memory in an abundance table");
      }
      table->items = items;
      table->capacity = capacity;
    }
    slot = &table->items[table->n++];
  }
  slot->z = z;
  slot->mass_number = mass_number;
  slot->mix = *mix;
  return CK_OK;
}

/* Index of isotope mass_number among the n entries e, -1 if absent. */
static int isotope_index(const ck_isotope_entry *e, int n, int mass_number) {
  for (int i = 0; i < n; i++) {
    if (e[i].mass_number == mass_number) {
      return i;
    }
  }
  return -1;
}

static ck_status no_such_isotope(ck_ctx *ctx, int z, int mass_number) {
  char list[128];
  CK_FAIL(ctx, CK_ERR_INPUT, "%d%s is not a stable isotope of %s (the table has %s)", mass_number,
          ck_element_symbol(z), ck_element_symbol(z), ck_isotope_list(z, list, sizeof list));
}

static ck_status no_data(ck_ctx *ctx, int z) {
  CK_FAIL(ctx, CK_ERR_INPUT, "no isotope data for %s (Z = %d): it has no stable isotopes",
          ck_element_symbol(z), z);
}

/* Fills mix from per-isotope abundances over the table entries e[0..n). */
static void mix_from(ck_isotope_mix *mix, int z, const ck_isotope_entry *e, int n,
                     const double *abundance) {
  memset(mix, 0, sizeof *mix);
  mix->z = z;
  for (int i = 0; i < n; i++) {
    if (abundance[i] > 0.0) {
      mix->mass_number[mix->n] = e[i].mass_number;
      mix->mass_da[mix->n] = e[i].mass_da;
      mix->abundance[mix->n] = abundance[i];
      mix->n++;
    }
  }
}

ck_status ck_isotope_mix_resolve(ck_ctx *ctx, const ck_abundance_table *table, int z,
                                 int mass_number, ck_isotope_mix *out) {
  const override *o = find(table, z, mass_number);
  if (o != NULL) {
    *out = o->mix;
    return CK_OK;
  }
  int n = 0;
  const ck_isotope_entry *e = ck_isotope_entries(z, &n);
  if (n == 0) {
    return no_data(ctx, z);
  }
  double abundance[CK_MAX_ISOTOPES] = {0};
  if (mass_number == 0) {
    for (int i = 0; i < n; i++) {
      abundance[i] = e[i].abundance;
    }
  } else {
    int k = isotope_index(e, n, mass_number);
    if (k < 0) {
      return no_such_isotope(ctx, z, mass_number);
    }
    abundance[k] = 1.0;
  }
  mix_from(out, z, e, n, abundance);
  return CK_OK;
}

/* Parses label text into z and mass number, and checks the table knows them. */
static ck_status read_label(ck_ctx *ctx, const char *label, int need_mass_number, int *z,
                            int *mass_number, const ck_isotope_entry **e, int *n) {
  if (label == NULL || !ck_isotope_label_read(label, strlen(label), z, mass_number)) {
    CK_FAIL(ctx, CK_ERR_ARG,
            "isotope label \"%.32s\": write an element (\"Ag\") or an isotope "
            "(\"107Ag\")",
            label != NULL ? label : "(null)");
  }
  if (need_mass_number && *mass_number == 0) {
    CK_FAIL(ctx, CK_ERR_ARG,
            "isotope label \"%.32s\": enrichment needs an isotope such as "
            "\"107Ag\"",
            label);
  }
  *e = ck_isotope_entries(*z, n);
  if (*n == 0) {
    return no_data(ctx, *z);
  }
  if (*mass_number != 0 && isotope_index(*e, *n, *mass_number) < 0) {
    return no_such_isotope(ctx, *z, *mass_number);
  }
  return CK_OK;
}

ck_status ck_abundance_table_set_enrichment(ck_ctx *ctx, ck_abundance_table *table,
                                            const char *label, double fraction) {
  int z = 0, a = 0, n = 0;
  const ck_isotope_entry *e = NULL;
  if (table == NULL) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_abundance_table_set_enrichment: NULL table");
  }
  ck_status st = read_label(ctx, label, 1, &z, &a, &e, &n);
  if (st != CK_OK) {
    return st;
  }
  if (!(fraction >= 0.0 && fraction <= 1.0)) {
    CK_FAIL(ctx, CK_ERR_ARG, "enrichment of %s: fraction %g is not between 0 and 1", label,
            fraction);
  }
  int k = isotope_index(e, n, a);
  double others = 1.0 - e[k].abundance; /* natural share of the other isotopes */
  if (fraction < 1.0 && others <= 0.0) {
    CK_FAIL(ctx, CK_ERR_ARG, "enrichment of %s: %s has no other isotope to make up the rest", label,
            ck_element_symbol(z));
  }
  double abundance[CK_MAX_ISOTOPES] = {0};
  for (int i = 0; i < n; i++) {
    abundance[i] = (i == k) ? fraction : (1.0 - fraction) * e[i].abundance / others;
  }
  ck_isotope_mix mix;
  mix_from(&mix, z, e, n, abundance);
  return store(ctx, table, z, a, &mix);
}

ck_status ck_abundance_table_set(ck_ctx *ctx, ck_abundance_table *table, const char *label, int n,
                                 const int *mass_number, const double *abundance) {
  int z = 0, a = 0, n_table = 0;
  const ck_isotope_entry *e = NULL;
  if (table == NULL || mass_number == NULL || abundance == NULL || n < 1) {
    CK_FAIL(ctx, CK_ERR_ARG, "ck_abundance_table_set: NULL table or no isotopes");
  }
  ck_status st = read_label(ctx, label, 0, &z, &a, &e, &n_table);
  if (st != CK_OK) {
    return st;
  }
  double by_index[CK_MAX_ISOTOPES] = {0};
  int seen[CK_MAX_ISOTOPES] = {0};
  double sum = 0.0;
  for (int i = 0; i < n; i++) {
    int k = isotope_index(e, n_table, mass_number[i]);
    if (k < 0) {
      return no_such_isotope(ctx, z, mass_number[i]);
    }
    if (seen[k]++) {
      CK_FAIL(ctx, CK_ERR_ARG, "abundances of %s: isotope %d%s given twice", label, mass_number[i],
              ck_element_symbol(z));
    }
    if (!(abundance[i] >= 0.0 && isfinite(abundance[i]))) {
      CK_FAIL(ctx, CK_ERR_ARG, "abundances of %s: %d%s has abundance %g", label, mass_number[i],
              ck_element_symbol(z), abundance[i]);
    }
    by_index[k] = abundance[i];
    sum += abundance[i];
  }
  if (fabs(sum - 1.0) > SUM_TOLERANCE) {
    CK_FAIL(ctx, CK_ERR_ARG, "abundances of %s sum to %.9g, not 1", label, sum);
  }
  for (int k = 0; k < n_table; k++) {
    by_index[k] /= sum;
  }
  ck_isotope_mix mix;
  mix_from(&mix, z, e, n_table, by_index);
  return store(ctx, table, z, a, &mix);
}
