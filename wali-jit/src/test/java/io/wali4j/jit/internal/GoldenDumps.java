package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.ValidatedModule;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * Golden dumps of generated classes: the text of the class the compiler makes of a module must
 * equal a committed file. After an intended change, regenerate with {@code
 * -Dwali.jit.updateGolden=true} and review the diff.
 */
final class GoldenDumps {

  private GoldenDumps() {}

  /** Compiles {@code wat} for heap memory and compares the class's text with {@code golden}. */
  static void assertMatches(String wat, Path golden) throws IOException {
    ValidatedModule v = Wat.validated(wat);
    byte[] bytes = BatchCompiler.generate(v.module(), v.code(), MemoryKind.HEAP);
    StringWriter text = new StringWriter();
    new ClassReader(bytes).accept(new TraceClassVisitor(new PrintWriter(text)), 0);
    String dump = text.toString();
    if (Boolean.getBoolean("wali.jit.updateGolden")) {
      Files.writeString(golden, dump, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), dump);
  }
}
