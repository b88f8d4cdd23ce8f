/* sockets and signals: a send larger than the socket's buffer blocks once
 * the buffer is full; a signal then returns the count sent so far, or EINTR
 * when nothing went; with SA_RESTART (and room made by the handler) the send
 * goes on and completes. A sendmsg of several iovecs larger than the buffer
 * arrives whole and in order while a reader drains it, or returns a partial
 * count when a signal comes. recv with MSG_WAITALL waits for the whole length
 * across several writes; a signal returns the bytes already received, or EINTR
 * when there were none. */
#include "wali_test.h"
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/time.h>

#define BIG (4 << 20)

static int sv[2];
static volatile sig_atomic_t fired;

static void on_alarm(int sig) {
  (void)sig;
  fired++;
}

/* Empties the peer's side, so that a restarted send finds room. */
static void on_alarm_drain(int sig) {
  (void)sig;
  fired++;
  char buf[4096];
  while (recv(sv[1], buf, sizeof buf, MSG_DONTWAIT) > 0) {
  }
}

static void handle(void (*fn)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sa.sa_flags = flags;
  sigemptyset(&sa.sa_mask);
  CHECK_SYS(sigaction(SIGALRM, &sa, NULL));
}

static void alarm_in_ms(long ms) {
  struct itimerval it = {{0, 0}, {ms / 1000, (ms % 1000) * 1000}};
  CHECK_SYS(setitimer(ITIMER_REAL, &it, NULL));
}

static void *writer(void *arg) {
  (void)arg;
  char part[50];
  memset(part, 'w', sizeof part);
  CHECK_EQ(send(sv[1], part, sizeof part, 0), 50);
  struct timespec ts = {0, 100000000};
  nanosleep(&ts, NULL);
  CHECK_EQ(send(sv[1], part, sizeof part, 0), 50);
  return NULL;
}

#define MSG_TOTAL (3 * 300000)

static unsigned fnv(const unsigned char *p, size_t n, unsigned h) {
  for (size_t i = 0; i < n; i++) {
    h = (h ^ p[i]) * 16777619u;
  }
  return h;
}

static unsigned received_fnv;

static void *drain_reader(void *arg) {
  (void)arg;
  unsigned char buf[8192];
  size_t got = 0;
  unsigned h = 2166136261u;
  while (got < MSG_TOTAL) {
    ssize_t n = recv(sv[1], buf, sizeof buf, 0);
    CHECK(n > 0);
    h = fnv(buf, (size_t)n, h);
    got += (size_t)n;
  }
  received_fnv = h;
  return NULL;
}

int main(void) {
  CHECK_SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  int small = 4096;
  CHECK_SYS(setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small));
  char *big = calloc(BIG, 1);
  CHECK(big != NULL);

  handle(on_alarm, 0);
  alarm_in_ms(300);
  ssize_t n = send(sv[0], big, BIG, 0);
  CHECK_EQ(fired, 1);
  printf("a send larger than the buffer, interrupted: partial count %s\n",
         n > 0 && n < BIG ? "yes" : "no");

  alarm_in_ms(300);
  CHECK_ERRNO(send(sv[0], big, BIG, 0), EINTR);
  CHECK_EQ(fired, 2);
  printf("the buffer full, nothing sent: EINTR\n");

  handle(on_alarm_drain, SA_RESTART);
  alarm_in_ms(300);
  CHECK_EQ(send(sv[0], big, 1024, 0), 1024);
  CHECK_EQ(fired, 3);
  printf("with SA_RESTART the send went on once the handler made room\n");
  char sink[4096];
  while (recv(sv[1], sink, sizeof sink, MSG_DONTWAIT) > 0) {
  }

  /* sendmsg of three iovecs, larger than the buffer, with a reader draining it. */
  for (size_t i = 0; i < MSG_TOTAL; i++) {
    big[i] = (char)(i * 7 + i / 1000);
  }
  struct iovec iov[3] = {{big, 300000}, {big + 300000, 300000}, {big + 600000, 300000}};
  struct msghdr mh;
  memset(&mh, 0, sizeof mh);
  mh.msg_iov = iov;
  mh.msg_iovlen = 3;
  pthread_t rd;
  CHECK_EQ(pthread_create(&rd, NULL, drain_reader, NULL), 0);
  CHECK_EQ(sendmsg(sv[0], &mh, 0), MSG_TOTAL);
  CHECK_EQ(pthread_join(rd, NULL), 0);
  CHECK_EQ(received_fnv, fnv((unsigned char *)big, MSG_TOTAL, 2166136261u));
  printf("sendmsg of three iovecs arrived whole and in order\n");

  handle(on_alarm, 0);
  fired = 0;
  alarm_in_ms(300);
  n = sendmsg(sv[0], &mh, 0);
  CHECK_EQ(fired, 1);
  printf("sendmsg interrupted: partial count %s\n", n > 0 && n < MSG_TOTAL ? "yes" : "no");
  while (recv(sv[1], sink, sizeof sink, MSG_DONTWAIT) > 0) {
  }

  /* MSG_WAITALL */
  handle(on_alarm, 0);
  CHECK_EQ(send(sv[1], "0123456789", 10, 0), 10);
  char buf[100];
  alarm_in_ms(300);
  CHECK_EQ(recv(sv[0], buf, sizeof buf, MSG_WAITALL), 10);
  CHECK_EQ(fired, 2);
  CHECK(memcmp(buf, "0123456789", 10) == 0);
  printf("MSG_WAITALL interrupted: the 10 bytes already there\n");
  alarm_in_ms(300);
  CHECK_ERRNO(recv(sv[0], buf, sizeof buf, MSG_WAITALL), EINTR);
  printf("MSG_WAITALL interrupted with nothing: EINTR\n");

  pthread_t th;
  CHECK_EQ(pthread_create(&th, NULL, writer, NULL), 0);
  CHECK_EQ(recv(sv[0], buf, sizeof buf, MSG_WAITALL), 100);
  CHECK_EQ(pthread_join(th, NULL), 0);
  printf("MSG_WAITALL waited for two writes: 100 bytes\n");

  CHECK_SYS(shutdown(sv[1], SHUT_WR));
  CHECK_EQ(recv(sv[0], buf, sizeof buf, MSG_WAITALL), 0);
  printf("MSG_WAITALL at the end of the stream: 0\n");
  free(big);
  printf("PASS\n");
  return 0;
}
