/* SPDX-License-Identifier: MIT */
/* The periodic table as symbols: atomic number <-> element symbol. */
#include <string.h>

#include "clusterkin/ck_formula.h"

#define N_ELEMENTS 118

/* Index = atomic number; IUPAC symbols through oganesson (Z = 118). */
static const char *const symbols[N_ELEMENTS + 1] = {
    NULL, "H",  "He", "Li", "Be", "B",  "C",  "N",  "O",  "F",  "Ne", "Na", "Mg", "Al", "Si",
    "P",  "S",  "Cl", "Ar", "K",  "Ca", "Sc", "Ti", "V",  "Cr", "Mn", "Fe", "Co", "Ni", "Cu",
    "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Y",  "Zr", "Nb", "Mo", "Tc", "Ru",
    "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I",  "Xe", "Cs", "Ba", "La", "Ce", "Pr",
    "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W",
    "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac",
    "Th", "Pa", "U",  "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr", "Rf",
    "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og",
};

int ck_element_number(const char *symbol) {
  if (symbol == NULL) {
    return 0;
  }
  for (int z = 1; z <= N_ELEMENTS; z++) {
    if (strcmp(symbols[z], symbol) == 0) {
      return z;
    }
  }
  return 0;
}

const char *ck_element_symbol(int z) {
  return (z >= 1 && z <= N_ELEMENTS) ? symbols[z] : NULL;
}
