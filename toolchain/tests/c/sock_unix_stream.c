/* sockets: AF_UNIX stream sockets bound to a path in the scratch directory. */
#include "wali_test.h"
#include <sys/socket.h>
#include <sys/un.h>

int main(void) {
  struct sockaddr_un addr;
  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  /* Use a short relative path: sun_path is only 108 bytes. */
  char old[4096];
  CHECK(getcwd(old, sizeof old) != NULL);
  CHECK_SYS(chdir(wt_tmpdir()));
  strcpy(addr.sun_path, "sock");

  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK(srv >= 0);
  CHECK_SYS(bind(srv, (struct sockaddr *)&addr, sizeof addr));
  CHECK_SYS(listen(srv, 4));
  struct stat st;
  CHECK_SYS(stat("sock", &st));
  CHECK(S_ISSOCK(st.st_mode));

  /* Binding the same path again fails. */
  int dup_srv = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK(dup_srv >= 0);
  CHECK_ERRNO(bind(dup_srv, (struct sockaddr *)&addr, sizeof addr), EADDRINUSE);
  CHECK_SYS(close(dup_srv));

  int cli = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK(cli >= 0);
  CHECK_SYS(connect(cli, (struct sockaddr *)&addr, sizeof addr));
  struct sockaddr_un peer;
  socklen_t len = sizeof peer;
  int conn = accept(srv, (struct sockaddr *)&peer, &len);
  CHECK(conn >= 0);
  CHECK_EQ(peer.sun_family, AF_UNIX);

  /* getpeername on the client names the server's path. */
  len = sizeof peer;
  CHECK_SYS(getpeername(cli, (struct sockaddr *)&peer, &len));
  printf("peer path: %s\n", peer.sun_path);
  len = sizeof peer;
  CHECK_SYS(getsockname(srv, (struct sockaddr *)&peer, &len));
  CHECK_STR(peer.sun_path, "sock");

  /* A stream: two writes may be read as one. */
  wt_write_all(cli, "part1-", 6);
  wt_write_all(cli, "part2", 5);
  char buf[32] = {0};
  CHECK_EQ(wt_read_full(conn, buf, 11), 11);
  printf("received: %s\n", buf);

  /* Bulk transfer both ways. */
  static char big[200000], back[200000];
  wt_pattern(big, sizeof big, 5);
  pid_t pid = wt_fork();
  if (pid == 0) {
    close(cli);
    char tmp[4096];
    size_t total = 0;
    ssize_t n;
    while ((n = read(conn, tmp, sizeof tmp)) > 0) {
      wt_write_all(conn, tmp, (size_t)n);
      total += (size_t)n;
    }
    _exit(total == sizeof big ? 0 : 1);
  }
  CHECK_SYS(close(conn));
  wt_write_all(cli, big, sizeof big);
  CHECK_SYS(shutdown(cli, SHUT_WR));
  CHECK_EQ(wt_read_full(cli, back, sizeof back), sizeof back);
  CHECK(memcmp(big, back, sizeof big) == 0);
  CHECK_EQ(wt_wait_exit(pid), 0);
  printf("bulk echo fnv %08x\n", wt_fnv1a(back, sizeof back));

  CHECK_SYS(close(cli));
  CHECK_SYS(close(srv));
  CHECK_SYS(unlink("sock"));
  /* Connecting to a removed path fails. */
  cli = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_ERRNO(connect(cli, (struct sockaddr *)&addr, sizeof addr), ENOENT);
  CHECK_SYS(close(cli));
  CHECK_SYS(chdir(old));
  printf("PASS\n");
  return 0;
}
