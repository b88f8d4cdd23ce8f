package io.wali4j.core.syscall;

import io.wali4j.core.kernel.NativeAccess;

/**
 * The file systems whose regular files never wait: disk and memory ones, where poll reports every
 * file ready at once and a read or write of it is never a wait for another party. Not /proc, sysfs,
 * tracefs, debugfs or FUSE, where some regular files poll (/proc/kmsg, trace_pipe) and a read can
 * wait for data; a file system not named here counts as one that may wait.
 */
final class PlainFileSystems {

  /** statfs(2) f_type values (linux/magic.h). */
  private static final int[] MAGICS = {
    0xEF53, // ext2, ext3, ext4
    0x58465342, // xfs
    0x9123683E, // btrfs
    0x01021994, // tmpfs
    0x858458F6, // ramfs
    0x794C7630, // overlayfs
    0xF2F52010, // f2fs
    0x2FC12FC1, // zfs
    0xCA451A4E, // bcachefs
    0x6969, // nfs
    0x4D44, // msdos, vfat
    0x5346544E, // ntfs
    0x2011BAB0, // exfat
  };

  private PlainFileSystems() {}

  /**
   * Whether host fd {@code h} is on one of these file systems; {@code buf}: scratch room for a
   * struct statfs (120 bytes), whose first field, f_type, is a long on every 64-bit host.
   */
  static boolean holds(Ctx c, int h, long buf) {
    if (c.sys2(c.nr.fstatfs, h, buf) != 0) {
      return false;
    }
    int type = NativeAccess.U.getInt(buf);
    for (int m : MAGICS) {
      if (m == type) {
        return true;
      }
    }
    return false;
  }
}
