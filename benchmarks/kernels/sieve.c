/*
 * Sieve of Eratosthenes over a static byte array: tight loops of byte stores with a stride,
 * bounds-checked memory access and branches.
 *
 * Freestanding: no libc. run(n) sieves the numbers below SIEVE_LIMIT n times and returns a
 * checksum of the prime count and the sum of the primes found in the last pass.
 */

#define SIEVE_LIMIT 4000000

static unsigned char composite[SIEVE_LIMIT];

static long long sieve_once(void) {
  for (int i = 0; i < SIEVE_LIMIT; i++) {
    composite[i] = 0;
  }
  long long count = 0;
  long long sum = 0;
  for (int i = 2; i < SIEVE_LIMIT; i++) {
    if (!composite[i]) {
      count++;
      sum += i;
      for (long long j = (long long)i * i; j < SIEVE_LIMIT; j += i) {
        composite[j] = 1;
      }
    }
  }
  return count * 1000003LL + sum;
}

long long run(int n) {
  long long checksum = 0;
  for (int r = 0; r < n; r++) {
    checksum = checksum * 31 + sieve_once();
  }
  return checksum;
}
