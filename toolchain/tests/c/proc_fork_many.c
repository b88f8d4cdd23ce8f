/* processes under load: 1000 forks one after another (each child _exits with
 * its own status, the parent reaps it with waitpid and checks it), then 100
 * children alive at once, all blocked reading one pipe until the parent
 * releases them with one byte each, then reaped in any order with wait(). */
#include "wali_test.h"
#include <sys/wait.h>

enum { SEQUENTIAL = 1000, CONCURRENT = 100 };

int main(void) {
  long sum = 0;
  for (int i = 0; i < SEQUENTIAL; i++) {
    pid_t pid = wt_fork();
    if (pid == 0) {
      _exit(i % 251);
    }
    int st = wt_wait_exit(pid);
    CHECK_EQ(st, i % 251);
    sum += st;
  }
  printf("%d sequential forks reaped, statuses sum to %ld\n", SEQUENTIAL, sum);

  int p[2];
  CHECK_SYS(pipe(p));
  pid_t kids[CONCURRENT];
  for (int i = 0; i < CONCURRENT; i++) {
    kids[i] = wt_fork();
    if (kids[i] == 0) {
      close(p[1]);
      char c;
      ssize_t n;
      do {
        n = read(p[0], &c, 1);
      } while (n < 0 && errno == EINTR);
      _exit(n == 1 && c == 'x' ? 100 + i % 100 : 1);
    }
  }
  /* Every child is alive and blocked: none can have exited before the release. */
  int status;
  CHECK_EQ(waitpid(-1, &status, WNOHANG), 0);
  char release[CONCURRENT];
  memset(release, 'x', sizeof release);
  CHECK_EQ(write(p[1], release, sizeof release), CONCURRENT);
  close(p[1]);
  close(p[0]);
  int seen[CONCURRENT] = {0};
  for (int n = 0; n < CONCURRENT; n++) {
    pid_t r;
    do {
      r = wait(&status);
    } while (r < 0 && errno == EINTR);
    CHECK(r > 0);
    int k = -1;
    for (int i = 0; i < CONCURRENT; i++) {
      if (kids[i] == r) {
        k = i;
      }
    }
    CHECK(k >= 0);
    CHECK(WIFEXITED(status));
    CHECK_EQ(WEXITSTATUS(status), 100 + k % 100);
    seen[k]++;
  }
  for (int i = 0; i < CONCURRENT; i++) {
    CHECK_EQ(seen[i], 1);
  }
  CHECK_ERRNO(wait(&status), ECHILD);
  printf("%d concurrent children released and reaped\n", CONCURRENT);
  printf("PASS\n");
  return 0;
}
