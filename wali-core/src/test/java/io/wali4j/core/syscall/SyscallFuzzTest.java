package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.SyscallHarness.NAMES;
import static io.wali4j.core.syscall.SyscallHarness.ZERO;
import static io.wali4j.core.syscall.WaliModules.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.wali4j.core.interp.NonLocalJumps;
import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.ProcessExit;
import io.wali4j.core.kernel.ProcessKilled;
import io.wali4j.core.kernel.SyscallNumbers;
import io.wali4j.core.kernel.ThreadExit;
import io.wali4j.core.testing.GuardedBacking;
import io.wali4j.core.wasm.ErrorKind;
import io.wali4j.core.wasm.WasmException;
import java.io.IOException;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syscall fuzzing: every implemented {@code wali} import is called, through a module that imports
 * them all, with wild pointers, huge lengths, negative values and bad descriptors. Each call must
 * return a value or {@code -errno} (or trap, or end the process), never throw anything else, never
 * write outside linear memory (canaries around it, {@link GuardedBacking}) and never touch the
 * test's own fds; a call that blocks fails the test by its timeout. The calls are real syscalls:
 * paths can only name "f", "d" or "" inside a temporary directory, each call starts from the same
 * state ({@link SyscallHarness#reset}), and the imports that could leave that sandbox are not
 * called (see {@link #EXCLUDED}). Errno results are compared with Linux's for the same call made
 * natively.
 */
class SyscallFuzzTest {

  private static final String STOPS_THE_HARNESS =
      "a stop signal would stop the harness itself: the corpus's signal programs cover it";
  private static final String OUTLIVES_THE_CALL =
      "a timer left by one call would end a later one: sig_alarm and time_itimer cover it";

  /** Imports not called here, and why. */
  static final Map<String, String> EXCLUDED =
      Map.ofEntries(
          Map.entry(
              "__wasm_thread_spawn",
              "starts a thread running a table entry: covered by the corpus's thread programs"),
          Map.entry(
              "SYS_mknod", "as root it creates device nodes, through which writes reach devices"),
          Map.entry(
              "SYS_mknodat", "as root it creates device nodes, through which writes reach devices"),
          Map.entry("SYS_pause", "waits for a signal: forever in a harness that sends none"),
          Map.entry(
              "SYS_rt_sigsuspend", "waits for a signal: forever in a harness that sends none"),
          Map.entry("SYS_kill", STOPS_THE_HARNESS),
          Map.entry("SYS_tkill", STOPS_THE_HARNESS),
          Map.entry("SYS_tgkill", STOPS_THE_HARNESS),
          Map.entry("SYS_alarm", OUTLIVES_THE_CALL),
          Map.entry("SYS_setitimer", OUTLIVES_THE_CALL),
          Map.entry("SYS_execve", "runs a host program named by fuzzed data: proc_exec_* cover it"),
          Map.entry(
              "SYS_fork", "makes processes that outlive the call: the fork programs cover it"),
          Map.entry(
              "SYS_vfork", "makes processes that outlive the call: the fork programs cover it"));

  /** clone flags that never make a process: EINVAL, EPERM (new namespaces) or ENOSYS. */
  static final long[] NON_FORKING_CLONE_FLAGS = {
    0, // exit signal 0: ENOSYS
    -1, // every flag: EINVAL
    0xFFFFFFF0L,
    0x100 | 17, // CLONE_VM: ENOSYS
    0x800 | 17, // CLONE_SIGHAND without CLONE_VM: EINVAL
    0x10000 | 17, // CLONE_THREAD without CLONE_SIGHAND: EINVAL
    0x20000 | 17, // CLONE_NEWNS: EPERM
    (1L << 40) | 0x400 | 17, // CLONE_FILES: ENOSYS
    10 // SIGUSR1 as the exit signal: ENOSYS
  };

  /**
   * Arguments held to a few values. How long a call may wait: a timeout of 0 or 1 ms, or a pointer
   * to a zero timespec or outside memory (wild values there would be a sleep of years, not a bug).
   * What clone may make: flags that are EINVAL, EPERM or ENOSYS, never a fork shape (a child
   * process would outlive the call; the fork programs and CloneTest cover it), each with the wild
   * pointers and stacks of the sweep.
   */
  static final Map<String, Map<Integer, long[]>> BOUNDED =
      Map.of(
          "SYS_poll", Map.of(2, new long[] {0, 1}),
          "SYS_epoll_wait", Map.of(3, new long[] {0, 1}),
          "SYS_epoll_pwait", Map.of(3, new long[] {0, 1}),
          "SYS_ppoll", Map.of(2, new long[] {ZERO, 0xFFFFFFF0L}),
          "SYS_select", Map.of(4, new long[] {ZERO, 0xFFFFFFF0L}),
          "SYS_pselect6", Map.of(4, new long[] {ZERO, 0xFFFFFFF0L}),
          "SYS_nanosleep", Map.of(0, new long[] {ZERO, 0xFFFFFFF0L, 0}),
          "SYS_clock_nanosleep", Map.of(2, new long[] {ZERO, 0xFFFFFFF0L, 0}),
          "SYS_futex", Map.of(3, new long[] {ZERO, 0xFFFFFFF0L}),
          "SYS_clone", Map.of(0, NON_FORKING_CLONE_FLAGS));

  static final int VECTORS_PER_IMPORT = 48;

  @TempDir static Path dir;
  static SyscallHarness h;

  /**
   * Excluded from the wild sweep but imported, for {@link
   * #signalCallsOnTargetsTheHarnessOwnsReturnErrnoAsLinuxDoes}: only there, with pids and signals
   * that cannot stop the harness.
   */
  static final Set<String> TARGETED = Set.of("SYS_kill", "SYS_tkill", "SYS_tgkill");

  @BeforeAll
  static void start() throws IOException {
    h = new SyscallHarness(dir, notImported());
  }

  private static Set<String> notImported() {
    Set<String> out = new HashSet<>(EXCLUDED.keySet());
    out.removeAll(TARGETED);
    return out;
  }

  /**
   * A new harness in place of one whose process a call ended (exit_group): without it, every later
   * call would end at its safe point without running.
   */
  private static void renewIfEnded() throws IOException {
    if (h.ended()) {
      h.close();
      h = new SyscallHarness(dir, notImported());
    }
  }

  @AfterAll
  static void stop() {
    if (h != null) {
      h.close();
    }
  }

  private static long[] i32Values(long memSize) {
    return new long[] {
      0,
      1,
      2,
      3,
      4,
      5,
      -1,
      -100,
      1023,
      4096,
      0x10000,
      Integer.MAX_VALUE,
      Integer.MIN_VALUE,
      0xFFFFFFF0L,
      NAMES,
      NAMES + 2,
      ZERO,
      memSize - 1,
      memSize - 4,
      memSize,
      0x10000000
    };
  }

  private static final long[] I64_VALUES = {
    0, 1, -1, 4096, Long.MAX_VALUE, Long.MIN_VALUE, 0xFFFFFFFFL, 1L << 40, -4096
  };

  /** The argument vectors for {@code name}: all zero, all wild, then seeded random picks. */
  static List<long[]> vectors(String name, MethodType type, long memSize) {
    int n = type.parameterCount();
    List<long[]> out = new ArrayList<>();
    out.add(new long[n]);
    long[] wild = new long[n];
    Arrays.fill(wild, 0xFFFFFFF0L);
    out.add(wild);
    Random r = new Random(name.hashCode());
    long[] i32 = i32Values(memSize);
    for (int v = 0; v < VECTORS_PER_IMPORT; v++) {
      long[] args = new long[n];
      for (int i = 0; i < n; i++) {
        long[] from = type.parameterType(i) == int.class ? i32 : I64_VALUES;
        args[i] = from[r.nextInt(from.length)];
      }
      out.add(args);
    }
    Map<Integer, long[]> bounded = BOUNDED.getOrDefault(name, Map.of());
    for (int k = 0; k < out.size(); k++) {
      long[] args = out.get(k);
      for (Map.Entry<Integer, long[]> e : bounded.entrySet()) {
        long[] allowed = e.getValue();
        args[e.getKey()] = allowed[k % allowed.length];
      }
      // An i32 slot holds its value sign-extended.
      for (int i = 0; i < n; i++) {
        if (type.parameterType(i) == int.class) {
          args[i] = (int) args[i];
        }
      }
    }
    return out;
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void everyImportSurvivesWildArgumentsWithoutWritingOutsideMemory() throws IOException {
    assertTrue(h.imports.size() > 100, "imports bound: " + h.imports.size());
    int calls = 0;
    int returned = 0;
    int renewed = 0;
    for (Map.Entry<String, MethodType> e : h.imports.entrySet()) {
      String name = e.getKey();
      if (EXCLUDED.containsKey(name)) {
        continue;
      }
      for (long[] args : vectors(name, e.getValue(), h.memorySize())) {
        String call = name + Arrays.toString(args);
        h.reset();
        long r = callOrOutcome(call, () -> h.call(name, args));
        if (r != Long.MIN_VALUE && r < 0 && r < -4095) {
          fail(call + " returned " + r + ": neither a result nor -errno");
        }
        assertNull(h.backing.damagedCanary(), call);
        calls++;
        returned += r == Long.MIN_VALUE ? 0 : 1;
        if (h.ended()) {
          renewIfEnded();
          renewed++;
        }
      }
      for (int fd : h.ownFds) {
        assertTrue(HOST.trap().syscall2(HOST.nr().fcntl, fd, 1) >= 0, name + " closed fd " + fd);
      }
    }
    System.out.println(
        "syscall fuzz: "
            + calls
            + " calls over "
            + h.imports.size()
            + " imports, "
            + returned
            + " returned, "
            + renewed
            + " ended the process");
    // Most calls must run and return: a sweep whose process ended early would prove nothing.
    assertTrue(returned > calls * 3 / 4, returned + " of " + calls + " calls returned");
  }

  /** The call's result, or Long.MIN_VALUE for an allowed ending (trap, exit, longjmp). */
  private static long callOrOutcome(String call, LongSupplier c) {
    try {
      return c.getAsLong();
    } catch (WasmException e) {
      if (e.kind() != ErrorKind.TRAP) {
        throw new AssertionError(call + ": " + e.kind() + " " + e.getMessage(), e);
      }
    } catch (ProcessExit | ThreadExit | ProcessKilled | NonLocalJumps.Jump e) {
      // exit_group, exit, a signal's default action and longjmp end or leave the call this way.
    }
    return Long.MIN_VALUE;
  }

  // ---- errno results compared with Linux ----

  private static final int WILD = 0xFFFFFFF0;

  /**
   * Asserts that the WALI call and the same syscall made natively (with a zeroed native buffer for
   * ZERO, a PROT_NONE page for WILD, the data file and the directory for fds 3 and 4) fail with the
   * same errno.
   */
  private static void sameErrno(String name, long[] wali, LongSupplier linux) throws IOException {
    renewIfEnded();
    h.reset();
    long mine = h.call(name, wali);
    long theirs = linux.getAsLong();
    assertTrue(theirs < 0 && theirs >= -4095, name + ": Linux did not fail: " + theirs);
    assertEquals(theirs, mine, name + Arrays.toString(wali) + ": errno");
  }

  @Test
  void errnoResultsMatchLinux() throws IOException {
    renewIfEnded();
    SyscallNumbers nr = HOST.nr();
    long zero = NativeAccess.U.allocateMemory(65536);
    NativeAccess.U.setMemory(zero, 65536, (byte) 0);
    long names = NativeAccess.U.allocateMemory(16);
    NativeAccess.putCString(names, "f");
    NativeAccess.putCString(names + 2, "d");
    long wild = HOST.trap().syscall6(nr.mmap, 0, 65536, 0, 0x22, -1, 0);
    int file = h.ownFds[3];
    int d = h.ownFds[4];
    var t = HOST.trap();
    try {
      sameErrno("SYS_read", a(-1, ZERO, 16), () -> t.syscall3(nr.read, -1, zero, 16));
      sameErrno("SYS_pread64", a(3, WILD, 16, 0L), () -> t.syscall4(nr.pread64, file, wild, 16, 0));
      sameErrno(
          "SYS_pread64", a(3, ZERO, 10, -1L), () -> t.syscall4(nr.pread64, file, zero, 10, -1));
      sameErrno("SYS_write", a(1, WILD, 16), () -> t.syscall3(nr.write, file, wild, 16));
      sameErrno("SYS_lseek", a(3, -1L, 0), () -> t.syscall3(nr.lseek, file, -1, 0));
      sameErrno("SYS_lseek", a(3, 0L, 99), () -> t.syscall3(nr.lseek, file, 0, 99));
      sameErrno("SYS_fstat", a(3, WILD), () -> t.syscall2(nr.fstat, file, wild));
      sameErrno("SYS_clock_gettime", a(999, ZERO), () -> t.syscall2(nr.clock_gettime, 999, zero));
      sameErrno("SYS_clock_gettime", a(0, WILD), () -> t.syscall2(nr.clock_gettime, 0, wild));
      sameErrno("SYS_uname", a(WILD), () -> t.syscall1(nr.uname, wild));
      sameErrno("SYS_getcwd", a(ZERO, 1), () -> t.syscall2(num("getcwd"), zero, 1));
      sameErrno("SYS_pipe2", a(WILD, 0), () -> t.syscall2(nr.pipe2, wild, 0));
      sameErrno("SYS_dup2", a(3, -1), () -> t.syscall3(num("dup3"), file, -1, 0));
      sameErrno("SYS_fcntl", a(3, 9999, 0L), () -> t.syscall3(nr.fcntl, file, 9999, 0));
      sameErrno("SYS_socket", a(999, 1, 0), () -> t.syscall3(nr.socket, 999, 1, 0));
      sameErrno(
          "SYS_getrandom", a(ZERO, 16, 0x7FFF), () -> t.syscall3(nr.getrandom, zero, 16, 0x7FFF));
      sameErrno("SYS_openat", a(-100, WILD, 0, 0), () -> t.syscall4(nr.openat, d, wild, 0, 0));
      sameErrno("SYS_close", a(1023), () -> t.syscall1(nr.close, 1023));
      sameErrno(
          "SYS_getdents64", a(3, ZERO, 4096), () -> t.syscall3(nr.getdents64, file, zero, 4096));
      sameErrno("SYS_readv", a(3, ZERO, -1), () -> t.syscall3(nr.readv, file, zero, -1));
      sameErrno("SYS_mkdir", a(NAMES, 0755), () -> t.syscall3(nr.mkdirat, d, names, 0755));
      sameErrno(
          "SYS_openat", a(-100, NAMES + 2, 1, 0), () -> t.syscall4(nr.openat, d, names + 2, 1, 0));
      sameErrno("SYS_ftruncate", a(3, -1L), () -> t.syscall2(nr.ftruncate, file, -1));
      sameErrno("SYS_fchdir", a(3), () -> t.syscall1(num("fchdir"), file));
      sameErrno("SYS_nanosleep", a(WILD, 0), () -> t.syscall2(nr.nanosleep, wild, 0));
      sameErrno(
          "SYS_epoll_ctl", a(3, 1, 3, ZERO), () -> t.syscall4(nr.epoll_ctl, file, 1, file, zero));
      sameErrno(
          "SYS_mmap", a(0, 0, 3, 0x22, -1, 0L), () -> t.syscall6(nr.mmap, 0, 0, 3, 0x22, -1, 0));
      sameErrno("SYS_munmap", a(1, 4096), () -> t.syscall2(nr.munmap, 1, 4096));
      sameErrno("SYS_listen", a(3, 1), () -> t.syscall2(nr.listen, file, 1));
      sameErrno("SYS_poll", a(WILD, 1, 0), () -> t.syscall3(num("poll"), wild, 1, 0));
      sameErrno(
          "SYS_select", a(-1, 0, 0, 0, ZERO), () -> t.syscall5(num("select"), -1, 0, 0, 0, zero));
      // clone's checks that fail before anything is made (the argument orders differ by
      // architecture, zeros make them the same).
      int clone = System.getProperty("os.arch").equals("amd64") ? 56 : 220;
      for (long flags : new long[] {0x800 | 17, 0x10000 | 17, 0x20000 | 0x200 | 17}) {
        sameErrno("SYS_clone", a(flags, 0, 0, 0, 0L), () -> t.syscall5(clone, flags, 0, 0, 0, 0));
      }
    } finally {
      NativeAccess.U.freeMemory(zero);
      NativeAccess.U.freeMemory(names);
      t.syscall2(nr.munmap, wild, 65536);
    }
  }

  private static int num(String name) {
    return HOST.backend().syscalls().number(name);
  }

  /** Arguments as slots: ints sign-extended, longs as given. */
  private static long[] a(Object... values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] instanceof Integer n ? n : (Long) values[i];
    }
    return out;
  }

  // ---- signals, on targets the harness owns ----

  /** Signals whose default action is to ignore them: sent to the harness's own process. */
  private static final int[] HARMLESS_SIGNALS = {0, 17, 23, 28}; // -, SIGCHLD, SIGURG, SIGWINCH

  private static final int[] INVALID_SIGNALS = {-1, 65, 1000, Integer.MIN_VALUE, Integer.MAX_VALUE};

  /** Pids no process has (pid_max is at most 2^22), and the extremes. */
  private static final int[] FOREIGN_PIDS = {
    0x3FFF_FFFF, -0x3FFF_FFFF, Integer.MIN_VALUE, Integer.MAX_VALUE, -2
  };

  @Test
  void signalCallsOnTargetsTheHarnessOwnsReturnErrnoAsLinuxDoes() throws IOException {
    renewIfEnded();
    int me = h.process.pid();
    int[] own = {me, 0, -me, -1};
    int calls = 0;
    for (int sig : concat(HARMLESS_SIGNALS, INVALID_SIGNALS)) {
      for (int pid : concat(own, FOREIGN_PIDS)) {
        calls += signalCall("SYS_kill", pid, sig);
        calls += signalCall("SYS_tkill", pid, sig);
        calls += signalCall("SYS_tgkill", pid, pid, sig);
        calls += signalCall("SYS_tgkill", me, pid, sig);
      }
    }
    // The process is still there and usable: a harmless signal reached it and was ignored.
    h.reset();
    assertEquals(me, h.call("SYS_getpid"));
    System.out.println("signal calls on owned targets: " + calls);

    // The same errors natively: an existing target is the JVM itself, only ever with an invalid
    // signal or signal 0 (neither sends anything); a missing one is a pid no process has.
    SyscallNumbers nr = HOST.nr();
    var t = HOST.trap();
    int jvm = (int) t.syscall0(num("getpid"));
    int none = FOREIGN_PIDS[0];
    // tkill and tgkill are virtual in WALI, so the backends do not list their host numbers.
    boolean x86 = System.getProperty("os.arch").equals("amd64");
    int tkill = x86 ? 200 : 130;
    int tgkill = x86 ? 234 : 131;
    for (int sig : INVALID_SIGNALS) {
      sameErrno("SYS_kill", a(me, sig), () -> t.syscall2(nr.kill, jvm, sig));
      sameErrno("SYS_kill", a(none, sig), () -> t.syscall2(nr.kill, none, sig));
      sameErrno("SYS_tkill", a(me, sig), () -> t.syscall2(tkill, jvm, sig));
      sameErrno("SYS_tkill", a(none, sig), () -> t.syscall2(tkill, none, sig));
      sameErrno("SYS_tgkill", a(me, me, sig), () -> t.syscall3(tgkill, jvm, jvm, sig));
      sameErrno("SYS_tgkill", a(me, none, sig), () -> t.syscall3(tgkill, jvm, none, sig));
      sameErrno("SYS_tgkill", a(0, me, sig), () -> t.syscall3(tgkill, 0, jvm, sig));
    }
    for (int pid : FOREIGN_PIDS) {
      if (pid == -2) {
        continue; // process group 2 may exist on the host
      }
      sameErrno("SYS_kill", a(pid, 0), () -> t.syscall2(nr.kill, pid, 0));
      sameErrno("SYS_tkill", a(pid, 0), () -> t.syscall2(tkill, pid, 0));
      sameErrno("SYS_tgkill", a(pid, pid, 0), () -> t.syscall3(tgkill, pid, pid, 0));
      sameErrno("SYS_tgkill", a(me, pid, 0), () -> t.syscall3(tgkill, jvm, pid, 0));
    }
    sameErrno("SYS_tkill", a(0, 0), () -> t.syscall2(tkill, 0, 0));
  }

  /** One signal call: a value or -errno, no canary touched; returns 1. */
  private static int signalCall(String name, long... args) throws IOException {
    String call = name + Arrays.toString(args);
    h.reset();
    long r = callOrOutcome(call, () -> h.call(name, args));
    assertTrue(r != Long.MIN_VALUE, call + " ended the harness's process");
    assertTrue(r == 0 || (r < 0 && r >= -4095), call + " returned " + r);
    assertNull(h.backing.damagedCanary(), call);
    return 1;
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void theCanariesSeeAWriteJustOutsideMemory() {
    GuardedBacking b = new GuardedBacking(65536);
    try {
      b.grow(0, 65536);
      assertNull(b.damagedCanary());
      NativeAccess.U.putByte(b.address() + 65536 - 1, (byte) 1);
      assertNull(b.damagedCanary(), "inside memory is not a canary");
      NativeAccess.U.putByte(b.address() - 1, (byte) ~NativeAccess.U.getByte(b.address() - 1));
      assertTrue(b.damagedCanary().contains("offset -1"), b.damagedCanary());
    } finally {
      b.release();
    }
  }

  @Test
  void theExcludedImportsAreAllImplemented() {
    // A stale exclusion would silently shrink the sweep; each one must name a real import.
    Set<String> all = SyscallBinder.implementedImports().keySet();
    assertTrue(all.containsAll(EXCLUDED.keySet()), EXCLUDED.keySet().toString());
    assertTrue(all.containsAll(BOUNDED.keySet()), BOUNDED.keySet().toString());
  }
}
