package io.wali4j.jit.internal;

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

/** Test helper: WebAssembly text through wabt's wat2wasm, validated and instantiated. */
final class WatModules {

  private WatModules() {}

  static ValidatedModule validated(String wat) {
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
      return Validator.validate(ModuleParser.parse(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Instance instantiate(Jit.Mode mode, String wat, Imports imports) {
    Store store = new Store();
    store.jitMode(mode);
    return Instance.instantiate(store, validated(wat), imports);
  }
}
