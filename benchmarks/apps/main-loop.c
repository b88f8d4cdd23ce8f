/*
 * A program whose work is one loop in main: main is called once, so only an entry into compiled
 * code from its running interpreted invocation (an entry-only copy, docs/JIT.md) gets it off the
 * interpreter. FNV-1a over 64 Ki words, 3000 rounds, each round rewriting the words.
 *
 *   toolchain/bin/wali-cc -O2 -o main-loop.wasm benchmarks/apps/main-loop.c
 *   ./wali run main-loop.wasm
 */
#include <stdint.h>
#include <stdio.h>

#define WORDS (1u << 16)
#define ROUNDS 3000

static uint32_t words[WORDS];

int main(void) {
  uint64_t h = 1469598103934665603ULL;
  for (uint32_t i = 0; i < WORDS; i++) {
    words[i] = i * 2654435761u;
  }
  for (int r = 0; r < ROUNDS; r++) {
    for (uint32_t i = 0; i < WORDS; i++) {
      h = (h ^ words[i]) * 1099511628211ULL;
      words[i] += (uint32_t)h >> 7;
    }
  }
  printf("%llu\n", (unsigned long long)h);
  return 0;
}
