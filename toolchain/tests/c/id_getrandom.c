/* identity: getrandom fills buffers with unpredictable bytes (checked
 * statistically, never printed), honours flags, and rejects bad ones. */
#include "wali_test.h"
#include <sys/random.h>

int main(void) {
  unsigned char a[256], b[256];
  memset(a, 0, sizeof a);
  memset(b, 0, sizeof b);
  CHECK_EQ(getrandom(a, sizeof a, 0), sizeof a);
  CHECK_EQ(getrandom(b, sizeof b, GRND_NONBLOCK), sizeof b);
  CHECK(memcmp(a, b, sizeof a) != 0);

  /* Roughly half the bits are set (256 bytes = 2048 bits; allow a wide band). */
  int ones = 0;
  for (size_t i = 0; i < sizeof a; i++) {
    for (int k = 0; k < 8; k++) {
      ones += (a[i] >> k) & 1;
    }
  }
  CHECK(ones > 800 && ones < 1250);
  int distinct = 0;
  unsigned char seen[256] = {0};
  for (size_t i = 0; i < sizeof a; i++) {
    if (!seen[a[i]]) {
      seen[a[i]] = 1;
      distinct++;
    }
  }
  CHECK(distinct > 100);
  printf("random bytes look random\n");

  /* Large requests may be short but never zero; a zero-length request is 0. */
  static unsigned char big[1 << 20];
  ssize_t n = getrandom(big, sizeof big, 0);
  CHECK(n > 0 && n <= (ssize_t)sizeof big);
  CHECK_EQ(getrandom(big, 0, 0), 0);
  CHECK_EQ(getrandom(a, 16, GRND_RANDOM | GRND_NONBLOCK) == 16 || errno == EAGAIN, 1);

  CHECK_ERRNO(getrandom(a, sizeof a, 0x1000), EINVAL);

  /* /dev/urandom agrees that bytes vary. */
  int fd = open("/dev/urandom", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_EQ(read(fd, a, 32), 32);
  CHECK_EQ(read(fd, b, 32), 32);
  CHECK(memcmp(a, b, 32) != 0);
  CHECK_SYS(close(fd));
  printf("PASS\n");
  return 0;
}
