package io.wali4j.core.wasm;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link Module}s directly for validator tests, without going through the decoder. */
final class TestModules {

  final List<FuncType> types = new ArrayList<>();
  final List<Import> imports = new ArrayList<>();
  final List<Integer> funcTypes = new ArrayList<>();
  final List<TableType> tables = new ArrayList<>();
  final List<MemoryType> memories = new ArrayList<>();
  final List<GlobalDef> globals = new ArrayList<>();
  final List<Export> exports = new ArrayList<>();
  final List<ElementSegment> elements = new ArrayList<>();
  final List<DataSegment> datas = new ArrayList<>();
  int start = -1;
  int dataCount = -1;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final List<FunctionBody> bodies = new ArrayList<>();

  static ValType[] vt(ValType... ts) {
    return ts;
  }

  static FuncType ft(ValType[] params, ValType... results) {
    return new FuncType(params, results);
  }

  static byte[] b(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  static ConstExpr expr(int... code) {
    return new ConstExpr(b(code), 0);
  }

  int type(FuncType t) {
    types.add(t);
    return types.size() - 1;
  }

  /** Adds a function of type {@code typeIndex} with declared {@code locals} and body bytes. */
  TestModules func(int typeIndex, ValType[] locals, int... body) {
    funcTypes.add(typeIndex);
    int start = bytes.size();
    bytes.writeBytes(b(body));
    bodies.add(new FunctionBody(locals, start, bytes.size()));
    return this;
  }

  TestModules memory(long min, long max, boolean shared) {
    memories.add(new MemoryType(new Limits(min, max, shared)));
    return this;
  }

  Module build() {
    // A trailing byte keeps bodies short of the module's end, as in a real binary.
    byte[] all = bytes.toByteArray();
    byte[] padded = java.util.Arrays.copyOf(all, all.length + 1);
    return new Module(
        padded,
        types,
        imports,
        funcTypes.stream().mapToInt(Integer::intValue).toArray(),
        tables,
        memories,
        globals,
        exports,
        start,
        elements,
        dataCount,
        datas,
        bodies,
        List.of(),
        null);
  }

  /** A module with one function of type {@code t} and the given body. */
  static Module single(FuncType t, ValType[] locals, int... body) {
    TestModules m = new TestModules();
    m.func(m.type(t), locals, body);
    return m.build();
  }
}
