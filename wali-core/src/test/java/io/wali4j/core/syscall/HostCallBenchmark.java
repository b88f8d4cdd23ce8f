package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.WaliModules.HOST;

import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.Threads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Times the host side of a WALI call alone, with no Wasm code around it: the bound {@code HostCode}
 * of an import called from a Java loop (what the interpreter's CALL reaches), beside the bare
 * native trap making the same host syscall. Their difference is what the runtime's call path adds
 * (binding, context, fd and pointer checks, safe point, signal check); the trap's own cost over C
 * is the FFI's. Best of several rounds of the calling thread's CPU time, ns per call. Run from the
 * repository root after {@code mvn -o -q package -DskipTests -pl distribution -am} and {@code mvn
 * -o -q test-compile -pl wali-core -am}: {@code java -cp "wali-core/target/test-classes:$(echo
 * distribution/target/lib/*.jar | tr ' ' :)" io.wali4j.core.syscall.HostCallBenchmark [N]
 * [ROUNDS]}.
 */
public final class HostCallBenchmark {

  private static final int CLOCK_THREAD_CPUTIME_ID = 3;

  /** A timespec for {@link #cpuNanos}. */
  private static final long TIMESPEC = NativeAccess.U.allocateMemory(16);

  private HostCallBenchmark() {}

  private record Row(String name, LongSupplier body) {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    Path dir = Files.createTempDirectory("hostcall");
    try (SyscallHarness h = new SyscallHarness(dir, Set.of())) {
      // The imports run on the process's main thread, as a program's calls do: a blocking call
      // of a pipe is then one plain host call (InterruptibleCall).
      h.process.threads().enterLeader();
      List<Row> rows = rows(h);
      for (Row r : rows) {
        time(r, n); // every path runs once before any is timed
      }
      for (Row r : rows) {
        report(r, n, rounds);
      }
      // A caller that is not one of the process's threads takes the polling path (RWF_NOWAIT
      // first), as every thread did before the host interrupt signal.
      Threads.leave(null);
      Row polling =
          rows.stream().filter(r -> r.name().equals("import pipe write+read")).findFirst().get();
      time(polling, n);
      report(new Row(polling.name() + " (polling path)", polling.body()), n, rounds);
    }
  }

  private static void report(Row r, int n, int rounds) {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < rounds; i++) {
      best = Math.min(best, time(r, n));
    }
    System.out.printf("%-40s %8.1f%n", r.name(), best);
  }

  private static double time(Row r, int n) {
    long sink = 0;
    long t0 = cpuNanos();
    for (int i = 0; i < n; i++) {
      sink += r.body().getAsLong();
    }
    long t = cpuNanos() - t0;
    if (sink == 42) {
      System.out.print("");
    }
    return (double) t / n;
  }

  /** The calling thread's CPU time (user and system). */
  private static long cpuNanos() {
    HOST.trap().syscall2(HOST.nr().clock_gettime, CLOCK_THREAD_CPUTIME_ID, TIMESPEC);
    return NativeAccess.U.getLong(TIMESPEC) * 1_000_000_000L + NativeAccess.U.getLong(TIMESPEC + 8);
  }

  private static List<Row> rows(SyscallHarness h) {
    long base = h.backing.address();
    NativeAccess.putCString(base + 2048, "/dev/null");
    long devnull = h.call("SYS_open", 2048, 1, 0); // O_WRONLY
    long hostDevnull = h.process.fds().host((int) devnull);
    NativeAccess.U.putByte(base + 3000, (byte) 'x');
    if (devnull < 0 || h.call("SYS_pipe", 2100) != 0) {
      throw new IllegalStateException("setup failed");
    }
    int rd = NativeAccess.U.getInt(base + 2100);
    int wr = NativeAccess.U.getInt(base + 2104);
    long scratch = NativeAccess.U.allocateMemory(8);
    NativeAccess.U.putByte(scratch, (byte) 'x');
    HostFunction getpid = hostFunction(h, "SYS_getpid");
    HostFunction getppid = hostFunction(h, "SYS_getppid");
    HostFunction getuid = hostFunction(h, "SYS_getuid");
    HostFunction write = hostFunction(h, "SYS_write");
    HostFunction read = hostFunction(h, "SYS_read");
    long[] s = new long[8];
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("import getpid", () -> call(h, getpid, s, 0, 0, 0)));
    rows.add(new Row("import getppid", () -> call(h, getppid, s, 0, 0, 0)));
    rows.add(new Row("import getuid", () -> call(h, getuid, s, 0, 0, 0)));
    rows.add(new Row("trap getuid", () -> HOST.trap().syscall0(HOST.nr().getuid)));
    rows.add(new Row("import write devnull", () -> call(h, write, s, devnull, 3000, 1)));
    rows.add(
        new Row(
            "trap write devnull",
            () -> HOST.trap().syscall3(HOST.nr().write, hostDevnull, scratch, 1)));
    // two calls per iteration
    rows.add(
        new Row(
            "import pipe write+read",
            () -> call(h, write, s, wr, 3000, 1) + call(h, read, s, rd, 3001, 1)));
    int hostRd = h.process.fds().host(rd);
    int hostWr = h.process.fds().host(wr);
    long iov = NativeAccess.U.allocateMemory(16);
    NativeAccess.U.putLong(iov, scratch + 1);
    NativeAccess.U.putLong(iov + 8, 1);
    rows.add(
        new Row(
            "trap pipe write+read",
            () ->
                HOST.trap().syscall3(HOST.nr().write, hostWr, scratch, 1)
                    + HOST.trap().syscall3(HOST.nr().read, hostRd, scratch + 1, 1)));
    rows.add(
        new Row(
            "trap pipe write+preadv2",
            () ->
                HOST.trap().syscall3(HOST.nr().write, hostWr, scratch, 1)
                    + HOST.trap()
                        .preadv2(HOST.nr().preadv2, hostRd, iov, 1, BlockingIo.RWF_NOWAIT)));
    // what an import's write+read of a pipe makes now: both try RWF_NOWAIT first
    rows.add(
        new Row(
            "trap pipe pwritev2+preadv2",
            () ->
                HOST.trap().pwritev2(HOST.nr().pwritev2, hostWr, iov, 1, BlockingIo.RWF_NOWAIT)
                    + HOST.trap()
                        .preadv2(HOST.nr().preadv2, hostRd, iov, 1, BlockingIo.RWF_NOWAIT)));
    // the same preadv2 as a raw seven-argument syscall: the FFI's slow path
    rows.add(
        new Row(
            "trap pipe write+sys6",
            () ->
                HOST.trap().syscall3(HOST.nr().write, hostWr, scratch, 1)
                    + HOST.trap()
                        .syscall6(
                            HOST.nr().preadv2, hostRd, iov, 1, -1, 0, BlockingIo.RWF_NOWAIT)));
    return rows;
  }

  private static HostFunction hostFunction(SyscallHarness h, String name) {
    int funcidx = new ArrayList<>(h.imports.keySet()).indexOf(name);
    return (HostFunction) h.instance.function(funcidx);
  }

  /** Calls {@code f} as the interpreter does: arguments and result in the operand stack. */
  private static long call(SyscallHarness h, HostFunction f, long[] s, long a, long b, long c) {
    s[0] = a;
    s[1] = b;
    s[2] = c;
    f.code().call(h.instance, s, 0);
    return s[0];
  }
}
