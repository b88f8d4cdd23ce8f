package io.wali4j.core.syscall;

import io.wali4j.core.kernel.NativeAccess;

/**
 * RLIMIT_FSIZE, which is the process's (the JVM's own limit never changes): a write to a regular
 * file is cut at the limit, and a write that starts at or past it fails with EFBIG and raises
 * SIGXFSZ (setrlimit(2)). Costs nothing while the limit is infinite.
 */
final class FileSizeLimit {

  static final int RLIMIT_FSIZE = 1;
  static final int SIGXFSZ = 25;
  static final int EFBIG = 27;
  static final int SEEK_CUR = 1;
  static final int F_GETFL = 3;
  static final int O_APPEND = 0x400;

  private FileSizeLimit() {}

  /** How many of {@code count} bytes a write at the file position of {@code h} may write. */
  static long allowed(Ctx c, int h, long count) {
    long limit = c.p.rlimits().current(RLIMIT_FSIZE);
    if (limit < 0 || count == 0) {
      return count; // RLIM_INFINITY is all ones
    }
    long pos = c.sys3(c.nr.lseek, h, 0, SEEK_CUR);
    if (pos < 0) {
      return count; // a pipe, socket or terminal: no file size
    }
    long fl = c.sys2(c.nr.fcntl, h, F_GETFL);
    if (fl >= 0 && (fl & O_APPEND) != 0) {
      // An appending write starts at the end: st_size, in the host's stat layout.
      long st = c.scratch() + HostStructs.STRUCT_SLOT;
      if (c.sys2(c.nr.fstat, h, st) == 0) {
        Layout host = HostStructs.of(c, Layouts.WALI_STAT);
        pos = NativeAccess.U.getLong(st + host.field(Layouts.STAT_ST_SIZE).offset());
      }
    }
    if (pos >= limit) {
      c.p.signal(c.p.threads().current(), SIGXFSZ, 0, c.p.pid());
      return -EFBIG;
    }
    return Math.min(count, limit - pos);
  }
}
