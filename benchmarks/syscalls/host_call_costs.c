/* What the host kernel charges for the calls a WALI runtime makes around a read or write, natively,
 * in a single-threaded process and (argument "mt") in one with a second, sleeping thread, as a JVM
 * always is. Prints ns per call (best of 3 rounds, the thread's CPU time), e.g. "write 118.4".
 *
 *   cc -O2 -pthread -o host_call_costs host_call_costs.c && ./host_call_costs [mt] [N]
 *
 * Rows: write and pwritev2(RWF_NOWAIT) of 1 byte to /dev/null, ppoll of one fd with a zero
 * timeout (what a poll-before-write cost), getppid (a syscall that touches no fd), and a 1-byte
 * write+read pair through a pipe, plain and as pwritev2+preadv2 with RWF_NOWAIT. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#ifndef RWF_NOWAIT
#define RWF_NOWAIT 0x8
#endif

static long long cpu_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void *sleeper(void *arg) {
  (void)arg;
  for (;;) pause();
  return NULL;
}

static int devnull, pipefd[2];
static char byte = 'x';
static struct iovec iov = {&byte, 1};

static void w(void) { write(devnull, &byte, 1); }
static void pw2(void) { pwritev2(devnull, &iov, 1, -1, RWF_NOWAIT); }
static void pp(void) {
  struct pollfd p = {devnull, POLLOUT, 0};
  struct timespec zero = {0, 0};
  ppoll(&p, 1, &zero, NULL);
}
static void ppid(void) { syscall(SYS_getppid); }
static void pipe_wr(void) {
  write(pipefd[1], &byte, 1);
  read(pipefd[0], &byte, 1);
}
static void pipe_nowait(void) {
  pwritev2(pipefd[1], &iov, 1, -1, RWF_NOWAIT);
  preadv2(pipefd[0], &iov, 1, -1, RWF_NOWAIT);
}

int main(int argc, char **argv) {
  int mt = argc > 1 && strcmp(argv[1], "mt") == 0;
  long n = argc > 2 ? atol(argv[2]) : 1000000;
  pthread_t t;
  if (mt && pthread_create(&t, NULL, sleeper, NULL) != 0) return 1;
  devnull = open("/dev/null", O_WRONLY);
  if (devnull < 0 || pipe(pipefd) != 0) return 1;
  struct {
    const char *name;
    void (*f)(void);
    int calls;
  } rows[] = {{"write", w, 1},       {"pwritev2_nowait", pw2, 1},         {"ppoll", pp, 1},
              {"getppid", ppid, 1}, {"pipe_write_read", pipe_wr, 2}, {"pipe_nowait_pair", pipe_nowait, 2}};
  for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
    double best = -1;
    for (int round = 0; round < 3; round++) {
      long long t0 = cpu_ns();
      for (long i = 0; i < n; i++) rows[r].f();
      double ns = (double)(cpu_ns() - t0) / ((double)n * rows[r].calls);
      if (best < 0 || ns < best) best = ns;
    }
    printf("%s %.1f\n", rows[r].name, best);
  }
  return 0;
}
