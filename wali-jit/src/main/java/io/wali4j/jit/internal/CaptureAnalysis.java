package io.wali4j.jit.internal;

import io.wali4j.core.wasm.ByteReader;
import io.wali4j.core.wasm.ConstExpr;
import io.wali4j.core.wasm.ElementSegment;
import io.wali4j.core.wasm.Export;
import io.wali4j.core.wasm.ExternKind;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.GlobalDef;
import io.wali4j.core.wasm.GlobalType;
import io.wali4j.core.wasm.Import;
import io.wali4j.core.wasm.ImportDesc;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.Opcodes;
import io.wali4j.core.wasm.TableType;
import io.wali4j.core.wasm.ValType;
import io.wali4j.core.wasm.WasmException;
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
 * one or calls a function that does.
 *
 * <p>A {@code call_indirect (type T)} can only call a function of type T (the signature check traps
 * otherwise). When the module is closed, that is no funcref can come from outside (no imported or
 * exported table, no imported funcref global, no exported mutable one, no funcref crossing an
 * imported or exported function's signature), every function that can ever be in a table is named
 * by a {@code ref.func} in code, an element segment or a global's initializer, so the site may call
 * exactly those of type T, and the walk over the call graph runs to a fixed point through such
 * sites too. Otherwise any {@code call_indirect} counts whenever the module imports a capturing
 * function or a table (whose elements another module chooses).
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
   * The capturing imports that record only their caller's frame: a direct call of one moves that
   * frame alone to the interpreter ({@code CompiledUnwind.ofSetjmp}).
   */
  static final Set<String> MARKING = Set.of("setjmp", "sigsetjmp");

  /**
   * The functions (by funcidx, imports included) whose calls can reach a capturing import, the type
   * indices whose {@code call_indirect} can, and the imports that are setjmp or sigsetjmp.
   */
  record Result(BitSet reaches, BitSet indirectTypes, BitSet marks) {

    /** Nothing captures: no site needs a handler. */
    static final Result NONE = new Result(new BitSet(), new BitSet(), new BitSet());

    /** Whether the call instruction at {@code pc} of {@code code} may lead to a capture. */
    boolean site(int[] code, int pc) {
      return code[pc] == Opcodes.CALL ? reaches.get(code[pc + 1]) : indirectTypes.get(code[pc + 1]);
    }

    /** Whether the instruction at {@code pc} of {@code code} is a direct call of setjmp. */
    boolean marks(int[] code, int pc) {
      return code[pc] == Opcodes.CALL && marks.get(code[pc + 1]);
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
    int types = m.types().size();
    BitSet bad = new BitSet(total);
    BitSet marks = new BitSet(total);
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
          if (MARKING.contains(im.name())) {
            marks.set(f);
          }
        }
        f++;
      }
    }
    BitSet inTables = closed(m) ? referenced(m, code) : null;
    if (inTables == null) {
      return coarse(m, code, bad, marks, anyCapturingImport || importsTable);
    }
    // The functions of each type that a call_indirect of that type may call, as type indices
    // (call_indirect checks structural equality, so types equal to T count as T).
    List<List<Integer>> candidates = new ArrayList<>(types);
    for (int t = 0; t < types; t++) {
      candidates.add(new ArrayList<>());
    }
    for (int g = inTables.nextSetBit(0); g >= 0; g = inTables.nextSetBit(g + 1)) {
      FuncType ft = m.functionType(g);
      for (int t = 0; t < types; t++) {
        if (m.types().get(t).equals(ft)) {
          candidates.get(t).add(g);
        }
      }
    }
    // Reversed call graph over functions and types: a function calls a type's candidates.
    List<List<Integer>> callers = nodes(total);
    List<List<Integer>> typeCallers = nodes(types);
    for (FunctionCode fc : code) {
      int[] c = fc.code();
      for (int pc = 0; pc < c.length; pc += Immediates.length(c, pc)) {
        if (c[pc] == Opcodes.CALL) {
          callers.get(c[pc + 1]).add(fc.funcidx());
        } else if (c[pc] == Opcodes.CALL_INDIRECT) {
          typeCallers.get(c[pc + 1]).add(fc.funcidx());
        }
      }
    }
    List<List<Integer>> candidateOf = nodes(total);
    for (int t = 0; t < types; t++) {
      for (int g : candidates.get(t)) {
        candidateOf.get(g).add(t);
      }
    }
    // Everything that may call something bad is bad: a walk to the fixed point.
    BitSet badTypes = new BitSet(types);
    ArrayList<Integer> work = new ArrayList<>();
    bad.stream().forEach(work::add);
    while (!work.isEmpty()) {
      int g = work.remove(work.size() - 1);
      for (int caller : callers.get(g)) {
        mark(bad, work, caller);
      }
      for (int t : candidateOf.get(g)) {
        if (!badTypes.get(t)) {
          badTypes.set(t);
          for (int caller : typeCallers.get(t)) {
            mark(bad, work, caller);
          }
        }
      }
    }
    return new Result(bad, badTypes, marks);
  }

  /**
   * The rule without types: every {@code call_indirect} counts when {@code indirectCaptures} (the
   * module imports a capturing function or a table, whose elements another module chooses).
   */
  private static Result coarse(
      Module m, List<FunctionCode> code, BitSet bad, BitSet marks, boolean indirectCaptures) {
    int total = m.functionCount();
    List<List<Integer>> callers = nodes(total);
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
    ArrayList<Integer> work = new ArrayList<>();
    bad.stream().forEach(work::add);
    while (!work.isEmpty()) {
      int g = work.remove(work.size() - 1);
      for (int caller : callers.get(g)) {
        mark(bad, work, caller);
      }
    }
    BitSet types = new BitSet();
    if (indirectCaptures) {
      types.set(0, m.types().size());
    }
    return new Result(bad, types, marks);
  }

  private static void mark(BitSet bad, List<Integer> work, int f) {
    if (!bad.get(f)) {
      bad.set(f);
      work.add(f);
    }
  }

  private static List<List<Integer>> nodes(int n) {
    List<List<Integer>> l = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      l.add(new ArrayList<>());
    }
    return l;
  }

  /**
   * Whether no funcref can enter the module from outside nor its tables be written from outside:
   * then only the module's own {@code ref.func}s name functions that can be in a table.
   */
  static boolean closed(Module m) {
    for (Import im : m.imports()) {
      ImportDesc d = im.desc();
      if (d instanceof TableType) {
        return false;
      }
      if (d instanceof GlobalType g && g.type() == ValType.FUNCREF) {
        return false;
      }
      if (d instanceof ImportDesc.Func fn && carries(m.types().get(fn.typeIndex()).results())) {
        return false;
      }
    }
    for (Export e : m.exports()) {
      if (e.kind() == ExternKind.TABLE) {
        return false;
      }
      if (e.kind() == ExternKind.GLOBAL) {
        GlobalType g = m.allGlobals().get(e.index());
        if (g.mutable() && g.type() == ValType.FUNCREF) {
          return false;
        }
      }
      if (e.kind() == ExternKind.FUNC && carries(m.functionType(e.index()).params())) {
        return false;
      }
    }
    return true;
  }

  private static boolean carries(ValType[] types) {
    for (ValType t : types) {
      if (t == ValType.FUNCREF) {
        return true;
      }
    }
    return false;
  }

  /**
   * The functions named by a {@code ref.func} anywhere in the module: code, element segments and
   * global initializers (a {@code call} of a function's own index needs no reference). Null when a
   * constant expression holds an instruction this reading does not know.
   */
  static BitSet referenced(Module m, List<FunctionCode> code) {
    BitSet refs = new BitSet(m.functionCount());
    for (FunctionCode fc : code) {
      int[] c = fc.code();
      for (int pc = 0; pc < c.length; pc += Immediates.length(c, pc)) {
        if (c[pc] == Opcodes.REF_FUNC) {
          refs.set(c[pc + 1]);
        }
      }
    }
    for (ElementSegment seg : m.elements()) {
      for (ConstExpr e : seg.init()) {
        if (!constRefs(e, refs)) {
          return null;
        }
      }
    }
    for (GlobalDef g : m.globals()) {
      if (!constRefs(g.init(), refs)) {
        return null;
      }
    }
    return refs;
  }

  /** Adds the {@code ref.func} targets of {@code e} to {@code refs}; false on an unknown opcode. */
  private static boolean constRefs(ConstExpr e, BitSet refs) {
    ByteReader r = new ByteReader(e.code());
    try {
      while (!r.atEnd()) {
        int op = r.u8();
        switch (op) {
          case Opcodes.END -> {
            return true;
          }
          case Opcodes.REF_FUNC -> refs.set(r.u32());
          case Opcodes.I32_CONST -> r.s32();
          case Opcodes.I64_CONST -> r.s64();
          case Opcodes.F32_CONST -> r.f32Bits();
          case Opcodes.F64_CONST -> r.f64Bits();
          case Opcodes.GLOBAL_GET -> r.u32();
          case Opcodes.REF_NULL -> r.u8();
          case Opcodes.I32_ADD,
              Opcodes.I32_SUB,
              Opcodes.I32_MUL,
              Opcodes.I64_ADD,
              Opcodes.I64_SUB,
              Opcodes.I64_MUL -> {}
          default -> {
            return false;
          }
        }
      }
    } catch (WasmException | IndexOutOfBoundsException ex) {
      return false;
    }
    return false;
  }
}
