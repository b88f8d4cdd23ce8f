package io.wali4j.core;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.exec.Extern;
import io.wali4j.core.exec.Function;
import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.SafePoint;
import io.wali4j.core.exec.Store;
import io.wali4j.core.exec.Table;
import io.wali4j.core.interp.NonLocalJumps;
import io.wali4j.core.interp.ThreadState;
import io.wali4j.core.kernel.ProcessExit;
import io.wali4j.core.kernel.ProcessKilled;
import io.wali4j.core.kernel.ThreadExit;
import io.wali4j.core.kernel.ThreadStarter;
import io.wali4j.core.kernel.Threads;
import io.wali4j.core.kernel.WaliThread;
import io.wali4j.core.syscall.Ctx;
import io.wali4j.core.syscall.Diagnostics;
import io.wali4j.core.syscall.SignalDelivery;
import io.wali4j.core.syscall.UnsupportedImport;
import io.wali4j.core.syscall.WaliImports;
import io.wali4j.core.wasm.ErrorKind;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.ValType;
import io.wali4j.core.wasm.ValidatedModule;
import io.wali4j.core.wasm.WasmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The threads of a WALI process (wali-abi.md section B, {@code __wasm_thread_spawn}) and how a
 * thread's run ends the thread or the process.
 *
 * <p>A new thread is a new instance of the process's module over the process's memory, in a store
 * of its own: it gets its own globals ({@code __stack_pointer} and {@code __tls_base} start at
 * their initial values; the libc's thread entry sets them from its argument) and its own table,
 * filled by the module's element segments, so table 0 holds the same functions at the same indices
 * in every thread (a function pointer means the same in each) while a call through it stays in the
 * calling thread's instance. Our libc never changes its table at run time (no dlopen), so a private
 * table per thread is indistinguishable from a shared one. Memory segments are passive in a
 * shared-memory module and its start function initializes memory only once, so instantiating again
 * leaves memory alone.
 */
final class ProcessThreads implements ThreadStarter {

  private static final FuncType ENTRY =
      new FuncType(new ValType[] {ValType.I32, ValType.I32}, new ValType[0]);

  private final ValidatedModule module;
  private final WaliImports imports;

  /** The host functions bound for the first thread, reused by the others (they hold no state). */
  private final Map<String, Extern> bound = new ConcurrentHashMap<>();

  private final Ctx ctx;
  private final Limits limits;
  private final Jit.Mode jit;

  ProcessThreads(
      ValidatedModule module, WaliImports imports, Ctx ctx, Limits limits, Jit.Mode jit) {
    this.module = module;
    this.imports = imports;
    this.ctx = ctx;
    this.limits = limits;
    this.jit = jit;
  }

  @Override
  public Runnable prepare(int fn, int tid, int arg) {
    Store store = new Store(type -> ctx.memory(), limits.tableElements());
    store.jitMode(jit);
    Imports reused =
        (mod, name) -> bound.computeIfAbsent(mod + '.' + name, k -> imports.resolve(mod, name));
    Instance instance = Instance.instantiate(store, module, reused);
    if (module.module().allTables().isEmpty()) {
      throw new IllegalArgumentException("the module has no table");
    }
    long ref = instance.table(0).element(fn);
    if (ref == Table.NULL) {
      throw new IllegalArgumentException("table 0 has no function at " + fn);
    }
    Function entry = store.function((int) ref);
    if (!entry.type().equals(ENTRY)) {
      throw new IllegalArgumentException("table 0 entry " + fn + " is not " + ENTRY);
    }
    Threads threads = ctx.process().threads();
    Diagnostics log = ctx.diagnostics();
    return () -> {
      ThreadState.bind(limits.newThreadState());
      SafePoint.current().action(SignalDelivery.atSafePoint(ctx));
      run(threads, WaliThread.current(), log, false, () -> entry.call(tid, arg));
    };
  }

  /**
   * Runs {@code body} as thread {@code self}, then records how it ended: exit(2) ends the thread
   * (so does a return, except from the main thread's {@code _start}, which ends the process with
   * status 0); exit_group, a trap or an unsupported import ends the process. Any other exception
   * (an invalid or unlinkable module, a fault of the runtime, an embedder's unwind) ends the
   * process and is kept for {@link Threads#failure()}, which the run's caller rethrows.
   */
  static void run(Threads threads, WaliThread self, Diagnostics log, boolean main, Runnable body) {
    int status = 0;
    try {
      body.run();
      if (main) {
        threads.endProcess(ExitStatus.exited(0));
      }
    } catch (ThreadExit e) {
      status = e.status();
    } catch (ProcessExit e) {
      threads.endProcess(ExitStatus.exited(e.status()));
    } catch (ProcessKilled e) {
      threads.endProcess(ExitStatus.signaled(e.signal()));
    } catch (UnsupportedImport e) {
      log.log(Diagnostics.ERROR, e.getMessage());
      threads.endProcess(ExitStatus.signaled(TrapSignals.SIGSYS));
    } catch (NonLocalJumps.Jump e) {
      threads.endProcess(trap(log, e.asTrap()));
    } catch (WasmException e) {
      if (e.kind() != ErrorKind.TRAP && e.kind() != ErrorKind.EXHAUSTION) {
        // An invalid or unlinkable module: the run's caller gets it.
        threads.fail(e);
      } else {
        threads.endProcess(trap(log, e));
      }
    } catch (StackOverflowError e) {
      // Host calls back into Wasm nest on the Java stack: its end is the program's stack overflow.
      log.log(Diagnostics.ERROR, "trap: call stack exhausted (Java stack)");
      threads.endProcess(ExitStatus.signaled(TrapSignals.SIGSEGV));
    } catch (RuntimeException e) {
      // Not the program's doing: a fault of the runtime, or an embedder's unwind (a kill through
      // its syscall hook). The process ends and the exception surfaces from the run, once.
      threads.fail(e);
    } finally {
      threads.ended(self, status);
    }
  }

  private static ExitStatus trap(Diagnostics log, WasmException e) {
    log.log(Diagnostics.ERROR, "trap: " + e.getMessage());
    return TrapSignals.status(e);
  }
}
