/* identity: getpid/getppid/gettid/getuid/geteuid/getgid/getegid/getgroups are
 * consistent with each other and across fork and threads. */
#include "wali_test.h"
#include <pthread.h>

static pid_t thread_pid, thread_tid;

static void *probe(void *arg) {
  (void)arg;
  thread_pid = getpid();
  thread_tid = gettid();
  return NULL;
}

int main(void) {
  pid_t pid = getpid(), ppid = getppid();
  CHECK(pid > 0);
  CHECK(ppid >= 0);
  CHECK(pid != ppid);
  CHECK_EQ(gettid(), pid);

  uid_t uid = getuid(), euid = geteuid();
  gid_t gid = getgid(), egid = getegid();
  CHECK_EQ(uid, euid); /* not a set-user-ID program */
  CHECK_EQ(gid, egid);
  printf("real and effective ids match\n");

  int ng = getgroups(0, NULL);
  CHECK(ng >= 0);
  gid_t groups[256];
  if (ng <= 256) {
    CHECK_EQ(getgroups(256, groups), ng);
  }
  if (ng > 1) {
    gid_t one[1];
    CHECK_ERRNO(getgroups(1, one), EINVAL); /* buffer too small */
  }

  /* Same pid, different tid in a thread. */
  pthread_t t;
  CHECK_EQ(pthread_create(&t, NULL, probe, NULL), 0);
  CHECK_EQ(pthread_join(t, NULL), 0);
  CHECK_EQ(thread_pid, pid);
  CHECK(thread_tid != pid && thread_tid > 0);
  printf("thread shares the pid\n");

  /* A child sees us as its parent and has a new pid. */
  int p[2];
  CHECK_SYS(pipe(p));
  pid_t child = wt_fork();
  if (child == 0) {
    pid_t v[3] = {getpid(), getppid(), (pid_t)getuid()};
    wt_write_all(p[1], v, sizeof v);
    _exit(0);
  }
  pid_t v[3];
  CHECK_EQ(wt_read_full(p[0], v, sizeof v), sizeof v);
  CHECK_EQ(wt_wait_exit(child), 0);
  CHECK_EQ(v[0], child);
  CHECK_EQ(v[1], pid);
  CHECK_EQ(v[2], (pid_t)uid);
  CHECK_SYS(close(p[0]));
  CHECK_SYS(close(p[1]));
  printf("child: new pid, parent is us, same uid\n");

  /* Setting ids to their current values is always allowed. */
  CHECK_SYS(setuid(uid));
  CHECK_SYS(setgid(gid));
  CHECK_SYS(setreuid((uid_t)-1, (uid_t)-1));
  CHECK_SYS(setresgid((gid_t)-1, (gid_t)-1, (gid_t)-1));
  CHECK_EQ(getuid(), uid);
  printf("PASS\n");
  return 0;
}
