/* signals: blocking accept, recv, recvfrom and write (a full pipe) are
 * interrupted by a handler: EINTR without SA_RESTART, restarted with it; a
 * socket with SO_RCVTIMEO is never restarted (signal(7)) and times out with
 * EAGAIN; MSG_DONTWAIT never waits; a call that poll never reports ready
 * (recv on a listener, accept on UDP) fails at once. */
#include "wali_test.h"
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>

static volatile sig_atomic_t hits;

static void on_alrm(int sig) {
  (void)sig;
  hits++;
}

static void handle(int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alrm;
  sa.sa_flags = flags;
  CHECK_SYS(sigaction(SIGALRM, &sa, NULL));
}

static void arm_ms(int ms) {
  struct itimerval it = {{0, 0}, {0, ms * 1000}};
  CHECK_SYS(setitimer(ITIMER_REAL, &it, NULL));
}

static int listener(struct sockaddr_in *a) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(s >= 0);
  memset(a, 0, sizeof *a);
  a->sin_family = AF_INET;
  a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK_SYS(bind(s, (struct sockaddr *)a, sizeof *a));
  CHECK_SYS(listen(s, 4));
  socklen_t len = sizeof *a;
  CHECK_SYS(getsockname(s, (struct sockaddr *)a, &len));
  return s;
}

int main(void) {
  struct sockaddr_in a;
  int ls = listener(&a);

  /* accept: EINTR without SA_RESTART. */
  handle(0);
  arm_ms(50);
  CHECK_ERRNO(accept(ls, NULL, NULL), EINTR);
  CHECK_EQ(hits, 1);
  printf("accept: EINTR\n");

  /* accept with SA_RESTART: restarted, and gets the child's connection. */
  handle(SA_RESTART);
  pid_t c = wt_fork();
  if (c == 0) {
    wt_sleep_ms(300);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    CHECK_SYS(connect(s, (struct sockaddr *)&a, sizeof a));
    wt_sleep_ms(300);
    wt_write_all(s, "x", 1);
    close(s);
    _exit(0);
  }
  arm_ms(50);
  int conn = accept(ls, NULL, NULL);
  CHECK(conn >= 0);
  CHECK_EQ(hits, 2);
  printf("accept: restarted\n");

  /* recv with SA_RESTART: restarted, gets the byte sent after the signal. */
  arm_ms(50);
  char ch = 0;
  CHECK_EQ(recv(conn, &ch, 1, 0), 1);
  CHECK_EQ(ch, 'x');
  CHECK_EQ(hits, 3);
  CHECK_EQ(wt_wait_exit(c), 0);
  CHECK_SYS(close(conn));
  printf("recv: restarted\n");

  /* recv and recvfrom: EINTR without SA_RESTART; MSG_DONTWAIT: EAGAIN. */
  int sp[2];
  CHECK_SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sp));
  handle(0);
  arm_ms(50);
  CHECK_ERRNO(recv(sp[0], &ch, 1, 0), EINTR);
  arm_ms(50);
  CHECK_ERRNO(recvfrom(sp[0], &ch, 1, 0, NULL, NULL), EINTR);
  CHECK_ERRNO(recv(sp[0], &ch, 1, MSG_DONTWAIT), EAGAIN);
  CHECK_EQ(hits, 5);
  printf("recv, recvfrom: EINTR\n");

  /* SO_RCVTIMEO: a handler with SA_RESTART still ends the call with EINTR,
   * and without a signal the call times out with EAGAIN. */
  handle(SA_RESTART);
  struct timeval tv = {2, 0};
  CHECK_SYS(setsockopt(sp[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  arm_ms(50);
  CHECK_ERRNO(recv(sp[0], &ch, 1, 0), EINTR);
  CHECK_EQ(hits, 6);
  tv.tv_sec = 0;
  tv.tv_usec = 100 * 1000;
  CHECK_SYS(setsockopt(sp[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  CHECK_ERRNO(recv(sp[0], &ch, 1, 0), EAGAIN);
  printf("SO_RCVTIMEO: EINTR despite SA_RESTART, then EAGAIN\n");
  CHECK_SYS(close(sp[0]));
  CHECK_SYS(close(sp[1]));

  /* write to a full pipe: EINTR without SA_RESTART. */
  handle(0);
  int p[2];
  CHECK_SYS(pipe(p));
  CHECK_SYS(fcntl(p[1], F_SETFL, O_NONBLOCK));
  char block[4096];
  memset(block, 'p', sizeof block);
  while (write(p[1], block, sizeof block) > 0) {
  }
  CHECK_EQ(errno, EAGAIN);
  CHECK_ERRNO(write(p[1], block, 1), EAGAIN);
  CHECK_SYS(fcntl(p[1], F_SETFL, 0));
  arm_ms(50);
  CHECK_ERRNO(write(p[1], block, 1), EINTR);
  CHECK_EQ(hits, 7);
  printf("write to a full pipe: EINTR\n");
  CHECK_SYS(close(p[0]));
  CHECK_SYS(close(p[1]));
  /* Calls that poll never reports ready for fail at once, as natively. */
  CHECK_ERRNO(recv(ls, &ch, 1, 0), ENOTCONN);
  CHECK_ERRNO(send(ls, &ch, 1, MSG_NOSIGNAL), EPIPE);
  int u = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK_ERRNO(accept(u, NULL, NULL), EOPNOTSUPP);
  CHECK_SYS(close(u));
  printf("recv and send on a listener, accept on UDP: fail at once\n");
  CHECK_SYS(close(ls));
  printf("PASS\n");
  return 0;
}
