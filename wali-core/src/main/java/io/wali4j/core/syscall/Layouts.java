package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.Layout.signed;
import static io.wali4j.core.syscall.Layout.unsigned;

/**
 * Struct layouts as data (wali-abi.md section D for the WALI side; the host's from its kernel
 * headers). Structs whose host layout equals WALI's on x86_64 (stat, statx, statfs, timespec,
 * rlimit, dirent64, utsname) pass through unconverted today; a backend for another ISA supplies its
 * host layouts here and the same codec converts them.
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

  /** struct statx: 256 bytes everywhere. */
  public static final int STATX_SIZE = 256;

  /** struct statfs: 120 bytes on WALI and x86_64. */
  public static final int STATFS_SIZE = 120;

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

  /** The offset of st_size in struct stat. */
  public static final int STAT_ST_SIZE = 48;

  /** The signed int fields of WALI's pollfd, for the polling family to come. */
  public static final Layout WALI_POLLFD =
      Layout.of("pollfd", 8, signed("fd", 0, 4), signed("events", 4, 2), signed("revents", 6, 2));

  private Layouts() {}
}
