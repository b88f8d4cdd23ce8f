package io.wali4j.core.wasm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Builds binary modules byte by byte for tests, and compiles text modules with wat2wasm. */
final class WasmBytes {

  static final byte[] HEADER = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** A builder that starts with the magic and version. */
  static WasmBytes module() {
    return new WasmBytes().raw(HEADER);
  }

  /** A builder for section contents or other fragments. */
  static WasmBytes fragment() {
    return new WasmBytes();
  }

  WasmBytes raw(int... bytes) {
    for (int b : bytes) {
      out.write(b);
    }
    return this;
  }

  WasmBytes raw(byte[] bytes) {
    out.write(bytes, 0, bytes.length);
    return this;
  }

  /** Unsigned LEB128 of a u32 in its shortest form. */
  WasmBytes u32(long value) {
    long v = value & 0xFFFFFFFFL;
    do {
      int b = (int) (v & 0x7F);
      v >>>= 7;
      out.write(v != 0 ? b | 0x80 : b);
    } while (v != 0);
    return this;
  }

  /** A name: length and UTF-8 bytes. */
  WasmBytes name(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return u32(b.length).raw(b);
  }

  /** A section: id, size of {@code contents}, contents. */
  WasmBytes section(int id, WasmBytes contents) {
    byte[] c = contents.bytes();
    return raw(id).u32(c.length).raw(c);
  }

  /** A section whose contents are given as bytes. */
  WasmBytes section(int id, int... contents) {
    return section(id, fragment().raw(contents));
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  /** Whether wabt's wat2wasm is on the PATH. */
  static boolean hasWat2Wasm() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, "wat2wasm"))) {
        return true;
      }
    }
    return false;
  }

  /** Compiles {@code wat} with wat2wasm (features beyond its defaults named in {@code flags}). */
  static byte[] wat2wasm(String wat, String... flags) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("wali4j-wat");
    try {
      Path in = dir.resolve("m.wat");
      Path wasm = dir.resolve("m.wasm");
      Files.writeString(in, wat);
      List<String> cmd = new ArrayList<>(List.of("wat2wasm", "--debug-names"));
      cmd.addAll(List.of(flags));
      cmd.addAll(List.of(in.toString(), "-o", wasm.toString()));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("wat2wasm failed: " + log);
      }
      return Files.readAllBytes(wasm);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }
}
