/* SPDX-License-Identifier: MIT */
/* Fuzz target: text/CSV spectra (ck_spectrum.h) through the CSV reader
 * behind ck_spectrum_series_load, on an in-memory file. */
#include "fuzz_common.h" /* first: it defines _GNU_SOURCE */
#include "spectra/spectrum_readers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return ck_fuzz_spectra(data, size, ck_spectrum_csv_load);
}
