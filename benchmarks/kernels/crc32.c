/*
 * Table-driven CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) over a static buffer:
 * byte loads, a table lookup per byte and a serial dependency chain.
 *
 * Freestanding: no libc. run(n) builds the table, fills a buffer with a fixed pattern and
 * computes the CRC of the buffer n times, each pass seeding the next with the previous CRC;
 * returns the last CRC combined with the pass count.
 */

#include <stdint.h>

#define CRC_BUF_BYTES (1024 * 1024)

static uint32_t table[256];
static unsigned char buffer[CRC_BUF_BYTES];

static void make_table(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) {
      c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    table[i] = c;
  }
}

static uint32_t crc32(uint32_t seed, const unsigned char *p, int len) {
  uint32_t c = ~seed;
  for (int i = 0; i < len; i++) {
    c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  }
  return ~c;
}

long long run(int n) {
  make_table();
  for (int i = 0; i < CRC_BUF_BYTES; i++) {
    buffer[i] = (unsigned char)(i * 2654435761u >> 24);
  }
  uint32_t crc = 0;
  for (int r = 0; r < n; r++) {
    crc = crc32(crc, buffer, CRC_BUF_BYTES);
  }
  return ((long long)n << 32) | crc;
}
