/* signals: poll, ppoll, select, pselect and epoll_wait waiting on an empty
 * pipe are ended by a handled signal with EINTR, with or without SA_RESTART
 * (Linux never restarts them after a handler); a signal that is ignored does
 * not end them (the wait runs out its timeout); a ready descriptor is
 * reported at once. */
#include "wali_test.h"
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/time.h>

static volatile sig_atomic_t hits;
static int p[2];

static void on_alrm(int sig) {
  (void)sig;
  hits++;
}

static void handle(int sig, void (*fn)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sa.sa_flags = flags;
  CHECK_SYS(sigaction(sig, &sa, NULL));
}

static void arm_ms(int ms) {
  struct itimerval it = {{0, 0}, {0, ms * 1000}};
  CHECK_SYS(setitimer(ITIMER_REAL, &it, NULL));
}

enum call { POLL, PPOLL, SELECT, PSELECT, EPOLL };
static const char *names[] = {"poll", "ppoll", "select", "pselect", "epoll_wait"};

/* One wait for p[0] to become readable, at most timeout_ms (-1: for ever). */
static int wait_once(enum call c, int timeout_ms) {
  struct timespec ts = {timeout_ms / 1000, (timeout_ms % 1000) * 1000000L};
  struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  struct pollfd pfd = {p[0], POLLIN, 0};
  fd_set rd;
  FD_ZERO(&rd);
  FD_SET(p[0], &rd);
  switch (c) {
    case POLL:
      return poll(&pfd, 1, timeout_ms);
    case PPOLL:
      return ppoll(&pfd, 1, timeout_ms < 0 ? NULL : &ts, NULL);
    case SELECT:
      return select(p[0] + 1, &rd, NULL, NULL, timeout_ms < 0 ? NULL : &tv);
    case PSELECT:
      return pselect(p[0] + 1, &rd, NULL, NULL, timeout_ms < 0 ? NULL : &ts, NULL);
    case EPOLL: {
      int ep = epoll_create1(EPOLL_CLOEXEC);
      CHECK(ep >= 0);
      struct epoll_event ev;
      memset(&ev, 0, sizeof ev);
      ev.events = EPOLLIN;
      CHECK_SYS(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
      struct epoll_event out;
      int r = epoll_wait(ep, &out, 1, timeout_ms);
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
  CHECK_SYS(pipe(p));

  for (int flags = 0; flags <= SA_RESTART; flags += SA_RESTART) {
    handle(SIGALRM, on_alrm, flags);
    for (int c = POLL; c <= EPOLL; c++) {
      hits = 0;
      arm_ms(50);
      int r = wait_once((enum call)c, -1);
      CHECK_EQ(r, -1);
      printf("%s, %s: -1 %s, handler ran %d\n", names[c], flags ? "SA_RESTART" : "no SA_RESTART",
             wt_errname(errno), (int)hits);
    }
  }

  /* An ignored signal ends nothing: the wait runs out its 300 ms. */
  handle(SIGALRM, SIG_IGN, 0);
  for (int c = POLL; c <= EPOLL; c++) {
    arm_ms(30);
    long long t0 = wt_now_ns();
    int r = wait_once((enum call)c, 300);
    long long ms = (wt_now_ns() - t0) / 1000000;
    CHECK_EQ(r, 0);
    CHECK(ms >= 250);
    printf("%s, ignored signal: timed out\n", names[c]);
  }

  /* A ready descriptor is reported at once. */
  wt_write_all(p[1], "x", 1);
  for (int c = POLL; c <= EPOLL; c++) {
    int r = wait_once((enum call)c, -1);
    CHECK_EQ(r, 1);
    printf("%s, ready: 1\n", names[c]);
  }
  printf("PASS\n");
  return 0;
}
