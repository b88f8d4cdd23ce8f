package io.wali4j.core;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.exec.Extern;
import io.wali4j.core.exec.Function;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Memory;
import io.wali4j.core.exec.SafePoint;
import io.wali4j.core.exec.Store;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.interp.Snapshot;
import io.wali4j.core.interp.ThreadState;
import io.wali4j.core.kernel.Host;
import io.wali4j.core.kernel.Kernel;
import io.wali4j.core.kernel.NativeMemoryBacking;
import io.wali4j.core.kernel.Process;
import io.wali4j.core.kernel.ProcessImage;
import io.wali4j.core.kernel.ResidentCopy;
import io.wali4j.core.kernel.SignalMask;
import io.wali4j.core.kernel.SpareThread;
import io.wali4j.core.kernel.Threads;
import io.wali4j.core.kernel.Usage;
import io.wali4j.core.kernel.WaliThread;
import io.wali4j.core.syscall.Ctx;
import io.wali4j.core.syscall.Diagnostics;
import io.wali4j.core.syscall.SignalDelivery;
import io.wali4j.core.syscall.WaliImports;
import io.wali4j.core.wasm.ExternKind;
import io.wali4j.core.wasm.MemoryType;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.ModuleParser;
import io.wali4j.core.wasm.ValidatedModule;
import io.wali4j.core.wasm.Validator;
import io.wali4j.core.wasm.WasmException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

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

  private final ValidatedModule module;
  private final Diagnostics log;
  private final Limits limits;
  private final Jit.Mode jit;
  private volatile Instance instance;

  WaliImage(ValidatedModule module, Diagnostics log, Limits limits, Jit.Mode jit) {
    this.module = module;
    this.log = log;
    this.limits = limits;
    this.jit = jit;
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
   * Runs {@code body} (the start of an image, or a forked thread's resumption) as the main thread
   * of {@code p}, through every image it execs, and waits for the process's end (its last thread
   * gone, or exit_group, a trap or a fatal signal in any thread); then closes the process and
   * leaves its status in the process table. Returns how it ended. The main thread runs on a
   * platform thread of its own, like every other thread of the process, so that the end is seen
   * here even while that thread computes without making a syscall (it is then left behind, see
   * {@link Threads#awaitEnd()}). An error that is not the program's (a module that does not link)
   * is rethrown here.
   */
  static ExitStatus run(Process p, Diagnostics log, Runnable body) {
    Threads threads = p.threads();
    // The main thread's CPU time, taken on that thread as it ends (wait4's rusage).
    AtomicReference<Usage> usage = new AtomicReference<>(Usage.ZERO);
    Runnable main =
        () -> {
          try {
            execLoop(p, body);
          } finally {
            usage.set(Usage.ofCallingThread(p.host(), p.scratch().address()));
          }
        };
    ExitStatus status = null;
    try {
      threads.startLeader(() -> ProcessThreads.run(threads, threads.leader(), log, true, main));
      status = threads.awaitEnd();
      if (threads.failure() != null) {
        throw threads.failure();
      }
      return status;
    } finally {
      // A Java error escaping the runtime still ends the process, as SIGKILL would.
      ExitStatus s = status != null ? status : ExitStatus.signaled(9);
      try {
        p.close();
      } finally {
        // Even when closing failed (an embedder's syscall hook that throws): the slot comes back
        // and the process is gone from the table. The slot comes back before the parent can reap
        // the process: a fork right after wait() returned must not fail with EAGAIN for a child
        // that is gone.
        p.slots().release();
        Process parent = p.kernel().exit(p, waitStatus(s), usage.get(), true);
        try {
          if (parent != null) {
            parent.childSignal(
                s.isSignaled() ? CLD_KILLED : CLD_EXITED,
                p.pid(),
                s.isSignaled() ? s.signal() : s.code());
          }
        } finally {
          p.kernel().noticed(p);
        }
      }
    }
  }

  /** Runs {@code body}, then each image a successful execve hands over, on the calling thread. */
  private static void execLoop(Process p, Runnable body) {
    Runnable next = body;
    while (true) {
      try {
        next.run();
        return;
      } catch (Exec e) {
        next = () -> e.next.start(p);
      }
    }
  }

  /** The wait(2) status of {@code s}. */
  static int waitStatus(ExitStatus s) {
    return s.isSignaled()
        ? Kernel.signaledStatus(s.signal(), false)
        : Kernel.exitedStatus(s.code());
  }

  /** Instantiates the module in {@code p} (a fresh memory) and runs {@code _start}. */
  void start(Process p) {
    // A fresh Wasm stack per image: its limits are this run's, and no state leaks between runs.
    ThreadState previous = ThreadState.bind(limits.newThreadState());
    try {
      p.releaseMemory();
      p.image(this);
      Ctx ctx = new Ctx(p, log);
      SafePoint.current().action(SignalDelivery.atSafePoint(ctx));
      Host h = p.host();
      // Memory 0 is the first the module allocates: bind it before the start function runs.
      Store store =
          new Store(type -> attachFirst(ctx, reserve(h, type, limits)), limits.tableElements());
      store.jitMode(jit);
      Module m = module.module();
      WaliImports imports = new WaliImports(m, ctx);
      instance = Instance.instantiate(store, module, imports);
      p.threads().starter(new ProcessThreads(module, imports, ctx, limits, jit));
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
  public int fork(Process parent, Consumer<Process> atStart) {
    // The runtime's process limit (Limits.processes): a fork past it fails as Linux's RLIMIT_NPROC.
    if (!parent.slots().tryAcquire()) {
      return -EAGAIN;
    }
    Snapshot snapshot = ThreadState.current().capture();
    Process child;
    try {
      child = parent.fork();
    } catch (IllegalStateException e) {
      parent.slots().release();
      log.log(Diagnostics.WARNING, "fork: " + e.getMessage());
      return -EAGAIN;
    }
    child.slots(parent.slots());
    child.threadLimit(parent.threadLimit());
    // The child's threads start first and wait for its image: starting them (two platform
    // threads with large stacks) then overlaps the copy of the memory, which is most of a fork.
    // A spare thread takes the child, so the fork does not wait for a new thread to be scheduled.
    CompletableFuture<Runnable> image = new CompletableFuture<>();
    long mask = SignalMask.get();
    Runnable body =
        () ->
            run(
                child,
                log,
                () -> {
                  SignalMask.set(mask);
                  image.join().run();
                });
    Thread.UncaughtExceptionHandler failed =
        (thread, e) -> log.log(Diagnostics.ERROR, "process " + child.pid() + " failed: " + e);
    SpareThread.start("wali-pid-" + child.pid(), body, failed);
    try {
      image.complete(childImage(parent, child, snapshot, atStart));
    } catch (RuntimeException | Error e) {
      image.completeExceptionally(e); // the child ends (SIGKILL) instead of waiting for ever
      throw e;
    }
    return child.pid();
  }

  /**
   * Builds the forked {@code child}'s image: its instance over a copy of the parent's memory,
   * globals and tables; returns what resumes the captured frames in it.
   */
  private Runnable childImage(
      Process parent, Process child, Snapshot snapshot, Consumer<Process> atStart) {
    WaliImage image = new WaliImage(module, log, limits, jit);
    Ctx ctx = new Ctx(child, log);
    Memory from = parent.memory();
    Host h = parent.host();
    Store store =
        new Store(type -> attachFirst(ctx, copy(h, type, from, limits)), limits.tableElements());
    store.jitMode(jit);
    WaliImports imports = new WaliImports(module.module(), ctx);
    Instance copy = Instance.copyOf(store, module, imports, instance);
    image.instance = copy;
    child.image(image);
    child.threads().starter(new ProcessThreads(module, imports, ctx, limits, jit));
    Snapshot resumed = snapshot.withFunctions(f -> (WasmFunction) copy.function(f.funcidx()));
    long[] zero = new long[snapshot.hostResults()];
    return () -> {
      atStart.accept(child);
      SafePoint.current().action(SignalDelivery.atSafePoint(ctx));
      resumed.resume(zero);
    };
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
    // As Linux's exec: the robust futex list belonged to the old image's memory.
    WaliThread self = p.threads().current();
    if (self != null) {
      self.robustList(0);
    }
    for (int h : p.fds().removeCloseOnExec()) {
      p.trap().syscall1(p.nr().close, h);
    }
    throw new Exec(new WaliImage(next, log, limits, jit));
  }

  private static Memory attachFirst(Ctx ctx, Memory memory) {
    if (ctx.memory() == null) {
      ctx.attach(memory);
    }
    return memory;
  }

  /** A native memory of {@code type}, never larger than the run's page limit allows. */
  private static Memory reserve(Host h, MemoryType type, Limits limits) {
    long pageLimit = limits.memoryPages();
    if (type.limits().min() > pageLimit) {
      // Refused before any address space is reserved.
      return new Memory(type, pageLimit);
    }
    long maxPages = type.limits().hasMax() ? type.limits().max() : MemoryType.MAX_PAGES;
    long max = Math.min(Math.min(maxPages, pageLimit), MemoryType.MAX_PAGES) * MemoryType.PAGE_SIZE;
    return new Memory(type, NativeMemoryBacking.reserve(h, max), pageLimit);
  }

  /** A new memory of {@code type} holding a copy of {@code from}'s bytes (fork). */
  private static Memory copy(Host h, MemoryType type, Memory from, Limits limits) {
    if (from == null) {
      return reserve(h, type, limits);
    }
    long pageLimit = limits.memoryPages();
    long maxPages = type.limits().hasMax() ? type.limits().max() : MemoryType.MAX_PAGES;
    long max = Math.min(Math.min(maxPages, pageLimit), MemoryType.MAX_PAGES) * MemoryType.PAGE_SIZE;
    NativeMemoryBacking b = NativeMemoryBacking.reserveForCopy(h, max, from.size());
    Memory m = new Memory(type, b, pageLimit);
    if (m.grow(from.pages() - m.pages()) < 0) {
      throw new OutOfMemoryError("fork: cannot size the child's memory to " + from.size());
    }
    ResidentCopy.copy(h, from.backing().address(), b.address(), from.size());
    return m;
  }
}
