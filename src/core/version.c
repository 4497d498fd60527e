/* SPDX-License-Identifier: MIT */
/* The library's version string (CK_VERSION comes from CMakeLists.txt). */
#include "clusterkin/ck_version.h"

const char *ck_version(void) {
  return CK_VERSION;
}
