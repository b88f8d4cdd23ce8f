package io.wali4j.core.syscall;

import io.wali4j.core.kernel.NativeAccess;

/**
 * The ioctl requests WALI programs use (terminal, FIONBIO, FIOASYNC, FIONREAD, FIOQSIZE), each with
 * the size of what its argument points to so that the pointer can be checked. Any other request
 * answers ENOTTY: an unknown request could make the kernel write anywhere.
 */
final class Ioctls {

  static final int TCGETS = 0x5401;
  static final int TCSETS = 0x5402;
  static final int TCSETSW = 0x5403;
  static final int TCSETSF = 0x5404;
  static final int TIOCSCTTY = 0x540E;
  static final int TIOCGPGRP = 0x540F;
  static final int TIOCSPGRP = 0x5410;
  static final int TIOCGWINSZ = 0x5413;
  static final int TIOCSWINSZ = 0x5414;
  static final int FIONREAD = 0x541B;
  static final int FIONBIO = 0x5421;
  static final int FIONCLEX = 0x5450;
  static final int FIOCLEX = 0x5451;
  static final int FIOASYNC = 0x5452;
  static final int FIOQSIZE = 0x5460;

  /** The kernel's struct termios (musl's is longer; the kernel touches only this much). */
  static final int TERMIOS_SIZE = 36;

  private Ioctls() {}

  /**
   * tcgetpgrp/tcsetpgrp on a terminal: the foreground group is the process's session's (virtual,
   * like the pgids it names); the host terminal's own foreground group is the JVM's and stays so.
   */
  private static long foregroundGroup(Ctx c, int h, int request, int argp) {
    long at = c.addr(argp, 4);
    long r = c.sys3(c.nr.ioctl, h, TCGETS, c.scratch());
    if (r < 0) {
      return r; // not a terminal: ENOTTY
    }
    if (request == TIOCGPGRP) {
      NativeAccess.U.putInt(at, c.p.kernel().foreground(c.p));
      return 0;
    }
    return c.p.kernel().setForeground(c.p, NativeAccess.U.getInt(at));
  }

  static long ioctl(Ctx c, int fd, int request, int argp) {
    int h = c.fd(fd);
    switch (request) {
      case TCGETS:
      case TCSETS:
      case TCSETSW:
      case TCSETSF:
        return c.sys3(c.nr.ioctl, h, request, c.addr(argp, TERMIOS_SIZE));
      case TIOCGWINSZ:
      case TIOCSWINSZ:
        return c.sys3(c.nr.ioctl, h, request, c.addr(argp, 8));
      case TIOCGPGRP:
      case TIOCSPGRP:
        return foregroundGroup(c, h, request, argp);
      case FIONREAD:
      case FIONBIO:
      case FIOASYNC:
        return c.sys3(c.nr.ioctl, h, request, c.addr(argp, 4));
      case FIOQSIZE:
        return c.sys3(c.nr.ioctl, h, request, c.addr(argp, 8));
      case TIOCSCTTY:
        return c.sys3(c.nr.ioctl, h, request, argp);
      case FIOCLEX:
      case FIONCLEX:
        c.p.fds().setCloseOnExec(fd, request == FIOCLEX);
        return 0;
      default:
        return -Errno.ENOTTY;
    }
  }
}
