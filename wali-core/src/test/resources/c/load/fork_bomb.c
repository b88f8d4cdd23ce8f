/*
 * A fork bomb held in check by the runtime's process limit. The root forks children until fork
 * fails; every child forks up to WIDTH children of its own, DEPTH levels down, stopping at its first
 * failure. Every process then blocks reading a pipe, so none ends while the bomb grows: when the
 * root's fork fails, the runtime's table is full. Every failure must be EAGAIN (fork(2) past
 * RLIMIT_NPROC). The root then closes the pipe; each process reaps its children, checks that they
 * exited normally and exits with the size of its subtree, so the root learns how many processes
 * were created in all. Prints the root's failure and the totals; exits 0 unless a check failed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define WIDTH 3
#define DEPTH 3
#define MAX_ROOT_CHILDREN 10000

static int release[2];

static void fail(const char *what) {
  fprintf(stderr, "fork_bomb: %s (errno %d)\n", what, errno);
  _exit(255);
}

/* Waits for every child; returns the sum of their exit statuses (their subtree sizes). */
static int reap_all(void) {
  int total = 0;
  for (;;) {
    int status;
    pid_t r = wait(&status);
    if (r < 0) {
      if (errno == EINTR) continue;
      if (errno != ECHILD) fail("wait");
      return total;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) == 255) fail("a child failed");
    total += WEXITSTATUS(status);
  }
}

static void grow(int depth);

/* Runs as a forked process: grows its own part of the bomb, waits for the release, reaps. */
static void child(int depth) {
  close(release[1]);
  grow(depth);
  char c;
  while (read(release[0], &c, 1) < 0) {
    if (errno != EINTR) fail("read");
  }
  _exit(1 + reap_all());
}

static void grow(int depth) {
  if (depth >= DEPTH) return;
  for (int i = 0; i < WIDTH; i++) {
    pid_t pid = fork();
    if (pid < 0) {
      if (errno != EAGAIN) fail("fork failed, but not with EAGAIN");
      return;
    }
    if (pid == 0) child(depth + 1);
  }
}

int main(void) {
  if (pipe(release) != 0) fail("pipe");
  setvbuf(stdout, NULL, _IONBF, 0);
  int children = 0;
  int err = 0;
  while (children < MAX_ROOT_CHILDREN) {
    pid_t pid = fork();
    if (pid < 0) {
      err = errno;
      break;
    }
    if (pid == 0) child(1);
    children++;
  }
  printf("root's fork failed with %s after %d children\n", err == EAGAIN ? "EAGAIN" : "?", children);
  close(release[1]);
  close(release[0]);
  int total = 1 + reap_all();
  printf("%d processes created in all, every one reaped\n", total);
  return err == EAGAIN ? 0 : 1;
}
