/* The struct sigaction a WALI runtime reads in SYS_rt_sigaction (ABI section
 * D, 144 bytes): handler at 0, a 128-byte mask at 8, flags at 136, restorer
 * at 140. Handlers are function-table indices; there is no restorer
 * trampoline, the runtime returns from handlers itself. */
#include <features.h>

struct k_sigaction {
	void (*handler)(int);
	unsigned long mask[16];
	int flags;
	void (*restorer)(void);
};

hidden void __restore(), __restore_rt();

