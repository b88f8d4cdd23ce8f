/* signals and threads: a signal sent to one thread (pthread_kill) ends that
 * thread's blocking read of an empty pipe, write to a full pipe, accept and
 * recv: without SA_RESTART the call fails with EINTR, with SA_RESTART it goes
 * on and completes once it can; a write to a pipe that took part of the data
 * before the signal returns that part. The other threads' calls go on. */
#include "wali_test.h"
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/socket.h>

enum kind { READ_PIPE, WRITE_FULL_PIPE, WRITE_BIG, ACCEPT, RECV };
static const char *names[] = {"read", "write to a full pipe", "big write", "accept", "recv"};

static atomic_int hits;
static atomic_int entered;
static atomic_int finished;
static long result;
static int result_errno;

static int fds[2];
static int listener;
static struct sockaddr_in addr;
static char big[1 << 20];

static void on_usr1(int sig) {
  (void)sig;
  atomic_fetch_add(&hits, 1);
}

static void handle(int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sa.sa_flags = flags;
  CHECK_SYS(sigaction(SIGUSR1, &sa, NULL));
}

static void set_nonblock(int fd, int on) {
  int fl = fcntl(fd, F_GETFL);
  CHECK(fl >= 0);
  CHECK_SYS(fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK));
}

/* Writes until the pipe is full (a write would wait). */
static void fill(int w) {
  set_nonblock(w, 1);
  while (write(w, big, 4096) > 0) {
  }
  CHECK_EQ(errno, EAGAIN);
  set_nonblock(w, 0);
}

static void *worker(void *arg) {
  enum kind k = (enum kind)(long)arg;
  char ch = 0;
  atomic_store(&entered, 1);
  switch (k) {
    case READ_PIPE:
      result = read(fds[0], &ch, 1);
      break;
    case WRITE_FULL_PIPE:
      result = write(fds[1], "0123456789", 10);
      break;
    case WRITE_BIG:
      result = write(fds[1], big, sizeof big);
      break;
    case ACCEPT:
      result = accept(listener, NULL, NULL);
      break;
    case RECV:
      result = recv(fds[0], &ch, 1, 0);
      break;
  }
  result_errno = result < 0 ? errno : 0;
  atomic_store(&finished, 1);
  return NULL;
}

static void setup(enum kind k) {
  if (k == ACCEPT) {
    listener = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(listener >= 0);
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK_SYS(bind(listener, (struct sockaddr *)&addr, sizeof addr));
    socklen_t len = sizeof addr;
    CHECK_SYS(getsockname(listener, (struct sockaddr *)&addr, &len));
    CHECK_SYS(listen(listener, 4));
  } else if (k == RECV) {
    CHECK_SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, fds));
  } else {
    CHECK_SYS(pipe(fds));
    if (k == WRITE_FULL_PIPE) {
      fill(fds[1]);
    }
  }
}

/* What lets the call complete once it restarted. */
static void complete(enum kind k) {
  char buf[4096];
  switch (k) {
    case READ_PIPE:
      wt_write_all(fds[1], "k", 1);
      break;
    case WRITE_FULL_PIPE:
      CHECK_EQ(read(fds[0], buf, sizeof buf), (long)sizeof buf);
      break;
    case ACCEPT: {
      int s = socket(AF_INET, SOCK_STREAM, 0);
      CHECK(s >= 0);
      CHECK_SYS(connect(s, (struct sockaddr *)&addr, sizeof addr));
      /* The worker's accept returns while s is open. */
      for (int i = 0; i < 2000 && !atomic_load(&finished); i++) {
        wt_sleep_ms(1);
      }
      CHECK_SYS(close(s));
      break;
    }
    case RECV:
      wt_write_all(fds[1], "k", 1);
      break;
    default:
      CHECK(0);
  }
}

static void teardown(enum kind k) {
  if (k == ACCEPT) {
    if (result >= 0) {
      CHECK_SYS(close((int)result));
    }
    CHECK_SYS(close(listener));
  } else {
    CHECK_SYS(close(fds[0]));
    CHECK_SYS(close(fds[1]));
  }
}

static void run(enum kind k, int flags) {
  handle(flags);
  setup(k);
  atomic_store(&hits, 0);
  atomic_store(&entered, 0);
  atomic_store(&finished, 0);
  pthread_t t;
  CHECK_EQ(pthread_create(&t, NULL, worker, (void *)(long)k), 0);
  for (int i = 0; i < 2000 && !atomic_load(&entered); i++) {
    wt_sleep_ms(1);
  }
  wt_sleep_ms(20);
  CHECK(!atomic_load(&finished));
  if (flags & SA_RESTART) {
    /* Each signal interrupts the call, which goes on after the handler. */
    for (int i = 0; i < 3; i++) {
      CHECK_EQ(pthread_kill(t, SIGUSR1), 0);
      wt_sleep_ms(10);
    }
    /* A loaded machine may run the worker late. */
    for (int i = 0; i < 2000 && atomic_load(&hits) < 1; i++) {
      wt_sleep_ms(1);
    }
    CHECK(atomic_load(&hits) >= 1);
    CHECK(!atomic_load(&finished));
    complete(k);
  } else {
    /* A signal that came before the call only ran the handler: send until it
     * ends the call. */
    for (int i = 0; i < 200 && !atomic_load(&finished); i++) {
      CHECK_EQ(pthread_kill(t, SIGUSR1), 0);
      wt_sleep_ms(10);
    }
  }
  CHECK_EQ(pthread_join(t, NULL), 0);
  CHECK(atomic_load(&hits) >= 1);
  if (k == WRITE_BIG) {
    printf("%s, %s: %s\n", names[k], flags ? "SA_RESTART" : "no SA_RESTART",
           result > 0 && result < (long)sizeof big ? "partial" : "not partial");
  } else if (result < 0) {
    printf("%s, %s: -1 %s\n", names[k], flags ? "SA_RESTART" : "no SA_RESTART",
           wt_errname(result_errno));
  } else {
    printf("%s, %s: %s\n", names[k], flags ? "SA_RESTART" : "no SA_RESTART",
           k == ACCEPT ? "a connection" : result == 1 ? "1 byte" : result == 10 ? "10 bytes" : "?");
  }
  teardown(k);
}

int main(void) {
  sigset_t none;
  sigemptyset(&none);
  CHECK_SYS(sigprocmask(SIG_SETMASK, &none, NULL));
  signal(SIGPIPE, SIG_IGN);
  wt_pattern(big, sizeof big, 7);

  for (int k = READ_PIPE; k <= RECV; k++) {
    run((enum kind)k, 0);
    if (k != WRITE_BIG) {
      run((enum kind)k, SA_RESTART);
    }
  }
  printf("PASS\n");
  return 0;
}
