package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.Layout.signed;
import static io.wali4j.core.syscall.Layout.unsigned;

/**
 * Struct layouts as data (wali-abi.md section D for the WALI side; the host's from the backend's
 * tables, see {@link HostStructs}). struct stat, statfs and epoll_event are converted wherever the
 * host's layout differs (aarch64 and riscv64: a 128-byte stat, an unpacked epoll_event); statx,
 * timespec, rlimit, dirent64 and utsname are the same on every 64-bit host and pass through.
 */
public final class Layouts {

  /** struct iovec, wasm32: a 4-byte pointer and a 4-byte size_t. */
  public static final Layout WALI_IOVEC =
      Layout.of("iovec", 8, unsigned("iov_base", 0, 4), unsigned("iov_len", 4, 4));

  /** struct iovec on a 64-bit host. */
  public static final Layout HOST64_IOVEC =
      Layout.of("iovec", 16, unsigned("iov_base", 0, 8), unsigned("iov_len", 8, 8));

  /** struct stat: 144 bytes on WALI and x86_64 alike (wali-abi.md D). */
  public static final int STAT_SIZE = 144;

  /**
   * struct stat on WALI (wali-abi.md D, x86_64's), fields named as in the kernel's asm/stat.h
   * (st_atime and st_atime_nsec are st_atim's tv_sec and tv_nsec).
   */
  public static final Layout WALI_STAT =
      Layout.of(
          "stat",
          STAT_SIZE,
          unsigned("st_dev", 0, 8),
          unsigned("st_ino", 8, 8),
          unsigned("st_nlink", 16, 8),
          unsigned("st_mode", 24, 4),
          unsigned("st_uid", 28, 4),
          unsigned("st_gid", 32, 4),
          unsigned("st_rdev", 40, 8),
          signed("st_size", 48, 8),
          signed("st_blksize", 56, 8),
          signed("st_blocks", 64, 8),
          signed("st_atime", 72, 8),
          signed("st_atime_nsec", 80, 8),
          signed("st_mtime", 88, 8),
          signed("st_mtime_nsec", 96, 8),
          signed("st_ctime", 104, 8),
          signed("st_ctime_nsec", 112, 8));

  /** struct statx: 256 bytes everywhere. */
  public static final int STATX_SIZE = 256;

  /** struct statfs: 120 bytes on WALI and x86_64. */
  public static final int STATFS_SIZE = 120;

  /** struct statfs on WALI (wali-abi.md D), fields named as in asm-generic/statfs.h. */
  public static final Layout WALI_STATFS =
      Layout.of(
          "statfs",
          STATFS_SIZE,
          signed("f_type", 0, 8),
          signed("f_bsize", 8, 8),
          unsigned("f_blocks", 16, 8),
          unsigned("f_bfree", 24, 8),
          unsigned("f_bavail", 32, 8),
          unsigned("f_files", 40, 8),
          unsigned("f_ffree", 48, 8),
          unsigned("f_fsid", 56, 8),
          signed("f_namelen", 64, 8),
          signed("f_frsize", 72, 8),
          signed("f_flags", 80, 8));

  /** struct utsname: 6 x 65 bytes. */
  public static final int UTSNAME_SIZE = 390;

  /** What the kernel writes of struct sysinfo on a 64-bit host (WALI reserves 368). */
  public static final int SYSINFO_SIZE = 112;

  /** What the kernel writes of struct rusage on a 64-bit host (WALI reserves 272). */
  public static final int RUSAGE_SIZE = 144;

  /** struct timespec and struct timeval: two 8-byte fields. */
  public static final int TIMESPEC_SIZE = 16;

  /** struct rlimit: two rlim_t. */
  public static final int RLIMIT_SIZE = 16;

  /** struct flock (x86_64 = WALI: no pointers inside). */
  public static final int FLOCK_SIZE = 32;

  /** struct timezone. */
  public static final int TIMEZONE_SIZE = 8;

  /** The index of st_size among the fields of {@link #WALI_STAT} (and of the host's stat). */
  public static final int STAT_ST_SIZE = 7;

  /** struct pollfd: the same 8 bytes on WALI and every host; its fd is translated. */
  public static final Layout WALI_POLLFD =
      Layout.of("pollfd", 8, signed("fd", 0, 4), signed("events", 4, 2), signed("revents", 6, 2));

  public static final Layout HOST_POLLFD = WALI_POLLFD;

  /** struct msghdr, wasm32 (wali-abi.md D): 4-byte pointers, int iovlen and socklen_t padded. */
  public static final Layout WALI_MSGHDR =
      Layout.of(
          "msghdr",
          36,
          unsigned("msg_name", 0, 4),
          unsigned("msg_namelen", 4, 4),
          unsigned("msg_iov", 8, 4),
          signed("msg_iovlen", 12, 4),
          unsigned("msg_control", 20, 4),
          unsigned("msg_controllen", 24, 4),
          signed("msg_flags", 32, 4));

  /** struct msghdr on a 64-bit host: 8-byte pointers, size_t iovlen and controllen. */
  public static final Layout HOST64_MSGHDR =
      Layout.of(
          "msghdr",
          56,
          unsigned("msg_name", 0, 8),
          unsigned("msg_namelen", 8, 4),
          unsigned("msg_iov", 16, 8),
          signed("msg_iovlen", 24, 8),
          unsigned("msg_control", 32, 8),
          unsigned("msg_controllen", 40, 8),
          signed("msg_flags", 48, 4));

  /** Field indices of the two msghdr layouts. */
  public static final int MSG_NAME = 0;

  public static final int MSG_NAMELEN = 1;
  public static final int MSG_IOV = 2;
  public static final int MSG_IOVLEN = 3;
  public static final int MSG_CONTROL = 4;
  public static final int MSG_CONTROLLEN = 5;
  public static final int MSG_FLAGS = 6;

  /**
   * struct cmsghdr, wasm32: musl's 64-bit-long layout, a socklen_t length padded to 8 bytes; the
   * data follows at 16 and the next header starts at the length rounded up to 8 (musl's __CMSG_LEN
   * rounds to sizeof(long), which is 8 on WALI).
   */
  public static final Layout WALI_CMSGHDR =
      Layout.of(
          "cmsghdr",
          16,
          unsigned("cmsg_len", 0, 4),
          signed("cmsg_level", 8, 4),
          signed("cmsg_type", 12, 4));

  /** struct cmsghdr on a 64-bit host: a size_t length; data at 16, headers 8-aligned. */
  public static final Layout HOST64_CMSGHDR =
      Layout.of(
          "cmsghdr",
          16,
          unsigned("cmsg_len", 0, 8),
          signed("cmsg_level", 8, 4),
          signed("cmsg_type", 12, 4));

  /** The alignment of control messages on WALI and on a 64-bit host. */
  public static final int CMSG_ALIGN = 8;

  /** struct epoll_event on WALI: packed, 12 bytes; data is opaque to the runtime. */
  public static final Layout WALI_EPOLL_EVENT =
      Layout.of("epoll_event", 12, unsigned("events", 0, 4), unsigned("data", 4, 8));

  /** The size of a sockaddr_storage: the longest address the kernel accepts. */
  public static final int SOCKADDR_STORAGE_SIZE = 128;

  /** fd_set on WALI: 1024 bits. */
  public static final int FD_SETSIZE = 1024;

  private Layouts() {}
}
