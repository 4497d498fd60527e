/* SPDX-License-Identifier: MIT */
/* Look-ups in the isotope table and isotope labels ("107Ag", "D"). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "formula/formula_impl.h"

const ck_isotope_entry *ck_isotope_entries(int z, int *n) {
  /* The table is sorted by z: find the first row of z by bisection. */
  int lo = 0, hi = ck_isotope_table_size;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (ck_isotope_table[mid].z < z) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  int end = lo;
  while (end < ck_isotope_table_size && ck_isotope_table[end].z == z) {
    end++;
  }
  *n = end - lo;
  return *n > 0 ? &ck_isotope_table[lo] : NULL;
}

int ck_element_isotope_count(int z) {
  int n = 0;
  ck_isotope_entries(z, &n);
  return n;
}

ck_status ck_element_isotope(int z, int i, int *mass_number, double *mass_da, double *abundance) {
  int n = 0;
  const ck_isotope_entry *e = ck_isotope_entries(z, &n);
  if (i < 0 || i >= n) {
    return CK_ERR_ARG;
  }
  if (mass_number != NULL) {
    *mass_number = e[i].mass_number;
  }
  if (mass_da != NULL) {
    *mass_da = e[i].mass_da;
  }
  if (abundance != NULL) {
    *abundance = e[i].abundance;
  }
  return CK_OK;
}

int ck_isotope_label_read(const char *text, size_t length, int *z, int *mass_number) {
  size_t i = 0;
  long a = 0;
  while (i < length && isdigit((unsigned char)text[i]) && a < 1000) {
    a = a * 10 + (text[i] - '0');
    i++;
  }
  char symbol[3] = {0};
  size_t symbol_length = length - i;
  if (symbol_length < 1 || symbol_length > 2) {
    return 0;
  }
  memcpy(symbol, text + i, symbol_length);
  if (strcmp(symbol, "D") == 0 && i == 0) {
    *z = 1;
    *mass_number = 2;
    return 1;
  }
  *z = ck_element_number(symbol);
  *mass_number = (int)a;
  return *z != 0 && (i == 0 || a > 0);
}

const char *ck_isotope_label_text(int z, int mass_number, char *buf, size_t size) {
  const char *symbol = ck_element_symbol(z);
  if (mass_number > 0) {
    snprintf(buf, size, "%d%s", mass_number, symbol != NULL ? symbol : "?");
  } else {
    snprintf(buf, size, "%s", symbol != NULL ? symbol : "?");
  }
  return buf;
}

const char *ck_isotope_list(int z, char *buf, size_t size) {
  int n = 0;
  const ck_isotope_entry *e = ck_isotope_entries(z, &n);
  const char *symbol = ck_element_symbol(z);
  size_t used = 0;
  buf[0] = '\0';
  for (int i = 0; i < n && used < size; i++) {
    used += (size_t)snprintf(buf + used, size - used, "%s%d%s", i > 0 ? ", " : "", e[i].mass_number,
                             symbol);
  }
  return buf;
}
