/* stat: statx. musl 1.2.3 has no statx() wrapper, so this calls the syscall
 * with its own copy of the kernel's struct statx (layout in wali-abi.md D). */
#include "wali_test.h"
#include <sys/syscall.h>

struct wt_statx_time {
  int64_t tv_sec;
  uint32_t tv_nsec;
  int32_t pad;
};
struct wt_statx {
  uint32_t stx_mask;
  uint32_t stx_blksize;
  uint64_t stx_attributes;
  uint32_t stx_nlink;
  uint32_t stx_uid;
  uint32_t stx_gid;
  uint16_t stx_mode;
  uint16_t pad1;
  uint64_t stx_ino;
  uint64_t stx_size;
  uint64_t stx_blocks;
  uint64_t stx_attributes_mask;
  struct wt_statx_time stx_atime, stx_btime, stx_ctime, stx_mtime;
  uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
  uint64_t spare[14];
};
_Static_assert(sizeof(struct wt_statx) == 256, "struct statx is 256 bytes");

#define WT_STATX_TYPE 0x1u
#define WT_STATX_MODE 0x2u
#define WT_STATX_NLINK 0x4u
#define WT_STATX_SIZE 0x200u
#define WT_STATX_INO 0x100u
#define WT_STATX_BASIC_STATS 0x7ffu

static long do_statx(int dirfd, const char *path, int flags, unsigned mask,
                     struct wt_statx *out) {
  return syscall(SYS_statx, dirfd, path, flags, mask, out);
}

int main(void) {
  const char *f = wt_path("f");
  int fd = open(f, O_CREAT | O_RDWR, 0640);
  CHECK(fd >= 0);
  wt_write_all(fd, "statx-data", 10);

  struct wt_statx sx;
  memset(&sx, 0xff, sizeof sx);
  CHECK_SYS(do_statx(AT_FDCWD, f, 0, WT_STATX_BASIC_STATS, &sx));
  unsigned need = WT_STATX_TYPE | WT_STATX_MODE | WT_STATX_NLINK | WT_STATX_SIZE | WT_STATX_INO;
  CHECK_EQ(sx.stx_mask & need, need);

  struct stat st;
  CHECK_SYS(fstat(fd, &st));
  CHECK_EQ(sx.stx_size, 10);
  CHECK_EQ(sx.stx_ino, st.st_ino);
  CHECK_EQ(sx.stx_nlink, 1);
  CHECK_EQ(sx.stx_mode, st.st_mode);
  CHECK_EQ(sx.stx_uid, st.st_uid);
  CHECK_EQ(sx.stx_mtime.tv_sec, st.st_mtim.tv_sec);
  CHECK_EQ(sx.stx_mtime.tv_nsec, st.st_mtim.tv_nsec);
  CHECK_EQ(sx.stx_blksize, st.st_blksize);
  printf("statx: size=%llu mode=%o nlink=%u\n", (unsigned long long)sx.stx_size,
         (unsigned)(sx.stx_mode & 07777), (unsigned)sx.stx_nlink);

  /* AT_EMPTY_PATH on the descriptor, and a relative path from a directory fd. */
  memset(&sx, 0, sizeof sx);
  CHECK_SYS(do_statx(fd, "", AT_EMPTY_PATH, WT_STATX_SIZE, &sx));
  CHECK_EQ(sx.stx_size, 10);
  int dfd = open(wt_tmpdir(), O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0);
  CHECK_SYS(do_statx(dfd, "f", 0, WT_STATX_BASIC_STATS, &sx));
  CHECK_EQ(sx.stx_ino, st.st_ino);

  /* AT_SYMLINK_NOFOLLOW sees the link. */
  CHECK_SYS(symlink("f", wt_path("ln")));
  CHECK_SYS(do_statx(dfd, "ln", AT_SYMLINK_NOFOLLOW, WT_STATX_BASIC_STATS, &sx));
  CHECK(S_ISLNK(sx.stx_mode));
  CHECK_EQ(sx.stx_size, 1);
  CHECK_SYS(do_statx(dfd, "ln", 0, WT_STATX_BASIC_STATS, &sx));
  CHECK(S_ISREG(sx.stx_mode));

  CHECK_ERRNO(do_statx(dfd, "missing", 0, WT_STATX_BASIC_STATS, &sx), ENOENT);
  /* The reserved mask bit 0x80000000 is rejected. */
  CHECK_ERRNO(do_statx(dfd, "f", 0, 0x80000000u, &sx), EINVAL);
  CHECK_SYS(close(dfd));
  CHECK_SYS(close(fd));
  printf("PASS\n");
  return 0;
}
