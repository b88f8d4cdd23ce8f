/* signals: an SA_ONSTACK handler really runs on the alternate stack (its
 * locals lie inside it), a nested SA_ONSTACK signal stays on it, deeper; a
 * handler without SA_ONSTACK, or with the stack disabled, runs on the normal
 * stack; the interrupted code's stack is as it was afterwards, also after a
 * siglongjmp out of a handler on the alternate stack; each thread has its own
 * alternate stack and a new thread starts without one. */
#include "wali_test.h"
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>

#define ALT_SIZE (64 * 1024)

static char *alt;
static volatile int inside, nested_inside, nested_deeper, reported_onstack;
static volatile uintptr_t outer_local;
static sigjmp_buf jb;

static int on_alt(const void *p) {
  uintptr_t a = (uintptr_t)p;
  return a >= (uintptr_t)alt && a < (uintptr_t)alt + ALT_SIZE;
}

static void on_usr2(int sig) {
  (void)sig;
  volatile char local[32];
  local[0] = 1;
  nested_inside = on_alt((const void *)local);
  nested_deeper = (uintptr_t)local < outer_local;
}

static void on_usr1(int sig) {
  (void)sig;
  volatile char local[32];
  local[0] = 1;
  inside = on_alt((const void *)local);
  outer_local = (uintptr_t)local;
  stack_t cur;
  reported_onstack = sigaltstack(NULL, &cur) == 0 && (cur.ss_flags & SS_ONSTACK) != 0;
  raise(SIGUSR2);
}

static void on_jump(int sig) {
  (void)sig;
  volatile char local[32];
  local[0] = 1;
  inside = on_alt((const void *)local);
  siglongjmp(jb, 1);
}

/* The address of a local of a frame one call below the caller. */
static volatile uintptr_t probed;

static __attribute__((noinline)) uintptr_t probe(void) {
  volatile char local[32];
  local[0] = 1;
  probed = (uintptr_t)local;
  return probed;
}

static void handle(int sig, void (*fn)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sa.sa_flags = flags;
  sigemptyset(&sa.sa_mask);
  CHECK_SYS(sigaction(sig, &sa, NULL));
}

static void *thread_main(void *arg) {
  (void)arg;
  stack_t cur;
  CHECK_SYS(sigaltstack(NULL, &cur));
  CHECK(cur.ss_flags & SS_DISABLE);
  inside = -1;
  CHECK_EQ(pthread_kill(pthread_self(), SIGUSR1), 0);
  CHECK_EQ(inside, 0);
  return NULL;
}

int main(void) {
  alt = malloc(ALT_SIZE);
  CHECK(alt != NULL);
  stack_t ss = {0};
  ss.ss_sp = alt;
  ss.ss_size = ALT_SIZE;
  CHECK_SYS(sigaltstack(&ss, NULL));
  sigset_t none;
  sigemptyset(&none);
  CHECK_SYS(sigprocmask(SIG_SETMASK, &none, NULL));

  uintptr_t before = probe();
  CHECK(!on_alt((const void *)before));
  handle(SIGUSR1, on_usr1, SA_ONSTACK);
  handle(SIGUSR2, on_usr2, SA_ONSTACK);
  CHECK_SYS(raise(SIGUSR1));
  printf("SA_ONSTACK handler's local inside the alternate stack: %s\n", inside ? "yes" : "no");
  printf("sigaltstack reported SS_ONSTACK there: %s\n", reported_onstack ? "yes" : "no");
  printf("nested SA_ONSTACK handler inside too: %s, deeper: %s\n", nested_inside ? "yes" : "no",
         nested_deeper ? "yes" : "no");
  CHECK_EQ(probe(), before);
  stack_t cur;
  CHECK_SYS(sigaltstack(NULL, &cur));
  CHECK_EQ(cur.ss_flags & SS_ONSTACK, 0);
  printf("after the handler the stack is as before\n");

  handle(SIGUSR1, on_usr1, 0);
  handle(SIGUSR2, on_usr2, 0);
  CHECK_SYS(raise(SIGUSR1));
  printf("without SA_ONSTACK: inside %s, nested inside %s\n", inside ? "yes" : "no",
         nested_inside ? "yes" : "no");

  handle(SIGUSR1, on_jump, SA_ONSTACK);
  if (sigsetjmp(jb, 1) == 0) {
    CHECK_SYS(raise(SIGUSR1));
    CHECK(0);
  }
  printf("siglongjmp out of a handler on the alternate stack (it ran there: %s)\n",
         inside ? "yes" : "no");
  CHECK(!on_alt((const void *)probe()));
  CHECK_SYS(sigaltstack(NULL, &cur));
  CHECK_EQ(cur.ss_flags & SS_ONSTACK, 0);
  printf("back on the normal stack after the jump\n");

  /* A new thread has no alternate stack: its SA_ONSTACK handler runs on its own stack. */
  handle(SIGUSR1, on_usr1, SA_ONSTACK);
  handle(SIGUSR2, on_usr2, SA_ONSTACK);
  pthread_t th;
  CHECK_EQ(pthread_create(&th, NULL, thread_main, NULL), 0);
  CHECK_EQ(pthread_join(th, NULL), 0);
  printf("a new thread starts without an alternate stack\n");

  stack_t off = {0};
  off.ss_flags = SS_DISABLE;
  CHECK_SYS(sigaltstack(&off, NULL));
  CHECK_SYS(raise(SIGUSR1));
  printf("disabled: SA_ONSTACK handler inside %s\n", inside ? "yes" : "no");
  free(alt);
  printf("PASS\n");
  return 0;
}
