/*
 * Makes syscalls in a loop (getppid, write to /dev/null, and every 256 rounds access() of a stop
 * file) until the stop file exists, counting those that failed; then prints the counts and exits
 * with 1 if any failed. The OSGi itests replace the backend bundle under it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: syscall_loop STOPFILE\n");
    return 2;
  }
  int fd = open("/dev/null", O_WRONLY);
  if (fd < 0) {
    perror("open /dev/null");
    return 2;
  }
  pid_t ppid = getppid();
  long calls = 0, failed = 0;
  for (long round = 0;; round++) {
    if (getppid() != ppid) {
      failed++;
    }
    if (write(fd, "x", 1) != 1) {
      failed++;
    }
    calls += 2;
    if ((round & 255) == 0) {
      calls++;
      if (access(argv[1], F_OK) == 0) {
        break;
      }
    }
  }
  printf("syscalls=%ld failed=%ld\n", calls, failed);
  return failed != 0;
}
