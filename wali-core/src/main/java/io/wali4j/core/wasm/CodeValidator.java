package io.wali4j.core.wasm;

import java.util.Arrays;
import java.util.List;

/**
 * Decodes, validates and pre-decodes one function body at a time, following the spec's validation
 * algorithm (appendix "Validation Algorithm"): an operand stack of value types, with {@link
 * #UNKNOWN} for values popped from a polymorphic (unreachable) stack, and a control stack of
 * frames. While it validates, it emits the {@link FunctionCode} form: forward branch targets are
 * chained through their own code slots and patched when the block ends.
 *
 * <p>Decoding errors are {@link ErrorKind#MALFORMED}, typing errors {@link ErrorKind#INVALID}, with
 * the spec interpreter's messages. One instance serves every body of a module and keeps its
 * buffers, so validation is linear and allocates little beyond the emitted arrays.
 */
final class CodeValidator {

  /** The type of a value popped from an unreachable stack; matches every type. */
  static final int UNKNOWN = -1;

  private static final int I32 = ValType.I32.ordinal();
  private static final int I64 = ValType.I64.ordinal();
  private static final int F32 = ValType.F32.ordinal();
  private static final int F64 = ValType.F64.ordinal();
  private static final int FUNCREF = ValType.FUNCREF.ordinal();
  private static final int EXTERNREF = ValType.EXTERNREF.ordinal();
  private static final ValType[] TYPES = ValType.values();
  private static final ValType[] EMPTY = new ValType[0];

  /** Stack signatures of the simple instructions ({@link Opcodes#signature}) as type ordinals. */
  private static final int[][] SIG_PARAMS = new int[Opcodes.ID_LIMIT][];

  private static final int[][] SIG_RESULTS = new int[Opcodes.ID_LIMIT][];

  // Frame kinds besides the opcodes BLOCK, LOOP, IF.
  private static final int KIND_ELSE = Opcodes.ELSE;
  private static final int KIND_FUNC = -1;

  static {
    for (int id = 0; id < Opcodes.ID_LIMIT; id++) {
      String sig = Opcodes.isKnown(id) ? Opcodes.signature(id) : null;
      if (sig != null) {
        int colon = sig.indexOf(':');
        SIG_PARAMS[id] = letters(sig.substring(0, colon));
        SIG_RESULTS[id] = letters(sig.substring(colon + 1));
      }
    }
  }

  private static int[] letters(String s) {
    int[] out = new int[s.length()];
    for (int i = 0; i < out.length; i++) {
      char c = s.charAt(i);
      out[i] = c == 'i' ? I32 : c == 'l' ? I64 : c == 'f' ? F32 : F64;
    }
    return out;
  }

  /** One entry of the control stack. */
  private static final class Frame {
    int kind;
    ValType[] params;
    ValType[] results;

    /** Operand height below the block's parameters; a branch's keep is numLocals + height. */
    int height;

    boolean unreachable;

    /** For a loop, the code index branches jump to. */
    int start;

    /** Head of the chain of code slots waiting for this block's end index, -1 when empty. */
    int fixups;

    /** For an if before its else, the slot of the JUMP_IF_ZERO target. */
    int elseSlot;
  }

  private final Module module;
  private final List<FuncType> types;
  private final List<GlobalType> globals;
  private final List<TableType> tables;
  private final int memoryCount;
  private final int functionCount;
  private final int elemCount;
  private final boolean[] declaredRefs;
  private final boolean metered;
  private final ByteReader r;
  private final Emitter out = new Emitter();

  private int[] vals = new int[64];
  private int vsp;
  private int maxHeight;
  private Frame[] ctrls = new Frame[16];
  private int csp;
  private int[] labels = new int[16];
  private int[] popped = new int[16];

  // The function being validated.
  private FuncType type;
  private ValType[] params;
  private ValType[] locals;
  private int numLocals;
  private int instrOffset;
  private int opId;
  // The block type last read by readBlockType.
  private ValType[] btParams;
  private ValType[] btResults;

  CodeValidator(Module module, boolean[] declaredRefs, boolean metered) {
    this.metered = metered;
    this.module = module;
    this.types = module.types();
    this.globals = module.allGlobals();
    this.tables = module.allTables();
    this.memoryCount = module.allMemories().size();
    this.functionCount = module.functionCount();
    this.elemCount = module.elements().size();
    this.declaredRefs = declaredRefs;
    this.r = new ByteReader(module.bytes(), 0, 0);
  }

  /** Validates the body of function {@code funcidx} and returns it in the pre-decoded form. */
  FunctionCode validate(int funcidx, FunctionBody body) {
    this.type = module.functionType(funcidx);
    this.params = type.params();
    this.locals = body.locals();
    this.numLocals = params.length + locals.length;
    this.opId = -1;
    this.instrOffset = body.start();
    try {
      for (ValType t : locals) {
        if (t == ValType.V128) {
          throw fail(Failure.UNSUPPORTED_FEATURE, "v128 local (SIMD)");
        }
      }
      run(body);
    } catch (WasmException e) {
      String prefix = e.failure().message() + ": ";
      String detail = e.getMessage();
      detail = detail.startsWith(prefix) ? detail.substring(prefix.length()) : "";
      throw new WasmException(
          e.failure(),
          "in function " + funcidx + " (" + module.functionName(funcidx) + ") " + detail);
    }
    return new FunctionCode(
        out.code(),
        out.offsets(),
        params.length,
        numLocals,
        type.results().length,
        maxHeight,
        funcidx);
  }

  private void run(FunctionBody body) {
    r.limit(body.end());
    r.position(body.start());
    out.reset();
    vsp = 0;
    maxHeight = 0;
    csp = 0;
    pushCtrl(KIND_FUNC, EMPTY, type.results());
    if (metered) {
      out.op(Opcodes.METER, body.start());
    }
    while (csp > 0) {
      instrOffset = r.position();
      opId = -1;
      int id = InstructionReader.opcode(r);
      opId = id;
      instruction(id);
    }
    if (!r.atEnd()) {
      // The spec interpreter reads the body as a sized region; bytes after the final end
      // leave the region's size unmatched.
      instrOffset = r.position();
      opId = -1;
      throw fail(Failure.SECTION_SIZE_MISMATCH, "bytes after the function's final end");
    }
  }

  // ---- instructions ----

  private void readBlockType() {
    FuncType bt = InstructionReader.blockType(r, types);
    btParams = bt.params();
    btResults = bt.results();
  }

  private void zeroByte() {
    InstructionReader.zeroByte(r);
  }

  private void instruction(int id) {
    switch (id) {
      case Opcodes.UNREACHABLE -> {
        out.op(id, instrOffset);
        unreachable();
      }
      case Opcodes.NOP -> {
        // not emitted
      }
      case Opcodes.BLOCK, Opcodes.LOOP -> {
        readBlockType();
        popVals(btParams);
        Frame f = pushCtrl(id, btParams, btResults);
        f.start = out.size();
        if (metered && id == Opcodes.LOOP) {
          // At the loop's own label: every back-edge passes here.
          out.op(Opcodes.METER, instrOffset);
        }
      }
      case Opcodes.IF -> {
        readBlockType();
        pop(I32);
        popVals(btParams);
        Frame f = pushCtrl(id, btParams, btResults);
        out.op(Opcodes.JUMP_IF_ZERO, instrOffset);
        f.elseSlot = out.size();
        out.imm(-1);
      }
      case Opcodes.ELSE -> elseArm();
      case Opcodes.END -> end();
      case Opcodes.BR -> br();
      case Opcodes.BR_IF -> brIf();
      case Opcodes.BR_TABLE -> brTable();
      case Opcodes.RETURN -> {
        popVals(type.results());
        out.op(Opcodes.RETURN, instrOffset);
        unreachable();
      }
      case Opcodes.CALL -> call();
      case Opcodes.CALL_INDIRECT -> callIndirect();
      case Opcodes.DROP -> {
        pop();
        out.op(id, instrOffset);
      }
      case Opcodes.SELECT -> select();
      case Opcodes.SELECT_T -> selectTyped();
      case Opcodes.LOCAL_GET, Opcodes.LOCAL_SET, Opcodes.LOCAL_TEE -> local(id);
      case Opcodes.GLOBAL_GET, Opcodes.GLOBAL_SET -> global(id);
      case Opcodes.REF_NULL -> {
        push(InstructionReader.refType(r));
        out.op(id, instrOffset);
      }
      case Opcodes.REF_IS_NULL -> {
        int t = pop();
        if (t != UNKNOWN && t != FUNCREF && t != EXTERNREF) {
          throw mismatch("a reference", t);
        }
        push(I32);
        out.op(id, instrOffset);
      }
      case Opcodes.REF_FUNC -> refFunc();
      case Opcodes.MEMORY_INIT, Opcodes.DATA_DROP -> dataSegmentOp(id);
      case Opcodes.ATOMIC_FENCE -> {
        zeroByte();
        out.op(id, instrOffset);
      }
      default -> {
        if (id >= Opcodes.TABLE_GET && id <= Opcodes.TABLE_SET
            || id >= Opcodes.TABLE_INIT && id <= Opcodes.TABLE_FILL) {
          TableInstructions.validate(this, id);
        } else {
          simple(id);
        }
      }
    }
  }

  /** An instruction whose typing is its fixed signature; reads and emits its immediates. */
  private void simple(int id) {
    switch (Opcodes.imm(id)) {
      case NONE -> out.op(id, instrOffset);
      case MEMARG -> memarg(id);
      case MEMORY -> {
        zeroByte();
        requireMemory();
        out.op(id, instrOffset);
      }
      case MEMORY_COPY -> {
        zeroByte();
        zeroByte();
        requireMemory();
        out.op(id, instrOffset);
      }
      case MEMORY_FILL -> {
        zeroByte();
        requireMemory();
        out.op(id, instrOffset);
      }
      case I32 -> {
        int v = r.s32();
        out.op(id, instrOffset);
        out.imm(v);
      }
      case F32 -> {
        int v = r.f32Bits();
        out.op(id, instrOffset);
        out.imm(v);
      }
      case I64, F64 -> {
        long v = id == Opcodes.I64_CONST ? r.s64() : r.f64Bits();
        out.op(id, instrOffset);
        out.imm((int) v);
        out.imm((int) (v >>> 32));
      }
      default -> throw new IllegalStateException("no rule for " + Opcodes.name(id));
    }
    int[] in = SIG_PARAMS[id];
    for (int i = in.length - 1; i >= 0; i--) {
      pop(in[i]);
    }
    for (int t : SIG_RESULTS[id]) {
      push(t);
    }
  }

  /** A memarg (spec 5.4.6): alignment exponent then offset; the alignment must fit the access. */
  private void memarg(int id) {
    int align = r.u32();
    int offset = r.u32();
    requireMemory();
    int size = Opcodes.accessSize(id);
    int natural = Integer.numberOfTrailingZeros(size);
    boolean atomic = id >= 0x200;
    if (atomic ? align != natural : Integer.compareUnsigned(align, natural) > 0) {
      throw fail(
          atomic ? Failure.ATOMIC_ALIGNMENT : Failure.ALIGNMENT_TOO_LARGE,
          "alignment 2^" + Integer.toUnsignedString(align) + ", access size " + size);
    }
    out.op(id, instrOffset);
    out.imm(offset);
  }

  void requireMemory() {
    if (memoryCount == 0) {
      throw fail(Failure.UNKNOWN_MEMORY, "memory 0");
    }
  }

  private void elseArm() {
    Frame f = ctrls[csp - 1];
    if (f.kind != Opcodes.IF) {
      throw fail(Failure.END_OPCODE_EXPECTED, "else outside an if");
    }
    popVals(f.results);
    if (vsp != f.height) {
      throw fail(Failure.TYPE_MISMATCH, "values left at the end of the then arm");
    }
    out.op(Opcodes.JUMP, instrOffset);
    forwardTarget(f);
    out.set(f.elseSlot, out.size());
    f.elseSlot = -1;
    f.kind = KIND_ELSE;
    f.unreachable = false;
    pushVals(f.params);
  }

  private void end() {
    Frame f = ctrls[csp - 1];
    popVals(f.results);
    if (vsp != f.height) {
      throw fail(Failure.TYPE_MISMATCH, "values left at the end of the block");
    }
    if (f.kind == Opcodes.IF && !sameTypes(f.params, f.results)) {
      // An if without else has an empty else arm, which must turn the params into the results.
      throw fail(Failure.TYPE_MISMATCH, "if without else must not change the stack's types");
    }
    int here = out.size();
    if (f.kind == Opcodes.IF) {
      out.set(f.elseSlot, here);
    }
    int slot = f.fixups;
    while (slot != -1) {
      int next = out.get(slot);
      out.set(slot, here);
      slot = next;
    }
    csp--;
    if (csp == 0) {
      out.op(Opcodes.RETURN, instrOffset);
    } else {
      pushVals(f.results);
    }
  }

  private static boolean sameTypes(ValType[] a, ValType[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }

  private Frame label() {
    int l = r.u32();
    if (Integer.compareUnsigned(l, csp) >= 0) {
      throw fail(Failure.UNKNOWN_LABEL, "label " + Integer.toUnsignedString(l));
    }
    return ctrls[csp - 1 - l];
  }

  private static ValType[] labelTypes(Frame f) {
    return f.kind == Opcodes.LOOP ? f.params : f.results;
  }

  /** Emits the target slot of a branch to {@code f}: a loop's start, or a chained fixup. */
  private void emitTarget(Frame f) {
    if (f.kind == Opcodes.LOOP) {
      out.imm(f.start);
    } else {
      forwardTarget(f);
    }
  }

  private void forwardTarget(Frame f) {
    int slot = out.size();
    out.imm(f.fixups);
    f.fixups = slot;
  }

  private void br() {
    Frame f = label();
    ValType[] ts = labelTypes(f);
    boolean inPlace = vsp - ts.length == f.height;
    popVals(ts);
    emitBranch(Opcodes.JUMP, Opcodes.BR_DROP, f, ts.length, inPlace);
    unreachable();
  }

  private void brIf() {
    Frame f = label();
    pop(I32);
    ValType[] ts = labelTypes(f);
    boolean inPlace = vsp - ts.length == f.height;
    popVals(ts);
    pushVals(ts);
    emitBranch(Opcodes.JUMP_IF, Opcodes.BR_IF_DROP, f, ts.length, inPlace);
  }

  private void emitBranch(int jump, int drop, Frame f, int arity, boolean inPlace) {
    if (inPlace) {
      out.op(jump, instrOffset);
      emitTarget(f);
    } else {
      out.op(drop, instrOffset);
      emitTarget(f);
      out.imm(arity);
      out.imm(numLocals + f.height);
    }
  }

  private void brTable() {
    int n = r.vecLength();
    if (labels.length < n + 1) {
      labels = new int[n + 1];
    }
    for (int i = 0; i <= n; i++) {
      labels[i] = r.u32();
    }
    pop(I32);
    for (int i = 0; i <= n; i++) {
      if (Integer.compareUnsigned(labels[i], csp) >= 0) {
        throw fail(Failure.UNKNOWN_LABEL, "label " + Integer.toUnsignedString(labels[i]));
      }
    }
    Frame dflt = ctrls[csp - 1 - labels[n]];
    int arity = labelTypes(dflt).length;
    for (int i = 0; i < n; i++) {
      ValType[] ts = labelTypes(ctrls[csp - 1 - labels[i]]);
      if (ts.length != arity) {
        throw fail(Failure.TYPE_MISMATCH, "br_table labels of different arity");
      }
      // push_vals(pop_vals(label_types)), where a value popped from the polymorphic stack
      // comes back as the label's type: the spec tests (unreached-invalid.wast) reject labels of
      // different types even after unreachable, as the declarative rule's single t* implies.
      if (popped.length < arity) {
        popped = new int[arity];
      }
      for (int j = arity - 1; j >= 0; j--) {
        int t = pop(ts[j].ordinal());
        popped[j] = t == UNKNOWN ? ts[j].ordinal() : t;
      }
      for (int j = 0; j < arity; j++) {
        push(popped[j]);
      }
    }
    popVals(labelTypes(dflt));
    out.op(Opcodes.BR_TABLE, instrOffset);
    out.imm(n);
    for (int i = 0; i <= n; i++) {
      Frame f = ctrls[csp - 1 - labels[i]];
      emitTarget(f);
      out.imm(arity);
      out.imm(numLocals + f.height);
    }
    unreachable();
  }

  private void call() {
    int f = r.u32();
    if (Integer.compareUnsigned(f, functionCount) >= 0) {
      throw fail(Failure.UNKNOWN_FUNCTION, "function " + Integer.toUnsignedString(f));
    }
    FuncType ft = module.functionType(f);
    popVals(ft.params());
    pushVals(ft.results());
    out.op(Opcodes.CALL, instrOffset);
    out.imm(f);
  }

  private void callIndirect() {
    int typeidx = r.u32();
    int tableidx = r.u32();
    TableType table = table(tableidx);
    if (Integer.compareUnsigned(typeidx, types.size()) >= 0) {
      throw fail(Failure.UNKNOWN_TYPE, "type " + Integer.toUnsignedString(typeidx));
    }
    if (table.elementType() != ValType.FUNCREF) {
      throw fail(Failure.TYPE_MISMATCH, "call_indirect needs a funcref table");
    }
    FuncType ft = types.get(typeidx);
    pop(I32);
    popVals(ft.params());
    pushVals(ft.results());
    out.op(Opcodes.CALL_INDIRECT, instrOffset);
    out.imm(typeidx);
    out.imm(tableidx);
  }

  private void select() {
    pop(I32);
    int t1 = pop();
    int t2 = pop();
    if (!isNumeric(t1) || !isNumeric(t2)) {
      throw fail(Failure.TYPE_MISMATCH, "select without a type needs numeric operands");
    }
    if (t1 != t2 && t1 != UNKNOWN && t2 != UNKNOWN) {
      throw mismatch(TYPES[t1].toString(), t2);
    }
    push(t1 == UNKNOWN ? t2 : t1);
    out.op(Opcodes.SELECT, instrOffset);
  }

  private static boolean isNumeric(int t) {
    return t == UNKNOWN || t == I32 || t == I64 || t == F32 || t == F64;
  }

  private void selectTyped() {
    int n = r.vecLength();
    if (n != 1) {
      throw fail(Failure.INVALID_RESULT_ARITY, "select with " + n + " types");
    }
    int t = InstructionReader.valType(r);
    pop(I32);
    pop(t);
    pop(t);
    push(t);
    out.op(Opcodes.SELECT, instrOffset);
  }

  private void local(int id) {
    int x = r.u32();
    if (Integer.compareUnsigned(x, numLocals) >= 0) {
      throw fail(Failure.UNKNOWN_LOCAL, "local " + Integer.toUnsignedString(x));
    }
    int t = (x < params.length ? params[x] : locals[x - params.length]).ordinal();
    if (id == Opcodes.LOCAL_GET) {
      push(t);
    } else {
      pop(t);
      if (id == Opcodes.LOCAL_TEE) {
        push(t);
      }
    }
    out.op(id, instrOffset);
    out.imm(x);
  }

  private void global(int id) {
    int x = r.u32();
    if (Integer.compareUnsigned(x, globals.size()) >= 0) {
      throw fail(Failure.UNKNOWN_GLOBAL, "global " + Integer.toUnsignedString(x));
    }
    GlobalType g = globals.get(x);
    if (id == Opcodes.GLOBAL_GET) {
      push(g.type().ordinal());
    } else {
      if (!g.mutable()) {
        throw fail(Failure.IMMUTABLE_GLOBAL, "global " + x);
      }
      pop(g.type().ordinal());
    }
    out.op(id, instrOffset);
    out.imm(x);
  }

  private void refFunc() {
    int x = r.u32();
    if (Integer.compareUnsigned(x, functionCount) >= 0) {
      throw fail(Failure.UNKNOWN_FUNCTION, "function " + Integer.toUnsignedString(x));
    }
    if (!declaredRefs[x]) {
      throw fail(Failure.UNDECLARED_FUNCTION_REFERENCE, "function " + x);
    }
    push(FUNCREF);
    out.op(Opcodes.REF_FUNC, instrOffset);
    out.imm(x);
  }

  private void dataSegmentOp(int id) {
    int d = r.u32();
    if (id == Opcodes.MEMORY_INIT) {
      zeroByte();
    }
    int dataCount = module.dataCount();
    if (dataCount < 0) {
      throw fail(Failure.DATA_COUNT_REQUIRED, Opcodes.name(id) + " needs a data count section");
    }
    if (id == Opcodes.MEMORY_INIT) {
      requireMemory();
    }
    if (Integer.compareUnsigned(d, dataCount) >= 0) {
      throw fail(Failure.UNKNOWN_DATA_SEGMENT, "data segment " + Integer.toUnsignedString(d));
    }
    if (id == Opcodes.MEMORY_INIT) {
      pop(I32);
      pop(I32);
      pop(I32);
    }
    out.op(id, instrOffset);
    out.imm(d);
  }

  // ---- shared with TableInstructions ----

  ByteReader reader() {
    return r;
  }

  Emitter out() {
    return out;
  }

  int instrOffset() {
    return instrOffset;
  }

  int elemCount() {
    return elemCount;
  }

  ValType elemType(int e) {
    return module.elements().get(e).type();
  }

  /** Table {@code x} of the table index space, or "unknown table". */
  TableType table(int x) {
    if (Integer.compareUnsigned(x, tables.size()) >= 0) {
      throw fail(Failure.UNKNOWN_TABLE, "table " + Integer.toUnsignedString(x));
    }
    return tables.get(x);
  }

  // ---- operand and control stacks (spec appendix, validation algorithm) ----

  void push(int t) {
    if (vsp == vals.length) {
      vals = Arrays.copyOf(vals, vsp * 2);
    }
    vals[vsp++] = t;
    if (vsp > maxHeight) {
      maxHeight = vsp;
    }
  }

  int pop() {
    Frame f = ctrls[csp - 1];
    if (vsp == f.height) {
      if (f.unreachable) {
        return UNKNOWN;
      }
      throw fail(Failure.TYPE_MISMATCH, "operand stack is empty");
    }
    return vals[--vsp];
  }

  /** Pops a value of type {@code expect} and returns the popped type (perhaps Unknown). */
  int pop(int expect) {
    int actual = pop();
    if (actual != expect && actual != UNKNOWN && expect != UNKNOWN) {
      throw mismatch(TYPES[expect].toString(), actual);
    }
    return actual;
  }

  private void popVals(ValType[] ts) {
    for (int i = ts.length - 1; i >= 0; i--) {
      pop(ts[i].ordinal());
    }
  }

  private void pushVals(ValType[] ts) {
    for (ValType t : ts) {
      push(t.ordinal());
    }
  }

  private Frame pushCtrl(int kind, ValType[] in, ValType[] results) {
    if (csp == ctrls.length) {
      ctrls = Arrays.copyOf(ctrls, csp * 2);
    }
    Frame f = ctrls[csp];
    if (f == null) {
      f = new Frame();
      ctrls[csp] = f;
    }
    csp++;
    f.kind = kind;
    f.params = in;
    f.results = results;
    f.height = vsp;
    f.unreachable = false;
    f.start = -1;
    f.fixups = -1;
    f.elseSlot = -1;
    pushVals(in);
    return f;
  }

  private void unreachable() {
    Frame f = ctrls[csp - 1];
    vsp = f.height;
    f.unreachable = true;
  }

  // ---- failures ----

  WasmException mismatch(String expected, int actual) {
    return fail(
        Failure.TYPE_MISMATCH,
        "expected " + expected + ", found " + (actual == UNKNOWN ? "unknown" : TYPES[actual]));
  }

  /** A failure at the current instruction; the caller adds the function. */
  WasmException fail(Failure failure, String detail) {
    StringBuilder where = new StringBuilder("at byte offset ").append(instrOffset);
    if (opId >= 0) {
      where.append(" (").append(Opcodes.name(opId)).append(')');
    }
    if (detail != null) {
      where.append(": ").append(detail);
    }
    return new WasmException(failure, where.toString());
  }
}
