/* fds: fcntl record locks between processes. A process's own locks split and
 * merge; F_GETLK names the holder's pid; closing any descriptor of the file
 * drops the process's locks; so does exit; F_SETLKW waits for the holder and
 * fails with EINTR when a handler without SA_RESTART interrupts it. */
#include "wali_test.h"
#include <signal.h>
#include <sys/time.h>

static int set_lock(int fd, int cmd, short type, off_t start, off_t len) {
  struct flock fl;
  memset(&fl, 0, sizeof fl);
  fl.l_type = type;
  fl.l_whence = SEEK_SET;
  fl.l_start = start;
  fl.l_len = len;
  return fcntl(fd, cmd, &fl);
}

/* F_GETLK for a write lock on [start, start+len): "-" when free, else
 * "type start len" of the first lock in the way (and its holder in *pid). */
static void probe(int fd, off_t start, off_t len, char *out, size_t n, pid_t *pid) {
  struct flock fl;
  memset(&fl, 0, sizeof fl);
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = start;
  fl.l_len = len;
  CHECK_SYS(fcntl(fd, F_GETLK, &fl));
  if (fl.l_type == F_UNLCK) {
    snprintf(out, n, "-");
    return;
  }
  snprintf(out, n, "%c %ld %ld", fl.l_type == F_RDLCK ? 'R' : 'W', (long)fl.l_start,
           (long)fl.l_len);
  if (pid) *pid = fl.l_pid;
}

static void on_alrm(int sig) { (void)sig; }

/* Reads from fd until n lines have come; returns them as a string. */
static void read_lines(int fd, char *buf, size_t size, int n) {
  size_t got = 0;
  int lines = 0;
  while (lines < n) {
    ssize_t r = read(fd, buf + got, size - 1 - got);
    CHECK(r > 0);
    for (ssize_t i = 0; i < r; i++) lines += buf[got + (size_t)i] == '\n';
    got += (size_t)r;
  }
  buf[got] = 0;
}

int main(void) {
  const char *path = wt_path("records");
  int fd = open(path, O_CREAT | O_RDWR, 0600);
  CHECK(fd >= 0);
  wt_write_all(fd, "0123456789abcdefghij", 20);

  /* Parent: write lock [0,10), then a read lock on [4,6) splits it in three;
   * read locks on [10,12) and [12,14) merge into one. */
  CHECK_SYS(set_lock(fd, F_SETLK, F_WRLCK, 0, 10));
  CHECK_SYS(set_lock(fd, F_SETLK, F_RDLCK, 4, 2));
  CHECK_SYS(set_lock(fd, F_SETLK, F_RDLCK, 10, 2));
  CHECK_SYS(set_lock(fd, F_SETLK, F_RDLCK, 12, 2));
  CHECK_ERRNO(set_lock(fd, F_SETLK, 7, 0, 1), EINVAL);

  int ro = open(path, O_RDONLY);
  CHECK(ro >= 0);
  CHECK_ERRNO(set_lock(ro, F_SETLK, F_WRLCK, 30, 1), EBADF);

  int toChild[2], fromChild[2];
  CHECK_SYS(pipe(toChild));
  CHECK_SYS(pipe(fromChild));
  pid_t parent = getpid();
  pid_t pid = wt_fork();
  if (pid == 0) {
    int c = open(path, O_RDWR);
    CHECK(c >= 0);
    char a[32], b[32], d[32], e[32], f[32];
    pid_t holder = 0;
    probe(c, 0, 1, a, sizeof a, &holder);
    probe(c, 4, 1, b, sizeof b, NULL);
    probe(c, 6, 1, d, sizeof d, NULL);
    probe(c, 10, 4, e, sizeof e, NULL);
    probe(c, 14, 6, f, sizeof f, NULL);
    char line[200];
    int n = snprintf(line, sizeof line, "%s|%s|%s|%s|%s|%s\n", a, b, d, e, f,
                     holder == parent ? "parent" : "other");
    /* A read lock fits in [4,6) and [10,14), not in [0,4). */
    n += snprintf(line + n, sizeof line - n, "%d%d%d\n",
                  set_lock(c, F_SETLK, F_RDLCK, 4, 2) == 0,
                  set_lock(c, F_SETLK, F_RDLCK, 11, 2) == 0,
                  set_lock(c, F_SETLK, F_RDLCK, 0, 4) == 0);
    wt_write_all(fromChild[1], line, (size_t)n);
    /* Wait for the parent to close a second descriptor: its locks are gone. */
    char go;
    CHECK_EQ(wt_read_full(toChild[0], &go, 1), 1);
    probe(c, 0, 20, a, sizeof a, NULL);
    n = snprintf(line, sizeof line, "after close: %s\n", a);
    /* Now hold a write lock on [0,5) and exit while the parent waits for it. */
    CHECK_SYS(set_lock(c, F_SETLK, F_UNLCK, 0, 0));
    CHECK_SYS(set_lock(c, F_SETLK, F_WRLCK, 0, 5));
    wt_write_all(fromChild[1], line, (size_t)n);
    CHECK_EQ(wt_read_full(toChild[0], &go, 1), 1);
    wt_sleep_ms(200);
    _exit(0);
  }
  char buf[256];
  read_lines(fromChild[0], buf, sizeof buf, 2);
  printf("child saw: %s", buf);

  /* Closing another descriptor of the file drops all of the parent's locks. */
  CHECK_SYS(close(ro));
  CHECK_EQ(write(toChild[1], "g", 1), 1);
  read_lines(fromChild[0], buf, sizeof buf, 1);
  printf("%s", buf);

  /* The child holds [0,5): F_SETLK fails, F_SETLKW interrupted by a handler
   * without SA_RESTART fails with EINTR, and then waits until the child exits. */
  CHECK_ERRNO(set_lock(fd, F_SETLK, F_WRLCK, 2, 1), EAGAIN);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alrm;
  CHECK_SYS(sigaction(SIGALRM, &sa, NULL));
  struct itimerval it = {{0, 0}, {0, 50 * 1000}};
  CHECK_SYS(setitimer(ITIMER_REAL, &it, NULL));
  CHECK_ERRNO(set_lock(fd, F_SETLKW, F_WRLCK, 2, 1), EINTR);
  printf("F_SETLKW interrupted: EINTR\n");
  CHECK_EQ(write(toChild[1], "g", 1), 1);
  CHECK_SYS(set_lock(fd, F_SETLKW, F_WRLCK, 2, 1));
  printf("F_SETLKW got the lock once the holder exited\n");
  CHECK_EQ(wt_wait_exit(pid), 0);
  CHECK_SYS(close(fd));
  printf("PASS\n");
  return 0;
}
