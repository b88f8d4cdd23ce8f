/* poll: eventfd counters (plain and EFD_SEMAPHORE), non-blocking EAGAIN,
 * overflow, and readiness through poll and between threads. */
#include "wali_test.h"
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/eventfd.h>

static int efd_shared;

static void *poster(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++) {
    uint64_t one = 1;
    CHECK_EQ(write(efd_shared, &one, sizeof one), 8);
  }
  return NULL;
}

int main(void) {
  int e = eventfd(5, EFD_NONBLOCK | EFD_CLOEXEC);
  CHECK(e >= 0);
  CHECK(fcntl(e, F_GETFL) & O_NONBLOCK);
  uint64_t v = 0;
  CHECK_EQ(read(e, &v, sizeof v), 8);
  CHECK_EQ(v, 5);
  CHECK_ERRNO(read(e, &v, sizeof v), EAGAIN);

  v = 3;
  CHECK_EQ(write(e, &v, sizeof v), 8);
  v = 4;
  CHECK_EQ(write(e, &v, sizeof v), 8);
  struct pollfd p = {e, POLLIN | POLLOUT, 0};
  CHECK_EQ(poll(&p, 1, 0), 1);
  CHECK_EQ(p.revents, POLLIN | POLLOUT);
  CHECK_EQ(read(e, &v, sizeof v), 8);
  printf("sum of writes: %llu\n", (unsigned long long)v);

  /* Short buffers and the reserved maximum value are rejected. */
  CHECK_ERRNO(read(e, &v, 4), EINVAL);
  v = UINT64_MAX;
  CHECK_ERRNO(write(e, &v, sizeof v), EINVAL);
  /* Writing past the maximum counter would block: EAGAIN. */
  v = UINT64_MAX - 1;
  CHECK_EQ(write(e, &v, sizeof v), 8);
  v = 1;
  CHECK_ERRNO(write(e, &v, sizeof v), EAGAIN);
  p.revents = 0;
  CHECK_EQ(poll(&p, 1, 0), 1);
  CHECK_EQ(p.revents, POLLIN);
  CHECK_EQ(read(e, &v, sizeof v), 8);
  CHECK_SYS(close(e));

  /* Semaphore mode: each read takes one. */
  e = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
  CHECK(e >= 0);
  int reads = 0;
  for (int i = 0; i < 10; i++) {
    if (read(e, &v, sizeof v) != 8) {
      CHECK_EQ(errno, EAGAIN);
      break;
    }
    CHECK_EQ(v, 1);
    reads++;
  }
  printf("semaphore reads: %d\n", reads);
  CHECK_SYS(close(e));

  /* Blocking eventfd fed by a thread: the total always arrives. */
  efd_shared = eventfd(0, 0);
  CHECK(efd_shared >= 0);
  pthread_t t;
  CHECK_EQ(pthread_create(&t, NULL, poster, NULL), 0);
  uint64_t total = 0;
  for (int i = 0; i < 200 && total < 100; i++) {
    CHECK_EQ(read(efd_shared, &v, sizeof v), 8);
    total += v;
  }
  CHECK_EQ(pthread_join(t, NULL), 0);
  CHECK_EQ(total, 100);
  printf("thread posted: %llu\n", (unsigned long long)total);
  CHECK_SYS(close(efd_shared));
  CHECK_ERRNO(eventfd(0, 0x12345678), EINVAL);
  printf("PASS\n");
  return 0;
}
