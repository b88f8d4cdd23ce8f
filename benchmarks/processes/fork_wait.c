/* fork + _exit + wait4 of a process with 16 MiB of touched memory: the median wall time of one
 * round trip over N rounds (the first rounds warm up, e.g. a JIT). The same source is built
 * natively and for WALI.
 *
 *   fork_wait [N] [MIB]      (defaults 60 rounds, 16 MiB)
 *
 * Output: "fork_wait_<MIB>mib <median ms> <min ms>". */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 60;
  int mib = argc > 2 ? atoi(argv[2]) : 16;
  size_t size = (size_t)mib << 20;
  unsigned char *mem = malloc(size);
  if (mem == NULL || n < 1) {
    return 2;
  }
  for (size_t i = 0; i < size; i++) {
    mem[i] = (unsigned char)(i * 131u + 7u); /* every page touched and non-zero */
  }
  long long *t = malloc(sizeof *t * (size_t)n);
  for (int i = 0; i < n; i++) {
    long long t0 = now_ns();
    pid_t pid = fork();
    if (pid < 0) {
      return 3;
    }
    if (pid == 0) {
      _exit(mem[(size_t)i * 4096 % size] == (unsigned char)(((size_t)i * 4096 % size) * 131u + 7u) ? 0 : 1);
    }
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
      return 4;
    }
    t[i] = now_ns() - t0;
  }
  qsort(t, (size_t)n, sizeof *t, cmp);
  printf("fork_wait_%dmib %.3f %.3f\n", mib, t[n / 2] / 1e6, t[0] / 1e6);
  return 0;
}
