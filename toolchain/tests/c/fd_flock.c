/* fds: flock() between open file descriptions, and fcntl record locks between
 * processes (a forked child tests the parent's locks). */
#include "wali_test.h"
#include <sys/file.h>

int main(void) {
  const char *path = wt_path("lock");
  int a = open(path, O_CREAT | O_RDWR, 0600);
  int b = open(path, O_RDWR);
  CHECK(a >= 0 && b >= 0);

  CHECK_SYS(flock(a, LOCK_EX));
  CHECK_ERRNO(flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK);
  CHECK_ERRNO(flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK);
  /* The same open file description can re-lock (convert) freely. */
  CHECK_SYS(flock(a, LOCK_SH));
  CHECK_SYS(flock(b, LOCK_SH | LOCK_NB)); /* shared + shared is fine */
  CHECK_ERRNO(flock(a, LOCK_EX | LOCK_NB), EWOULDBLOCK);
  CHECK_SYS(flock(b, LOCK_UN));
  CHECK_SYS(flock(a, LOCK_EX | LOCK_NB));
  /* A dup shares the lock; closing the last reference releases it. */
  int a2 = dup(a);
  CHECK_SYS(close(a));
  CHECK_ERRNO(flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK);
  CHECK_SYS(close(a2));
  CHECK_SYS(flock(b, LOCK_EX | LOCK_NB));
  CHECK_SYS(flock(b, LOCK_UN));
  CHECK_ERRNO(flock(b, 0), EINVAL);
  CHECK_ERRNO(flock(-1, LOCK_SH), EBADF);
  printf("flock ok\n");

  /* fcntl record locks: write-lock bytes [0,10) and read-lock [20,30). */
  wt_write_all(b, "0123456789012345678901234567890123456789", 40);
  struct flock fl = {0};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = 0;
  fl.l_len = 10;
  CHECK_SYS(fcntl(b, F_SETLK, &fl));
  fl.l_type = F_RDLCK;
  fl.l_start = 20;
  CHECK_SYS(fcntl(b, F_SETLK, &fl));

  int p[2];
  CHECK_SYS(pipe(p));
  pid_t pid = wt_fork();
  if (pid == 0) {
    int c = open(path, O_RDWR);
    CHECK(c >= 0);
    struct flock t = {0};
    char res[4];
    /* [5,6) conflicts with the write lock. */
    t.l_type = F_RDLCK;
    t.l_whence = SEEK_SET;
    t.l_start = 5;
    t.l_len = 1;
    int r1 = fcntl(c, F_SETLK, &t);
    res[0] = (r1 == -1 && (errno == EAGAIN || errno == EACCES)) ? 'B' : 'F';
    /* A read lock on [25,26) is compatible with the parent's read lock. */
    t.l_start = 25;
    res[1] = fcntl(c, F_SETLK, &t) == 0 ? 'G' : 'F';
    /* F_GETLK on [0,1) reports the parent's write lock. */
    t.l_type = F_WRLCK;
    t.l_start = 0;
    CHECK_SYS(fcntl(c, F_GETLK, &t));
    res[2] = (t.l_type == F_WRLCK && t.l_start == 0 && t.l_len == 10 && t.l_pid == getppid())
                 ? 'W' : 'F';
    /* [10,20) is free. */
    t.l_type = F_WRLCK;
    t.l_start = 10;
    t.l_len = 10;
    res[3] = fcntl(c, F_SETLK, &t) == 0 ? 'G' : 'F';
    wt_write_all(p[1], res, 4);
    _exit(0);
  }
  CHECK_SYS(close(p[1]));
  char res[5] = {0};
  CHECK_EQ(wt_read_full(p[0], res, 4), 4);
  CHECK_EQ(wt_wait_exit(pid), 0);
  printf("child lock results: %s\n", res);
  CHECK_STR(res, "BGWG");

  /* F_GETLK from the owner sees no conflict with itself. */
  fl.l_type = F_WRLCK;
  fl.l_start = 0;
  fl.l_len = 10;
  CHECK_SYS(fcntl(b, F_GETLK, &fl));
  CHECK_EQ(fl.l_type, F_UNLCK);
  fl.l_type = F_UNLCK;
  fl.l_start = 0;
  fl.l_len = 0;
  CHECK_SYS(fcntl(b, F_SETLK, &fl));
  CHECK_SYS(close(p[0]));
  CHECK_SYS(close(b));
  printf("PASS\n");
  return 0;
}
