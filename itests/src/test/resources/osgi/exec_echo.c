/* execve of a native binary from a WALI process: /bin/echo replaces it, with
 * its descriptors, and its exit status becomes the process's. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
  char *args[] = {"echo", "exec", argc > 1 ? argv[1] : "(none)", NULL};
  execve("/bin/echo", args, environ);
  printf("execve failed: %s\n", strerror(errno));
  return 127;
}
