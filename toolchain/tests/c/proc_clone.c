/* processes: raw clone(2) in the fork shape: SIGCHLD as the exit signal, the
 * child's pid stored in the parent (CLONE_PARENT_SETTID) and in the child
 * (CLONE_CHILD_SETTID, with CLONE_CHILD_CLEARTID as libcs fork), CLONE_VFORK
 * without CLONE_VM, a parent_tid outside memory (skipped, the child still
 * made), and the flag combinations Linux rejects with EINVAL before making
 * anything. */
#define _GNU_SOURCE
#include "wali_test.h"
#include <sched.h>
#include <stdint.h>
#include <sys/syscall.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif

#if defined(__wasm__) || defined(__x86_64__)
/* x86_64's argument order, which is also WALI's: flags, stack, parent_tid,
 * child_tid, tls (the WALI libc's syscall() passes them to wali.SYS_clone). */
static long raw_clone(unsigned long flags, int *ptid, int *ctid) {
  return syscall(SYS_clone, flags, 0, ptid, ctid, 0);
}
#else
/* aarch64 and riscv64: flags, stack, parent_tid, tls, child_tid. */
static long raw_clone(unsigned long flags, int *ptid, int *ctid) {
  return syscall(SYS_clone, flags, 0, ptid, 0, ctid);
}
#endif
#if defined(__wasm__)
#define BAD_POINTER ((int *)(uintptr_t)0xFFFFFFF0u)
#else
#define BAD_POINTER ((int *)(uintptr_t)-16)
#endif

/* clone after flushing stdio, so buffered output is not printed twice. */
static long clone_flushed(unsigned long flags, int *ptid, int *ctid) {
  fflush(stdout);
  fflush(stderr);
  return raw_clone(flags, ptid, ctid);
}

int main(void) {
  /* The plain fork shape: the child's exit status reaches wait4. */
  long pid = clone_flushed(SIGCHLD, NULL, NULL);
  CHECK(pid >= 0);
  if (pid == 0) {
    _exit(42);
  }
  int st = 0;
  CHECK_EQ(wait4((pid_t)pid, &st, 0, NULL), pid);
  CHECK(WIFEXITED(st));
  printf("SIGCHLD: child exited with %d\n", WEXITSTATUS(st));

  /* CLONE_PARENT_SETTID: the parent finds the child's pid at ptid. */
  int ptid = -1;
  pid = clone_flushed(CLONE_PARENT_SETTID | SIGCHLD, &ptid, NULL);
  CHECK(pid >= 0);
  if (pid == 0) {
    _exit(0);
  }
  CHECK_EQ(ptid, pid);
  CHECK_EQ(wt_wait_exit((pid_t)pid), 0);
  printf("CLONE_PARENT_SETTID: the parent sees the child's pid\n");

  /* CLONE_CHILD_SETTID: the child finds its own pid at ctid, in its memory
   * only; with CLONE_CHILD_CLEARTID as glibc's fork calls it. */
  unsigned long shapes[] = {CLONE_CHILD_SETTID | SIGCHLD,
                            CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD};
  for (int i = 0; i < 2; i++) {
    int ctid = -1;
    pid = clone_flushed(shapes[i], NULL, &ctid);
    CHECK(pid >= 0);
    if (pid == 0) {
      _exit(ctid == (int)syscall(SYS_getpid) ? 7 : 8);
    }
    CHECK_EQ(ctid, -1);
    printf("CLONE_CHILD_SETTID (%d): child exited with %d\n", i,
           wt_wait_exit((pid_t)pid));
  }

  /* CLONE_VFORK without CLONE_VM: a fork whose parent resumes when the child
   * is gone. */
  int seen = 1;
  pid = clone_flushed(CLONE_VFORK | SIGCHLD, NULL, NULL);
  CHECK(pid >= 0);
  if (pid == 0) {
    seen = 2; /* the child's copy */
    _exit(seen);
  }
  CHECK_EQ(seen, 1);
  printf("CLONE_VFORK: child exited with %d\n", wt_wait_exit((pid_t)pid));

  /* A parent_tid outside memory: the store is skipped, the child is made. */
  pid = clone_flushed(CLONE_PARENT_SETTID | SIGCHLD, BAD_POINTER, NULL);
  CHECK(pid >= 0);
  if (pid == 0) {
    _exit(9);
  }
  printf("bad parent_tid: child exited with %d\n", wt_wait_exit((pid_t)pid));

  /* Contradictory flags: EINVAL, and no child. */
  struct {
    const char *name;
    unsigned long flags;
  } bad[] = {
      {"CLONE_SIGHAND without CLONE_VM", CLONE_SIGHAND | SIGCHLD},
      {"CLONE_THREAD without CLONE_SIGHAND", CLONE_THREAD | SIGCHLD},
      {"CLONE_PIDFD with CLONE_PARENT_SETTID",
       CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD},
      {"CLONE_PIDFD with CLONE_DETACHED", CLONE_PIDFD | 0x00400000 | SIGCHLD},
      {"CLONE_NEWNS with CLONE_FS", CLONE_NEWNS | CLONE_FS | SIGCHLD},
      {"CLONE_NEWUSER with CLONE_FS", CLONE_NEWUSER | CLONE_FS | SIGCHLD},
  };
  for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    ptid = -1;
    CHECK_ERRNO(clone_flushed(bad[i].flags, &ptid, NULL), EINVAL);
    CHECK_EQ(ptid, -1);
    printf("%s: EINVAL\n", bad[i].name);
  }
  CHECK_ERRNO(waitpid(-1, &st, WNOHANG), ECHILD);
  printf("no other child\n");
  printf("PASS\n");
  return 0;
}
