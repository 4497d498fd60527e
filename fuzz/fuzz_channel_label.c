/* SPDX-License-Identifier: MIT */
/* Fuzz target: channel labels (ck_channel_label_parse) in every grammar a
 * model can give them (MODEL.md section 8 and README "Channel CSV"): the
 * binary labels of the built-in Ag25/Au25 model ("[Ag24Au1]1-"), ternary
 * ones, isotope-labelled metals with their separating spaces
 * ("[107Ag3 109Ag1]1-") and trimer channels ("[Ag5Au7]3-"). Each input is
 * tried against every model; a label a model accepts must be exactly one of
 * the labels that model's channels write (so it parses back unambiguously). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { N_MODELS = 4 };

typedef struct label_model {
  const ck_model *model;
  ck_network *network; /* kept with its channels for the process's life */
  ck_channels *channels;
  int n_metals, n_atoms; /* exchange metals, atoms per monomer */
} label_model;

#define CK_FUZZ_RATES                                                                       \
  "  rates: {dimerization: 1e-2 /nM/s, dissociation: 5.6e-2 /s, exchange: 3.2e-2 /s}\n"   \
  "simulate: {dead-time: 20 s, end: 600 s, step: 60 s}\n"
#define CK_FUZZ_TOY(name, a, b) /* two 4-atom clusters */                                   \
  "name: " name "\nclusters:\n"                                                             \
  "  A: {formula: \"[" a "4(C2H5S)3]-\", concentration: 40 nM}\n"                          \
  "  B: {formula: \"[" b "4(C2H5S)3]-\", concentration: 40 nM}\n"

/* The models after sim3 (4-atom toys, small networks). */
static const char *const small_models[N_MODELS - 1] = {
    CK_FUZZ_TOY("ternary", "Ag", "Au") "  C: {formula: \"[Cu4(C2H5S)3]-\", concentration: 40 nM}\n"
    "mechanism:\n  exchange: [Ag, Au, Cu]\n" CK_FUZZ_RATES,
    CK_FUZZ_TOY("isotopes", "107Ag", "109Ag") "mechanism:\n  exchange: [107Ag, 109Ag]\n" CK_FUZZ_RATES,
    CK_FUZZ_TOY("trimers", "Ag", "Au") "mechanism:\n  exchange: [Ag, Au]\n"
    "  trimers: {formation: 1e-3 /nM/s, dissociation: 0.1 /s}\n" CK_FUZZ_RATES,
};

static void fail_setup(ck_ctx *ctx, int i) {
  fprintf(stderr, "fuzz: built-in label model %d: %s\n", i, ck_ctx_errtext(ctx));
  abort();
}

static const label_model *models(void) {
  static label_model m[N_MODELS];
  if (m[0].model != NULL) {
    return m;
  }
  ck_ctx *ctx = ck_ctx_create();
  for (int i = 0; i < N_MODELS; i++) {
    const char *text = i == 0 ? NULL : small_models[i - 1];
    m[i].model = i == 0 ? ck_fuzz_sim3_model()
                        : ck_model_parse(ctx, text, strlen(text), "fuzz-labels.yaml");
    m[i].network = m[i].model != NULL ? ck_network_generate(ctx, m[i].model) : NULL;
    m[i].channels = m[i].network != NULL ? ck_channels_create(ctx, m[i].network) : NULL;
    if (m[i].channels == NULL) {
      fail_setup(ctx, i);
    }
    m[i].n_metals = i == 1 ? 3 : 2;
    m[i].n_atoms = i == 0 ? 25 : 4;
  }
  ck_ctx_free(ctx);
  return m;
}

static int is_written_label(const label_model *m, const char *label) {
  for (size_t c = 0; c < ck_channels_count(m->channels); c++) {
    if (strcmp(ck_channels_label(m->channels, c), label) == 0) {
      return 1;
    }
  }
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const label_model *m = models();
  char *label = ck_fuzz_cstring(data, size);
  if (label == NULL) {
    return 0;
  }
  ck_ctx *ctx = ck_ctx_create();
  for (int i = 0; i < N_MODELS; i++) {
    ck_channel_id id;
    if (ck_channel_label_parse(ctx, m[i].model, label, &id) == CK_OK) {
      /* Accepted labels are exactly the written form: one of the model's
       * channels, counts adding up to N per subunit. */
      int sum = 0;
      for (int k = 0; k < m[i].n_metals; k++) {
        sum += id.composition[k];
      }
      if (id.n_subunits < 1 || id.n_subunits > 3 || sum != m[i].n_atoms * id.n_subunits ||
          !is_written_label(&m[i], label)) {
        abort();
      }
    } else if (ck_ctx_errmsg(ctx)[0] == '\0') {
      abort();
    }
  }
  ck_ctx_free(ctx);
  free(label);
  return 0;
}
