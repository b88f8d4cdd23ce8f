package io.wali4j.jit.internal;

import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.Import;
import io.wali4j.core.wasm.ImportDesc;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.Opcodes;
import io.wali4j.core.wasm.TableType;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * Which call sites of compiled code may lead to a call that captures the interpreter's frames:
 * setjmp ({@code NonLocalJumps} records the interpreter frame that called it) and fork (which
 * copies the thread's interpreter frames). Compiled code never makes such a call itself: it hands
 * its frames to the interpreter first ({@code CompiledUnwind}), so only the sites on a path to one
 * need the exception handler that does this. A function reaches a capturing import when it calls
 * one or calls a function that does; a {@code call_indirect} may reach any function, so it counts
 * whenever the module imports a capturing function or a table (whose elements another module
 * chooses).
 *
 * <p>longjmp, exec, exit and signal delivery need nothing: they unwind with exceptions that pass
 * through compiled frames (a signal handler runs as a call of its own above them), and the setjmp
 * frame a longjmp lands in is always an interpreter frame.
 */
final class CaptureAnalysis {

  /** Imports of module {@code wali} that capture the caller's frames. */
  static final Set<String> CAPTURING =
      Set.of("setjmp", "sigsetjmp", "SYS_fork", "SYS_vfork", "SYS_clone", "SYS_clone3");

  /**
   * The functions (by funcidx, imports included) whose calls can reach a capturing import, and
   * whether a {@code call_indirect} can.
   */
  record Result(BitSet reaches, boolean indirect) {

    /** Nothing captures: no site needs a handler. */
    static final Result NONE = new Result(new BitSet(), false);

    /** Whether the call instruction at {@code pc} of {@code code} may lead to a capture. */
    boolean site(int[] code, int pc) {
      return code[pc] == Opcodes.CALL ? reaches.get(code[pc + 1]) : indirect;
    }
  }

  private CaptureAnalysis() {}

  /**
   * The funcidx set of the functions whose calls can reach a capturing import, given {@code code},
   * the module's defined functions.
   */
  static BitSet capturing(Module m, List<FunctionCode> code) {
    return analyse(m, code).reaches();
  }

  /** The capture analysis of module {@code m} with defined functions {@code code}. */
  static Result analyse(Module m, List<FunctionCode> code) {
    int total = m.functionCount();
    BitSet bad = new BitSet(total);
    boolean anyCapturingImport = false;
    boolean importsTable = false;
    int f = 0;
    for (Import im : m.imports()) {
      if (im.desc() instanceof TableType) {
        importsTable = true;
      }
      if (im.desc() instanceof ImportDesc.Func) {
        if (im.module().equals("wali") && CAPTURING.contains(im.name())) {
          bad.set(f);
          anyCapturingImport = true;
        }
        f++;
      }
    }
    boolean indirectCaptures = anyCapturingImport || importsTable;
    List<List<Integer>> callers = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      callers.add(new ArrayList<>());
    }
    for (FunctionCode fc : code) {
      int[] c = fc.code();
      for (int pc = 0; pc < c.length; pc += Immediates.length(c, pc)) {
        if (c[pc] == Opcodes.CALL) {
          callers.get(c[pc + 1]).add(fc.funcidx());
        } else if (c[pc] == Opcodes.CALL_INDIRECT && indirectCaptures) {
          bad.set(fc.funcidx());
        }
      }
    }
    // Everything that calls something bad is bad: a walk over the reversed call graph.
    ArrayList<Integer> work = new ArrayList<>();
    bad.stream().forEach(work::add);
    while (!work.isEmpty()) {
      int g = work.remove(work.size() - 1);
      for (int caller : callers.get(g)) {
        if (!bad.get(caller)) {
          bad.set(caller);
          work.add(caller);
        }
      }
    }
    return new Result(bad, indirectCaptures);
  }
}
