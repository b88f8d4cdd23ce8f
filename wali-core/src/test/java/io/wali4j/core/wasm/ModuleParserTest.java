package io.wali4j.core.wasm;

import static io.wali4j.core.wasm.WasmBytes.fragment;
import static io.wali4j.core.wasm.WasmBytes.module;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleParserTest {

  private static final int I32 = 0x7F;
  private static final int I64 = 0x7E;
  private static final int F32 = 0x7D;
  private static final int F64 = 0x7C;
  private static final int FUNCREF = 0x70;
  private static final int EXTERNREF = 0x6F;

  @Test
  void emptyModuleHasNoSections() {
    Module m = ModuleParser.parse(module().bytes());
    assertTrue(m.types().isEmpty());
    assertEquals(0, m.functionCount());
    assertEquals(-1, m.startFunction());
    assertEquals(-1, m.dataCount());
    assertSame(NameSection.EMPTY, m.names());
  }

  @Test
  void decodesFunctionTypesWithMultipleResults() {
    byte[] b =
        module()
            .section(
                1,
                fragment()
                    .u32(3)
                    .raw(0x60, 0, 0)
                    .raw(0x60, 2, I32, I64, 3, F32, F64, EXTERNREF)
                    .raw(0x60, 1, FUNCREF, 0))
            .bytes();
    List<FuncType> types = ModuleParser.parse(b).types();
    assertEquals(3, types.size());
    assertEquals(FuncType.VOID, types.get(0));
    assertArrayEquals(new ValType[] {ValType.I32, ValType.I64}, types.get(1).params());
    assertArrayEquals(
        new ValType[] {ValType.F32, ValType.F64, ValType.EXTERNREF}, types.get(1).results());
    assertArrayEquals(new ValType[] {ValType.FUNCREF}, types.get(2).params());
  }

  @Test
  void decodesImportsOfEveryKind() {
    byte[] b =
        module()
            .section(1, 1, 0x60, 0, 0)
            .section(
                2,
                fragment()
                    .u32(5)
                    .name("wali")
                    .name("SYS_read")
                    .raw(0x00)
                    .u32(0)
                    .name("env")
                    .name("table")
                    .raw(0x01, FUNCREF, 0x01)
                    .u32(1)
                    .u32(10)
                    .name("env")
                    .name("memory")
                    .raw(0x02, 0x03)
                    .u32(2)
                    .u32(65536)
                    .name("env")
                    .name("g")
                    .raw(0x03, I64, 0x01)
                    .name("env")
                    .name("m2")
                    .raw(0x02, 0x00)
                    .u32(0))
            .bytes();
    Module m = ModuleParser.parse(b);
    List<Import> imports = m.imports();
    assertEquals(new Import("wali", "SYS_read", new ImportDesc.Func(0)), imports.get(0));
    assertEquals(new TableType(ValType.FUNCREF, new Limits(1, 10, false)), imports.get(1).desc());
    assertEquals(new MemoryType(new Limits(2, 65536, true)), imports.get(2).desc());
    assertEquals(new GlobalType(ValType.I64, true), imports.get(3).desc());
    Limits noMax = ((MemoryType) imports.get(4).desc()).limits();
    assertFalse(noMax.hasMax());
    assertFalse(noMax.shared());
    assertEquals(1, m.importedFunctionCount());
    assertEquals(1, m.importedTableCount());
    assertEquals(2, m.importedMemoryCount());
    assertEquals(1, m.importedGlobalCount());
  }

  @Test
  void decodesBodiesWithExpandedLocalsAndInstructionRange() {
    byte[] body = {0x02, 0x02, (byte) I32, 0x01, (byte) I64, 0x20, 0x00, 0x1A, 0x0B};
    byte[] b =
        module()
            .section(1, 1, 0x60, 0, 0)
            .section(3, 2, 0, 0)
            .section(10, fragment().u32(2).u32(body.length).raw(body).raw(2, 0, 0x0B))
            .bytes();
    Module m = ModuleParser.parse(b);
    assertArrayEquals(new int[] {0, 0}, m.functionTypeIndices());
    FunctionBody f0 = m.bodies().get(0);
    assertArrayEquals(new ValType[] {ValType.I32, ValType.I32, ValType.I64}, f0.locals());
    byte[] code = Arrays.copyOfRange(m.bytes(), f0.start(), f0.end());
    assertArrayEquals(new byte[] {0x20, 0x00, 0x1A, 0x0B}, code);
    FunctionBody f1 = m.bodies().get(1);
    assertEquals(0, f1.locals().length);
    assertEquals(1, f1.end() - f1.start());
    assertEquals(b.length, f1.end());
  }

  @Test
  void decodesTablesMemoriesGlobalsExportsAndStart() {
    byte[] b =
        module()
            .section(1, 1, 0x60, 0, 0)
            .section(3, 1, 0)
            .section(4, fragment().u32(1).raw(EXTERNREF, 0x00).u32(3))
            .section(5, fragment().u32(1).raw(0x01).u32(1).u32(2))
            .section(
                6,
                fragment()
                    .u32(2)
                    .raw(I32, 0x00, 0x41)
                    .raw(0xFF, 0x00)
                    .raw(0x0B)
                    .raw(F64, 0x01, 0x44, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x0B))
            .section(
                7,
                fragment()
                    .u32(3)
                    .name("_start")
                    .raw(0x00)
                    .u32(0)
                    .name("memory")
                    .raw(0x02)
                    .u32(0)
                    .name("g")
                    .raw(0x03)
                    .u32(1))
            .section(8, 0)
            .section(10, 1, 2, 0, 0x0B)
            .bytes();
    Module m = ModuleParser.parse(b);
    assertEquals(
        new TableType(ValType.EXTERNREF, new Limits(3, Limits.NO_MAX, false)), m.tables().get(0));
    assertEquals(new Limits(1, 2, false), m.memories().get(0).limits());
    GlobalDef g0 = m.globals().get(0);
    assertEquals(new GlobalType(ValType.I32, false), g0.type());
    assertArrayEquals(new byte[] {0x41, (byte) 0xFF, 0x00, 0x0B}, g0.init().code());
    assertEquals(ValType.F64, m.globals().get(1).type().type());
    assertEquals(10, m.globals().get(1).init().code().length); // f64.const, 8 bytes, end
    assertEquals(
        List.of(
            new Export("_start", ExternKind.FUNC, 0),
            new Export("memory", ExternKind.MEMORY, 0),
            new Export("g", ExternKind.GLOBAL, 1)),
        m.exports());
    assertEquals(0, m.startFunction());
  }

  @Test
  void constantExpressionOffsetPointsIntoTheModule() {
    byte[] b = module().section(6, fragment().u32(1).raw(I32, 0, 0x41, 0x05, 0x0B)).bytes();
    ConstExpr init = ModuleParser.parse(b).globals().get(0).init();
    assertEquals(0x41, b[init.offset()]);
  }

  @Test
  void constantExpressionsKeepNestedBlocksAndPrefixedOpcodes() {
    // An extended-const style expression with a block inside: only the outer end closes it.
    int[] expr = {0x02, 0x40, 0x0B, 0x41, 0x01, 0x41, 0x02, 0x6A, 0xFC, 0x00, 0x0B};
    byte[] b = module().section(6, fragment().u32(1).raw(I32, 0).raw(expr)).bytes();
    byte[] code = ModuleParser.parse(b).globals().get(0).init().code();
    assertEquals(expr.length, code.length);
    assertEquals(0x0B, code[code.length - 1]);
  }

  @Test
  void decodesAllEightElementSegmentEncodings() {
    int[] offset = {0x41, 0x00, 0x0B};
    int[] refNull = {0xD0, FUNCREF, 0x0B};
    byte[] b =
        module()
            .section(
                9,
                fragment()
                    .u32(8)
                    .u32(0)
                    .raw(offset)
                    .u32(2)
                    .u32(0)
                    .u32(200)
                    .u32(1)
                    .raw(0x00)
                    .u32(1)
                    .u32(3)
                    .u32(2)
                    .u32(1)
                    .raw(offset)
                    .raw(0x00)
                    .u32(1)
                    .u32(4)
                    .u32(3)
                    .raw(0x00)
                    .u32(1)
                    .u32(5)
                    .u32(4)
                    .raw(offset)
                    .u32(1)
                    .raw(refNull)
                    .u32(5)
                    .raw(EXTERNREF)
                    .u32(1)
                    .raw(0xD0, EXTERNREF, 0x0B)
                    .u32(6)
                    .u32(2)
                    .raw(offset)
                    .raw(FUNCREF)
                    .u32(2)
                    .raw(refNull)
                    .raw(0xD2, 0, 0x0B)
                    .u32(7)
                    .raw(FUNCREF)
                    .u32(0))
            .bytes();
    List<ElementSegment> es = ModuleParser.parse(b).elements();
    assertEquals(8, es.size());
    ElementSegment e0 = es.get(0);
    assertEquals(ElementSegment.Mode.ACTIVE, e0.mode());
    assertEquals(0, e0.tableIndex());
    assertArrayEquals(new byte[] {0x41, 0x00, 0x0B}, e0.offset().code());
    assertEquals(ValType.FUNCREF, e0.type());
    assertArrayEquals(new byte[] {(byte) 0xD2, 0x00, 0x0B}, e0.init().get(0).code());
    assertArrayEquals(new byte[] {(byte) 0xD2, (byte) 0xC8, 0x01, 0x0B}, e0.init().get(1).code());
    assertMode(es.get(1), ElementSegment.Mode.PASSIVE, ValType.FUNCREF, 1);
    assertNull(es.get(1).offset());
    assertEquals(ElementSegment.Mode.ACTIVE, es.get(2).mode());
    assertEquals(1, es.get(2).tableIndex());
    assertMode(es.get(3), ElementSegment.Mode.DECLARATIVE, ValType.FUNCREF, 1);
    assertMode(es.get(4), ElementSegment.Mode.ACTIVE, ValType.FUNCREF, 1);
    assertArrayEquals(new byte[] {(byte) 0xD0, 0x70, 0x0B}, es.get(4).init().get(0).code());
    assertMode(es.get(5), ElementSegment.Mode.PASSIVE, ValType.EXTERNREF, 1);
    assertMode(es.get(6), ElementSegment.Mode.ACTIVE, ValType.FUNCREF, 2);
    assertEquals(2, es.get(6).tableIndex());
    assertMode(es.get(7), ElementSegment.Mode.DECLARATIVE, ValType.FUNCREF, 0);
  }

  private static void assertMode(ElementSegment e, ElementSegment.Mode mode, ValType t, int n) {
    assertEquals(mode, e.mode());
    assertEquals(t, e.type());
    assertEquals(n, e.init().size());
  }

  @Test
  void synthesizedRefFuncUsesCanonicalLeb128() {
    assertArrayEquals(new byte[] {(byte) 0xD2, 0x00, 0x0B}, SegmentDecoder.refFunc(0));
    assertArrayEquals(
        new byte[] {(byte) 0xD2, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 0x0B},
        SegmentDecoder.refFunc(-1));
  }

  @Test
  void decodesDataSegmentsOfEveryKindAndDataCount() {
    byte[] b =
        module()
            .section(5, 1, 0, 1)
            .section(12, 3)
            .section(
                11,
                fragment()
                    .u32(3)
                    .u32(0)
                    .raw(0x41, 0x10, 0x0B)
                    .u32(3)
                    .raw('a', 'b', 'c')
                    .u32(1)
                    .u32(2)
                    .raw(1, 2)
                    .u32(2)
                    .u32(0)
                    .raw(0x41, 0x20, 0x0B)
                    .u32(0))
            .bytes();
    Module m = ModuleParser.parse(b);
    assertEquals(3, m.dataCount());
    DataSegment d0 = m.datas().get(0);
    assertTrue(d0.active());
    assertArrayEquals(new byte[] {'a', 'b', 'c'}, d0.bytes());
    assertArrayEquals(new byte[] {0x41, 0x10, 0x0B}, d0.offset().code());
    DataSegment d1 = m.datas().get(1);
    assertFalse(d1.active());
    assertNull(d1.offset());
    assertArrayEquals(new byte[] {1, 2}, d1.bytes());
    DataSegment d2 = m.datas().get(2);
    assertTrue(d2.active());
    assertEquals(0, d2.memoryIndex());
    assertEquals(0, d2.bytes().length);
  }

  @Test
  void keepsCustomSectionsAnywhere() {
    byte[] b =
        module()
            .section(0, fragment().name("first").raw(1, 2, 3))
            .section(1, 1, 0x60, 0, 0)
            .section(0, fragment().name("between"))
            .section(3, 1, 0)
            .section(10, 1, 2, 0, 0x0B)
            .section(0, fragment().name("last").raw(9))
            .bytes();
    List<CustomSection> cs = ModuleParser.parse(b).customSections();
    assertEquals(3, cs.size());
    assertEquals("first", cs.get(0).name());
    assertArrayEquals(new byte[] {1, 2, 3}, cs.get(0).data());
    assertEquals("between", cs.get(1).name());
    assertEquals(0, cs.get(1).data().length);
    assertArrayEquals(new byte[] {9}, cs.get(2).data());
  }

  @Test
  void decodesNameSection() {
    WasmBytes names =
        fragment()
            .name("name")
            .section(0, fragment().name("prog"))
            .section(1, fragment().u32(2).u32(0).name("main").u32(1).name("helper"))
            .section(2, fragment().u32(1).u32(1).u32(2).u32(0).name("x").u32(1).name("y"))
            .section(7, fragment().u32(0)); // a later subsection is skipped
    byte[] b = module().section(0, names).bytes();
    Module m = ModuleParser.parse(b);
    NameSection n = m.names();
    assertEquals("prog", n.moduleName());
    assertEquals(Map.of(0, "main", 1, "helper"), n.functionNames());
    assertEquals(Map.of(1, Map.of(0, "x", 1, "y")), n.localNames());
    assertEquals("helper", m.functionName(1));
    assertEquals("func[5]", m.functionName(5));
  }

  @Test
  void ignoresBrokenNameSection() {
    WasmBytes names =
        fragment()
            .name("name")
            .section(1, fragment().u32(1).u32(0).raw(2, 0xC0, 0x80)); // overlong UTF-8
    Module m = ModuleParser.parse(module().section(0, names).bytes());
    assertSame(NameSection.EMPTY, m.names());
    assertEquals("name", m.customSections().get(0).name());
    WasmBytes truncated = fragment().name("name").raw(1, 9, 1);
    assertSame(
        NameSection.EMPTY, ModuleParser.parse(module().section(0, truncated).bytes()).names());
  }

  @Test
  void decodesModuleCompiledByWat2Wasm() throws Exception {
    assumeTrue(WasmBytes.hasWat2Wasm(), "wat2wasm not installed");
    String wat =
        """
        (module $prog
          (type $t (func (param i32 i64) (result i32 i64)))
          (import "wali" "SYS_write" (func $write (param i32 i32 i32) (result i64)))
          (import "env" "mem" (memory 1 2 shared))
          (table $tab 4 funcref)
          (global $sp (mut i32) (i32.const 65536))
          (global $k i64 (i64.const -1))
          (func $swap (type $t) (local $a f32) (local $b f32) (local f64)
            local.get 0 local.get 1)
          (func $main (export "_start")
            i32.const 0 i32.const 0 i32.const 0 call $write drop)
          (elem (i32.const 1) $swap $main)
          (elem declare func $main)
          (data (i32.const 16) "hello")
          (data "passive")
          (start $main))
        """;
    Module m = ModuleParser.parse(WasmBytes.wat2wasm(wat, "--enable-threads"));
    assertEquals(1, m.importedFunctionCount());
    assertEquals(3, m.functionCount());
    assertTrue(m.allMemories().get(0).limits().shared());
    assertEquals(2, m.globals().size());
    assertTrue(m.globals().get(0).type().mutable());
    assertArrayEquals(new ValType[] {ValType.I32, ValType.I64}, m.functionType(1).results());
    assertArrayEquals(
        new ValType[] {ValType.F32, ValType.F32, ValType.F64}, m.bodies().get(0).locals());
    assertEquals(2, m.startFunction());
    assertEquals(List.of(new Export("_start", ExternKind.FUNC, 2)), m.exports());
    assertEquals(2, m.elements().size());
    assertEquals(ElementSegment.Mode.DECLARATIVE, m.elements().get(1).mode());
    assertEquals(2, m.datas().size());
    assertEquals(-1, m.dataCount()); // emitted only when code uses memory.init/data.drop
    assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), m.datas().get(0).bytes());
    assertEquals("prog", m.names().moduleName());
    assertEquals("swap", m.names().functionNames().get(1));
    assertEquals("a", m.names().localNames().get(1).get(2));
    for (FunctionBody body : m.bodies()) {
      assertEquals(Opcodes.END, m.bytes()[body.end() - 1] & 0xFF);
    }
  }
}
