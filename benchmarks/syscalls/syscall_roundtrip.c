/* Syscall round trip: times N iterations of a few cheap system calls and prints the best
 * nanoseconds per call over several rounds (the first round warms up, e.g. a JIT). The same
 * source is built natively and for WALI, so the difference is what the runtime adds per call.
 *
 *   syscall_roundtrip [N] [ROUNDS] [CLOCK] [THREADS]      (defaults 200000, 7, wall and st)
 *
 * CLOCK "cpu" times with the calling thread's CPU time (user and system) instead of
 * CLOCK_MONOTONIC: on a machine shared with other work, wall time mostly measures the scheduler.
 * THREADS "mt" first starts a thread that only sleeps, so that the process is multithreaded, as a
 * JVM always is: Linux then makes every call on an fd take and drop a reference to its file
 * (about 50 ns more per write here), which the runtime cannot avoid, so this native run is the
 * floor a runtime in a JVM is measured against.
 *
 * Output: one line per call, "<name> <ns per call>", e.g. "getpid 52.1".
 * The getpid and getppid rows go through libc's generic syscall(), as the C source says; the
 * libc_getpid and libc_getppid rows call libc's getpid() and getppid(), which is what programs do:
 * natively each is one system call either way, under WALI the libc functions call the import
 * directly while syscall() first runs libc's dispatcher over every syscall number (varargs and a
 * br_table) as Wasm code. Under wali4j both answers come from the runtime's process table. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static clockid_t clock_id = CLOCK_MONOTONIC;

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(clock_id, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int devnull;
static int pipefd[2];
static volatile long sink;

/* Each body is one round of n calls; failures abort, so a broken call is never timed. */
static void do_getpid(long n) {
  for (long i = 0; i < n; i++) sink += syscall(SYS_getpid);
}

static void do_getppid(long n) {
  for (long i = 0; i < n; i++) sink += syscall(SYS_getppid);
}

static void do_libc_getpid(long n) {
  for (long i = 0; i < n; i++) sink += getpid();
}

static void do_libc_getppid(long n) {
  for (long i = 0; i < n; i++) sink += getppid();
}

static void do_write_devnull(long n) {
  char c = 'x';
  for (long i = 0; i < n; i++) {
    if (write(devnull, &c, 1) != 1) { perror("write /dev/null"); exit(1); }
  }
}

static void do_pipe_write_read(long n) {
  char c = 'x';
  for (long i = 0; i < n; i++) {
    if (write(pipefd[1], &c, 1) != 1 || read(pipefd[0], &c, 1) != 1) {
      perror("pipe write/read");
      exit(1);
    }
  }
}

static void *sleeper(void *arg) {
  (void)arg;
  for (;;) pause();
  return NULL;
}

struct bench {
  const char *name;
  void (*body)(long);
  int calls_per_iteration;
};

static const struct bench benches[] = {
    {"getpid", do_getpid, 1},
    {"getppid", do_getppid, 1},
    {"libc_getpid", do_libc_getpid, 1},
    {"libc_getppid", do_libc_getppid, 1},
    {"write_devnull", do_write_devnull, 1},
    {"pipe_write_read", do_pipe_write_read, 2},
};

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 200000;
  int rounds = argc > 2 ? atoi(argv[2]) : 7;
  if (argc > 3 && strcmp(argv[3], "cpu") == 0) clock_id = CLOCK_THREAD_CPUTIME_ID;
  pthread_t idle;
  if (argc > 4 && strcmp(argv[4], "mt") == 0 && pthread_create(&idle, NULL, sleeper, NULL) != 0) {
    perror("pthread_create");
    return 1;
  }
  devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (devnull < 0 || pipe(pipefd) != 0) { perror("setup"); return 1; }
  /* Every body runs once before any is timed: a JIT then has seen every call path, so a later
   * body does not make it recompile code while an earlier one is being timed. */
  for (size_t b = 0; b < sizeof benches / sizeof benches[0]; b++) benches[b].body(n);
  for (size_t b = 0; b < sizeof benches / sizeof benches[0]; b++) {
    double best = -1;
    benches[b].body(n); /* warm-up round, not timed */
    for (int r = 0; r < rounds; r++) {
      long long t0 = now_ns();
      benches[b].body(n);
      double per_call = (double)(now_ns() - t0) / ((double)n * benches[b].calls_per_iteration);
      if (best < 0 || per_call < best) best = per_call;
    }
    /* "per call": pipe_write_read counts the write and the read as two calls. */
    printf("%s %.1f\n", benches[b].name, best);
  }
  return 0;
}
