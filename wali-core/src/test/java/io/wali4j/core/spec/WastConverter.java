package io.wali4j.core.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Converts a .wast script to wast2json's JSON and binary modules (wabt), with the proposals the
 * engine implements enabled beyond wabt's defaults. The script is first rewritten from binaryen's
 * older dialect ({@link BinaryenDialect}) into the output directory.
 */
final class WastConverter {

  /**
   * wabt 1.0.32 enables by default: mutable globals, sign extension, non-trapping float-to-int,
   * multi-value, bulk memory, reference types and SIMD. We add the rest of what the engine
   * implements (ARCHITECTURE.md section 3).
   */
  static final List<String> FEATURE_FLAGS = List.of("--enable-threads", "--enable-extended-const");

  private static final long TIMEOUT_SECONDS = 60;

  private WastConverter() {}

  /** The result: the JSON file on success, else wast2json's diagnostics. */
  record Result(Path json, String error) {
    boolean ok() {
      return json != null;
    }
  }

  static Result convert(Path wast, Path outDir) throws IOException, InterruptedException {
    Files.createDirectories(outDir);
    String base = wast.getFileName().toString().replaceFirst("\\.wast$", "");
    Path json = outDir.resolve(base + ".json");
    Path normalized = outDir.resolve(base + ".wast");
    // Latin-1 maps bytes to chars one to one: the rewrite is byte-transparent for any encoding.
    Files.writeString(
        normalized,
        BinaryenDialect.normalize(Files.readString(wast, StandardCharsets.ISO_8859_1)),
        StandardCharsets.ISO_8859_1);
    List<String> cmd = new ArrayList<>();
    cmd.add("wast2json");
    cmd.addAll(FEATURE_FLAGS);
    cmd.add(normalized.toString());
    cmd.add("-o");
    cmd.add(json.toString());
    Path log = outDir.resolve(base + ".wast2json.log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(null, "wast2json timed out after " + TIMEOUT_SECONDS + " s");
    }
    if (p.exitValue() != 0) {
      String out = Files.readString(log, StandardCharsets.UTF_8).strip();
      String firstLine = out.lines().findFirst().orElse("exit status " + p.exitValue());
      return new Result(null, "wast2json cannot convert it: " + firstLine);
    }
    return new Result(json, null);
  }
}
