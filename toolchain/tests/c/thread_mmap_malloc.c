/* threads: 8 threads map, fill, check and unmap memory and malloc/realloc/free
 * at the same time: no two live mappings or allocations overlap (each keeps
 * its own pattern intact across sched_yield). */
#include "wali_test.h"
#include <pthread.h>
#include <sys/mman.h>

enum { N = 8, ROUNDS = 40, PAGES = 3, STEP = 61 };

/* Every STEP-th byte (and the last): enough to see any page or line that
 * another thread also owns, at a fraction of the work. */
static unsigned char byte_at(size_t i, unsigned seed) {
  return (unsigned char)(seed * 31 + i * 7);
}

static void fill(unsigned char *p, size_t len, unsigned seed) {
  for (size_t i = 0; i < len; i += STEP) {
    p[i] = byte_at(i, seed);
  }
  p[len - 1] = byte_at(len - 1, seed);
}

static int intact(const unsigned char *p, size_t len, unsigned seed) {
  for (size_t i = 0; i < len; i += STEP) {
    if (p[i] != byte_at(i, seed)) {
      return 0;
    }
  }
  return p[len - 1] == byte_at(len - 1, seed);
}

static void *worker(void *arg) {
  unsigned id = (unsigned)(intptr_t)arg;
  size_t len = PAGES * 4096;
  for (int r = 0; r < ROUNDS; r++) {
    unsigned seed = id * 1000 + r;
    unsigned char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(m != MAP_FAILED);
    fill(m, len, seed);
    size_t small = 16 + (seed % 200);
    unsigned char *a = malloc(small);
    CHECK(a != NULL);
    fill(a, small, seed + 1);
    sched_yield();
    CHECK(intact(m, len, seed));
    CHECK(intact(a, small, seed + 1));
    unsigned char *b = realloc(a, small * 40);
    CHECK(b != NULL);
    CHECK(intact(b, small, seed + 1));
    free(b);
    CHECK_SYS(munmap(m, len));
  }
  return NULL;
}

int main(void) {
  pthread_t th[N];
  for (int i = 0; i < N; i++) {
    CHECK_EQ(pthread_create(&th[i], NULL, worker, (void *)(intptr_t)i), 0);
  }
  for (int i = 0; i < N; i++) {
    CHECK_EQ(pthread_join(th[i], NULL), 0);
  }
  printf("%d threads x %d rounds of mmap and malloc kept their data\n", N, ROUNDS);
  printf("PASS\n");
  return 0;
}
