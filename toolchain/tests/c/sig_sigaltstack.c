/* signals: sigaltstack installs, reports and disables an alternate signal
 * stack; an SA_ONSTACK handler runs with SS_ONSTACK set. */
#include "wali_test.h"
#include <signal.h>

static volatile sig_atomic_t on_alt;

static void handler(int sig) {
  (void)sig;
  stack_t cur;
  if (sigaltstack(NULL, &cur) == 0) {
    on_alt = (cur.ss_flags & SS_ONSTACK) ? 1 : 2;
  }
}

int main(void) {
  stack_t old;
  CHECK_SYS(sigaltstack(NULL, &old));
  CHECK(old.ss_flags & SS_DISABLE);

  size_t size = 64 * 1024;
  void *mem = malloc(size);
  CHECK(mem != NULL);
  stack_t ss = {0};
  ss.ss_sp = mem;
  ss.ss_size = size;
  ss.ss_flags = 0;
  CHECK_SYS(sigaltstack(&ss, NULL));
  stack_t cur;
  CHECK_SYS(sigaltstack(NULL, &cur));
  CHECK(cur.ss_sp == mem);
  CHECK_EQ(cur.ss_size, size);
  CHECK_EQ(cur.ss_flags, 0);
  printf("alternate stack installed\n");

  sigset_t none;
  sigemptyset(&none);
  CHECK_SYS(sigprocmask(SIG_SETMASK, &none, NULL));
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sa.sa_flags = SA_ONSTACK;
  CHECK_SYS(sigaction(SIGUSR1, &sa, NULL));
  CHECK_SYS(raise(SIGUSR1));
  CHECK_EQ(on_alt, 1);
  /* Without SA_ONSTACK the handler runs on the normal stack. */
  sa.sa_flags = 0;
  CHECK_SYS(sigaction(SIGUSR1, &sa, NULL));
  CHECK_SYS(raise(SIGUSR1));
  CHECK_EQ(on_alt, 2);
  printf("SA_ONSTACK handler ran on the alternate stack\n");

  /* Too small a stack is refused; disabling works. */
  stack_t tiny = {0};
  tiny.ss_sp = mem;
  tiny.ss_size = 16;
  CHECK_ERRNO(sigaltstack(&tiny, NULL), ENOMEM);
  stack_t bad = ss;
  bad.ss_flags = 0x1234;
  CHECK_ERRNO(sigaltstack(&bad, NULL), EINVAL);
  stack_t off = {0};
  off.ss_flags = SS_DISABLE;
  CHECK_SYS(sigaltstack(&off, &cur));
  CHECK(cur.ss_sp == mem);
  CHECK_SYS(sigaltstack(NULL, &cur));
  CHECK(cur.ss_flags & SS_DISABLE);
  free(mem);
  printf("PASS\n");
  return 0;
}
