/* SPDX-License-Identifier: MIT */
/* Candidate species for deconvolution and synthesis: labelled formulas, by
 * hand or from a model's channels (MODEL.md sections 2 "Observables" and 7). */
#include <stdlib.h>
#include <string.h>

#include "clusterkin/ck_data.h"
#include "spectra/deconvolve_impl.h"

ck_ms_species *ck_ms_species_create(ck_ctx *ctx) {
  return ck_calloc(ctx, 1, sizeof(ck_ms_species));
}

void ck_ms_species_free(ck_ms_species *set) {
  if (set == NULL) {
    return;
  }
  free(set->label);
  free(set->formula);
  free(set);
}

size_t ck_ms_species_count(const ck_ms_species *set) {
  return set->n;
}

const char *ck_ms_species_label(const ck_ms_species *set, size_t i) {
  return i < set->n ? set->label[i] : NULL;
}

const ck_formula *ck_ms_species_formula(const ck_ms_species *set, size_t i) {
  return i < set->n ? &set->formula[i] : NULL;
}

static ck_status push(ck_ctx *ctx, ck_ms_species *set, const char *label, const ck_formula *f) {
  if (strlen(label) >= CK_MS_LABEL_MAX) {
    CK_FAIL(ctx, CK_ERR_INPUT, "species label '%.40s...' longer than %d characters", label,
            CK_MS_LABEL_MAX - 1);
  }
  if (set->n == set->cap) {
    size_t cap = set->cap > 0 ? 2 * set->cap : 16;
    void *l = realloc(set->label, cap * sizeof *set->label);
    if (l != NULL) {
      set->label = l;
    }
    void *g = realloc(set->formula, cap * sizeof *set->formula);
    if (g != NULL) {
      set->formula = g;
    }
    if (l == NULL || g == NULL) {
      CK_FAIL(ctx, CK_ERR_NOMEM, "out of memory for species");
    }
    set->cap = cap;
  }
  strcpy(set->label[set->n], label);
  set->formula[set->n++] = *f;
  return CK_OK;
}

ck_status ck_ms_species_add(ck_ctx *ctx, ck_ms_species *set, const char *label,
                            const char *formula) {
  ck_formula f;
  ck_status st = ck_formula_parse(ctx, formula, &f);
  if (st != CK_OK) {
    return st;
  }
  return push(ctx, set, label != NULL ? label : formula, &f);
}

/* The formula entry of a model metal: element and mass number, 107 for an
 * isotope-labelled metal "107Ag" (README, "Isotope-labelled metals"), whose
 * isotope patterns then hold that isotope at 100 %. */
static void metal_entry(const char *symbol, int *z, int *mass_number) {
  ck_formula f;
  *z = *mass_number = 0;
  if (ck_formula_parse(NULL, symbol, &f) == CK_OK && f.n_elements == 1) {
    *z = f.element[0], *mass_number = f.mass_number[0]; /* the model loader checked it */
  }
}

/* The cluster's formula without its exchangeable metals: the part every
 * subunit keeps (ligands, fixed atoms). */
static ck_status shell_of(ck_ctx *ctx, const ck_model *model, const ck_cluster *c,
                          ck_formula *shell) {
  ck_status st = ck_formula_parse(ctx, c->formula, shell);
  if (st != CK_OK) {
    ck_error_locate(ctx, model->source, c->line);
    return st;
  }
  for (int x = 0; x < model->n_metals; x++) {
    int z = 0, mass_number = 0, found = 0;
    metal_entry(model->metal[x], &z, &mass_number);
    for (int e = 0; e < shell->n_elements; e++) {
      if (shell->element[e] == z && shell->mass_number[e] == mass_number) {
        shell->count[e] -= c->metal_count[x];
        found = shell->count[e] >= 0;
      }
    }
    if (!found && c->metal_count[x] > 0) {
      CK_FAIL(ctx, CK_ERR_UNSUPPORTED, "cluster %s: formula %s does not hold its %d %s as %s",
              c->name, c->formula, c->metal_count[x], model->metal[x],
              mass_number > 0 ? "that isotope label" : "a natural element");
    }
  }
  int kept = 0; /* drop the emptied metal entries */
  for (int e = 0; e < shell->n_elements; e++) {
    if (shell->count[e] > 0) {
      shell->element[kept] = shell->element[e];
      shell->mass_number[kept] = shell->mass_number[e];
      shell->count[kept++] = shell->count[e];
    }
  }
  shell->n_elements = kept;
  return CK_OK;
}

static int same_shell(const ck_formula *a, const ck_formula *b) {
  if (a->n_elements != b->n_elements) {
    return 0;
  }
  for (int e = 0; e < a->n_elements; e++) {
    if (a->element[e] != b->element[e] || a->mass_number[e] != b->mass_number[e] ||
        a->count[e] != b->count[e]) {
      return 0;
    }
  }
  return 1;
}

/* Channel formula: its metals, then shell[k] for each subunit k. */
static ck_status channel_formula(ck_ctx *ctx, const ck_model *model, const ck_formula *shell[2],
                                 const ck_channel_id *id, ck_formula *f) {
  memset(f, 0, sizeof *f);
  for (int x = 0; x < model->n_metals; x++) {
    if (id->composition[x] > 0) {
      metal_entry(model->metal[x], &f->element[f->n_elements], &f->mass_number[f->n_elements]);
      f->count[f->n_elements++] = id->composition[x];
    }
  }
  for (int k = 0; k < id->n_subunits; k++) {
    for (int e = 0; e < shell[k]->n_elements; e++) {
      int at = 0; /* the two shells of a heterodimer may share elements */
      while (at < f->n_elements && !(f->element[at] == shell[k]->element[e] &&
                                     f->mass_number[at] == shell[k]->mass_number[e])) {
        at++;
      }
      if (at == CK_FORMULA_MAX_ELEMENTS) {
        CK_FAIL(ctx, CK_ERR_LIMIT, "channel formula with more than %d elements",
                CK_FORMULA_MAX_ELEMENTS);
      }
      if (at == f->n_elements) {
        f->element[at] = shell[k]->element[e];
        f->mass_number[at] = shell[k]->mass_number[e];
        f->count[f->n_elements++] = 0;
      }
      f->count[at] += shell[k]->count[e];
    }
  }
  f->charge = id->charge;
  return CK_OK;
}

/* The non-exchanging part of each family (ligands, fixed atoms), which all
 * of its clusters must share: variants of one core with other ligands are
 * one family (yaml_families.c) but not one mass. */
static ck_status family_shells(ck_ctx *ctx, const ck_model *model, ck_formula *shell) {
  int nf = model->n_families > 1 && model->families != NULL ? model->n_families : 1;
  int first[CK_MAX_FAMILIES];
  for (int f = 0; f < nf; f++) {
    first[f] = -1;
  }
  for (int c = 0; c < model->n_clusters; c++) {
    int f = nf > 1 ? model->clusters[c].family : 0;
    ck_formula other;
    ck_status st = shell_of(ctx, model, &model->clusters[c], first[f] < 0 ? &shell[f] : &other);
    if (st != CK_OK) {
      return st;
    }
    if (first[f] < 0) {
      first[f] = c;
    } else if (!same_shell(&shell[f], &other)) {
      const ck_cluster *a = &model->clusters[first[f]], *b = &model->clusters[c];
      CK_FAIL(ctx, CK_ERR_UNSUPPORTED,
              "clusters %s and %s differ in their non-exchanging atoms (%s, %s): channel "
              "formulas are ambiguous",
              a->name, b->name, a->formula, b->formula);
    }
  }
  return CK_OK;
}

static size_t compositions(int atoms, int metals) { /* C(atoms + metals - 1, metals - 1) */
  double n = 1.0;
  for (int k = 1; k < metals; k++) {
    n = n * (atoms + k) / k;
  }
  return (size_t)(n + 0.5);
}

/* The families of channel i's class. Channels come class by class, in
 * ck_channels_create's order: each family's monomers, then each dimerizing
 * pair's dimers (ck_model.pairs order), one channel per composition of the
 * class's atoms. Returns the number of subunits, 0 past the end. */
static int class_of(const ck_model *model, size_t i, int family[2]) {
  int nf = model->n_families > 1 && model->families != NULL ? model->n_families : 1;
  size_t start = 0;
  for (int f = 0; f < nf; f++) {
    int n = nf > 1 ? model->families[f].nuclearity : model->nuclearity;
    start += compositions(n, model->n_metals);
    if (i < start) {
      family[0] = family[1] = f;
      return 1;
    }
  }
  for (int k = 0; k < model->n_pairs; k++) {
    const ck_pair *p = &model->pairs[k];
    if (!p->dimerize) {
      continue;
    }
    start += compositions(
        model->families[p->family[0]].nuclearity + model->families[p->family[1]].nuclearity,
        model->n_metals);
    if (i < start) {
      family[0] = p->family[0], family[1] = p->family[1];
      return 2;
    }
  }
  if (model->n_pairs == 0) { /* one family without pairs: its dimers */
    family[0] = family[1] = 0;
    return 2;
  }
  return 0;
}

ck_ms_species *ck_ms_species_from_model(ck_ctx *ctx, const ck_model *model, const ck_channels *ch) {
  if (model->n_clusters < 1) {
    ck_error_set(ctx, CK_ERR_INPUT, "%s: the model has no clusters", model->source);
    return NULL;
  }
  ck_formula shell[CK_MAX_FAMILIES];
  if (family_shells(ctx, model, shell) != CK_OK) {
    return NULL;
  }
  ck_ms_species *set = ck_ms_species_create(ctx);
  for (size_t i = 0; set != NULL && i < ck_channels_count(ch); i++) {
    const char *label = ck_channels_label(ch, i);
    ck_channel_id id;
    ck_formula f;
    int family[2] = {0, 0};
    ck_status st = ck_channel_label_parse(ctx, model, label, &id);
    if (st == CK_OK && class_of(model, i, family) != id.n_subunits) {
      st =
          ck_error_set(ctx, CK_ERR_ARG, "channel %s: not a channel of this model's network", label);
    }
    const ck_formula *shells[2] = {&shell[family[0]], &shell[family[1]]};
    if (st != CK_OK || channel_formula(ctx, model, shells, &id, &f) != CK_OK ||
        push(ctx, set, label, &f) != CK_OK) {
      ck_ms_species_free(set);
      return NULL;
    }
  }
  return set;
}

ck_ms_species *ck_ms_species_within(ck_ctx *ctx, const ck_ms_species *set, double lo_mz,
                                    double hi_mz) {
  ck_ms_species *sub = ck_ms_species_create(ctx);
  for (size_t j = 0; sub != NULL && j < set->n; j++) {
    double mz = 0.0;
    if (ck_formula_average_mz(ctx, &set->formula[j], NULL, &mz) != CK_OK ||
        (mz >= lo_mz && mz <= hi_mz && push(ctx, sub, set->label[j], &set->formula[j]) != CK_OK)) {
      ck_ms_species_free(sub);
      return NULL;
    }
  }
  return sub;
}
