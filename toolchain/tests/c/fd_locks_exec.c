/* fds: record locks across execve. The locks stay with the process, except
 * on files whose only descriptor was close-on-exec: closing it drops them. */
#include "wali_test.h"

extern char **environ;

static int lock_byte(int fd) {
  struct flock fl;
  memset(&fl, 0, sizeof fl);
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_len = 1;
  return fcntl(fd, F_SETLK, &fl);
}

/* "-" when [0,1) is free for a write lock, else "W" and whether the holder is pid. */
static const char *holder(const char *path, pid_t pid) {
  int fd = open(path, O_RDWR);
  CHECK(fd >= 0);
  struct flock fl;
  memset(&fl, 0, sizeof fl);
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_len = 1;
  CHECK_SYS(fcntl(fd, F_GETLK, &fl));
  CHECK_SYS(close(fd));
  if (fl.l_type == F_UNLCK) return "-";
  return fl.l_pid == pid ? "W(child)" : "W(other)";
}

int main(int argc, char **argv) {
  if (argc == 4 && strcmp(argv[1], "--after-exec") == 0) {
    /* The new image: tell the parent, then wait for it to say go. */
    int ready = atoi(argv[2]), go = atoi(argv[3]);
    CHECK_EQ(write(ready, "r", 1), 1);
    char c;
    CHECK_EQ(read(go, &c, 1), 1);
    return 0;
  }
  const char *kept = wt_path("kept");
  const char *dropped = wt_path("dropped");
  close(open(kept, O_CREAT | O_RDWR, 0600));
  close(open(dropped, O_CREAT | O_RDWR, 0600));
  int ready[2], go[2];
  CHECK_SYS(pipe(ready));
  CHECK_SYS(pipe(go));
  pid_t pid = wt_fork();
  if (pid == 0) {
    int k = open(kept, O_RDWR);
    int d = open(dropped, O_RDWR | O_CLOEXEC);
    CHECK(k >= 0 && d >= 0);
    CHECK_SYS(lock_byte(k));
    CHECK_SYS(lock_byte(d));
    char r[16], g[16];
    snprintf(r, sizeof r, "%d", ready[1]);
    snprintf(g, sizeof g, "%d", go[0]);
    char *args[] = {argv[0], "--after-exec", r, g, NULL};
    execve(argv[0], args, environ);
    _exit(127);
  }
  char c;
  CHECK_EQ(read(ready[0], &c, 1), 1);
  printf("after the child's execve: kept %s, dropped %s\n", holder(kept, pid),
         holder(dropped, pid));
  CHECK_EQ(write(go[1], "g", 1), 1);
  CHECK_EQ(wt_wait_exit(pid), 0);
  printf("after its exit: kept %s\n", holder(kept, pid));
  printf("PASS\n");
  return 0;
}
