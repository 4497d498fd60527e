/* SPDX-License-Identifier: MIT */
/* One PLplot session per figure: device, temporary file, error traps, page set-up, atomic rename.
 *
 * PLplot keeps its state in process-wide globals, so sessions are serialised
 * by a mutex. Two PLplot habits clash with library rules and are contained
 * here:
 * - plexit() prints and calls exit() after its handler returns; the only way
 *   back is not to return, so the exit handler longjmps to ck_plot_run.
 *   This is the one longjmp in clusterkin: nothing but PLplot calls lie
 *   between setjmp and longjmp (kinds allocate before the session starts),
 *   so no memory of ours is lost. PLplot's own state is then suspect, and
 *   every later session in the process fails cleanly (`broken`).
 * - plabort() prints unless an error buffer is installed with plsError, so
 *   one is; its message becomes the CK_ERR_IO text.
 * Inputs that would make PLplot prompt on standard input (an unknown device,
 * a file it cannot open) never reach it: the device is one of three fixed
 * names and the file already exists (mkstemp) when PLplot opens it. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plot/module/plot_impl.h"

static pthread_mutex_t session_lock = PTHREAD_MUTEX_INITIALIZER;
static jmp_buf escape;
static char fatal_msg[256];
static char abort_msg[1024]; /* plsError buffer: PLplot sprintf's into it (short messages) */
static PLINT abort_code;
static int broken;

static int on_plexit(PLCHAR_VECTOR msg) {
  snprintf(fatal_msg, sizeof fatal_msg, "%s", msg != NULL ? msg : "");
  longjmp(escape, 1);
}

static void on_plabort(PLCHAR_VECTOR msg) {
  (void)msg; /* recorded in abort_msg by plabort itself (plsError) */
}

static const char *const devices[] = {"pngcairo", "svgcairo", "pdfcairo"};

/* Strips PLplot's decoration ("\n*** ... ***\n", "\n") for a one-line message. */
static const char *one_line(char *msg) {
  char *p = msg;
  while (*p == '\n' || *p == ' ') {
    p++;
  }
  char *nl = strchr(p, '\n');
  if (nl != NULL) {
    *nl = '\0';
  }
  return p;
}

static void setup_page(const plot_page *page, ck_plot_format format, const char *tmp) {
  plsexit(on_plexit);
  plsabort(on_plabort);
  abort_code = 0;
  abort_msg[0] = '\0';
  plsError(&abort_code, abort_msg);
  plsdev(devices[format]);
  plsfnam(tmp);
  plspage(0.0, 0.0, page->width_px, page->height_px, 0, 0);
  plspause(0);
  ck_plot_palette();
  plinit();
  plsError(&abort_code, abort_msg);
  pladv(0);
  plschr(0.0, page->font_scale);
  ck_plot_style_scale(page->font_scale);
}

/* 1 if PLplot has the device. Asked before plsdev: PLplot answers an unknown
 * device by printing a menu and reading the choice from standard input. The
 * answer is kept (PLplot rebuilds its driver table on every call). */
static int has_device(const char *name) {
  static int known[3] = {-1, -1, -1};
  static const char *names[3];
  enum { MAX_DEVICES = 128 };
  int slot = 0;
  while (slot < 3 && names[slot] != NULL && strcmp(names[slot], name) != 0) {
    slot++;
  }
  if (slot < 3 && names[slot] != NULL) {
    return known[slot];
  }
  const char *menu[MAX_DEVICES], *dev[MAX_DEVICES];
  const char **menu_p = menu, **dev_p = dev;
  int n = MAX_DEVICES, found = 0;
  plgDevs(&menu_p, &dev_p, &n);
  for (int i = 0; i < n && i < MAX_DEVICES; i++) {
    found |= dev[i] != NULL && strcmp(dev[i], name) == 0;
  }
  if (slot < 3) {
    names[slot] = name, known[slot] = found;
  }
  return found;
}

/* The part between setjmp and a possible longjmp: PLplot calls and the
 * caller's drawing only. -1: PLplot gave up (exit handler), 1: an aborted
 * operation, 2: no such device. */
static int draw_session(const plot_page *page, ck_plot_format format, const char *tmp,
                        plot_draw_fn draw, void *arg) {
  if (setjmp(escape) != 0) {
    return -1;
  }
  plsexit(on_plexit);
  if (!has_device(devices[format])) {
    return 2;
  }
  setup_page(page, format, tmp);
  draw(page, arg);
  plend1();
  return abort_code != 0 ? 1 : 0;
}

static ck_status publish(ck_ctx *ctx, const char *tmp, const char *path) {
  struct stat st;
  if (stat(tmp, &st) != 0 || st.st_size == 0) {
    unlink(tmp);
    CK_FAIL(ctx, CK_ERR_IO, "PLplot wrote nothing to %s", path);
  }
  chmod(tmp, stat(path, &st) == 0 ? (st.st_mode & 07777) : 0644);
  if (rename(tmp, path) != 0) {
    int e = errno;
    unlink(tmp);
    CK_FAIL(ctx, CK_ERR_IO, "cannot write %s: %s", path, strerror(e));
  }
  return CK_OK;
}

static double font_scale(int w, int h) {
  double s = (double)h / CK_PLOT_DEFAULT_HEIGHT_PX;
  double sw = (double)w / CK_PLOT_DEFAULT_WIDTH_PX;
  s = sw < s ? sw : s;
  return s < 0.3 ? 0.3 : s;
}

static ck_status run_locked(ck_ctx *ctx, const ck_plot_options *opt, const char *default_title,
                            plot_draw_fn draw, void *arg) {
  ck_plot_format format;
  if (ck_plot_format_from_path(ctx, opt->path, &format) != CK_OK) {
    return ck_ctx_status(ctx);
  }
  if (broken) {
    CK_FAIL(ctx, CK_ERR_IO, "plots unavailable after an earlier PLplot failure: %s", fatal_msg);
  }
  char title[PLOT_TEXT_MAX];
  if (opt->title != NULL) {
    ck_plot_escape(title, sizeof title, opt->title);
  } else {
    snprintf(title, sizeof title, "%s", default_title); /* already in PLplot's notation */
  }
  plot_page page = {opt->width_px > 0 ? opt->width_px : CK_PLOT_DEFAULT_WIDTH_PX,
                    opt->height_px > 0 ? opt->height_px : CK_PLOT_DEFAULT_HEIGHT_PX, 1.0, title};
  page.font_scale = font_scale(page.width_px, page.height_px);
  char tmp[CK_PATH_MAX];
  if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", opt->path) >= sizeof tmp) {
    CK_FAIL(ctx, CK_ERR_INPUT, "plot file name too long");
  }
  int fd = mkstemp(tmp);
  if (fd < 0) {
    CK_FAIL(ctx, CK_ERR_IO, "cannot create %s: %s", opt->path, strerror(errno));
  }
  close(fd);
  int rc = draw_session(&page, format, tmp, draw, arg);
  if (rc == 2) {
    unlink(tmp);
    CK_FAIL(ctx, CK_ERR_IO, "PLplot has no %s device (Debian package plplot-driver-cairo)",
            devices[format]);
  }
  if (rc != 0) {
    unlink(tmp);
    broken |= rc < 0;
    CK_FAIL(ctx, CK_ERR_IO, "PLplot failed on %s: %s", opt->path,
            one_line(rc < 0 ? fatal_msg : abort_msg));
  }
  if (format == CK_PLOT_PDF && ck_plot_pdf_blank_date(ctx, tmp) != CK_OK) {
    unlink(tmp);
    return ck_ctx_status(ctx);
  }
  return publish(ctx, tmp, opt->path);
}

ck_status ck_plot_run(ck_ctx *ctx, const ck_plot_options *opt, const char *default_title,
                      plot_draw_fn draw, void *arg) {
  pthread_mutex_lock(&session_lock);
  ck_status st = run_locked(ctx, opt, default_title, draw, arg);
  pthread_mutex_unlock(&session_lock);
  return st;
}
