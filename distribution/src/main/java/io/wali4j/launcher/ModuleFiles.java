package io.wali4j.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Loads a module file: binary {@code .wasm}, or text {@code .wat} converted by wabt's wat2wasm. */
final class ModuleFiles {

  private ModuleFiles() {}

  static byte[] read(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(file + ": is a directory");
    }
    if (!Files.exists(file)) {
      throw new IOException(file + ": no such file");
    }
    if (!Files.isReadable(file)) {
      throw new IOException(file + ": permission denied");
    }
    if (file.getFileName().toString().endsWith(".wat")) {
      return fromText(file);
    }
    return Files.readAllBytes(file);
  }

  private static byte[] fromText(Path file) throws IOException {
    Path out = Files.createTempFile("wali-", ".wasm");
    try {
      Process p =
          new ProcessBuilder("wat2wasm", "--enable-threads", file.toString(), "-o", out.toString())
              .redirectErrorStream(true)
              .start();
      String messages;
      try (InputStream in = p.getInputStream()) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        messages = buf.toString(java.nio.charset.StandardCharsets.UTF_8).trim();
      }
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("wat2wasm did not finish converting " + file);
      }
      if (p.exitValue() != 0) {
        throw new IOException("wat2wasm rejected " + file + ": " + messages);
      }
      return Files.readAllBytes(out);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("error=2")) {
        throw new IOException(
            file + " is WebAssembly text: converting it needs wat2wasm (Debian package wabt)", e);
      }
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while converting " + file, e);
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
