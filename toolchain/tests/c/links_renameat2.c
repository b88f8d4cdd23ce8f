/* links: renameat2 flags RENAME_NOREPLACE and RENAME_EXCHANGE. musl 1.2.3 has
 * no wrapper, so this uses syscall(SYS_renameat2, ...). */
#include "wali_test.h"
#include <sys/syscall.h>

#define WT_RENAME_NOREPLACE 1
#define WT_RENAME_EXCHANGE 2

static long rename2(const char *from, const char *to, unsigned flags) {
  return syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
}

static void put(const char *name, const char *text) {
  int fd = open(wt_path(name), O_CREAT | O_WRONLY | O_TRUNC, 0600);
  CHECK(fd >= 0);
  wt_write_all(fd, text, strlen(text));
  CHECK_SYS(close(fd));
}

static const char *get(const char *name) {
  static char buf[64];
  memset(buf, 0, sizeof buf);
  int fd = open(wt_path(name), O_RDONLY);
  CHECK(fd >= 0);
  CHECK(read(fd, buf, sizeof buf - 1) >= 0);
  CHECK_SYS(close(fd));
  return buf;
}

int main(void) {
  put("a", "apple");
  put("b", "banana");

  /* NOREPLACE refuses an existing target and leaves both files alone. */
  CHECK_ERRNO(rename2(wt_path("a"), wt_path("b"), WT_RENAME_NOREPLACE), EEXIST);
  CHECK_STR(get("a"), "apple");
  CHECK_SYS(rename2(wt_path("a"), wt_path("c"), WT_RENAME_NOREPLACE));
  CHECK_ERRNO(access(wt_path("a"), F_OK), ENOENT);
  printf("c: %s\n", get("c"));

  /* EXCHANGE swaps two names atomically, even a file with a directory. */
  CHECK_SYS(rename2(wt_path("b"), wt_path("c"), WT_RENAME_EXCHANGE));
  printf("after exchange: b=%s", get("b"));
  printf(" c=%s\n", get("c"));
  CHECK_SYS(mkdir(wt_path("d"), 0700));
  CHECK_SYS(rename2(wt_path("b"), wt_path("d"), WT_RENAME_EXCHANGE));
  struct stat st;
  CHECK_SYS(stat(wt_path("b"), &st));
  CHECK(S_ISDIR(st.st_mode));
  CHECK_STR(get("d"), "apple");
  CHECK_ERRNO(rename2(wt_path("c"), wt_path("missing"), WT_RENAME_EXCHANGE), ENOENT);

  /* Flags 0 behaves like renameat; both flags together are invalid. */
  CHECK_SYS(rename2(wt_path("c"), wt_path("e"), 0));
  CHECK_ERRNO(rename2(wt_path("e"), wt_path("d"), WT_RENAME_NOREPLACE | WT_RENAME_EXCHANGE),
              EINVAL);
  printf("PASS\n");
  return 0;
}
