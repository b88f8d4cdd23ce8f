/* scheduling policies and nice values (the changes any user may make):
 * SCHED_BATCH and SCHED_IDLE set and read back per thread, by pid 0, by tid and
 * through pthread_setschedparam; a nice value raised by nice() and setpriority
 * (clamped at 19); both inherited by a new thread and a forked child, where
 * SCHED_RESET_ON_FORK is dropped; the priority ranges; and Linux's errors.
 * musl's sched_setscheduler wrappers answer ENOSYS without a syscall, so the
 * calls are made with syscall(). */
#include "wali_test.h"
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK 0x40000000
#endif

static long getsched(pid_t pid) { return syscall(SYS_sched_getscheduler, (long)pid); }

static long setsched(pid_t pid, int policy, int prio) {
  struct sched_param p = {.sched_priority = prio};
  return syscall(SYS_sched_setscheduler, (long)pid, (long)policy, (long)&p);
}

static const char *policy_name(long p) {
  switch (p & ~SCHED_RESET_ON_FORK) {
    case SCHED_OTHER: return "SCHED_OTHER";
    case SCHED_BATCH: return "SCHED_BATCH";
    case SCHED_IDLE: return "SCHED_IDLE";
    default: return "other";
  }
}

static void *thread_main(void *arg) {
  long inherited = getsched(0);
  printf("new thread: %s%s\n", policy_name(inherited),
         inherited & SCHED_RESET_ON_FORK ? " reset-on-fork" : "");
  /* pthread_setschedparam names this thread by its tid. */
  struct sched_param p = {.sched_priority = 0};
  CHECK_EQ(pthread_setschedparam(pthread_self(), SCHED_IDLE, &p), 0);
  int policy = -1;
  CHECK_EQ(pthread_getschedparam(pthread_self(), &policy, &p), 0);
  printf("thread after pthread_setschedparam: %s\n", policy_name(policy));
  CHECK_EQ(p.sched_priority, 0);
  printf("thread's nice: start + %d\n", getpriority(PRIO_PROCESS, 0) - *(int *)arg);
  errno = 0;
  CHECK_EQ(nice(1), *(int *)arg + 3);
  CHECK_EQ(errno, 0);
  return NULL;
}

int main(void) {
  printf("default: %s\n", policy_name(getsched(0)));
  CHECK_EQ(getsched(getpid()), getsched(0));

  CHECK_SYS(setsched(0, SCHED_BATCH, 0));
  printf("after SCHED_BATCH: %s\n", policy_name(getsched(0)));
  struct sched_param got = {.sched_priority = 7};
  CHECK_SYS(syscall(SYS_sched_getparam, 0L, (long)&got));
  CHECK_EQ(got.sched_priority, 0);
  struct sched_param zero = {.sched_priority = 0};
  CHECK_SYS(syscall(SYS_sched_setparam, 0L, (long)&zero));
  CHECK_EQ(getsched(0), SCHED_BATCH);

  /* A new thread inherits the creator's policy; its own change stays its own. */
  CHECK_SYS(setsched(0, SCHED_BATCH | SCHED_RESET_ON_FORK, 0));
  CHECK_EQ(getsched(0), SCHED_BATCH | SCHED_RESET_ON_FORK);
  /* nice values: raised by nice() and setpriority, clamped at 19. */
  errno = 0;
  int start = getpriority(PRIO_PROCESS, 0);
  CHECK_EQ(errno, 0);
  CHECK(start <= 10);
  errno = 0;
  CHECK_EQ(nice(1), start + 1);
  CHECK_EQ(errno, 0);
  CHECK_SYS(setpriority(PRIO_PROCESS, 0, start + 2));
  CHECK_EQ(getpriority(PRIO_PROCESS, getpid()), start + 2);
  CHECK_EQ(getpriority(PRIO_PROCESS, 0), start + 2);
  CHECK_EQ(syscall(SYS_getpriority, (long)PRIO_PROCESS, 0L), 20 - (start + 2));

  pthread_t t;
  CHECK_EQ(pthread_create(&t, NULL, thread_main, &start), 0);
  CHECK_EQ(pthread_join(t, NULL), 0);
  printf("main after the thread: %s, nice start + %d\n", policy_name(getsched(0)),
         getpriority(PRIO_PROCESS, 0) - start);

  /* A forked child inherits it too, without SCHED_RESET_ON_FORK. */
  pid_t child = fork();
  CHECK(child >= 0);
  if (child == 0) {
    if (getpriority(PRIO_PROCESS, 0) != start + 2) _exit(2);
    if (setpriority(PRIO_PROCESS, 0, 100) != 0 || getpriority(PRIO_PROCESS, 0) != 19) _exit(3);
    _exit(getsched(0) == SCHED_BATCH ? 0 : 1);
  }
  int st;
  CHECK_EQ(waitpid(child, &st, 0), child);
  CHECK(WIFEXITED(st));
  printf("forked child has SCHED_BATCH without the flag: %s\n",
         WEXITSTATUS(st) == 0 ? "yes" : "no");

  /* Priority ranges. */
  printf("fifo %d..%d, rr %d..%d, other %d..%d, batch %d..%d, idle %d..%d\n",
         sched_get_priority_min(SCHED_FIFO), sched_get_priority_max(SCHED_FIFO),
         sched_get_priority_min(SCHED_RR), sched_get_priority_max(SCHED_RR),
         sched_get_priority_min(SCHED_OTHER), sched_get_priority_max(SCHED_OTHER),
         sched_get_priority_min(SCHED_BATCH), sched_get_priority_max(SCHED_BATCH),
         sched_get_priority_min(SCHED_IDLE), sched_get_priority_max(SCHED_IDLE));
  CHECK_ERRNO(sched_get_priority_max(42), EINVAL);
  CHECK_ERRNO(sched_get_priority_min(-1), EINVAL);
  struct timespec slice;
  CHECK_SYS(syscall(SYS_sched_rr_get_interval, 0L, (long)&slice));

  /* Errors: a bad policy or priority, a negative pid, NULL, no such process. */
  CHECK_ERRNO(setsched(0, 4, 0), EINVAL);
  CHECK_ERRNO(setsched(0, -1, 0), EINVAL);
  CHECK_ERRNO(setsched(0, SCHED_OTHER | SCHED_RESET_ON_FORK, 5), EINVAL);
  CHECK_ERRNO(setsched(0, SCHED_FIFO | SCHED_RESET_ON_FORK, 0), EINVAL);
  CHECK_ERRNO(setsched(-1, SCHED_OTHER | SCHED_RESET_ON_FORK, 0), EINVAL);
  CHECK_ERRNO(syscall(SYS_sched_setscheduler, 0L, (long)SCHED_OTHER, 0L), EINVAL);
  CHECK_ERRNO(setsched(INT_MAX, SCHED_OTHER, 0), ESRCH);
  CHECK_ERRNO(getsched(-1), EINVAL);
  CHECK_ERRNO(getsched(INT_MAX), ESRCH);
  CHECK_ERRNO(syscall(SYS_sched_getparam, 0L, 0L), EINVAL);
  CHECK_ERRNO(syscall(SYS_sched_getparam, (long)INT_MAX, (long)&got), ESRCH);
  CHECK_ERRNO(syscall(SYS_sched_rr_get_interval, -1L, (long)&slice), EINVAL);
  CHECK_EQ(getsched(0), SCHED_BATCH | SCHED_RESET_ON_FORK);
  CHECK_ERRNO(getpriority(7, 0), EINVAL);
  CHECK_ERRNO(setpriority(-1, 0, 0), EINVAL);
  CHECK_ERRNO(getpriority(PRIO_PROCESS, INT_MAX), ESRCH);
  CHECK_ERRNO(setpriority(PRIO_PROCESS, INT_MAX, 5), ESRCH);
  CHECK_ERRNO(getpriority(PRIO_USER, 0x7ffffff0), ESRCH);
  CHECK_EQ(getpriority(PRIO_PROCESS, 0), start + 2);

  printf("PASS\n");
  return 0;
}
