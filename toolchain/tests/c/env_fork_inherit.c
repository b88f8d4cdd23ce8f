/* environment: a forked child inherits the environment; its changes stay in
 * the child; a large environment survives execve intact. */
#include "wali_test.h"

extern char **environ;

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--count") == 0) {
    int n = 0;
    long sum = 0;
    for (char **e = environ; *e; e++) {
      if (strncmp(*e, "BIG_", 4) == 0) {
        n++;
        sum += atoi(strchr(*e, '=') + 1);
      }
    }
    printf("%d %ld\n", n, sum);
    return 0;
  }
  CHECK_SYS(setenv("INHERIT_ME", "parent-value", 1));
  int p[2];
  CHECK_SYS(pipe(p));
  pid_t pid = wt_fork();
  if (pid == 0) {
    const char *v = getenv("INHERIT_ME");
    int ok = v != NULL && strcmp(v, "parent-value") == 0;
    setenv("INHERIT_ME", "child-value", 1);
    setenv("CHILD_ONLY", "1", 1);
    char c = ok ? 'y' : 'n';
    wt_write_all(p[1], &c, 1);
    _exit(0);
  }
  char c;
  CHECK_EQ(wt_read_full(p[0], &c, 1), 1);
  CHECK_EQ(wt_wait_exit(pid), 0);
  CHECK_SYS(close(p[0]));
  CHECK_SYS(close(p[1]));
  CHECK_EQ(c, 'y');
  CHECK_STR(getenv("INHERIT_ME"), "parent-value");
  CHECK(getenv("CHILD_ONLY") == NULL);
  printf("child inherited; its changes stayed private\n");

  /* 500 variables with 40-byte values through execve. */
  for (int i = 0; i < 500; i++) {
    char name[16], value[48];
    snprintf(name, sizeof name, "BIG_%03d", i);
    snprintf(value, sizeof value, "%d-%s", i, "padding-padding-padding-padding");
    CHECK_SYS(setenv(name, value, 1));
  }
  CHECK_SYS(pipe(p));
  pid = wt_fork();
  if (pid == 0) {
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    char *args[] = {argv[0], "--count", NULL};
    execve(argv[0], args, environ);
    _exit(127);
  }
  CHECK_SYS(close(p[1]));
  char out[64] = {0};
  wt_read_full(p[0], out, sizeof out - 1);
  CHECK_SYS(close(p[0]));
  CHECK_EQ(wt_wait_exit(pid), 0);
  printf("exec'd child counted: %s", out);
  CHECK_STR(out, "500 124750\n");
  printf("PASS\n");
  return 0;
}
