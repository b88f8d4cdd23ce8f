/* setjmp/longjmp: sigsetjmp(env, 1) restores the signal mask on siglongjmp,
 * sigsetjmp(env, 0) does not; siglongjmp out of a signal handler. */
#include "wali_test.h"
#include <setjmp.h>
#include <signal.h>

static sigjmp_buf jb;
static volatile sig_atomic_t handled;

static void on_usr1(int sig) {
  handled = sig;
  siglongjmp(jb, 7);
}

static int blocked(int sig) {
  sigset_t cur;
  CHECK_SYS(sigprocmask(SIG_BLOCK, NULL, &cur));
  return sigismember(&cur, sig);
}

int main(void) {
  sigset_t none, usr2;
  sigemptyset(&none);
  CHECK_SYS(sigprocmask(SIG_SETMASK, &none, NULL));
  sigemptyset(&usr2);
  sigaddset(&usr2, SIGUSR2);

  /* savesigs = 1: the mask at sigsetjmp time comes back. */
  if (sigsetjmp(jb, 1) == 0) {
    CHECK_SYS(sigprocmask(SIG_BLOCK, &usr2, NULL));
    CHECK(blocked(SIGUSR2));
    siglongjmp(jb, 1);
  }
  CHECK(!blocked(SIGUSR2));
  printf("savesigs=1: mask restored\n");

  /* savesigs = 0: the mask stays as it was at the jump. */
  if (sigsetjmp(jb, 0) == 0) {
    CHECK_SYS(sigprocmask(SIG_BLOCK, &usr2, NULL));
    siglongjmp(jb, 1);
  }
  CHECK(blocked(SIGUSR2));
  CHECK_SYS(sigprocmask(SIG_SETMASK, &none, NULL));
  printf("savesigs=0: mask kept\n");

  /* Jump out of a handler: SIGUSR1 (blocked while the handler ran) is
   * unblocked again because the mask was saved. */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  CHECK_SYS(sigaction(SIGUSR1, &sa, NULL));
  volatile int rounds = 0;
  int r = sigsetjmp(jb, 1);
  if (r == 0 || rounds < 3) {
    if (r != 0) {
      CHECK_EQ(r, 7);
    }
    rounds++;
    raise(SIGUSR1);
    WT_FAIL("handler did not jump");
  }
  CHECK_EQ(handled, SIGUSR1);
  CHECK_EQ(rounds, 3);
  CHECK(!blocked(SIGUSR1));
  printf("left the handler %d times via siglongjmp\n", rounds);
  printf("PASS\n");
  return 0;
}
