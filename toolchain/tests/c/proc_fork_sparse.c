/* processes: a forked child sees exactly its parent's memory when most of it
 * was never touched: written pages hold the parent's bytes, untouched ones
 * read zero, also in a child that follows one which scribbled over all of
 * its memory; writes after the fork stay on their side. */
#include "wali_test.h"
#include <sys/mman.h>

#define SIZE (24 << 20)
#define PAGE 4096
#define STRIDE 1000 /* every 1000th page written: holes wider than a huge page */

static unsigned char expected(size_t page) {
  return (unsigned char)(page * 31 + 5) | 1;
}

/* 0 when the memory holds the parent's pattern and zeros elsewhere. */
static int check(const unsigned char *m) {
  for (size_t off = 0; off < SIZE; off += 512) {
    size_t page = off / PAGE;
    unsigned char want = page % STRIDE == 0 ? expected(page) : 0;
    if (m[off] != want) {
      return 1;
    }
  }
  return 0;
}

static int fork_and_check(unsigned char *m, int scribble) {
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    int bad = check(m);
    if (scribble) {
      memset(m, 0xAB, SIZE);
    }
    _exit(bad ? 1 : 0);
  }
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFEXITED(st));
  return WEXITSTATUS(st);
}

int main(void) {
  /* mmap, not calloc: a libc may clear what calloc returns, touching every page. */
  unsigned char *m = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(m != MAP_FAILED);
  for (size_t page = 0; page < SIZE / PAGE; page += STRIDE) {
    memset(m + page * PAGE, expected(page), PAGE);
  }
  /* No read of the whole memory here: untouched pages stay untouched in the parent. */
  CHECK_EQ(fork_and_check(m, 1), 0);
  printf("the child saw the written pages and zeros elsewhere\n");
  for (int i = 0; i < 3; i++) {
    CHECK_EQ(fork_and_check(m, 1), 0);
  }
  printf("so did children after one that scribbled over its memory\n");
  CHECK_EQ(check(m), 0);
  printf("the children's writes stayed theirs\n");
  CHECK_SYS(munmap(m, SIZE));
  printf("PASS\n");
  return 0;
}
