/*
 * Native driver for one benchmark kernel: links with the kernel's object file (built from the
 * same source, with the same clang -O2, as the Wasm module) and times run(n).
 *
 * Usage: <kernel>-native N WARMUP REPS
 * Output (one "key value" per line, parsed by the Java harness):
 *   checksum <run(n) as a signed decimal>
 *   median_ns <median wall time of the REPS measured runs, CLOCK_MONOTONIC>
 *   runs_ns <each measured run, space separated>
 *   cpu_ns <the CPU time of each measured run, CLOCK_THREAD_CPUTIME_ID, space separated>
 * The first run is untimed even when WARMUP is 0 (it fixes the expected checksum).
 * Exit status 2 when two runs of the same n return different checksums (a kernel must be a pure
 * function of n), 1 on bad usage.
 */

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

long long run(int n);

static long long clock_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void print_runs(const char *key, const long long *values, int count) {
  printf("%s", key);
  for (int i = 0; i < count; i++) {
    printf(" %lld", values[i]);
  }
  printf("\n");
}

static int compare_ll(const void *a, const void *b) {
  long long x = *(const long long *)a;
  long long y = *(const long long *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s N WARMUP REPS\n", argv[0]);
    return 1;
  }
  int n = atoi(argv[1]);
  int warmup = atoi(argv[2]);
  int reps = atoi(argv[3]);
  if (reps < 1 || warmup < 0) {
    fprintf(stderr, "REPS must be >= 1 and WARMUP >= 0\n");
    return 1;
  }
  long long expected = run(n);
  for (int i = 1; i < warmup; i++) {
    if (run(n) != expected) {
      fprintf(stderr, "checksum changed between runs\n");
      return 2;
    }
  }
  long long *times = malloc(sizeof(long long) * (size_t)reps);
  long long *cpu = malloc(sizeof(long long) * (size_t)reps);
  if (times == NULL || cpu == NULL) {
    return 1;
  }
  for (int i = 0; i < reps; i++) {
    long long start = clock_ns(CLOCK_MONOTONIC);
    long long cpu_start = clock_ns(CLOCK_THREAD_CPUTIME_ID);
    long long got = run(n);
    cpu[i] = clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu_start;
    times[i] = clock_ns(CLOCK_MONOTONIC) - start;
    if (got != expected) {
      fprintf(stderr, "checksum changed between runs: %lld then %lld\n", expected, got);
      return 2;
    }
  }
  printf("checksum %lld\n", expected);
  print_runs("runs_ns", times, reps);
  print_runs("cpu_ns", cpu, reps);
  qsort(times, (size_t)reps, sizeof(long long), compare_ll);
  long long median =
      reps % 2 == 1 ? times[reps / 2] : (times[reps / 2 - 1] + times[reps / 2]) / 2;
  printf("median_ns %lld\n", median);
  free(times);
  free(cpu);
  return 0;
}
