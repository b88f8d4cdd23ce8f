/* identity: sched_getaffinity lists at least one CPU, sched_yield succeeds,
 * prctl names the thread (PR_SET_NAME/PR_GET_NAME) and reports dumpability. */
#include "wali_test.h"
#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>

static char thread_name[16];

static void *named(void *arg) {
  (void)arg;
  prctl(PR_SET_NAME, "worker-thread", 0, 0, 0);
  prctl(PR_GET_NAME, thread_name, 0, 0, 0);
  return NULL;
}

int main(void) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CHECK_SYS(sched_getaffinity(0, sizeof set, &set));
  int n = CPU_COUNT(&set);
  CHECK(n >= 1);
  CHECK(n <= sysconf(_SC_NPROCESSORS_CONF));
  printf("affinity: at least one cpu\n");
  CHECK_SYS(sched_yield());

  char name[16] = {0};
  CHECK_SYS(prctl(PR_SET_NAME, "corpus-main", 0, 0, 0));
  CHECK_SYS(prctl(PR_GET_NAME, name, 0, 0, 0));
  printf("name: %s\n", name);
  CHECK_STR(name, "corpus-main");
  /* Names are cut to 15 bytes. */
  CHECK_SYS(prctl(PR_SET_NAME, "a-very-long-thread-name", 0, 0, 0));
  CHECK_SYS(prctl(PR_GET_NAME, name, 0, 0, 0));
  CHECK_STR(name, "a-very-long-thr");

  pthread_t t;
  CHECK_EQ(pthread_create(&t, NULL, named, NULL), 0);
  CHECK_EQ(pthread_join(t, NULL), 0);
  CHECK_STR(thread_name, "worker-thread");
  /* The thread's name did not change ours. */
  CHECK_SYS(prctl(PR_GET_NAME, name, 0, 0, 0));
  CHECK_STR(name, "a-very-long-thr");

  int dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
  CHECK(dumpable == 0 || dumpable == 1 || dumpable == 2);
  CHECK_ERRNO(prctl(0x7fff1234, 0, 0, 0, 0), EINVAL);

  /* (sched_getscheduler is not tested: musl answers ENOSYS without a syscall.) */
  CHECK(sched_get_priority_max(SCHED_FIFO) >= sched_get_priority_min(SCHED_FIFO));
  printf("PASS\n");
  return 0;
}
