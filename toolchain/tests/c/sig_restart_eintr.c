/* signals: a handler with SA_RESTART lets an interrupted blocking read and
 * wait go on; without it they fail with EINTR. kill(0, sig) reaches the
 * caller's whole group; siglongjmp out of a handler leaves a blocked read. */
#include "wali_test.h"
#include <setjmp.h>
#include <signal.h>
#include <sys/time.h>

static volatile sig_atomic_t hits;
static sigjmp_buf jb;

static void on_alrm(int sig) {
  (void)sig;
  hits++;
}

static void on_usr1_jump(int sig) {
  (void)sig;
  siglongjmp(jb, 5);
}

static void arm_ms(int ms) {
  struct itimerval it = {{0, 0}, {0, ms * 1000}};
  CHECK_SYS(setitimer(ITIMER_REAL, &it, NULL));
}

static void handle(int sig, void (*fn)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sa.sa_flags = flags;
  CHECK_SYS(sigaction(sig, &sa, NULL));
}

int main(void) {
  sigset_t none;
  sigemptyset(&none);
  CHECK_SYS(sigprocmask(SIG_SETMASK, &none, NULL));

  /* SA_RESTART: the read goes on after the handler and gets the child's byte. */
  handle(SIGALRM, on_alrm, SA_RESTART);
  int p[2];
  CHECK_SYS(pipe(p));
  pid_t c = wt_fork();
  if (c == 0) {
    close(p[0]);
    wt_sleep_ms(300);
    wt_write_all(p[1], "k", 1);
    _exit(0);
  }
  CHECK_SYS(close(p[1]));
  arm_ms(50);
  char ch = 0;
  CHECK_EQ(read(p[0], &ch, 1), 1);
  CHECK_EQ(ch, 'k');
  CHECK_EQ(hits, 1);
  CHECK_EQ(wt_wait_exit(c), 0);
  CHECK_SYS(close(p[0]));
  printf("SA_RESTART: read restarted after the handler\n");

  /* Without SA_RESTART the same read fails with EINTR. */
  handle(SIGALRM, on_alrm, 0);
  CHECK_SYS(pipe(p));
  arm_ms(50);
  CHECK_ERRNO(read(p[0], &ch, 1), EINTR);
  CHECK_EQ(hits, 2);
  printf("no SA_RESTART: read failed with EINTR\n");

  /* wait4 likewise. */
  c = wt_fork();
  if (c == 0) {
    wt_sleep_ms(300);
    _exit(7);
  }
  arm_ms(50);
  int st;
  CHECK_ERRNO(waitpid(c, &st, 0), EINTR);
  handle(SIGALRM, on_alrm, SA_RESTART);
  arm_ms(50);
  CHECK_EQ(waitpid(c, &st, 0), c);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7);
  CHECK_EQ(hits, 4);
  printf("waitpid: EINTR, then restarted\n");

  /* siglongjmp out of a handler that interrupted a blocked read. */
  handle(SIGUSR1, on_usr1_jump, 0);
  pid_t me = getpid();
  c = wt_fork();
  if (c == 0) {
    wt_sleep_ms(100);
    kill(me, SIGUSR1);
    _exit(0);
  }
  int v = sigsetjmp(jb, 1);
  if (v == 0) {
    (void)read(p[0], &ch, 1); /* nothing ever arrives */
    WT_FAIL("read returned");
  }
  CHECK_EQ(v, 5);
  sigset_t cur;
  CHECK_SYS(sigprocmask(SIG_BLOCK, NULL, &cur));
  CHECK(!sigismember(&cur, SIGUSR1));
  CHECK_EQ(wt_wait_exit(c), 0);
  printf("siglongjmp left the blocked read with %d\n", v);

  /* kill(0, sig) reaches every process of the caller's group, itself included:
   * a child leads a group of its own, ignores SIGUSR2 and kills its group. */
  c = wt_fork();
  if (c == 0) {
    CHECK_SYS(setpgid(0, 0));
    handle(SIGUSR2, SIG_IGN, 0);
    int ready[2];
    CHECK_SYS(pipe(p));
    CHECK_SYS(pipe(ready));
    pid_t g = fork();
    if (g == 0) {
      handle(SIGUSR2, SIG_DFL, 0);
      close(p[1]);
      wt_write_all(ready[1], "r", 1);
      char x;
      (void)read(p[0], &x, 1);
      _exit(0);
    }
    if (g < 0) {
      _exit(9);
    }
    char r;
    CHECK_EQ(wt_read_full(ready[0], &r, 1), 1); /* the grandchild has SIG_DFL now */
    CHECK_SYS(kill(0, SIGUSR2)); /* ignored here, fatal in the grandchild */
    int gs;
    if (waitpid(g, &gs, 0) != g || !WIFSIGNALED(gs)) {
      _exit(8);
    }
    _exit(WTERMSIG(gs));
  }
  CHECK_EQ(wt_wait_exit(c), SIGUSR2);
  printf("kill(0): the group member died of %d\n", SIGUSR2);
  printf("PASS\n");
  return 0;
}
