/* A Wasm program has no machine registers to inspect; only the word size
 * (the width of long) is meaningful. */
#undef __WORDSIZE
#define __WORDSIZE 64
