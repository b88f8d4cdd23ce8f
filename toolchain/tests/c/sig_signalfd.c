/* signals as a descriptor: signalfd reads blocked signals sent by raise, kill,
 * a child and an interval timer (signo, code, sender), several in one read (the
 * thread's own first, also by readv), non-blocking EAGAIN, a blocking read that waits (ended
 * by a handler with EINTR, or restarted with SA_RESTART), poll,
 * select and epoll readiness, mask updates, SIGKILL and SIGSTOP left out of the
 * mask, a forked child reading the inherited descriptor, SIGCHLD with the
 * child's status (and sigtimedwait's si_status), sigqueue's values (a real-time
 * signal queued three times, a standard one once), and Linux's errors. */
#include "wali_test.h"
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <limits.h>
#include <sys/time.h>
#include <sys/uio.h>

static const char *code_name(int code) {
  switch (code) {
    case SI_USER: return "SI_USER";
    case SI_TKILL: return "SI_TKILL";
    case SI_KERNEL: return "SI_KERNEL";
    case SI_QUEUE: return "SI_QUEUE";
    default: return "other";
  }
}

static const char *sig_name(int sig) {
  switch (sig) {
    case SIGUSR1: return "SIGUSR1";
    case SIGUSR2: return "SIGUSR2";
    case SIGALRM: return "SIGALRM";
    default: return sig == SIGRTMIN + 2 ? "SIGRTMIN+2" : "other";
  }
}

/* Reads one siginfo and prints what it says; checks the sender when it is us. */
static void read_one(int fd, pid_t sender) {
  struct signalfd_siginfo si;
  CHECK_EQ(read(fd, &si, sizeof si), (ssize_t)sizeof si);
  printf("read %s %s\n", sig_name((int)si.ssi_signo), code_name(si.ssi_code));
  if (sender > 0) {
    CHECK_EQ((pid_t)si.ssi_pid, sender);
    CHECK_EQ(si.ssi_uid, getuid());
  }
}

static volatile sig_atomic_t hups;

static void on_hup(int sig) {
  (void)sig;
  hups++;
}

static void sleep_ms(int ms) {
  struct timespec ts = {0, ms * 1000L * 1000L};
  nanosleep(&ts, NULL);
}

static int readable(int fd) {
  struct pollfd p = {fd, POLLIN, 0};
  int n = poll(&p, 1, 0);
  CHECK(n >= 0);
  return n == 1 && (p.revents & POLLIN);
}

int main(void) {
  sigset_t block, usr;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigaddset(&block, SIGUSR2);
  sigaddset(&block, SIGALRM);
  CHECK_SYS(sigprocmask(SIG_BLOCK, &block, NULL));
  sigemptyset(&usr);
  sigaddset(&usr, SIGUSR1);
  sigaddset(&usr, SIGUSR2);

  int fd = signalfd(-1, &usr, SFD_CLOEXEC | SFD_NONBLOCK);
  CHECK(fd >= 0);
  CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
  CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);

  /* Nothing pending: EAGAIN, not readable; a buffer under one siginfo is EINVAL. */
  struct signalfd_siginfo si[3];
  CHECK_ERRNO(read(fd, si, sizeof si[0]), EAGAIN);
  CHECK_ERRNO(read(fd, si, sizeof si[0] - 1), EINVAL);
  CHECK(!readable(fd));

  /* raise (thread-directed) and kill (process-directed), one at a time. */
  CHECK_SYS(raise(SIGUSR1));
  CHECK(readable(fd));
  read_one(fd, getpid());
  CHECK(!readable(fd));
  CHECK_SYS(kill(getpid(), SIGUSR2));
  read_one(fd, getpid());
  CHECK_ERRNO(read(fd, si, sizeof si[0]), EAGAIN);

  /* Both pending: one read takes both, the thread's own signal first. */
  CHECK_SYS(kill(getpid(), SIGUSR1));
  CHECK_SYS(raise(SIGUSR2));
  CHECK_EQ(read(fd, si, sizeof si), (ssize_t)(2 * sizeof si[0]));
  printf("two in one read: %s then %s\n", sig_name((int)si[0].ssi_signo),
         sig_name((int)si[1].ssi_signo));

  /* select sees it too. */
  CHECK_SYS(raise(SIGUSR1));
  fd_set rd;
  FD_ZERO(&rd);
  FD_SET(fd, &rd);
  struct timeval tv = {0, 0};
  CHECK_EQ(select(fd + 1, &rd, NULL, NULL, &tv), 1);
  CHECK(FD_ISSET(fd, &rd));
  read_one(fd, getpid());

  /* A mask update: a pending SIGUSR1 outside the new mask is not readable and
   * stays pending; SIGKILL and SIGSTOP in the mask are ignored. */
  sigset_t alrm;
  sigemptyset(&alrm);
  sigaddset(&alrm, SIGALRM);
  sigaddset(&alrm, SIGKILL);
  sigaddset(&alrm, SIGSTOP);
  CHECK_SYS(raise(SIGUSR1));
  CHECK_EQ(signalfd(fd, &alrm, 0), fd);
  CHECK(!readable(fd));
  sigset_t pend;
  CHECK_SYS(sigpending(&pend));
  CHECK(sigismember(&pend, SIGUSR1));
  CHECK_ERRNO(read(fd, si, sizeof si), EAGAIN);

  /* An interval timer's SIGALRM: poll waits for it. */
  struct itimerval it = {{0, 0}, {0, 20 * 1000}};
  CHECK_SYS(setitimer(ITIMER_REAL, &it, NULL));
  struct pollfd p = {fd, POLLIN, 0};
  CHECK_EQ(poll(&p, 1, 5000), 1);
  read_one(fd, 0);

  /* Back to SIGUSR1 and SIGUSR2: the pending SIGUSR1 is readable again. */
  CHECK_EQ(signalfd(fd, &usr, 0), fd);
  CHECK(readable(fd));
  read_one(fd, getpid());

  /* readv: the siginfos laid across the iovecs, whatever their boundaries. */
  CHECK_SYS(raise(SIGUSR1));
  CHECK_SYS(kill(getpid(), SIGUSR2));
  unsigned char parts[3][100];
  struct iovec iv[3] = {{parts[0], 100}, {parts[1], 100}, {parts[2], 100}};
  CHECK_EQ(readv(fd, iv, 3), (ssize_t)(2 * sizeof si[0]));
  unsigned char joined[300];
  memcpy(joined, parts, sizeof joined);
  memcpy(si, joined, 2 * sizeof si[0]);
  printf("readv: %s then %s\n", sig_name((int)si[0].ssi_signo), sig_name((int)si[1].ssi_signo));
  struct iovec small = {parts[0], 100};
  CHECK_ERRNO(readv(fd, &small, 1), EINVAL);

  /* epoll: not ready, ready while a signal is pending, not ready after the read. */
  int ep = epoll_create1(EPOLL_CLOEXEC);
  CHECK(ep >= 0);
  struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 7};
  CHECK_SYS(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
  struct epoll_event out;
  CHECK_EQ(epoll_wait(ep, &out, 1, 0), 0);
  CHECK_SYS(kill(getpid(), SIGUSR2));
  CHECK_EQ(epoll_wait(ep, &out, 1, 5000), 1);
  CHECK_EQ(out.data.u32, 7u);
  read_one(fd, getpid());
  CHECK_EQ(epoll_wait(ep, &out, 1, 0), 0);
  /* A signal sent while epoll_wait waits wakes it. */
  pid_t sender = fork();
  CHECK(sender >= 0);
  if (sender == 0) {
    sleep_ms(50);
    kill(getppid(), SIGUSR2);
    _exit(0);
  }
  CHECK_EQ(epoll_wait(ep, &out, 1, 5000), 1);
  read_one(fd, sender);
  int sst;
  CHECK_EQ(waitpid(sender, &sst, 0), sender);
  CHECK_SYS(close(ep));

  /* A blocking descriptor: the read waits for a child's kill. */
  sigset_t usr2;
  sigemptyset(&usr2);
  sigaddset(&usr2, SIGUSR2);
  int bfd = signalfd(-1, &usr2, 0);
  CHECK(bfd >= 0);
  CHECK_EQ(fcntl(bfd, F_GETFD), 0);
  CHECK(!(fcntl(bfd, F_GETFL) & O_NONBLOCK));
  pid_t child = fork();
  CHECK(child >= 0);
  if (child == 0) {
    struct timespec ts = {0, 50 * 1000 * 1000};
    nanosleep(&ts, NULL);
    kill(getppid(), SIGUSR2);
    _exit(0);
  }
  read_one(bfd, child);
  int st;
  CHECK_EQ(waitpid(child, &st, 0), child);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);

  /* A handled signal ends the wait: EINTR, or the read goes on with SA_RESTART. */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_hup;
  CHECK_SYS(sigaction(SIGHUP, &sa, NULL));
  child = fork();
  CHECK(child >= 0);
  if (child == 0) {
    for (;;) { /* again and again: one sent before the parent waits would be lost */
      sleep_ms(50);
      kill(getppid(), SIGHUP);
    }
  }
  CHECK_ERRNO(read(bfd, si, sizeof si[0]), EINTR);
  CHECK(hups >= 1);
  CHECK_SYS(kill(child, SIGKILL));
  CHECK_EQ(waitpid(child, &st, 0), child);
  hups = 0;
  sa.sa_flags = SA_RESTART;
  CHECK_SYS(sigaction(SIGHUP, &sa, NULL));
  child = fork();
  CHECK(child >= 0);
  if (child == 0) {
    sleep_ms(50);
    kill(getppid(), SIGHUP);
    sleep_ms(50);
    kill(getppid(), SIGUSR2);
    _exit(0);
  }
  read_one(bfd, child);
  CHECK_EQ(hups, 1);
  printf("restarted after the handler\n");
  CHECK_EQ(waitpid(child, &st, 0), child);

  /* A forked child reads its own signals through the inherited descriptor. */
  child = fork();
  CHECK(child >= 0);
  if (child == 0) {
    struct signalfd_siginfo c;
    if (read(fd, &c, sizeof c) != -1 || errno != EAGAIN) _exit(2);
    if (raise(SIGUSR1) != 0) _exit(3);
    if (read(fd, &c, sizeof c) != (ssize_t)sizeof c) _exit(4);
    if (c.ssi_signo != SIGUSR1 || (pid_t)c.ssi_pid != getpid()) _exit(5);
    _exit(0);
  }
  CHECK_EQ(waitpid(child, &st, 0), child);
  CHECK(WIFEXITED(st));
  printf("child read its own: %d\n", WEXITSTATUS(st));
  CHECK_ERRNO(read(fd, si, sizeof si[0]), EAGAIN);

  /* SIGCHLD: the child's pid, CLD_EXITED and its exit status; then the same
   * through sigtimedwait, for a child killed by a signal. */
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  CHECK_SYS(sigprocmask(SIG_BLOCK, &chld, NULL));
  /* Forget a SIGCHLD of the children above that could still be pending (none
   * on Linux, which drops an ignored signal when it is sent). */
  struct timespec none = {0, 0};
  while (sigtimedwait(&chld, NULL, &none) == SIGCHLD) {
  }
  int cfd = signalfd(-1, &chld, 0);
  CHECK(cfd >= 0);
  child = fork();
  CHECK(child >= 0);
  if (child == 0) {
    _exit(7);
  }
  struct signalfd_siginfo cs;
  CHECK_EQ(read(cfd, &cs, sizeof cs), (ssize_t)sizeof cs);
  CHECK_EQ((pid_t)cs.ssi_pid, child);
  printf("SIGCHLD: signo %s, CLD_EXITED %s, status %d\n",
         cs.ssi_signo == SIGCHLD ? "ok" : "wrong", cs.ssi_code == CLD_EXITED ? "yes" : "no",
         cs.ssi_status);
  CHECK_EQ(waitpid(child, &st, 0), child);
  child = fork();
  CHECK(child >= 0);
  if (child == 0) {
    for (;;) pause();
  }
  CHECK_SYS(kill(child, SIGTERM));
  siginfo_t wi;
  struct timespec five = {5, 0};
  CHECK_EQ(sigtimedwait(&chld, &wi, &five), SIGCHLD);
  CHECK_EQ(wi.si_pid, child);
  printf("sigtimedwait SIGCHLD: CLD_KILLED %s, status %s\n",
         wi.si_code == CLD_KILLED ? "yes" : "no", wi.si_status == SIGTERM ? "SIGTERM" : "other");
  CHECK_EQ(waitpid(child, &st, 0), child);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
  CHECK_SYS(close(cfd));

  /* sigqueue: SI_QUEUE with the sender's pid and value. A real-time signal
   * queues each one sent; a standard one already pending keeps the first. */
  sigset_t rt;
  sigemptyset(&rt);
  sigaddset(&rt, SIGRTMIN + 2);
  sigaddset(&rt, SIGUSR1);
  CHECK_SYS(sigprocmask(SIG_BLOCK, &rt, NULL));
  int qfd = signalfd(-1, &rt, SFD_NONBLOCK);
  CHECK(qfd >= 0);
  union sigval v;
  for (int i = 1; i <= 3; i++) {
    v.sival_int = i * 10;
    CHECK_SYS(sigqueue(getpid(), SIGRTMIN + 2, v));
  }
  v.sival_int = 42;
  CHECK_SYS(sigqueue(getpid(), SIGUSR1, v));
  v.sival_int = 43;
  CHECK_SYS(sigqueue(getpid(), SIGUSR1, v));
  struct signalfd_siginfo q[8];
  CHECK_EQ(read(qfd, q, sizeof q), (ssize_t)(4 * sizeof q[0]));
  for (int i = 0; i < 4; i++) {
    printf("queued %s %s %d\n", sig_name((int)q[i].ssi_signo), code_name(q[i].ssi_code),
           q[i].ssi_int);
    CHECK_EQ((pid_t)q[i].ssi_pid, getpid());
  }
  CHECK_SYS(close(qfd));
  v.sival_int = 7;
  CHECK_SYS(sigqueue(getpid(), SIGUSR2, v));
  CHECK_EQ(sigtimedwait(&usr2, &wi, &five), SIGUSR2);
  printf("sigtimedwait: %s %d\n", code_name(wi.si_code), wi.si_value.sival_int);
  siginfo_t forged;
  memset(&forged, 0, sizeof forged);
  forged.si_signo = SIGUSR1;
  forged.si_code = SI_USER;
  CHECK_ERRNO(syscall(SYS_rt_sigqueueinfo, (long)getppid(), 0L, (long)&forged), EPERM);
  forged.si_code = SI_QUEUE;
  CHECK_ERRNO(syscall(SYS_rt_sigqueueinfo, (long)INT_MAX, (long)SIGUSR1, (long)&forged), ESRCH);
  CHECK_ERRNO(syscall(SYS_rt_sigqueueinfo, (long)getpid(), 65L, (long)&forged), EINVAL);
  CHECK_ERRNO(syscall(SYS_rt_sigqueueinfo, (long)getpid(), (long)SIGUSR1, -1L), EFAULT);

  /* Errors: another kind of fd, a closed one, bad flags, a bad mask size or
   * pointer; a signalfd cannot be written. */
  int pp[2];
  CHECK_SYS(pipe(pp));
  CHECK_ERRNO(signalfd(pp[0], &usr, 0), EINVAL);
  CHECK_ERRNO(signalfd(999, &usr, 0), EBADF);
  CHECK_ERRNO(signalfd(-1, &usr, 1), EINVAL);
  CHECK_ERRNO(signalfd(-1, &usr, O_APPEND), EINVAL);
  CHECK_ERRNO(syscall(SYS_signalfd4, -1L, (long)&usr, 4L, 0L), EINVAL);
  CHECK_ERRNO(syscall(SYS_signalfd4, -2L, (long)&usr, 8L, 0L), EBADF);
  CHECK_ERRNO(syscall(SYS_signalfd4, -1L, -1L, 8L, 0L), EFAULT);
  CHECK_ERRNO(syscall(SYS_signalfd, -1L, (long)&usr, 16L), EINVAL);
  uint64_t one = 1;
  CHECK_ERRNO(write(fd, &one, sizeof one), EINVAL);
  int plain = (int)syscall(SYS_signalfd, -1L, (long)&usr, 8L);
  CHECK(plain >= 0);
  CHECK_EQ(fcntl(plain, F_GETFD), 0);

  CHECK_SYS(close(plain));
  CHECK_SYS(close(pp[0]));
  CHECK_SYS(close(pp[1]));
  CHECK_SYS(close(bfd));
  CHECK_SYS(close(fd));
  printf("PASS\n");
  return 0;
}
