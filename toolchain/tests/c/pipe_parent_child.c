/* pipes/processes: a 1 MiB stream from a forked child, and a request/response
 * conversation over two pipes. */
#include "wali_test.h"
#include <ctype.h>

#define SIZE (1 << 20)

int main(void) {
  int p[2];
  CHECK_SYS(pipe(p));
  pid_t pid = wt_fork();
  if (pid == 0) {
    close(p[0]);
    static char chunk[8192];
    for (int i = 0; i < SIZE / (int)sizeof chunk; i++) {
      wt_pattern(chunk, sizeof chunk, (unsigned)i);
      wt_write_all(p[1], chunk, sizeof chunk);
    }
    _exit(0);
  }
  CHECK_SYS(close(p[1]));
  static char all[SIZE];
  CHECK_EQ(wt_read_full(p[0], all, SIZE), SIZE);
  char extra;
  CHECK_EQ(read(p[0], &extra, 1), 0);
  CHECK_SYS(close(p[0]));
  CHECK_EQ(wt_wait_exit(pid), 0);
  static char chunk[8192];
  for (int i = 0; i < SIZE / (int)sizeof chunk; i++) {
    wt_pattern(chunk, sizeof chunk, (unsigned)i);
    CHECK(memcmp(chunk, all + (size_t)i * sizeof chunk, sizeof chunk) == 0);
  }
  printf("streamed %d bytes, fnv %08x\n", SIZE, wt_fnv1a(all, SIZE));

  /* Two pipes: the child upper-cases each line it receives. */
  int to_child[2], from_child[2];
  CHECK_SYS(pipe(to_child));
  CHECK_SYS(pipe(from_child));
  pid = wt_fork();
  if (pid == 0) {
    close(to_child[1]);
    close(from_child[0]);
    char buf[256];
    ssize_t n;
    while ((n = read(to_child[0], buf, sizeof buf)) > 0) {
      for (ssize_t i = 0; i < n; i++) {
        buf[i] = (char)toupper((unsigned char)buf[i]);
      }
      wt_write_all(from_child[1], buf, (size_t)n);
    }
    _exit(n == 0 ? 7 : 1);
  }
  CHECK_SYS(close(to_child[0]));
  CHECK_SYS(close(from_child[1]));
  const char *words[] = {"alpha", "beta", "gamma", "delta"};
  for (int i = 0; i < 4; i++) {
    size_t len = strlen(words[i]);
    wt_write_all(to_child[1], words[i], len);
    char reply[32] = {0};
    CHECK_EQ(wt_read_full(from_child[0], reply, len), len);
    printf("%s -> %s\n", words[i], reply);
  }
  CHECK_SYS(close(to_child[1]));
  char rest;
  CHECK_EQ(read(from_child[0], &rest, 1), 0);
  CHECK_SYS(close(from_child[0]));
  CHECK_EQ(wt_wait_exit(pid), 7);
  printf("PASS\n");
  return 0;
}
