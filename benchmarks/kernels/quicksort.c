/*
 * Quicksort of a pseudo-random int array: data-dependent branches, recursion and scattered
 * loads/stores over a multi-megabyte working set (memory-heavy).
 *
 * Freestanding: no libc. run(n) fills n ints (n <= QS_MAX) from a xorshift generator, sorts them
 * with a median-of-three quicksort (insertion sort below 16 elements), checks the order and
 * returns a position-weighted checksum (or -1 if the result is not sorted).
 */

#define QS_MAX (4 * 1024 * 1024)

static int data[QS_MAX];

static void insertion_sort(int *v, int lo, int hi) {
  for (int i = lo + 1; i <= hi; i++) {
    int x = v[i];
    int j = i - 1;
    while (j >= lo && v[j] > x) {
      v[j + 1] = v[j];
      j--;
    }
    v[j + 1] = x;
  }
}

static void swap(int *v, int i, int j) {
  int t = v[i];
  v[i] = v[j];
  v[j] = t;
}

static void quicksort(int *v, int lo, int hi) {
  while (hi - lo >= 16) {
    int mid = lo + (hi - lo) / 2;
    if (v[mid] < v[lo]) {
      swap(v, mid, lo);
    }
    if (v[hi] < v[lo]) {
      swap(v, hi, lo);
    }
    if (v[hi] < v[mid]) {
      swap(v, hi, mid);
    }
    int pivot = v[mid];
    int i = lo;
    int j = hi;
    while (i <= j) {
      while (v[i] < pivot) {
        i++;
      }
      while (v[j] > pivot) {
        j--;
      }
      if (i <= j) {
        swap(v, i, j);
        i++;
        j--;
      }
    }
    /* Recurse into the smaller part, loop on the larger: depth stays O(log n). */
    if (j - lo < hi - i) {
      quicksort(v, lo, j);
      lo = i;
    } else {
      quicksort(v, i, hi);
      hi = j;
    }
  }
  insertion_sort(v, lo, hi);
}

long long run(int n) {
  if (n > QS_MAX) {
    n = QS_MAX;
  }
  unsigned int x = 2463534242u;
  for (int i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    data[i] = (int)(x >> 1) - (1 << 30);
  }
  quicksort(data, 0, n - 1);
  long long checksum = 0;
  for (int i = 0; i < n; i++) {
    if (i > 0 && data[i - 1] > data[i]) {
      return -1;
    }
    checksum = checksum * 1000003LL + data[i];
  }
  return checksum;
}
