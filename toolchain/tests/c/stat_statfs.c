/* stat: statfs/fstatfs describe the file system holding a path or descriptor;
 * both agree, and free space never exceeds total space. */
#include "wali_test.h"
#include <sys/statfs.h>
#include <sys/statvfs.h>

int main(void) {
  const char *f = wt_path("f");
  int fd = open(f, O_CREAT | O_RDWR, 0600);
  CHECK(fd >= 0);

  struct statfs a, b;
  memset(&a, 0, sizeof a);
  memset(&b, 0, sizeof b);
  CHECK_SYS(statfs(f, &a));
  CHECK_SYS(fstatfs(fd, &b));
  CHECK_EQ(a.f_type, b.f_type);
  CHECK_EQ(a.f_bsize, b.f_bsize);
  CHECK_EQ(a.f_blocks, b.f_blocks);
  CHECK(a.f_bsize > 0);
  CHECK(a.f_blocks > 0);
  CHECK(a.f_bfree <= a.f_blocks);
  CHECK(a.f_bavail <= a.f_bfree);
  CHECK(a.f_namelen >= 14);
  CHECK(a.f_frsize > 0);
  printf("statfs and fstatfs agree\n");

  /* The directory and the file are on the same file system. */
  struct statfs d;
  CHECK_SYS(statfs(wt_tmpdir(), &d));
  CHECK_EQ(d.f_type, a.f_type);
  CHECK_EQ(d.f_fsid.__val[0], a.f_fsid.__val[0]);
  CHECK_EQ(d.f_fsid.__val[1], a.f_fsid.__val[1]);

  /* statvfs (libc, built on statfs) reports the same geometry. */
  struct statvfs v;
  CHECK_SYS(statvfs(f, &v));
  CHECK_EQ(v.f_blocks, a.f_blocks);
  CHECK(v.f_namemax == (unsigned long)a.f_namelen);
  struct statvfs fv;
  CHECK_SYS(fstatvfs(fd, &fv));
  CHECK_EQ(fv.f_bsize, v.f_bsize);

  /* /proc is its own file system type on any Linux. */
  struct statfs p;
  CHECK_SYS(statfs("/proc", &p));
  CHECK_EQ(p.f_type, 0x9fa0); /* PROC_SUPER_MAGIC */
  printf("/proc is procfs\n");

  CHECK_ERRNO(statfs(wt_path("missing"), &p), ENOENT);
  CHECK_SYS(close(fd));
  CHECK_ERRNO(fstatfs(fd, &p), EBADF);
  printf("PASS\n");
  return 0;
}
