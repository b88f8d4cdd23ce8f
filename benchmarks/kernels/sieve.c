/*
 * Sieve of Eratosthenes over a static byte array: tight loops of byte stores with a stride,
 * bounds-checked memory access and branches.
 *
 * Freestanding: no libc. run(n) sieves the numbers below n (at most SIEVE_MAX) SIEVE_PASSES
 * times and returns a checksum of the prime counts and sums of the primes.
 */

#define SIEVE_MAX (32 * 1024 * 1024)
#define SIEVE_PASSES 8

static unsigned char composite[SIEVE_MAX];

static long long sieve_once(int limit) {
  for (int i = 0; i < limit; i++) {
    composite[i] = 0;
  }
  long long count = 0;
  long long sum = 0;
  for (int i = 2; i < limit; i++) {
    if (!composite[i]) {
      count++;
      sum += i;
      for (long long j = (long long)i * i; j < limit; j += i) {
        composite[j] = 1;
      }
    }
  }
  return count * 1000003LL + sum;
}

long long run(int n) {
  if (n > SIEVE_MAX) {
    n = SIEVE_MAX;
  }
  long long checksum = 0;
  for (int r = 0; r < SIEVE_PASSES; r++) {
    checksum = checksum * 31 + sieve_once(n);
  }
  return checksum;
}
