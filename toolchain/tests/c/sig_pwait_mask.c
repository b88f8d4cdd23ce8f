/* signals: the signal mask given to ppoll, pselect and epoll_pwait is in
 * force for the wait only. A signal the thread blocks that the call's mask
 * lets through ends the wait with EINTR, whether it is already pending, sent
 * by a child or sent by another thread; its handler runs with the call's mask
 * (plus sa_mask and the signal) blocked, and the original mask is back after
 * the call. A signal the call's mask blocks does not end the wait and is
 * delivered once the call returned. Two signals it lets through both run
 * their handlers before the original mask is back. A ready descriptor wins
 * over a pending signal, which stays pending. Without a signal the original
 * mask is back at return. sigsetsize other than 8 is EINVAL, a bad mask pointer EFAULT, and
 * SIGKILL and SIGSTOP cannot be blocked. */
#include "wali_test.h"
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>

static volatile sig_atomic_t hits;
static volatile sig_atomic_t h_usr1, h_usr2, h_term, h_kill, h_stop;
static int p[2];
static int ep;
static pthread_t main_thread;

static void on_sig(int sig) {
  sigset_t cur;
  sigprocmask(SIG_BLOCK, NULL, &cur);
  h_usr1 = sigismember(&cur, SIGUSR1);
  h_usr2 = sigismember(&cur, SIGUSR2);
  h_term = sigismember(&cur, SIGTERM);
  h_kill = sigismember(&cur, SIGKILL);
  h_stop = sigismember(&cur, SIGSTOP);
  hits++;
  (void)sig;
}

enum call { PPOLL, PSELECT, EPOLL };
static const char *names[] = {"ppoll", "pselect", "epoll_pwait"};

/* One wait for p[0] to become readable, at most timeout_ms, with mask. */
static int wait_masked(enum call c, int timeout_ms, const sigset_t *mask) {
  struct timespec ts = {timeout_ms / 1000, (timeout_ms % 1000) * 1000000L};
  struct pollfd pfd = {p[0], POLLIN, 0};
  fd_set rd;
  FD_ZERO(&rd);
  FD_SET(p[0], &rd);
  struct epoll_event out;
  switch (c) {
    case PPOLL:
      return ppoll(&pfd, 1, &ts, mask);
    case PSELECT:
      return pselect(p[0] + 1, &rd, NULL, NULL, &ts, mask);
    case EPOLL:
      return epoll_pwait(ep, &out, 1, timeout_ms, mask);
  }
  return -2;
}

static void set_mask(int usr1, int usr2) {
  sigset_t m;
  sigemptyset(&m);
  if (usr1) {
    sigaddset(&m, SIGUSR1);
  }
  if (usr2) {
    sigaddset(&m, SIGUSR2);
  }
  CHECK_SYS(sigprocmask(SIG_SETMASK, &m, NULL));
}

/* The mask now, as "usr1=A usr2=B term=C". */
static void print_mask(const char *label) {
  sigset_t cur;
  CHECK_SYS(sigprocmask(SIG_BLOCK, NULL, &cur));
  printf("%s usr1=%d usr2=%d term=%d", label, sigismember(&cur, SIGUSR1),
         sigismember(&cur, SIGUSR2), sigismember(&cur, SIGTERM));
}

static void report(const char *what, enum call c, int r, int e) {
  printf("%s, %s: %d %s, handler ran %d", names[c], what, r, r < 0 ? wt_errname(e) : "-",
         (int)hits);
  if (hits) {
    printf(" with usr1=%d usr2=%d term=%d kill=%d stop=%d", (int)h_usr1, (int)h_usr2,
           (int)h_term, (int)h_kill, (int)h_stop);
  }
  print_mask(";");
  printf("\n");
}

static void *send_usr1_to_process(void *arg) {
  (void)arg;
  wt_sleep_ms(50);
  kill(getpid(), SIGUSR1); /* this thread blocks it: the waiting thread takes it */
  return NULL;
}

static void *send_usr2_then_write(void *arg) {
  (void)arg;
  wt_sleep_ms(30);
  pthread_kill(main_thread, SIGUSR2);
  wt_sleep_ms(30);
  wt_write_all(p[1], "x", 1);
  return NULL;
}

static void drain(void) {
  char b;
  CHECK_EQ(read(p[0], &b, 1), 1);
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sig;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGTERM);
  CHECK_SYS(sigaction(SIGUSR1, &sa, NULL));
  CHECK_SYS(sigaction(SIGUSR2, &sa, NULL));
  CHECK_SYS(pipe(p));
  ep = epoll_create1(EPOLL_CLOEXEC);
  CHECK(ep >= 0);
  struct epoll_event ev;
  memset(&ev, 0, sizeof ev);
  ev.events = EPOLLIN;
  CHECK_SYS(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
  main_thread = pthread_self();

  /* The call's mask: everything but SIGUSR1 (SIGKILL and SIGSTOP stay out). */
  sigset_t all_but_usr1;
  sigfillset(&all_but_usr1);
  sigdelset(&all_but_usr1, SIGUSR1);
  sigset_t only_usr2;
  sigemptyset(&only_usr2);
  sigaddset(&only_usr2, SIGUSR2);

  for (int c = PPOLL; c <= EPOLL; c++) {
    int r, e;

    /* Pending before the call. */
    set_mask(1, 0);
    hits = 0;
    CHECK_SYS(raise(SIGUSR1));
    r = wait_masked((enum call)c, 2000, &only_usr2);
    e = errno;
    report("pending", (enum call)c, r, e);

    /* Sent by a child during the wait; the call's mask blocks nearly all. */
    hits = 0;
    pid_t pid = wt_fork();
    if (pid == 0) {
      wt_sleep_ms(50);
      kill(getppid(), SIGUSR1);
      _exit(0);
    }
    r = wait_masked((enum call)c, 2000, &all_but_usr1);
    e = errno;
    report("from a child", (enum call)c, r, e);
    CHECK_EQ(wt_wait_exit(pid), 0);

    /* Sent to the process by a thread that blocks it. */
    hits = 0;
    pthread_t th;
    CHECK_EQ(pthread_create(&th, NULL, send_usr1_to_process, NULL), 0);
    r = wait_masked((enum call)c, 2000, &only_usr2);
    e = errno;
    report("from a thread", (enum call)c, r, e);
    CHECK_EQ(pthread_join(th, NULL), 0);

    /* A ready descriptor wins; the signal stays pending under the original mask. */
    hits = 0;
    wt_write_all(p[1], "x", 1);
    CHECK_SYS(raise(SIGUSR1));
    r = wait_masked((enum call)c, 2000, &only_usr2);
    e = errno;
    report("ready and pending", (enum call)c, r, e);
    drain();
    sigset_t pend;
    CHECK_SYS(sigpending(&pend));
    printf("  still pending: %d\n", sigismember(&pend, SIGUSR1));
    set_mask(0, 0); /* delivered here */
    printf("  after unblocking: handler ran %d\n", (int)hits);

    /* Blocked by the call's mask only: the wait goes on; delivered after it. */
    hits = 0;
    set_mask(0, 0);
    CHECK_EQ(pthread_create(&th, NULL, send_usr2_then_write, NULL), 0);
    r = wait_masked((enum call)c, 2000, &only_usr2);
    e = errno;
    report("blocked by the call's mask", (enum call)c, r, e);
    CHECK_EQ(pthread_join(th, NULL), 0);
    drain();

    /* Two pending signals the call's mask lets through: both handlers run (in an order the
     * kernel picks), and then the original mask is back. */
    set_mask(1, 1);
    hits = 0;
    CHECK_SYS(raise(SIGUSR1));
    CHECK_SYS(raise(SIGUSR2));
    sigset_t none;
    sigemptyset(&none);
    r = wait_masked((enum call)c, 2000, &none);
    e = errno;
    printf("%s, two pending: %d %s, handlers ran %d", names[c], r, wt_errname(e), (int)hits);
    print_mask(";");
    printf("\n");

    /* No signal: the original mask is back. */
    hits = 0;
    set_mask(1, 0);
    r = wait_masked((enum call)c, 0, &all_but_usr1);
    e = errno;
    report("timed out", (enum call)c, r, e);
  }

  /* Bad arguments: the mask is left as it was. */
  set_mask(1, 0);
  struct pollfd pfd = {p[0], POLLIN, 0};
  struct timespec zero = {0, 0};
  struct epoll_event out;
  const long bad = -16;
  CHECK_ERRNO(syscall(SYS_ppoll, (long)&pfd, 1L, (long)&zero, (long)&only_usr2, 16L), EINVAL);
  CHECK_ERRNO(syscall(SYS_ppoll, (long)&pfd, 1L, (long)&zero, bad, 8L), EFAULT);
  CHECK_EQ(syscall(SYS_ppoll, (long)&pfd, 1L, (long)&zero, 0L, 16L), 0);
  CHECK_ERRNO(syscall(SYS_epoll_pwait, (long)ep, (long)&out, 1L, 0L, (long)&only_usr2, 4L),
              EINVAL);
  CHECK_ERRNO(syscall(SYS_epoll_pwait, (long)ep, (long)&out, 1L, 0L, bad, 8L), EFAULT);
  fd_set rd;
  FD_ZERO(&rd);
  FD_SET(p[0], &rd);
  long pack[2] = {(long)&only_usr2, 16};
  CHECK_ERRNO(
      syscall(SYS_pselect6, (long)(p[0] + 1), (long)&rd, 0L, 0L, (long)&zero, (long)pack),
      EINVAL);
  pack[0] = bad;
  pack[1] = 8;
  CHECK_ERRNO(
      syscall(SYS_pselect6, (long)(p[0] + 1), (long)&rd, 0L, 0L, (long)&zero, (long)pack),
      EFAULT);
  CHECK_ERRNO(syscall(SYS_pselect6, (long)(p[0] + 1), (long)&rd, 0L, 0L, (long)&zero, bad),
              EFAULT);
  print_mask("after bad arguments:");
  printf("\nPASS\n");
  return 0;
}
