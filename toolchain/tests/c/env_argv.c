/* environment: argv echo. Run with arguments, it prints them; run without, it
 * re-executes itself with a fixed argument list and checks the echo, and also
 * checks the initial environment passes through execve unchanged. */
#include "wali_test.h"

extern char **environ;

static int echo(int argc, char **argv) {
  printf("argc=%d\n", argc - 1); /* argv[0] is a path and varies; skip it */
  for (int i = 2; i < argc; i++) {
    printf("[%s]\n", argv[i]);
  }
  CHECK(argv[argc] == NULL);
  const char *e1 = getenv("ECHO_ONE");
  const char *e2 = getenv("ECHO_TWO");
  printf("ECHO_ONE=%s ECHO_TWO=%s\n", e1 ? e1 : "-", e2 ? e2 : "-");
  return 0;
}

int main(int argc, char **argv) {
  CHECK(argc >= 1);
  CHECK(argv[0] != NULL && argv[0][0] != '\0');
  if (argc > 1 && strcmp(argv[1], "--echo") == 0) {
    return echo(argc, argv);
  }
  CHECK_EQ(argc, 1);

  int p[2];
  CHECK_SYS(pipe(p));
  pid_t pid = wt_fork();
  if (pid == 0) {
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    static char longarg[3000];
    memset(longarg, 'L', sizeof longarg - 1);
    char *args[] = {argv[0], "--echo", "simple", "with space", "", "ünïcödé", "-dash",
                    "quote\"d", longarg + sizeof longarg - 11, NULL};
    char *env[] = {"ECHO_ONE=1", "ECHO_TWO=two=2", NULL};
    execve(argv[0], args, env);
    _exit(127);
  }
  CHECK_SYS(close(p[1]));
  char out[1024] = {0};
  wt_read_full(p[0], out, sizeof out - 1);
  CHECK_SYS(close(p[0]));
  CHECK_EQ(wt_wait_exit(pid), 0);
  printf("%s", out);
  CHECK_STR(out,
            "argc=8\n[simple]\n[with space]\n[]\n[ünïcödé]\n[-dash]\n[quote\"d]\n"
            "[LLLLLLLLLL]\nECHO_ONE=1 ECHO_TWO=two=2\n");

  /* Our own environment is inherited by a child that execs us with environ. */
  CHECK_SYS(setenv("ECHO_ONE", "inherited", 1));
  CHECK_SYS(unsetenv("ECHO_TWO"));
  CHECK_SYS(pipe(p));
  pid = wt_fork();
  if (pid == 0) {
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    char *args[] = {argv[0], "--echo", NULL};
    execve(argv[0], args, environ);
    _exit(127);
  }
  CHECK_SYS(close(p[1]));
  memset(out, 0, sizeof out);
  wt_read_full(p[0], out, sizeof out - 1);
  CHECK_SYS(close(p[0]));
  CHECK_EQ(wt_wait_exit(pid), 0);
  printf("%s", out);
  CHECK_STR(out, "argc=1\nECHO_ONE=inherited ECHO_TWO=-\n");
  printf("PASS\n");
  return 0;
}
