/* signals: code that makes no syscall still sees signals and the end of its
 * process. alarm(1) interrupts a loop spinning on a volatile flag, whose
 * handler sets it; a child spinning in pure computation dies of the parent's
 * kill(SIGTERM); a thread spinning in pure computation ends with its process
 * when another thread calls exit (status kept). Every spin is bounded by a
 * count far beyond what a second of spinning reaches. */
#include "wali_test.h"
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>

#define SPIN_LIMIT 50000000000ULL

static volatile sig_atomic_t fired;
static atomic_int spinner_started;
static volatile unsigned long long sink;

static void on_alarm(int sig) {
  fired = sig;
}

/* Pure computation: no syscall, no libc call, until *stop or the limit. */
static unsigned long long spin(volatile sig_atomic_t *stop) {
  unsigned long long i = 0, x = 1;
  while ((stop == NULL || !*stop) && i < SPIN_LIMIT) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    i++;
  }
  sink = x;
  return i;
}

static void *spinner(void *arg) {
  (void)arg;
  atomic_store(&spinner_started, 1);
  spin(NULL);
  return NULL;
}

int main(void) {
  sigset_t none;
  sigemptyset(&none);
  CHECK_SYS(sigprocmask(SIG_SETMASK, &none, NULL));

  /* 1. A handler runs in the middle of a loop without syscalls. */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  CHECK_SYS(sigaction(SIGALRM, &sa, NULL));
  CHECK_EQ(alarm(1), 0);
  unsigned long long n = spin(&fired);
  CHECK_EQ(fired, SIGALRM);
  CHECK(n < SPIN_LIMIT);
  printf("alarm interrupted a loop without syscalls\n");

  /* 2. A child spinning without syscalls is killed by SIGTERM. */
  int p[2];
  CHECK_SYS(pipe(p));
  pid_t pid = wt_fork();
  if (pid == 0) {
    signal(SIGTERM, SIG_DFL);
    close(p[0]);
    char c = 'r';
    wt_write_all(p[1], &c, 1);
    spin(NULL);
    _exit(0);
  }
  CHECK_SYS(close(p[1]));
  char c;
  CHECK_EQ(read(p[0], &c, 1), 1); /* the child is about to spin */
  CHECK_SYS(close(p[0]));
  wt_sleep_ms(50);
  CHECK_SYS(kill(pid, SIGTERM));
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFSIGNALED(st));
  CHECK_EQ(WTERMSIG(st), SIGTERM);
  printf("spinning child killed by SIGTERM\n");

  /* 3. exit() from main ends a process whose other thread spins. */
  pid = wt_fork();
  if (pid == 0) {
    pthread_t t;
    if (pthread_create(&t, NULL, spinner, NULL) != 0) {
      _exit(1);
    }
    for (int i = 0; i < 2000 && !atomic_load(&spinner_started); i++) {
      wt_sleep_ms(1);
    }
    wt_sleep_ms(20);
    exit(atomic_load(&spinner_started) ? 7 : 2);
  }
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFEXITED(st));
  CHECK_EQ(WEXITSTATUS(st), 7);
  printf("exit ended the process of a spinning thread\n");
  printf("PASS\n");
  return 0;
}
