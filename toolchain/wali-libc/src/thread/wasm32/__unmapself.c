/* Not used on WALI: see arch/wasm32/syscall_arch.h and
 * src/thread/wasm32/pthread_create.c. This file replaces the generic one. */
