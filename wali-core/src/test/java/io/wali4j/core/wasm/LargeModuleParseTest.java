package io.wali4j.core.wasm;

import static io.wali4j.core.wasm.WasmBytes.fragment;
import static io.wali4j.core.wasm.WasmBytes.module;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A module of the size a real WALI program reaches (a few MB) decodes in one quick pass. */
class LargeModuleParseTest {

  static byte[] twoMegabyteModule() {
    int functions = 20_000;
    WasmBytes funcs = fragment().u32(functions);
    WasmBytes code = fragment().u32(functions);
    WasmBytes names = fragment().u32(functions);
    for (int i = 0; i < functions; i++) {
      funcs.u32(0);
      WasmBytes body = fragment().u32(1).u32(3).raw(0x7F);
      for (int k = 0; k < 12; k++) {
        body.raw(0x20, 0x00, 0x41).u32(i).raw(0x6A, 0x21, 0x01); // local.get; i32.const; add; set
      }
      byte[] b = body.raw(0x0B).bytes();
      code.u32(b.length).raw(b);
      names.u32(i).name("function_" + i);
    }
    WasmBytes data = fragment().u32(1).u32(0).raw(0x41, 0x00, 0x0B).u32(512 * 1024);
    data.raw(new byte[512 * 1024]);
    return module()
        .section(1, 1, 0x60, 1, 0x7F, 0)
        .section(3, funcs)
        .section(5, 1, 0, 16)
        .section(10, code)
        .section(11, data)
        .section(0, fragment().name("name").section(1, names))
        .bytes();
  }

  @Test
  void decodesTwoMegabytesQuickly() {
    byte[] bytes = twoMegabyteModule();
    assertTrue(bytes.length > 2_000_000, "module has " + bytes.length + " bytes");
    Module m = ModuleParser.parse(bytes); // warm-up
    assertEquals(20_000, m.bodies().size());
    assertEquals("function_19999", m.functionName(19_999));
    assertEquals(3, m.bodies().get(123).locals().length);
    // A generous bound: the point is to catch per-byte allocation or quadratic work, which
    // would take seconds, not to benchmark (the machine is shared).
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          for (int i = 0; i < 5; i++) {
            ModuleParser.parse(bytes);
          }
        });
  }
}
