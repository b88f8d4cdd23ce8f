/*
 * Dense double-precision matrix multiply, C = A * B, in i-k-j order: f64 loads, multiplies and
 * adds through row-major arrays in static memory.
 *
 * Freestanding: no libc. run(n) multiplies two n x n matrices (n <= MAT_MAX) filled with a fixed
 * pattern and returns a hash of C's elements. The inputs are multiples of 1/16 and 1/8, so every
 * product and sum is exact in f64 and the hash does not depend on summation order.
 */

#define MAT_MAX 1024

static double a[MAT_MAX * MAT_MAX];
static double b[MAT_MAX * MAT_MAX];
static double c[MAT_MAX * MAT_MAX];

long long run(int n) {
  if (n > MAT_MAX) {
    n = MAT_MAX;
  }
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < n; j++) {
      a[i * n + j] = (double)((i * 7 + j * 3) % 17) / 16.0 - 0.5;
      b[i * n + j] = (double)((i * 5 + j * 11) % 13) / 8.0 - 0.75;
      c[i * n + j] = 0.0;
    }
  }
  for (int i = 0; i < n; i++) {
    for (int k = 0; k < n; k++) {
      double aik = a[i * n + k];
      for (int j = 0; j < n; j++) {
        c[i * n + j] += aik * b[k * n + j];
      }
    }
  }
  unsigned long long hash = 1469598103934665603ULL;
  for (int i = 0; i < n * n; i++) {
    hash = (hash ^ (unsigned long long)(long long)(c[i] * 128.0)) * 1099511628211ULL;
  }
  return (long long)hash;
}
