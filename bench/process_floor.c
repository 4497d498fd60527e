/* SPDX-License-Identifier: MIT */
/* The least a `clusterkin simulate` process must do besides parsing,
 * generating, integrating and formatting: start with libm loaded, read the
 * model file, and write the two output files all-or-nothing (a temporary
 * file beside each, written from a 128 kB buffer, renamed over the old file,
 * which is then removed), as src/io/output.c does. bench/process-time.sh
 * times it beside /bin/true and `clusterkin simulate`: what simulate takes
 * beyond this floor is its own code, run in a fresh process. It makes
 * output.c's system calls itself rather than calling ck_output: a floor
 * holds none of clusterkin's code (linking the library's output code pulled
 * in its solver libraries as well), and its buffer is mapped in one call as
 * cli/heap_prefault.c maps simulate's heap.
 *
 * usage: ck_process_floor MODEL SERIES SERIES_BYTES TMAX TMAX_BYTES */
#define _GNU_SOURCE 1 /* renameat2 */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

enum { BUFFER_BYTES = 128 << 10 }; /* src/io/output.c's stdio buffer */

static int write_all_or_nothing(const char *path, size_t bytes, const char *buffer) {
  char tmp[4096];
  if (snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path) >= (int)sizeof tmp) {
    return -1;
  }
  int fd = mkstemp(tmp);
  if (fd < 0) {
    return -1;
  }
  for (size_t done = 0; done < bytes;) {
    size_t n = bytes - done < BUFFER_BYTES ? bytes - done : BUFFER_BYTES;
    if (write(fd, buffer, n) != (ssize_t)n) {
      close(fd), unlink(tmp);
      return -1;
    }
    done += n;
  }
  struct stat old;
  int exists = stat(path, &old) == 0 && S_ISREG(old.st_mode);
  fchmod(fd, exists ? old.st_mode & 07777 : 0644);
  if (close(fd) != 0) {
    unlink(tmp);
    return -1;
  }
  if (exists && renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_EXCHANGE) == 0) {
    return unlink(tmp);
  }
  return rename(tmp, path);
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: ck_process_floor MODEL SERIES SERIES_BYTES TMAX TMAX_BYTES\n");
    return 2;
  }
  char model[65536];
  int fd = open(argv[1], O_RDONLY);
  ssize_t model_bytes = fd >= 0 ? read(fd, model, sizeof model) : -1;
  if (fd < 0 || model_bytes < 0 || close(fd) != 0) {
    perror(argv[1]);
    return 1;
  }
  /* The output buffer is mapped at once, as cli/heap_prefault.c maps the heap. */
  char *buffer = mmap(NULL, BUFFER_BYTES, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (buffer == MAP_FAILED) {
    perror("mmap");
    return 1;
  }
  /* A digit from libm, so that the library is loaded and called as simulate's is. */
  memset(buffer, '0' + (int)fmod(pow(2.0, (double)model_bytes), 10.0), BUFFER_BYTES);
  if (write_all_or_nothing(argv[2], strtoull(argv[3], NULL, 10), buffer) != 0 ||
      write_all_or_nothing(argv[4], strtoull(argv[5], NULL, 10), buffer) != 0) {
    perror("output");
    return 1;
  }
  return 0;
}
