/* SPDX-License-Identifier: MIT */
/* One writer per output (issue 8, data safety): an exclusive lock on PATH.lock.
 *
 * flock(2) rather than O_CREAT|O_EXCL: the kernel drops the lock when its
 * holder dies, so a lock file left by a killed run is simply taken over, with
 * no guess about whether a recorded pid is still alive (pids are reused). The
 * file holds the holder's pid only so that the refusal can name it.
 *
 * The holder unlinks the file before closing it, so a clean run leaves none.
 * That opens one race: another process may have opened the old file just
 * before the unlink and then lock a file no longer in the directory. It
 * checks after locking that the path still names the inode it holds, and
 * otherwise starts over. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clusterkin/ck_io.h"
#include "core/core_impl.h"

#define ATTEMPTS 16 /* each retry means another process released the lock just now */

struct ck_lock {
  char *path; /* the lock file, PATH.lock */
  int fd;
};

/* The pid written by the holder, or 0 when it cannot be read (just created). */
static long holder_pid(int fd) {
  char buf[32];
  ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) {
    return 0;
  }
  buf[n] = '\0';
  long pid = strtol(buf, NULL, 10);
  return pid > 0 ? pid : 0;
}

/* 1 when fd is still the file at path (not unlinked by a releasing holder). */
static int still_linked(int fd, const char *path) {
  struct stat held, named;
  return fstat(fd, &held) == 0 && stat(path, &named) == 0 && held.st_dev == named.st_dev &&
         held.st_ino == named.st_ino;
}

static ck_status fail_busy(ck_ctx *ctx, const char *path, int fd) {
  long pid = holder_pid(fd);
  close(fd);
  char who[48] = "";
  if (pid > 0) {
    snprintf(who, sizeof who, " (pid %ld)", pid);
  }
  return ck_error_set(ctx, CK_ERR_IO,
                      "%s is being written by another clusterkin process%s; wait for it to "
                      "finish or choose another output",
                      path, who);
}

ck_lock *ck_lock_acquire(ck_ctx *ctx, const char *path) {
  ck_lock *lock = ck_calloc(ctx, 1, sizeof *lock);
  size_t n = strlen(path) + sizeof ".lock";
  char *lock_path = lock != NULL ? ck_calloc(ctx, n, 1) : NULL;
  if (lock_path == NULL) {
    free(lock);
    return NULL;
  }
  snprintf(lock_path, n, "%s.lock", path);
  ck_status st = CK_OK;
  for (int attempt = 0; attempt < ATTEMPTS && st == CK_OK; attempt++) {
    int fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      st = ck_error_set(ctx, CK_ERR_IO, "cannot create lock file %s: %s", lock_path,
                        strerror(errno));
      break;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      if (errno == EWOULDBLOCK) {
        st = fail_busy(ctx, path, fd);
      } else {
        st = ck_error_set(ctx, CK_ERR_IO, "cannot lock %s: %s", lock_path, strerror(errno));
        close(fd);
      }
      break;
    }
    if (!still_linked(fd, lock_path)) {
      close(fd); /* its holder released and removed it meanwhile: try the new one */
      continue;
    }
    /* Ours, possibly left by a run that died: record our pid over its. */
    char pid[32];
    int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)len, 0) != len) {
      st = ck_error_set(ctx, CK_ERR_IO, "cannot write lock file %s: %s", lock_path,
                        strerror(errno));
      unlink(lock_path);
      close(fd);
      break;
    }
    lock->path = lock_path, lock->fd = fd;
    return lock;
  }
  if (st == CK_OK) {
    ck_error_set(ctx, CK_ERR_IO, "cannot lock %s: it keeps changing hands", lock_path);
  }
  free(lock_path);
  free(lock);
  return NULL;
}

void ck_lock_release(ck_lock *lock) {
  if (lock == NULL) {
    return;
  }
  unlink(lock->path); /* while still held: see the race note above */
  close(lock->fd);
  free(lock->path);
  free(lock);
}
