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
 * Which functions must stay interpreted because a call made while they are on the stack may capture
 * the interpreter's frames: setjmp/longjmp ({@code NonLocalJumps} records and restores interpreter
 * frames), fork, exec and the imports that may deliver a signal to the calling thread (a handler
 * may longjmp, and fork copies the frames). Compiled frames live on the Java stack, where no
 * capture can see them, so a function is compiled only when no call path from it reaches such an
 * import: its direct calls are followed through the module; a {@code call_indirect} may reach any
 * function, so it counts as capturing whenever the module imports a capturing function or a table
 * (whose elements another module chooses).
 */
final class CaptureAnalysis {

  /** Imports of module {@code wali} that may capture or unwind the caller's frames. */
  static final Set<String> CAPTURING =
      Set.of(
          "setjmp",
          "sigsetjmp",
          "longjmp",
          "siglongjmp",
          "SYS_fork",
          "SYS_vfork",
          "SYS_clone",
          "SYS_clone3",
          "SYS_execve",
          "SYS_execveat",
          "SYS_kill",
          "SYS_tkill",
          "SYS_tgkill",
          "SYS_rt_sigsuspend",
          "SYS_rt_sigtimedwait",
          "SYS_rt_sigreturn",
          "SYS_pause");

  private CaptureAnalysis() {}

  /**
   * The funcidx set of {@code code}'s functions (the module's defined functions, by funcidx minus
   * the imported count) whose calls can reach a capturing import.
   */
  static BitSet capturing(Module m, List<FunctionCode> code) {
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
    return bad;
  }
}
