/* Metadata, descriptors and time through libc: the same output natively and under wali4j. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static void show(const char *what, int r) {
  printf("%s: %d%s%s\n", what, r, r < 0 ? " " : "", r < 0 ? strerror(errno) : "");
}

int main(void) {
  umask(022);
  int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0666);
  struct stat st;
  fstat(fd, &st);
  printf("mode %o\n", st.st_mode & 0777);
  write(fd, "0123456789", 10);
  show("ftruncate", ftruncate(fd, 4));
  show("truncate", truncate("f", 6));
  stat("f", &st);
  printf("size %lld\n", (long long)st.st_size);
  show("fchmod", fchmod(fd, 0600));
  show("chmod", chmod("f", 0640));
  stat("f", &st);
  printf("mode %o\n", st.st_mode & 0777);
  show("access R", access("f", R_OK));
  show("access missing", access("nope", F_OK));
  show("link", link("f", "g"));
  stat("f", &st);
  printf("nlink %ld\n", (long)st.st_nlink);
  struct timespec times[2] = {{1000000000, 0}, {1234567890, 500}};
  show("utimensat", utimensat(AT_FDCWD, "f", times, 0));
  stat("f", &st);
  printf("mtime %lld.%09ld\n", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  show("flock", flock(fd, LOCK_EX));
  show("fsync", fsync(fd));
  show("fdatasync", fdatasync(fd));
  printf("getfl rdwr %d\n", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
  struct statfs sf;
  show("statfs", statfs(".", &sf));
  struct statfs sf2;
  fstatfs(fd, &sf2);
  printf("same fs type %d\n", sf.f_type == sf2.f_type);

  struct iovec iov[3] = {{"a", 1}, {"bc", 2}, {"def\n", 4}};
  int saved = dup(1);
  int out = open("redirected", O_CREAT | O_WRONLY, 0644);
  dup2(out, 1);
  writev(1, iov, 3);
  dup2(saved, 1);
  close(out);
  char buf[16] = {0};
  int in = open("redirected", O_RDONLY);
  read(in, buf, sizeof buf - 1);
  printf("redirected: %s", buf);
  printf("isatty stdout %d, isatty file %d\n", isatty(1), isatty(in));

  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  struct timespec ten_ms = {0, 10000000};
  nanosleep(&ten_ms, NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  long long ns = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
  printf("slept >= 10ms %d\n", ns >= 10000000);
  struct utsname u;
  uname(&u);
  printf("sysname %s\n", u.sysname);
  printf("pid positive %d, ppid positive %d\n", getpid() > 0, getppid() > 0);
  unlink("g");
  unlink("f");
  return 0;
}
