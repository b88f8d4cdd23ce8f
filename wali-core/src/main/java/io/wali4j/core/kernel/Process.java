package io.wali4j.core.kernel;

import io.wali4j.api.SyscallTrap;
import io.wali4j.core.exec.Memory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A WALI process: its arguments and environment, its descriptor table, its working directory (held
 * as a host directory fd, so relative paths resolve with the *at calls and the JVM's own directory
 * never changes), its umask and resource limits, its linear memory, its threads, and its place in
 * the {@link Kernel}'s process table (virtual pid, parent, group, session, exit status).
 */
public final class Process {

  static final int O_RDONLY = 0;
  static final int O_DIRECTORY = 0x10000;
  static final int O_CLOEXEC = 0x80000;
  static final int O_PATH = 0x200000;
  static final int AT_FDCWD = -100;
  static final int F_DUPFD_CLOEXEC = 1030;

  /** Where a process is in its life. */
  public enum State {
    RUNNING,
    STOPPED,
    ZOMBIE
  }

  /** The process's place in the process table; guarded by the {@link Kernel}'s lock. */
  static final class Family {
    int pid;
    Process parent;

    /**
     * What getppid answers, kept by the {@link Kernel} whenever {@link #parent} changes and read
     * without its lock: getppid is a hot call (every syscall round trip benchmark makes it).
     */
    volatile int ppid;

    Process root;
    final List<Process> children = new ArrayList<>();
    int pgid;
    int sid;

    /** For a session leader: the foreground process group of its (virtual) terminal. */
    int foreground;

    boolean execed;
    State state = State.RUNNING;
    int waitStatus;

    /**
     * Set while an ended process's SIGCHLD is still to be sent: a wait does not reap it before
     * (Linux queues the signal before it wakes the parent's wait).
     */
    boolean noticePending;

    int stopReport;
    boolean continueReport;
    Usage usage = Usage.ZERO;
    Usage childUsage = Usage.ZERO;
  }

  final Family family = new Family();
  private final Kernel kernel;
  private final Host host;
  private final int pid;
  private volatile List<String> argv;
  private volatile Map<String, String> env;
  private final FdTable fds;
  private final Scratch scratch;
  private final ResourceLimits rlimits;
  private final AddressSpace addressSpace;
  private final Threads threads;
  private volatile int cwdFd;
  private volatile int umask;
  private Memory memory;
  private Path envFile;
  private volatile int[] groups;
  private volatile ProcessImage image;
  private final Signals signals;

  private volatile Sched sched = Sched.DEFAULT;
  private final WakeEvent wake;
  private volatile int hostPid;
  private final IntervalTimer timer;
  private final CpuTimers cpuTimers;
  private volatile ProcessSlots slots = new ProcessSlots(Integer.MAX_VALUE);
  private volatile int threadLimit = Integer.MAX_VALUE;
  private boolean closed;

  private Process(
      Kernel kernel,
      Process parent,
      Host host,
      List<String> argv,
      Map<String, String> env,
      FdTable fds,
      ResourceLimits rlimits,
      AddressSpace addressSpace,
      int cwdFd,
      int umask,
      Signals signals) {
    this.kernel = kernel;
    this.signals = signals;
    this.host = host;
    this.argv = List.copyOf(argv);
    this.env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    this.fds = fds;
    this.scratch = new Scratch(host);
    this.wake = new WakeEvent(host);
    this.rlimits = rlimits;
    this.addressSpace = addressSpace;
    this.cwdFd = cwdFd;
    this.umask = umask;
    kernel.add(this, parent);
    this.pid = family.pid;
    this.threads = new Threads(this);
    this.timer = new IntervalTimer(this);
    this.cpuTimers = new CpuTimers(this);
  }

  /**
   * Starts a process in directory {@code cwd} whose fds 0, 1, 2 are duplicates of host fds {@code
   * stdio} (a host fd that is not open leaves its number closed).
   *
   * @throws IllegalArgumentException when {@code cwd} cannot be opened as a directory
   */
  public static Process start(
      Host host, List<String> argv, Map<String, String> env, Path cwd, int[] stdio) {
    return start(Kernel.shared(), host, argv, env, cwd, stdio);
  }

  /** Like {@link #start(Host, List, Map, Path, int[])}, as a root of {@code kernel}'s table. */
  public static Process start(
      Kernel kernel, Host host, List<String> argv, Map<String, String> env, Path cwd, int[] stdio) {
    Process p =
        new Process(
            kernel,
            null,
            host,
            argv,
            env,
            new FdTable(),
            new ResourceLimits(host),
            new AddressSpace(),
            -1,
            HostUmask.value(),
            new Signals());
    long path = p.scratch.address();
    NativeAccess.putCString(path, cwd.toAbsolutePath().toString());
    long fd =
        host.trap()
            .syscall4(
                host.nr().openat,
                AT_FDCWD,
                path,
                host.abi().openFlags().toHost(O_PATH | O_DIRECTORY | O_CLOEXEC),
                0);
    if (fd < 0) {
      p.close();
      kernel.exit(p, 0, Usage.ZERO);
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

  /**
   * A child of this process as fork(2) makes it: same argv, environment, umask, limits, groups,
   * address-space bookkeeping and image; a duplicate of every descriptor and of the working
   * directory. Its memory is attached by the caller (a copy of this one's).
   *
   * @throws IllegalStateException when the host refuses to duplicate a descriptor (EMFILE)
   */
  public Process fork() {
    FdTable childFds = fds.copy(this::dupHost);
    Process c =
        new Process(
            kernel,
            this,
            host,
            argv,
            env,
            childFds,
            rlimits.copy(),
            addressSpace.copy(),
            dupHost(cwdFd),
            umask,
            signals.copy());
    c.groups = groups;
    c.image = image;
    WaliThread t = WaliThread.current();
    c.sched = (t != null && t.process() == this ? t.sched() : sched).inherited();
    return c;
  }

  private int dupHost(int h) {
    long r = host.trap().syscall3(host.nr().fcntl, h, F_DUPFD_CLOEXEC, 3);
    if (r < 0) {
      throw new IllegalStateException("cannot duplicate host fd " + h + ": errno " + -r);
    }
    return (int) r;
  }

  /**
   * The scheduling attributes of the main thread (what it starts with: inherited at fork, kept over
   * execve) and of callers that are not one of the process's threads ({@link Sched}).
   */
  public Sched sched() {
    return sched;
  }

  public void sched(Sched s) {
    sched = s;
  }

  public Kernel kernel() {
    return kernel;
  }

  /** What runs in this process (the runtime's business: its module and instance). */
  public ProcessImage image() {
    return image;
  }

  public void image(ProcessImage image) {
    this.image = image;
  }

  /**
   * A new program image (execve): argv and environment replace the old, whose environment file is
   * deleted (the new image gets its own).
   */
  public synchronized void replaceImage(List<String> newArgv, Map<String, String> newEnv) {
    argv = List.copyOf(newArgv);
    env = Collections.unmodifiableMap(new LinkedHashMap<>(newEnv));
    deleteEnvFile();
    signals.resetForExec();
    WaliThread t = threads.current();
    if (t != null) {
      t.altStack().set(0, AltStack.SS_DISABLE, 0); // execve(2): no alternate stack
    }
    kernel.execed(this);
  }

  public Signals signals() {
    return signals;
  }

  /** Records that this process now runs host process {@code pid} (0: no longer). */
  public void runsHost(int pid) {
    hostPid = pid;
  }

  /** The ITIMER_VIRTUAL and ITIMER_PROF timers of this process. */
  public CpuTimers cpuTimers() {
    return cpuTimers;
  }

  /** The ITIMER_REAL timer (alarm, setitimer) of this process. */
  public IntervalTimer timer() {
    return timer;
  }

  /**
   * Sends process-directed {@code sig} (1..64) to this process with si_code {@code code} from
   * {@code senderPid}: SIGCONT continues a stopped process at once; every thread is asked to stop
   * at a safe point (one that does not block it takes it) and the process's waits wake.
   */
  public void signal(int sig, int code, int senderPid) {
    signal(null, sig, code, senderPid);
  }

  /**
   * Sends {@code sig} to thread {@code target} of this process only (tkill, tgkill, a fault of that
   * thread), or to the process when {@code target} is null. SIGKILL, SIGSTOP and SIGCONT act on the
   * whole process wherever they are sent (signal(7)), so they are always process-directed.
   */
  public void signal(WaliThread target, int sig, int code, int senderPid) {
    signal(target, sig, code, senderPid, 0);
  }

  /** A child's SIGCHLD, with its si_status (exit code, or the signal that ended or stopped it). */
  public void childSignal(int code, int childPid, int status) {
    signal(null, Signals.SIGCHLD, code, childPid, status);
  }

  private void signal(WaliThread target, int sig, int code, int senderPid, int status) {
    queue(target, new Signals.Taken(sig, code, senderPid, status, 0));
  }

  /**
   * Sends {@code info.sig()} to thread {@code target}, or to the process when it is null, with the
   * siginfo {@code info} gives (rt_sigqueueinfo, rt_tgsigqueueinfo), as {@link #signal(WaliThread,
   * int, int, int)} does.
   */
  public void queue(WaliThread target, Signals.Taken info) {
    int sig = info.sig();
    int hp = hostPid;
    if (hp > 0) {
      // The process runs a host program now (execve of a native binary): the signal is its.
      if (sig != 0) {
        host.trap().syscall2(host.nr().kill, hp, sig);
      }
      return;
    }
    if (sig == Signals.SIGCONT || sig == Signals.SIGKILL) {
      kernel.continued(this);
    }
    if (sig == Signals.SIGCONT || sig == Signals.SIGKILL || sig == Signals.SIGSTOP) {
      target = null;
    }
    if (signals.post(target, info)) {
      if (target != null) {
        target.alert(sig);
      } else {
        threads.alert(sig);
        wake.post();
      }
      kernel.wakeAll();
    }
  }

  /**
   * A host eventfd that becomes readable when a signal is sent to the calling thread (or, for a
   * caller that is not one of this process's threads, to the process), for blocking host calls to
   * poll next to their own fd (so that a signal interrupts them); -1 when the host has none or the
   * process has ended.
   */
  public int wakeFd() {
    WaliThread t = threads.current();
    return t != null ? t.wakeEvent().fd() : wake.fd();
  }

  /** Empties {@link #wakeFd()} after it woke a poll. */
  public void drainWakeFd() {
    WaliThread t = threads.current();
    (t != null ? t.wakeEvent() : wake).drain();
  }

  /**
   * Wakes, for good, every caller that is not one of this process's threads waiting in a host poll
   * on {@link #wakeFd()}: the process is ending (its threads' own eventfds are woken by {@link
   * Threads#endProcess}).
   */
  void wakeEndingWaits() {
    wake.wakeForGood();
  }

  public Host host() {
    return host;
  }

  public SyscallTrap trap() {
    return host.trap();
  }

  /** The host layouts and flag translation (architecture section 5). */
  public HostAbi abi() {
    return host.abi();
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

  /** The live-process count this process was started under; a fork takes a slot of it. */
  public ProcessSlots slots() {
    return slots;
  }

  public void slots(ProcessSlots s) {
    this.slots = s;
  }

  /**
   * The most threads this process may have live, its main thread included; creating one more fails
   * with EAGAIN.
   */
  public int threadLimit() {
    return threadLimit;
  }

  public void threadLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("thread limit must be at least 1: " + limit);
    }
    this.threadLimit = limit;
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
   * Closes every host fd of the process and its cwd, and deletes its env file. What its threads use
   * in place, its memory, its scratch buffer and its wake eventfd, is released once no thread runs
   * any more: a thread left behind by {@link Threads#awaitEnd} may still be in a host call that the
   * kernel completes into the scratch buffer, or poll the eventfd. A second call does nothing.
   */
  public synchronized void close() {
    if (closed) {
      return; // the host fds are closed once: their numbers may belong to other files by now
    }
    closed = true;
    timer.cancel();
    cpuTimers.cancel();
    kernel.fileLocks().releaseAll(pid());
    signals.releaseSignalFds();
    for (int h : fds.hostFds()) {
      host.trap().syscall1(host.nr().close, h);
    }
    if (cwdFd >= 0) {
      host.trap().syscall1(host.nr().close, cwdFd);
      cwdFd = -1;
    }
    threads.whenAllGone(
        () -> {
          wake.close();
          scratch.release();
        });
    releaseMemory();
    deleteEnvFile();
  }

  /** Returns the linear memory to the host (after exit, or when execve replaces it). */
  public synchronized void releaseMemory() {
    if (memory != null && memory.backing() instanceof NativeMemoryBacking nb) {
      threads.whenAllGone(nb::release);
    }
    memory = null;
  }

  private void deleteEnvFile() {
    if (envFile != null) {
      try {
        Files.deleteIfExists(envFile);
      } catch (IOException e) {
        System.err.println("wali4j: cannot delete " + envFile + ": " + e.getMessage());
      }
      envFile = null;
    }
  }
}
