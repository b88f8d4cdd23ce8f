/* signals: a wait that a signal interrupts without running a handler (the
 * process stopped by SIGSTOP and continued by SIGCONT, sent by a child) is
 * made again by the kernel, not with its whole timeout: poll keeps its first
 * deadline (its restart block holds it), select goes on for the time that was
 * left when the stop came (it wrote it into its timeval, which the restart
 * reads; the time stopped does not count), and the select syscall writes
 * zero there when it times out (musl's select passes a copy, so that is
 * checked with the syscall itself). epoll_wait is not restarted: it fails
 * with EINTR (signal(7)). */
#include "wali_test.h"
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>

#define TIMEOUT_MS 400
#define STOP_AT_MS 30
#define STOPPED_MS 150
#define EPOLL_TIMEOUT_MS 1500

static int p[2];

enum call { POLL, SELECT, EPOLL };
static const char *names[] = {"poll", "select", "epoll_wait"};

static int wait_once(enum call c, struct timeval *tv) {
  struct pollfd pfd = {p[0], POLLIN, 0};
  fd_set rd;
  FD_ZERO(&rd);
  FD_SET(p[0], &rd);
  switch (c) {
    case POLL:
      return poll(&pfd, 1, TIMEOUT_MS);
    case SELECT:
      return select(p[0] + 1, &rd, NULL, NULL, tv);
    case EPOLL: {
      int ep = epoll_create1(EPOLL_CLOEXEC);
      CHECK(ep >= 0);
      struct epoll_event ev;
      memset(&ev, 0, sizeof ev);
      ev.events = EPOLLIN;
      CHECK_SYS(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
      struct epoll_event out;
      int r = epoll_wait(ep, &out, 1, EPOLL_TIMEOUT_MS); /* ends at the SIGCONT */
      int e = errno;
      CHECK_SYS(close(ep));
      errno = e;
      return r;
    }
  }
  return -2;
}

int main(void) {
  sigset_t none;
  sigemptyset(&none);
  CHECK_SYS(sigprocmask(SIG_SETMASK, &none, NULL));
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_DFL;
  CHECK_SYS(sigaction(SIGCONT, &sa, NULL));
  CHECK_SYS(sigaction(SIGCHLD, &sa, NULL));
  CHECK_SYS(pipe(p));

  for (int c = POLL; c <= EPOLL; c++) {
    pid_t parent = getpid();
    pid_t pid = wt_fork();
    long long t0 = wt_now_ns(); /* the child's clock starts with the fork, so no later */
    if (pid == 0) {
      wt_sleep_ms(STOP_AT_MS);
      kill(parent, SIGSTOP);
      wt_sleep_ms(STOPPED_MS);
      kill(parent, SIGCONT);
      _exit(0);
    }
    struct timeval tv = {0, TIMEOUT_MS * 1000};
    int r = wait_once((enum call)c, &tv);
    int e = errno;
    long long ms = (wt_now_ns() - t0) / 1000000;
    CHECK_EQ(wt_wait_exit(pid), 0);
    if (c == EPOLL) {
      CHECK_EQ(r, -1);
      printf("%s: -1 %s after the stop\n", names[c], wt_errname(e));
      CHECK(ms >= STOPPED_MS - 20 && ms < EPOLL_TIMEOUT_MS);
      continue;
    }
    CHECK_EQ(r, 0);
    if (c == POLL) {
      /* Whole timeout again after the stop: at least STOP_AT_MS + STOPPED_MS more. */
      CHECK(ms >= TIMEOUT_MS - 20 && ms < TIMEOUT_MS + (STOP_AT_MS + STOPPED_MS) * 2 / 3);
      printf("%s: timed out at its first deadline\n", names[c]);
    } else {
      CHECK(ms >= TIMEOUT_MS + STOPPED_MS - 20);
      printf("%s: timed out after the time left at the stop\n", names[c]);
    }
  }

  struct timeval tv = {0, 20000};
  fd_set rd;
  FD_ZERO(&rd);
  FD_SET(p[0], &rd);
  CHECK_EQ(syscall(SYS_select, (long)(p[0] + 1), (long)&rd, 0L, 0L, (long)&tv), 0);
  printf("select syscall timed out, time left %ld.%06ld\n", (long)tv.tv_sec, (long)tv.tv_usec);
  printf("PASS\n");
  return 0;
}
