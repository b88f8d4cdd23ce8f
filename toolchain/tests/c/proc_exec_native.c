/* processes: execve of ordinary host programs (/bin/true, /bin/false, /bin/sh)
 * from a forked child; exec failures leave the caller running. */
#include "wali_test.h"

extern char **environ;

static const char *find(const char *a, const char *b) {
  return access(a, X_OK) == 0 ? a : b;
}

static int run(const char *path, char *const argv[]) {
  pid_t pid = wt_fork();
  if (pid == 0) {
    execve(path, argv, environ);
    _exit(127);
  }
  return wt_wait_exit(pid);
}

int main(void) {
  const char *t = find("/bin/true", "/usr/bin/true");
  const char *f = find("/bin/false", "/usr/bin/false");
  char *targs[] = {"true", NULL};
  char *fargs[] = {"false", NULL};
  printf("true -> %d\n", run(t, targs));
  printf("false -> %d\n", run(f, fargs));
  CHECK_EQ(run(t, targs), 0);
  CHECK_EQ(run(f, fargs), 1);

  /* /bin/sh with arguments and a pipe back to us. */
  int p[2];
  CHECK_SYS(pipe(p));
  pid_t pid = wt_fork();
  if (pid == 0) {
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    char *sargs[] = {"sh", "-c", "echo from-sh \"$0\" $1; exit 9", "zero", "one", NULL};
    char *env[] = {"PATH=/usr/bin:/bin", NULL};
    execve("/bin/sh", sargs, env);
    _exit(127);
  }
  CHECK_SYS(close(p[1]));
  char out[64] = {0};
  wt_read_full(p[0], out, sizeof out - 1);
  CHECK_SYS(close(p[0]));
  CHECK_EQ(wt_wait_exit(pid), 9);
  printf("sh said: %s", out);
  CHECK_STR(out, "from-sh zero one\n");

  /* Failing execs return -1 with errno and do not replace the caller. */
  char *none[] = {"x", NULL};
  CHECK_ERRNO(execve(wt_path("missing"), none, environ), ENOENT);
  int fd = open(wt_path("noexec"), O_CREAT | O_WRONLY, 0644);
  CHECK(fd >= 0);
  wt_write_all(fd, "#!/bin/sh\nexit 0\n", 17);
  CHECK_SYS(close(fd));
  CHECK_ERRNO(execve(wt_path("noexec"), none, environ), EACCES);
  CHECK_ERRNO(execve(wt_tmpdir(), none, environ), EACCES);
  /* A script with a shebang runs once it is executable. */
  CHECK_SYS(chmod(wt_path("noexec"), 0755));
  char *sc[] = {"script", NULL};
  printf("script -> %d\n", run(wt_path("noexec"), sc));
  /* execvp searches PATH. */
  pid = wt_fork();
  if (pid == 0) {
    setenv("PATH", "/usr/bin:/bin", 1);
    char *a[] = {"true", NULL};
    execvp("true", a);
    _exit(127);
  }
  CHECK_EQ(wt_wait_exit(pid), 0);
  printf("PASS\n");
  return 0;
}
