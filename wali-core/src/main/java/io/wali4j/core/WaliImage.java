package io.wali4j.core;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.exec.Extern;
import io.wali4j.core.exec.Function;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Memory;
import io.wali4j.core.exec.Store;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.interp.NonLocalJumps;
import io.wali4j.core.interp.Snapshot;
import io.wali4j.core.interp.ThreadState;
import io.wali4j.core.kernel.Host;
import io.wali4j.core.kernel.Kernel;
import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.NativeMemoryBacking;
import io.wali4j.core.kernel.Process;
import io.wali4j.core.kernel.ProcessExit;
import io.wali4j.core.kernel.ProcessImage;
import io.wali4j.core.kernel.ProcessKilled;
import io.wali4j.core.kernel.SignalMask;
import io.wali4j.core.kernel.Signals;
import io.wali4j.core.kernel.Usage;
import io.wali4j.core.syscall.Ctx;
import io.wali4j.core.syscall.Diagnostics;
import io.wali4j.core.syscall.UnsupportedImport;
import io.wali4j.core.syscall.WaliImports;
import io.wali4j.core.wasm.ErrorKind;
import io.wali4j.core.wasm.ExternKind;
import io.wali4j.core.wasm.MemoryType;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.ModuleParser;
import io.wali4j.core.wasm.ValidatedModule;
import io.wali4j.core.wasm.Validator;
import io.wali4j.core.wasm.WasmException;
import java.util.List;
import java.util.Map;

/**
 * The program of one WALI process: a validated module, its instance, and the stack limits its
 * threads run with. It starts the process's main thread, copies itself into a forked child (memory,
 * globals, tables, and the calling thread's frames resumed on a new Java thread) and replaces
 * itself on execve; {@link #run} runs a process from start to exit, exec after exec.
 */
final class WaliImage implements ProcessImage {

  private static final int EAGAIN = 11;
  private static final int ENOEXEC = 8;
  private static final int CLD_EXITED = 1;
  private static final int CLD_KILLED = 2;

  /** The Java stack of a forked process's thread: what the launcher gives the main thread. */
  private static final long THREAD_STACK_BYTES = 16L << 20;

  private final ValidatedModule module;
  private final Diagnostics log;
  private final int maxStackSlots;
  private final int maxFrames;
  private volatile Instance instance;

  WaliImage(ValidatedModule module, Diagnostics log, int maxStackSlots, int maxFrames) {
    this.module = module;
    this.log = log;
    this.maxStackSlots = maxStackSlots;
    this.maxFrames = maxFrames;
  }

  /** Thrown by a successful execve: unwinds the old image's frames to {@link #run}. */
  private static final class Exec extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient WaliImage next;

    Exec(WaliImage next) {
      super("execve", null, false, false);
      this.next = next;
    }
  }

  /**
   * Runs {@code body} (the start of an image, or a forked thread's resumption) in {@code p} and
   * every image it execs, to the process's end; then closes the process and leaves its status in
   * the process table. Returns how it ended.
   */
  static ExitStatus run(Process p, Diagnostics log, Runnable body) {
    ExitStatus status = null;
    try {
      Runnable next = body;
      while (status == null) {
        try {
          status = outcome(log, next);
        } catch (Exec e) {
          next = () -> e.next.start(p);
        }
      }
      return status;
    } finally {
      // A Java error escaping the runtime still ends the process, as SIGKILL would.
      ExitStatus s = status != null ? status : ExitStatus.signaled(9);
      Usage usage = Usage.ofCallingThread(p.host(), p.scratch().address());
      p.close();
      Process parent = p.kernel().exit(p, waitStatus(s), usage);
      if (parent != null) {
        parent.signal(Signals.SIGCHLD, s.isSignaled() ? CLD_KILLED : CLD_EXITED, p.pid());
      }
    }
  }

  /** The wait(2) status of {@code s}. */
  static int waitStatus(ExitStatus s) {
    return s.isSignaled()
        ? Kernel.signaledStatus(s.signal(), false)
        : Kernel.exitedStatus(s.code());
  }

  private static ExitStatus outcome(Diagnostics log, Runnable body) {
    try {
      body.run();
      return ExitStatus.exited(0);
    } catch (ProcessExit e) {
      return ExitStatus.exited(e.status());
    } catch (ProcessKilled e) {
      return ExitStatus.signaled(e.signal());
    } catch (UnsupportedImport e) {
      log.log(Diagnostics.ERROR, e.getMessage());
      return ExitStatus.signaled(TrapSignals.SIGSYS);
    } catch (NonLocalJumps.Jump e) {
      return trap(log, e.asTrap());
    } catch (WasmException e) {
      if (e.kind() != ErrorKind.TRAP && e.kind() != ErrorKind.EXHAUSTION) {
        throw e;
      }
      return trap(log, e);
    }
  }

  private static ExitStatus trap(Diagnostics log, WasmException e) {
    log.log(Diagnostics.ERROR, "trap: " + e.getMessage());
    return TrapSignals.status(e);
  }

  /** Instantiates the module in {@code p} (a fresh memory) and runs {@code _start}. */
  void start(Process p) {
    // A fresh Wasm stack per image: its limits are this run's, and no state leaks between runs.
    ThreadState previous = ThreadState.bind(new ThreadState(maxStackSlots, maxFrames));
    try {
      p.releaseMemory();
      p.image(this);
      Ctx ctx = new Ctx(p, log);
      Host h = p.host();
      // Memory 0 is the first the module allocates: bind it before the start function runs.
      Store store = new Store(type -> attachFirst(ctx, reserve(h, type)));
      Module m = module.module();
      instance = Instance.instantiate(store, module, new WaliImports(m, ctx));
      Extern e = instance.export("_start");
      if (!(e instanceof Function f)) {
        throw new IllegalArgumentException("a WALI module must export a function _start");
      }
      f.call();
    } finally {
      ThreadState.bind(previous);
    }
  }

  @Override
  public int fork(Process parent) {
    Snapshot snapshot = ThreadState.current().capture();
    Process child;
    try {
      child = parent.fork();
    } catch (IllegalStateException e) {
      log.log(Diagnostics.WARNING, "fork: " + e.getMessage());
      return -EAGAIN;
    }
    WaliImage image = new WaliImage(module, log, maxStackSlots, maxFrames);
    Ctx ctx = new Ctx(child, log);
    Memory from = parent.memory();
    Host h = parent.host();
    Store store = new Store(type -> attachFirst(ctx, copy(h, type, from)));
    Instance copy = Instance.copyOf(store, module, new WaliImports(module.module(), ctx), instance);
    image.instance = copy;
    child.image(image);
    Snapshot resumed = snapshot.withFunctions(f -> (WasmFunction) copy.function(f.funcidx()));
    long[] zero = new long[snapshot.hostResults()];
    long mask = SignalMask.get();
    Thread t =
        new Thread(
            null,
            () -> {
              SignalMask.set(mask);
              run(child, log, () -> resumed.resume(zero));
            },
            "wali-pid-" + child.pid(),
            THREAD_STACK_BYTES);
    t.setDaemon(true);
    t.setUncaughtExceptionHandler(
        (thread, e) -> log.log(Diagnostics.ERROR, "process " + child.pid() + " failed: " + e));
    t.start();
    return child.pid();
  }

  @Override
  public int exec(Process p, byte[] bytes, List<String> argv, Map<String, String> env) {
    ValidatedModule next;
    try {
      Module m = ModuleParser.parse(bytes);
      // What start() would reject must fail here, while the old image can still see the error.
      boolean onlyWali = m.imports().stream().allMatch(i -> WaliImports.MODULE.equals(i.module()));
      boolean hasStart =
          m.exports().stream()
              .anyMatch(x -> x.name().equals("_start") && x.kind() == ExternKind.FUNC);
      if (!WaliImports.isWaliModule(m) || !onlyWali || !hasStart) {
        return -ENOEXEC;
      }
      next = Validator.validate(m);
    } catch (WasmException e) {
      log.log(Diagnostics.WARNING, "execve: " + e.getMessage());
      return -ENOEXEC;
    }
    p.replaceImage(argv, env);
    for (int h : p.fds().removeCloseOnExec()) {
      p.trap().syscall1(p.nr().close, h);
    }
    throw new Exec(new WaliImage(next, log, maxStackSlots, maxFrames));
  }

  private static Memory attachFirst(Ctx ctx, Memory memory) {
    if (ctx.memory() == null) {
      ctx.attach(memory);
    }
    return memory;
  }

  private static Memory reserve(Host h, MemoryType type) {
    long maxPages = type.limits().hasMax() ? type.limits().max() : MemoryType.MAX_PAGES;
    long max = Math.min(maxPages, MemoryType.MAX_PAGES) * MemoryType.PAGE_SIZE;
    return new Memory(type, NativeMemoryBacking.reserve(h, max));
  }

  /** A new memory of {@code type} holding a copy of {@code from}'s bytes (fork). */
  private static Memory copy(Host h, MemoryType type, Memory from) {
    if (from == null) {
      return reserve(h, type);
    }
    long maxPages = type.limits().hasMax() ? type.limits().max() : MemoryType.MAX_PAGES;
    long max = Math.min(maxPages, MemoryType.MAX_PAGES) * MemoryType.PAGE_SIZE;
    NativeMemoryBacking b = NativeMemoryBacking.reserveForCopy(h, max, from.size());
    Memory m = new Memory(type, b);
    if (m.grow(from.pages() - m.pages()) < 0) {
      throw new OutOfMemoryError("fork: cannot size the child's memory to " + from.size());
    }
    NativeAccess.U.copyMemory(from.backing().address(), b.address(), from.size());
    return m;
  }
}
