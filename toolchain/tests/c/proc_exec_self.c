/* processes: re-exec of this same program (argv[0]) with arguments and a chosen
 * environment; the child's output comes back through a pipe. */
#include "wali_test.h"

extern char **environ;

static int child_main(int argc, char **argv) {
  printf("child argc=%d\n", argc);
  for (int i = 1; i < argc; i++) {
    printf("argv[%d]=<%s>\n", i, argv[i]);
  }
  const char *v = getenv("WALI_CHILD_VAR");
  printf("WALI_CHILD_VAR=%s\n", v ? v : "(unset)");
  int n = 0;
  for (char **e = environ; *e != NULL; e++) {
    n++;
  }
  printf("environ entries=%d\n", n);
  return 17;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--child") == 0) {
    return child_main(argc, argv);
  }
  int p[2];
  CHECK_SYS(pipe(p));
  pid_t pid = wt_fork();
  if (pid == 0) {
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    char *args[] = {argv[0], "--child", "two words", "", "tab\there", NULL};
    char *env[] = {"WALI_CHILD_VAR=hello=world", "OTHER=1", NULL};
    execve(argv[0], args, env);
    _exit(127);
  }
  CHECK_SYS(close(p[1]));
  char out[512] = {0};
  wt_read_full(p[0], out, sizeof out - 1);
  CHECK_SYS(close(p[0]));
  CHECK_EQ(wt_wait_exit(pid), 17);
  printf("--- child output ---\n%s--- end ---\n", out);
  CHECK_STR(out,
            "child argc=5\nargv[1]=<--child>\nargv[2]=<two words>\nargv[3]=<>\n"
            "argv[4]=<tab\there>\nWALI_CHILD_VAR=hello=world\nenviron entries=2\n");

  /* exec without fork replaces this image: done in a child, which must never
   * return from execv. */
  pid = wt_fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    char *args[] = {argv[0], "--child", NULL};
    execv(argv[0], args);
    _exit(127);
  }
  CHECK_EQ(wt_wait_exit(pid), 17);
  printf("PASS\n");
  return 0;
}
