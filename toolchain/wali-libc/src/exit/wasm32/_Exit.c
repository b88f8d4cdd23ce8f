/* Process exit on WALI: give the runtime its exit hook, then end the whole
 * process with the status (ABI section B). exit_group is the fallback for a
 * runtime whose __proc_exit returns. */
#include <stdlib.h>
#include "syscall.h"
#include "wali_imports.h"

_Noreturn void _Exit(int ec)
{
	__wali_deinit();
	__wali_proc_exit(ec);
	__syscall(SYS_exit_group, ec);
	for (;;) __syscall(SYS_exit, ec);
}
