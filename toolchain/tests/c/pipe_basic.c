/* pipes: data flows in order, reads return what is available, EOF after the
 * last writer closes. */
#include "wali_test.h"

int main(void) {
  int p[2];
  CHECK_SYS(pipe(p));
  CHECK(p[0] >= 0 && p[1] >= 0 && p[0] != p[1]);
  CHECK_EQ(fcntl(p[0], F_GETFL) & O_ACCMODE, O_RDONLY);
  CHECK_EQ(fcntl(p[1], F_GETFL) & O_ACCMODE, O_WRONLY);

  CHECK_EQ(write(p[1], "hello ", 6), 6);
  CHECK_EQ(write(p[1], "pipe", 4), 4);
  char buf[64] = {0};
  /* A read returns what is there, up to the requested size. */
  CHECK_EQ(read(p[0], buf, 3), 3);
  CHECK_EQ(read(p[0], buf + 3, sizeof buf - 4), 7);
  printf("got: %s\n", buf);

  /* Wrong direction. */
  CHECK_ERRNO(write(p[0], "x", 1), EBADF);
  CHECK_ERRNO(read(p[1], buf, 1), EBADF);

  /* A duplicated write end keeps the pipe open until both are closed. */
  int w2 = dup(p[1]);
  CHECK(w2 >= 0);
  CHECK_SYS(close(p[1]));
  CHECK_EQ(write(w2, "!", 1), 1);
  CHECK_EQ(read(p[0], buf, sizeof buf), 1);
  CHECK_SYS(close(w2));
  CHECK_EQ(read(p[0], buf, sizeof buf), 0);
  CHECK_EQ(read(p[0], buf, sizeof buf), 0);
  CHECK_SYS(close(p[0]));

  /* Data written before the writer closes is still delivered before EOF. */
  CHECK_SYS(pipe(p));
  char big[3000];
  wt_pattern(big, sizeof big, 3);
  wt_write_all(p[1], big, sizeof big);
  CHECK_SYS(close(p[1]));
  char back[4000];
  CHECK_EQ(wt_read_full(p[0], back, sizeof back), sizeof big);
  CHECK(memcmp(big, back, sizeof big) == 0);
  CHECK_SYS(close(p[0]));
  printf("checksum: %08x\n", wt_fnv1a(back, sizeof big));

  /* Many pipes at once stay independent. */
  int ps[16][2];
  for (int i = 0; i < 16; i++) {
    CHECK_SYS(pipe(ps[i]));
    char c = (char)('a' + i);
    CHECK_EQ(write(ps[i][1], &c, 1), 1);
  }
  char word[17] = {0};
  for (int i = 15; i >= 0; i--) {
    CHECK_EQ(read(ps[i][0], &word[i], 1), 1);
    CHECK_SYS(close(ps[i][0]));
    CHECK_SYS(close(ps[i][1]));
  }
  printf("letters: %s\n", word);
  printf("PASS\n");
  return 0;
}
