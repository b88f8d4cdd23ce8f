/*
 * Threads up to the runtime's thread limit: creates threads, each parked on a condition variable,
 * until pthread_create fails; the failure must be EAGAIN. Prints how many were created, releases
 * and joins them all, then checks that a thread can be created again (the slots came back).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

#define MAX 5000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t go = PTHREAD_COND_INITIALIZER;
static int released;
static int ran;

static void *parked(void *arg) {
  pthread_mutex_lock(&lock);
  while (!released) pthread_cond_wait(&go, &lock);
  ran++;
  pthread_mutex_unlock(&lock);
  return arg;
}

static pthread_t th[MAX];

int main(void) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 64 * 1024);
  int n = 0;
  int err = 0;
  while (n < MAX) {
    err = pthread_create(&th[n], &attr, parked, NULL);
    if (err != 0) break;
    n++;
  }
  printf("pthread_create failed with %s after %d threads\n", err == EAGAIN ? "EAGAIN" : "?", n);
  pthread_mutex_lock(&lock);
  released = 1;
  pthread_cond_broadcast(&go);
  pthread_mutex_unlock(&lock);
  for (int i = 0; i < n; i++) {
    if (pthread_join(th[i], NULL) != 0) return 2;
  }
  pthread_t again;
  if (pthread_create(&again, &attr, parked, NULL) != 0 || pthread_join(again, NULL) != 0) return 3;
  printf("%d threads ran and were joined; a new one starts again\n", ran);
  return err == EAGAIN && ran == n + 1 ? 0 : 1;
}
