/*
 * wali_test.h: the shared harness of the WALI C test corpus.
 *
 * Every program includes this header first (it selects _GNU_SOURCE before any
 * system header). The same source must build natively with gcc against glibc and
 * for WALI with wali-cc against our wasm32 musl 1.2.3, and both builds must print
 * the same stdout and exit with the same status, so:
 *   - assertions print file, line and the failed expression to stderr and exit 1;
 *   - stdout only ever carries deterministic facts (never pids, addresses, times,
 *     sizes of C types, strerror() texts or anything libc-specific);
 *   - errno values are printed by name (wt_errname), not through strerror.
 */
#ifndef WALI_TEST_H
#define WALI_TEST_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- errno names ------------------------------------------------------- */

static inline const char *wt_errname(int e) {
  switch (e) {
    case 0: return "0";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case ENXIO: return "ENXIO";
    case E2BIG: return "E2BIG";
    case ENOEXEC: return "ENOEXEC";
    case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case EXDEV: return "EXDEV";
    case ENODEV: return "ENODEV";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case ENFILE: return "ENFILE";
    case EMFILE: return "EMFILE";
    case ENOTTY: return "ENOTTY";
    case EFBIG: return "EFBIG";
    case ENOSPC: return "ENOSPC";
    case ESPIPE: return "ESPIPE";
    case EROFS: return "EROFS";
    case EMLINK: return "EMLINK";
    case EPIPE: return "EPIPE";
    case EDOM: return "EDOM";
    case ERANGE: return "ERANGE";
    case EDEADLK: return "EDEADLK";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOSYS: return "ENOSYS";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ELOOP: return "ELOOP";
    case ENOTSOCK: return "ENOTSOCK";
    case EDESTADDRREQ: return "EDESTADDRREQ";
    case EMSGSIZE: return "EMSGSIZE";
    case EPROTOTYPE: return "EPROTOTYPE";
    case ENOPROTOOPT: return "ENOPROTOOPT";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EADDRINUSE: return "EADDRINUSE";
    case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
    case ENETUNREACH: return "ENETUNREACH";
    case ECONNRESET: return "ECONNRESET";
    case EISCONN: return "EISCONN";
    case ENOTCONN: return "ENOTCONN";
    case ETIMEDOUT: return "ETIMEDOUT";
    case ECONNREFUSED: return "ECONNREFUSED";
    case EALREADY: return "EALREADY";
    case EINPROGRESS: return "EINPROGRESS";
    default: return "E?";
  }
}

/* ---- assertions -------------------------------------------------------- */

#define WT_FAIL(...)                                              \
  do {                                                            \
    fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);               \
    fprintf(stderr, __VA_ARGS__);                                 \
    fputc('\n', stderr);                                          \
    exit(1);                                                      \
  } while (0)

/* CHECK(cond): cond must be true. Shows errno, which is often the reason. */
#define CHECK(cond)                                                          \
  do {                                                                       \
    if (!(cond)) {                                                           \
      int wt_e_ = errno;                                                     \
      WT_FAIL("CHECK failed: %s (errno %s)", #cond, wt_errname(wt_e_));      \
    }                                                                        \
  } while (0)

/* CHECK_EQ(a, b): integer equality; both values are shown on failure. */
#define CHECK_EQ(a, b)                                                       \
  do {                                                                       \
    long long wt_a_ = (long long)(a);                                        \
    long long wt_b_ = (long long)(b);                                        \
    if (wt_a_ != wt_b_) {                                                    \
      int wt_e_ = errno;                                                     \
      WT_FAIL("CHECK_EQ failed: %s == %s (%lld != %lld, errno %s)", #a, #b,  \
              wt_a_, wt_b_, wt_errname(wt_e_));                              \
    }                                                                        \
  } while (0)

/* CHECK_SYS(expr): a libc call that reports failure as -1 (or MAP_FAILED-like
 * sentinels via CHECK) must succeed. Evaluates to nothing; use for calls whose
 * result is not needed, or assign first and CHECK_SYS(var). */
#define CHECK_SYS(expr)                                                      \
  do {                                                                       \
    errno = 0;                                                               \
    if ((long long)(expr) == -1LL) {                                         \
      int wt_e_ = errno;                                                     \
      WT_FAIL("CHECK_SYS failed: %s (errno %s)", #expr, wt_errname(wt_e_));  \
    }                                                                        \
  } while (0)

/* CHECK_ERRNO(expr, err): expr must fail with -1 and set errno to err. */
#define CHECK_ERRNO(expr, err)                                               \
  do {                                                                       \
    errno = 0;                                                               \
    long long wt_r_ = (long long)(expr);                                     \
    int wt_e_ = errno;                                                       \
    if (wt_r_ != -1LL || wt_e_ != (err)) {                                   \
      WT_FAIL("CHECK_ERRNO failed: %s (result %lld, errno %s, expected %s)", \
              #expr, wt_r_, wt_errname(wt_e_), wt_errname(err));             \
    }                                                                        \
  } while (0)

/* CHECK_STR(a, b): C strings must be equal. */
#define CHECK_STR(a, b)                                                      \
  do {                                                                       \
    const char *wt_a_ = (a);                                                 \
    const char *wt_b_ = (b);                                                 \
    if (wt_a_ == NULL || wt_b_ == NULL || strcmp(wt_a_, wt_b_) != 0) {       \
      WT_FAIL("CHECK_STR failed: %s == %s (\"%s\" != \"%s\")", #a, #b,       \
              wt_a_ ? wt_a_ : "(null)", wt_b_ ? wt_b_ : "(null)");           \
    }                                                                        \
  } while (0)

/* ---- scratch directory ------------------------------------------------- */

static char wt_dir_path[512];
static pid_t wt_dir_owner;

static inline void wt_remove_tree(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0) {
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    chmod(path, 0700); /* a test may have left it unreadable */
    DIR *d = opendir(path);
    if (d != NULL) {
      struct dirent *e;
      while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
          continue;
        }
        char child[1024];
        int n = snprintf(child, sizeof child, "%s/%s", path, e->d_name);
        if (n > 0 && (size_t)n < sizeof child) {
          wt_remove_tree(child);
        }
      }
      closedir(d);
    }
    rmdir(path);
  } else {
    unlink(path);
  }
}

static inline void wt_cleanup(void) {
  /* Only the process that created the directory removes it: a forked child
   * that fails a CHECK must not delete its parent's files. */
  if (wt_dir_path[0] != '\0' && getpid() == wt_dir_owner) {
    wt_remove_tree(wt_dir_path);
    wt_dir_path[0] = '\0';
  }
}

/* Creates a fresh private directory under $TMPDIR (or /tmp), removed at exit. */
static inline const char *wt_tmpdir(void) {
  if (wt_dir_path[0] != '\0') {
    return wt_dir_path;
  }
  const char *base = getenv("TMPDIR");
  if (base == NULL || base[0] == '\0') {
    base = "/tmp";
  }
  int n = snprintf(wt_dir_path, sizeof wt_dir_path, "%s/wali-test-XXXXXX", base);
  if (n < 0 || (size_t)n >= sizeof wt_dir_path || mkdtemp(wt_dir_path) == NULL) {
    int e = errno;
    wt_dir_path[0] = '\0';
    WT_FAIL("mkdtemp under %s failed (errno %s)", base, wt_errname(e));
  }
  wt_dir_owner = getpid();
  atexit(wt_cleanup);
  return wt_dir_path;
}

/* Path of `name` inside the scratch directory, in fresh heap memory (never
 * freed: programs are short-lived, and no call can clobber an earlier result). */
static inline const char *wt_path(const char *name) {
  size_t len = strlen(wt_tmpdir()) + strlen(name) + 2;
  char *p = (char *)malloc(len);
  CHECK(p != NULL);
  int n = snprintf(p, len, "%s/%s", wt_tmpdir(), name);
  CHECK_EQ(n, (long long)len - 1);
  return p;
}

/* ---- I/O and process helpers ------------------------------------------- */

/* Writes all of buf (bounded number of short writes). */
static inline void wt_write_all(int fd, const void *buf, size_t len) {
  const char *p = (const char *)buf;
  for (int i = 0; len > 0 && i < 100000; i++) {
    ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    CHECK(n > 0);
    p += n;
    len -= (size_t)n;
  }
  CHECK_EQ(len, 0);
}

/* Reads exactly len bytes unless EOF comes first; returns the count read. */
static inline size_t wt_read_full(int fd, void *buf, size_t len) {
  char *p = (char *)buf;
  size_t got = 0;
  for (int i = 0; got < len && i < 100000; i++) {
    ssize_t n = read(fd, p + got, len - got);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    CHECK(n >= 0);
    if (n == 0) {
      break;
    }
    got += (size_t)n;
  }
  return got;
}

/* fork() after flushing stdio, so buffered output is not printed twice. The
 * scratch directory is created first so parent and child share one. */
static inline pid_t wt_fork(void) {
  wt_tmpdir();
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  CHECK(pid >= 0);
  return pid;
}

/* Waits for pid and returns its exit status; fails if it did not exit normally. */
static inline int wt_wait_exit(pid_t pid) {
  int status = 0;
  pid_t r;
  do {
    r = waitpid(pid, &status, 0);
  } while (r < 0 && errno == EINTR);
  CHECK_EQ(r, pid);
  if (!WIFEXITED(status)) {
    WT_FAIL("child did not exit normally (status 0x%x)", status);
  }
  return WEXITSTATUS(status);
}

/* Monotonic clock in nanoseconds. */
static inline long long wt_now_ns(void) {
  struct timespec ts;
  CHECK_SYS(clock_gettime(CLOCK_MONOTONIC, &ts));
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Sleeps for ms milliseconds (restarting after signals). */
static inline void wt_sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0) {
    CHECK_EQ(errno, EINTR);
  }
}

/* Fills buf with a deterministic byte pattern derived from seed. */
static inline void wt_pattern(void *buf, size_t len, unsigned seed) {
  unsigned char *p = (unsigned char *)buf;
  unsigned x = seed * 2654435761u + 1u;
  for (size_t i = 0; i < len; i++) {
    x = x * 1103515245u + 12345u;
    p[i] = (unsigned char)(x >> 16);
  }
}

/* A short checksum for printing transferred data deterministically. */
static inline unsigned wt_fnv1a(const void *buf, size_t len) {
  const unsigned char *p = (const unsigned char *)buf;
  unsigned h = 2166136261u;
  for (size_t i = 0; i < len; i++) {
    h = (h ^ p[i]) * 16777619u;
  }
  return h;
}

#endif /* WALI_TEST_H */
