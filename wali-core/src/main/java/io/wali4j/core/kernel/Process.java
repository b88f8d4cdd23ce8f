package io.wali4j.core.kernel;

import io.wali4j.api.SyscallTrap;
import io.wali4j.core.exec.Memory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * A WALI process: its arguments and environment, its descriptor table, its working directory (held
 * as a host directory fd, so relative paths resolve with the *at calls and the JVM's own directory
 * never changes), its umask and resource limits, its linear memory, its threads and how it ended.
 * The virtual pid is the host's for now.
 */
public final class Process {

  static final int O_RDONLY = 0;
  static final int O_DIRECTORY = 0x10000;
  static final int O_CLOEXEC = 0x80000;
  static final int O_PATH = 0x200000;
  static final int AT_FDCWD = -100;
  static final int F_DUPFD_CLOEXEC = 1030;

  private final Host host;
  private final int pid;
  private final List<String> argv;
  private final Map<String, String> env;
  private final FdTable fds;
  private final Scratch scratch;
  private final ResourceLimits rlimits;
  private final AddressSpace addressSpace = new AddressSpace();
  private final Threads threads;
  private volatile int cwdFd;
  private volatile int umask;
  private Memory memory;
  private Path envFile;
  private volatile int[] groups;

  private Process(Host host, List<String> argv, Map<String, String> env, int cwdFd, int umask) {
    this.host = host;
    this.pid = (int) host.trap().syscall0(host.nr().getpid);
    this.argv = List.copyOf(argv);
    this.env = Map.copyOf(env);
    this.fds = new FdTable();
    this.scratch = new Scratch(host);
    this.rlimits = new ResourceLimits(host);
    this.threads = new Threads(this);
    this.cwdFd = cwdFd;
    this.umask = umask;
  }

  /**
   * Starts a process in directory {@code cwd} whose fds 0, 1, 2 are duplicates of host fds {@code
   * stdio} (a host fd that is not open leaves its number closed).
   *
   * @throws IllegalArgumentException when {@code cwd} cannot be opened as a directory
   */
  public static Process start(
      Host host, List<String> argv, Map<String, String> env, Path cwd, int[] stdio) {
    Process p = new Process(host, argv, env, -1, HostUmask.value());
    long path = p.scratch.address();
    NativeAccess.putCString(path, cwd.toAbsolutePath().toString());
    long fd =
        host.trap().syscall4(host.nr().openat, AT_FDCWD, path, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
    if (fd < 0) {
      p.close();
      throw new IllegalArgumentException("cannot open working directory " + cwd + ": errno " + -fd);
    }
    p.cwdFd = (int) fd;
    for (int i = 0; i < stdio.length; i++) {
      long h = host.trap().syscall3(host.nr().fcntl, stdio[i], F_DUPFD_CLOEXEC, 3);
      if (h >= 0) {
        p.fds.installAt(i, (int) h, false);
      }
    }
    return p;
  }

  public Host host() {
    return host;
  }

  public SyscallTrap trap() {
    return host.trap();
  }

  public SyscallNumbers nr() {
    return host.nr();
  }

  public int pid() {
    return pid;
  }

  public List<String> argv() {
    return argv;
  }

  public Map<String, String> env() {
    return env;
  }

  public FdTable fds() {
    return fds;
  }

  /** The calling thread's scratch buffer (each thread of the process has its own). */
  public Scratch scratch() {
    WaliThread t = WaliThread.current();
    return t != null && t.process() == this && t.scratch() != null ? t.scratch() : scratch;
  }

  /** The threads of this process and how it ends. */
  public Threads threads() {
    return threads;
  }

  public ResourceLimits rlimits() {
    return rlimits;
  }

  public AddressSpace addressSpace() {
    return addressSpace;
  }

  /** The host directory fd that relative paths resolve against. */
  public int cwdFd() {
    return cwdFd;
  }

  /** Makes {@code newCwdFd} the working directory and closes the previous one. */
  public synchronized void changeCwd(int newCwdFd) {
    int old = cwdFd;
    cwdFd = newCwdFd;
    host.trap().syscall1(host.nr().close, old);
  }

  public int umask() {
    return umask;
  }

  /** Sets the umask; returns the previous one. */
  public int umask(int mask) {
    int old = umask;
    umask = mask & 0777;
    return old;
  }

  /**
   * The supplementary groups a privileged process set with setgroups, or null while they are the
   * host's (the JVM's groups are never changed).
   */
  public int[] groups() {
    int[] g = groups;
    return g == null ? null : g.clone();
  }

  public void setGroups(int[] g) {
    groups = g.clone();
  }

  /** Linear memory 0 of the process's module, once instantiated. */
  public Memory memory() {
    return memory;
  }

  public void attachMemory(Memory m) {
    this.memory = m;
  }

  /**
   * The file holding the initial environment (one KEY=VALUE per line), written on first use and
   * deleted when the process ends.
   */
  public synchronized Path envFile() {
    if (envFile == null) {
      try {
        Path f =
            Files.createTempFile(
                "wali4j-env-",
                ".txt",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        StringBuilder sb = new StringBuilder();
        env.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(f, sb, StandardCharsets.UTF_8);
        envFile = f;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the environment file", e);
      }
    }
    return envFile;
  }

  /**
   * Closes every host fd of the process, its cwd and scratch, and deletes its env file. Its memory
   * is released once no thread runs on it any more (a thread left behind by {@link
   * Threads#awaitEnd} may still touch it).
   */
  public synchronized void close() {
    for (int h : fds.hostFds()) {
      host.trap().syscall1(host.nr().close, h);
    }
    if (cwdFd >= 0) {
      host.trap().syscall1(host.nr().close, cwdFd);
      cwdFd = -1;
    }
    scratch.release();
    if (memory != null && memory.backing() instanceof NativeMemoryBacking nb) {
      threads.whenAllGone(nb::release);
    }
    if (envFile != null) {
      try {
        Files.deleteIfExists(envFile);
      } catch (IOException e) {
        System.err.println("wali4j: cannot delete " + envFile + ": " + e.getMessage());
      }
    }
  }
}
