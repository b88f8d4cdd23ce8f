package io.wali4j.core.testing;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Store;
import io.wali4j.core.wasm.ModuleParser;
import io.wali4j.core.wasm.ValidatedModule;
import io.wali4j.core.wasm.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test helper: compiles WebAssembly text with wabt's wat2wasm and instantiates the result. In a
 * package of the test-jar alone, so that wali-jit's tests (compiled inside its module, which reads
 * only wali-core's exported packages and the class path) use it too.
 */
public final class Wat {

  private Wat() {}

  /** The binary of {@code wat} (all features wat2wasm 1.0.32 knows, threads included). */
  public static byte[] compile(String wat) {
    try {
      Path dir = Files.createTempDirectory("wat");
      Path in = dir.resolve("m.wat");
      Path out = dir.resolve("m.wasm");
      Files.writeString(in, wat, StandardCharsets.UTF_8);
      Process p =
          new ProcessBuilder(
                  "wat2wasm", "--enable-all", "--debug-names", in.toString(), "-o", out.toString())
              .redirectErrorStream(true)
              .start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalArgumentException("wat2wasm failed:\n" + log);
      }
      byte[] bytes = Files.readAllBytes(out);
      Files.delete(in);
      Files.delete(out);
      Files.delete(dir);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static ValidatedModule validated(String wat) {
    return Validator.validate(ModuleParser.parse(compile(wat)));
  }

  public static Instance instantiate(String wat) {
    return instantiate(wat, Imports.NONE);
  }

  public static Instance instantiate(String wat, Imports imports) {
    return Instance.instantiate(new Store(), validated(wat), imports);
  }

  public static Instance instantiate(Store store, String wat, Imports imports) {
    return Instance.instantiate(store, validated(wat), imports);
  }

  /** An instance of {@code wat} in a fresh store whose functions run on tier {@code mode}. */
  public static Instance instantiate(Jit.Mode mode, String wat, Imports imports) {
    Store store = new Store();
    store.jitMode(mode);
    return instantiate(store, wat, imports);
  }
}
