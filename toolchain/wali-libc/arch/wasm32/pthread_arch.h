/* The thread descriptor is a thread-local object: each thread's TLS block
 * (placed by __wasm_init_tls, see crt/wasm32/crt1.c and
 * src/thread/wasm32/pthread_create.c) holds its own struct pthread, so the
 * thread pointer is simply that object's address. */
extern _Thread_local struct __pthread __wali_pthread_self;

static inline uintptr_t __get_tp(void)
{
	return (uintptr_t)&__wali_pthread_self;
}

/* No machine context exists; cancellation never inspects a program counter. */
#define MC_PC __space[0]
