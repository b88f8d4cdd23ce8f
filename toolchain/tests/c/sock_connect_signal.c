/* sockets and signals: a blocking connect to a loopback listener whose
 * accept queue is full waits (the listener drops the SYN); a signal whose
 * handler lacks SA_RESTART ends it with EINTR; with SA_RESTART it goes on
 * waiting and succeeds once the handler made room (accepted the queued
 * connection); with SO_SNDTIMEO set it gives up with EINPROGRESS when the
 * time runs out. Loopback only. */
#include "wali_test.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>

static int listener;
static volatile sig_atomic_t fired, accepted;

static void on_alarm(int sig) {
  (void)sig;
  fired++;
}

static void on_alarm_accept(int sig) {
  (void)sig;
  fired++;
  int a = accept(listener, NULL, NULL);
  if (a >= 0) {
    accepted++;
    close(a);
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

static int tcp(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(s >= 0);
  return s;
}

int main(void) {
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  listener = tcp();
  CHECK_SYS(bind(listener, (struct sockaddr *)&addr, sizeof addr));
  CHECK_SYS(listen(listener, 0));
  socklen_t len = sizeof addr;
  CHECK_SYS(getsockname(listener, (struct sockaddr *)&addr, &len));

  /* A backlog of 0 holds one connection that was not accepted yet. */
  int first = tcp();
  CHECK_SYS(connect(first, (struct sockaddr *)&addr, sizeof addr));
  printf("the first connection fills the accept queue\n");

  handle(on_alarm, 0);
  int second = tcp();
  alarm_in_ms(300);
  CHECK_ERRNO(connect(second, (struct sockaddr *)&addr, sizeof addr), EINTR);
  CHECK_EQ(fired, 1);
  close(second);
  printf("a blocking connect to a full queue: EINTR without SA_RESTART\n");

  /* With SO_SNDTIMEO the wait ends with EINPROGRESS. */
  int third = tcp();
  struct timeval tv = {0, 200000};
  CHECK_SYS(setsockopt(third, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
  CHECK_ERRNO(connect(third, (struct sockaddr *)&addr, sizeof addr), EINPROGRESS);
  close(third);
  printf("with SO_SNDTIMEO: EINPROGRESS when the time runs out\n");

  /* With SA_RESTART the connect waits on; the handler accepts the queued
   * connection, and the retried SYN then gets through. */
  handle(on_alarm_accept, SA_RESTART);
  int fourth = tcp();
  fired = 0;
  alarm_in_ms(300);
  CHECK_SYS(connect(fourth, (struct sockaddr *)&addr, sizeof addr));
  CHECK_EQ(fired, 1);
  CHECK_EQ(accepted, 1);
  int a = accept(listener, NULL, NULL);
  CHECK(a >= 0);
  CHECK_SYS(write(fourth, "k", 1));
  char c = 0;
  CHECK_EQ(read(a, &c, 1), 1);
  CHECK_EQ(c, 'k');
  printf("with SA_RESTART: the handler made room and the connect succeeded\n");
  close(a);
  close(fourth);
  close(first);
  close(listener);
  printf("PASS\n");
  return 0;
}
