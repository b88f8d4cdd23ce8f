/* Thread pointer setup for WALI. There is no ELF program header to find the
 * TLS image in: wasm-ld places it in a passive segment and crt1 has already
 * given the main thread its block (__wasm_init_tls). The thread descriptor
 * is the thread-local __wali_pthread_self (see arch/wasm32/pthread_arch.h). */
#include <string.h>
#include "pthread_impl.h"
#include "libc.h"
#include "syscall.h"

_Thread_local struct __pthread __wali_pthread_self;

volatile int __thread_list_lock;

/* The word the runtime clears and wakes when the main thread exits
 * (set_tid_address). musl points it at __thread_list_lock so that the kernel
 * releases the lock a dying thread still holds; WALI's __pthread_exit releases
 * that lock itself before SYS_exit (src/thread/wasm32/pthread_create.c), and a
 * clear after that could release the lock another thread has taken since. */
static volatile int main_thread_exit_word;

int __init_tp(void *p)
{
	pthread_t td = p;
	td->self = td;
	libc.can_do_threads = 1;
	td->detach_state = DT_JOINABLE;
	td->tid = __syscall(SYS_set_tid_address, &main_thread_exit_word);
	td->locale = &libc.global_locale;
	td->robust_list.head = &td->robust_list.head;
	td->sysinfo = __sysinfo;
	td->next = td->prev = td;
	return 0;
}

/* Only the dynamic linker uses this on other ports; WALI links statically. */
void *__copy_tls(unsigned char *mem)
{
	memcpy(mem, __builtin_wasm_tls_base(), __builtin_wasm_tls_size());
	return mem;
}

static void static_init_tls(size_t *aux)
{
	(void)aux;
	libc.tls_size = __builtin_wasm_tls_size();
	libc.tls_align = __builtin_wasm_tls_align();
	if (__init_tp(&__wali_pthread_self) < 0) a_crash();
}

weak_alias(static_init_tls, __init_tls);
