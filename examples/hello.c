/* A small WALI program: `./wali run examples/hello.c you` builds it with wali-cc and runs it. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(int argc, char **argv) {
  struct utsname u;
  if (uname(&u) != 0) {
    perror("uname");
    return 1;
  }
  printf("hello %s, from a WebAssembly program on %s/%s\n", argc > 1 ? argv[1] : "world",
         u.sysname, u.machine);

  char path[] = "/tmp/wali-hello-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) {
    perror("mkstemp");
    return 1;
  }
  const char *text = "written and read back through Linux system calls\n";
  char buf[128] = {0};
  if (write(fd, text, strlen(text)) < 0 || lseek(fd, 0, SEEK_SET) != 0 ||
      read(fd, buf, sizeof buf - 1) < 0) {
    perror("file I/O");
    return 1;
  }
  fputs(buf, stdout);
  close(fd);
  unlink(path);
  return 0;
}
