/* statx(2) wrapper for the struct statx that patches/31-sys-stat-statx.patch
 * declares (musl 1.2.3 has none). */
#define _GNU_SOURCE
#include <sys/stat.h>
#include "syscall.h"

int statx(int dirfd, const char *restrict path, int flags, unsigned mask, struct statx *restrict st)
{
	return syscall(SYS_statx, dirfd, path, flags, mask, st);
}
