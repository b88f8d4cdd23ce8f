package io.wali4j.core.kernel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One signalfd (signalfd(2)): an open file whose reads take pending signals of its mask. Signals
 * are virtual, so the file is a host pipe: the program's descriptor is the read end, which the fd
 * table, dup, fork, exec, poll, select and epoll treat as any other host fd; the runtime keeps the
 * write end and holds exactly one byte in the pipe while a signal of the mask is pending for a
 * process that holds the file, none otherwise. A read of the descriptor is recognised by the pipe's
 * identity (its device and inode, which every duplicate shares) and served from the signal queue
 * instead of the pipe.
 *
 * <p>Readiness is the union over the processes that hold the file (the creator and its forked
 * children), where Linux reports the polling process's own pending signals: after a fork, one
 * process may see the file readable for a signal pending in the other. The level is lowered by
 * whoever reads the file or updates its mask (the byte is read through their descriptor), so a
 * signal taken by other means (a handler, sigwaitinfo) leaves a poll reporting the file readable
 * until the next read, which then finds nothing (EAGAIN, or it waits).
 *
 * <p>When every read end is closed (the write end then polls POLLERR) or every holder has ended,
 * the write end is closed and the file forgotten; stale files are swept when a new one is made.
 */
public final class SignalFd {

  private record Key(long dev, long ino) {}

  private static final Map<Key, SignalFd> OPEN = new ConcurrentHashMap<>();

  /** Whether a signalfd was ever made in this JVM: until then reads skip the identity check. */
  private static volatile boolean any;

  static final int O_NONBLOCK = 0x800;
  static final int O_CLOEXEC = 0x80000;
  private static final int F_SETFL = 4;
  private static final int STAT_INO = 8;
  private static final short POLLERR = 0x8;

  /** Scratch bytes that {@link #create} and {@link #of} need at the address they are given. */
  public static final int SCRATCH = 160;

  private final Host host;
  private final Key key;
  private final List<Signals> holders = new CopyOnWriteArrayList<>();

  /** The pipe's write end, -1 once closed. */
  private int writeFd;

  /** Native memory for the one byte written and read. */
  private long oneByte;

  /** The signals read: never SIGKILL or SIGSTOP. */
  private volatile long mask;

  /** Whether the pipe holds its byte. */
  private boolean raised;

  private SignalFd(Host host, Key key, int writeFd, long mask) {
    this.host = host;
    this.key = key;
    this.writeFd = writeFd;
    this.mask = mask;
    this.oneByte = NativeAccess.U.allocateMemory(8);
  }

  /** How many signalfds are open (their write ends held). */
  static int openCount() {
    return OPEN.size();
  }

  /** Whether a signalfd was ever made: when not, no descriptor can be one. */
  public static boolean any() {
    return any;
  }

  /**
   * Makes a signalfd of {@code owner}'s process reading {@code mask}: returns the host fd of its
   * read end (close-on-exec on the host; non-blocking when asked), or -errno. {@code scratch}: at
   * least {@link #SCRATCH} bytes of native memory.
   */
  public static long create(Host host, Signals owner, long mask, boolean nonblock, long scratch) {
    sweep(scratch);
    SyscallNumbers nr = host.nr();
    long r = host.trap().syscall2(nr.pipe2, scratch, O_CLOEXEC | O_NONBLOCK);
    if (r < 0) {
      return r;
    }
    int readFd = NativeAccess.U.getInt(scratch);
    int writeFd = NativeAccess.U.getInt(scratch + 4);
    if (!nonblock) {
      host.trap().syscall3(nr.fcntl, readFd, F_SETFL, 0);
    }
    Key key = identity(host, readFd, scratch);
    if (key == null) {
      host.trap().syscall1(nr.close, readFd);
      host.trap().syscall1(nr.close, writeFd);
      return -24; // EMFILE: as if the file could not be made
    }
    SignalFd s = new SignalFd(host, key, writeFd, mask & ~SignalMask.UNBLOCKABLE);
    OPEN.put(key, s);
    any = true;
    s.hold(owner);
    s.settle(readFd);
    return readFd;
  }

  /** The signalfd whose read end {@code hostFd} is, or null. */
  public static SignalFd of(Host host, int hostFd, long scratch) {
    if (!any || OPEN.isEmpty()) {
      return null;
    }
    Key key = identity(host, hostFd, scratch);
    return key == null ? null : OPEN.get(key);
  }

  private static Key identity(Host host, int hostFd, long scratch) {
    long r = host.trap().syscall2(host.nr().fstat, hostFd, scratch);
    if (r < 0) {
      return null;
    }
    // st_dev then st_ino, two 64-bit fields, in every 64-bit host's struct stat.
    return new Key(NativeAccess.U.getLong(scratch), NativeAccess.U.getLong(scratch + STAT_INO));
  }

  /** Forgets the files whose read ends are all closed (their write end polls POLLERR). */
  private static void sweep(long scratch) {
    for (SignalFd s : OPEN.values()) {
      s.closeIfUnread(scratch);
    }
  }

  private synchronized void closeIfUnread(long scratch) {
    if (writeFd < 0) {
      return;
    }
    NativeAccess.U.putInt(scratch, writeFd);
    NativeAccess.U.putShort(scratch + 4, (short) 0);
    NativeAccess.U.putShort(scratch + 6, (short) 0);
    NativeAccess.U.putLong(scratch + 16, 0);
    NativeAccess.U.putLong(scratch + 24, 0);
    long r = host.trap().syscall4(host.nr().ppoll, scratch, 1, scratch + 16, 0);
    if (r > 0 && (NativeAccess.U.getShort(scratch + 6) & POLLERR) != 0) {
      close();
    }
  }

  /** Closes the write end and forgets the file. Holds the lock. */
  private void close() {
    if (writeFd >= 0) {
      host.trap().syscall1(host.nr().close, writeFd);
      writeFd = -1;
      NativeAccess.U.freeMemory(oneByte);
      oneByte = 0;
      raised = false;
      OPEN.remove(key, this);
      for (Signals h : holders) {
        h.signalFds().remove(this);
      }
    }
  }

  /** The signals this file reads. */
  public long mask() {
    return mask;
  }

  /** Sets the signals read (SIGKILL and SIGSTOP dropped); {@code readFd}: a read end. */
  public void mask(long m, int readFd) {
    mask = m & ~SignalMask.UNBLOCKABLE;
    settle(readFd);
  }

  /** Adds the process of {@code s} to the holders (creation, fork). */
  void hold(Signals s) {
    holders.add(s);
    s.signalFds().add(this);
  }

  /** A holder ended: the file goes when it was the last. */
  synchronized void release(Signals s) {
    holders.remove(s);
    if (holders.isEmpty()) {
      close();
    }
  }

  /** A signal was posted to a holder: raises the level when it is one this file reads. */
  synchronized void posted(int sig) {
    if ((mask & Signals.bit(sig)) != 0 && !raised && writeFd >= 0) {
      NativeAccess.U.putByte(oneByte, (byte) 1);
      raised = host.trap().syscall3(host.nr().write, writeFd, oneByte, 1) == 1;
    }
  }

  /**
   * Brings the level in line with what is pending for the holders; {@code readFd} (a read end) is
   * what the byte is taken back through.
   */
  public synchronized void settle(int readFd) {
    if (writeFd < 0) {
      return;
    }
    long pending = 0;
    for (Signals s : holders) {
      pending |= s.pendingAnywhere();
    }
    boolean want = (pending & mask) != 0;
    if (want && !raised) {
      NativeAccess.U.putByte(oneByte, (byte) 1);
      raised = host.trap().syscall3(host.nr().write, writeFd, oneByte, 1) == 1;
    } else if (!want && raised) {
      // The pipe holds exactly one byte: this read does not wait, whatever the fd's flags.
      raised = host.trap().syscall3(host.nr().read, readFd, oneByte, 1) != 1;
    }
  }
}
