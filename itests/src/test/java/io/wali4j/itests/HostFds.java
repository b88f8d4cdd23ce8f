package io.wali4j.itests;

import io.wali4j.core.kernel.Host;
import io.wali4j.core.kernel.NativeAccess;
import java.nio.file.Path;

/**
 * Host file descriptors for a WALI process's stdio. The embedding API takes host fds (it duplicates
 * them into the process's fd table), and Java exposes no fd of its own streams, so the files are
 * opened with the runtime's own syscall trap.
 */
final class HostFds {

  private static final int AT_FDCWD = -100;
  private static final int O_RDONLY = 0;
  private static final int O_WRONLY = 0x1;
  private static final int O_CREAT = 0x40;
  private static final int O_TRUNC = 0x200;
  private static final int O_CLOEXEC = 0x80000;
  private static final int PATH_BUFFER = 4096;

  private final Host host;

  HostFds(Host host) {
    this.host = host;
  }

  /** A host fd open for reading on {@code file}. */
  int openForReading(Path file) {
    return open(file, O_RDONLY | O_CLOEXEC);
  }

  /** A host fd open for writing on {@code file}, created or truncated. */
  int openForWriting(Path file) {
    return open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC);
  }

  void close(int fd) {
    host.trap().syscall1(host.nr().close, fd);
  }

  private int open(Path file, int flags) {
    long path = NativeAccess.U.allocateMemory(PATH_BUFFER);
    try {
      NativeAccess.putCString(path, file.toAbsolutePath().toString());
      long fd = host.trap().syscall4(host.nr().openat, AT_FDCWD, path, flags, 0644);
      if (fd < 0) {
        throw new IllegalStateException("cannot open " + file + ": errno " + -fd);
      }
      return (int) fd;
    } finally {
      NativeAccess.U.freeMemory(path);
    }
  }
}
