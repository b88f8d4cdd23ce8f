package io.wali4j.jit.internal;

import io.wali4j.core.exec.CompilerTier;
import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.Opcodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The ahead-of-time code cache: per module, the class files the compiler made for it, in {@code
 * DIR/<build>/<sha256 of the module>-<memory kind>[-metered].wasmc} ({@link AotArtifact}). {@code
 * <build>} is the runtime's version and a digest of its compiler fingerprint, so builds never read
 * each other's files. {@code wali compile} writes; runs only read (see docs/JIT.md).
 *
 * <p>Writes are atomic (a temporary file in the same directory, then a rename), so a concurrent run
 * reads either no file or a whole one, and two writers leave one whole file. A file that cannot be
 * read, is corrupt, truncated, or was written for another key is ignored with one line on stderr,
 * and the module is compiled (or interpreted) as without a cache.
 */
final class AotCache {

  /** The largest artifact read: more than any module's code (the batch classes stay < 2 GiB). */
  private static final long MAX_FILE = 1L << 30;

  private static final String FINGERPRINT = readFingerprint();

  private final Path dir;
  private final String fingerprint;

  AotCache(Path root, String fingerprint) {
    this.fingerprint = fingerprint;
    this.dir = root.resolve(buildDirectory(fingerprint));
  }

  /** The cache under {@code root} for this build, or null for no cache. */
  static AotCache at(Path root) {
    return root == null || FINGERPRINT == null ? null : new AotCache(root, FINGERPRINT);
  }

  /** What {@link #find} found: the file, and its batches (not yet defined). */
  record Found(Path file, List<GeneratedBatch> batches) {}

  /**
   * The cached code of {@code m} for {@code kind}, or null when there is none or it is unusable
   * (then with a one-line warning).
   */
  Found find(Module m, List<FunctionCode> code, MemoryKind kind) {
    AotArtifact.Key key = key(m, code, kind);
    Path file = file(key);
    byte[] bytes = read(file);
    if (bytes == null) {
      return null;
    }
    try {
      return new Found(file, AotArtifact.decode(bytes, key, allowed(m, code)));
    } catch (AotArtifact.Invalid e) {
      ignore(file, e.getMessage());
      return null;
    }
  }

  /**
   * The bytes of {@code file}; null when there is none, or it is too large or unreadable (then with
   * a one-line warning).
   */
  private byte[] read(Path file) {
    try {
      if (Files.size(file) > MAX_FILE) {
        ignore(file, "larger than " + MAX_FILE + " bytes");
        return null;
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      ignore(file, "cannot read it: " + e);
      return null;
    }
  }

  /** Writes the artifact of {@code m} atomically and returns its path. */
  Path store(Module m, List<FunctionCode> code, MemoryKind kind, List<GeneratedBatch> batches)
      throws IOException {
    AotArtifact.Key key = key(m, code, kind);
    return write(file(key), AotArtifact.encode(key, batches));
  }

  /**
   * The recorded profile of {@code m} for {@code kind} ({@link AotProfile}): the functions a run
   * found hot; null when there is none or it is unusable (then with a one-line warning).
   */
  BitSet findProfile(Module m, List<FunctionCode> code, MemoryKind kind) {
    AotArtifact.Key key = key(m, code, kind);
    Path file = profileFile(key);
    byte[] bytes = read(file);
    if (bytes == null) {
      return null;
    }
    try {
      return AotProfile.decode(bytes, key, m.importedFunctionCount(), m.functionCount());
    } catch (AotArtifact.Invalid e) {
      ignore(file, e.getMessage());
      return null;
    }
  }

  /**
   * The profile in {@code file}, given by the user: it must be a profile of {@code m} for {@code
   * kind} and this build.
   *
   * @throws CompilerTier.BadProfile naming the file and why it cannot be used
   */
  BitSet readProfile(Path file, Module m, List<FunctionCode> code, MemoryKind kind)
      throws CompilerTier.BadProfile {
    try {
      if (Files.size(file) > MAX_FILE) {
        throw new AotArtifact.Invalid("larger than " + MAX_FILE + " bytes");
      }
      return AotProfile.decode(
          Files.readAllBytes(file),
          key(m, code, kind),
          m.importedFunctionCount(),
          m.functionCount());
    } catch (NoSuchFileException e) {
      throw new CompilerTier.BadProfile("profile " + file + ": no such file");
    } catch (IOException e) {
      throw new CompilerTier.BadProfile("profile " + file + ": cannot read it: " + e);
    } catch (AotArtifact.Invalid e) {
      throw new CompilerTier.BadProfile("profile " + file + ": " + e.getMessage());
    }
  }

  /** Writes the profile of {@code m} (the funcidx of {@code hot}) atomically; its path. */
  Path storeProfile(Module m, List<FunctionCode> code, MemoryKind kind, BitSet hot)
      throws IOException {
    AotArtifact.Key key = key(m, code, kind);
    return write(profileFile(key), AotProfile.encode(key, hot));
  }

  private Path write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".tmp-", ".wasmc");
    try {
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return file;
  }

  /** Reports an unusable cache file in one line; the run goes on without it. */
  static void ignore(Path file, String why) {
    System.err.println("wali4j: ignoring ahead-of-time code " + file + ": " + why);
  }

  AotArtifact.Key key(Module m, List<FunctionCode> code, MemoryKind kind) {
    return new AotArtifact.Key(fingerprint, sha256(m.bytes()), kind, metered(code), code.size());
  }

  Path file(AotArtifact.Key key) {
    return dir.resolve(baseName(key) + ".wasmc");
  }

  /** The profile's file: beside the artifact, {@code .profile} for {@code .wasmc}. */
  Path profileFile(AotArtifact.Key key) {
    return dir.resolve(baseName(key) + ".profile");
  }

  private static String baseName(AotArtifact.Key key) {
    return HexFormat.of().formatHex(key.moduleSha256())
        + "-"
        + key.kind().name().toLowerCase(Locale.ROOT)
        + (key.metered() ? "-metered" : "");
  }

  /** Metered code (--fuel) starts every function with METER (CodeValidator). */
  private static boolean metered(List<FunctionCode> code) {
    return !code.isEmpty()
        && code.get(0).code().length > 0
        && code.get(0).code()[0] == Opcodes.METER;
  }

  /**
   * The functions an artifact may hold: those a tiered run may compile ({@link
   * JitTier#mayEverCompile}), a superset of eager mode's, since {@code wali compile} adds the
   * recorded profile's.
   */
  private static BitSet allowed(Module m, List<FunctionCode> code) {
    CaptureAnalysis.Result capture = CaptureAnalysis.analyse(m, code);
    BitSet allowed = new BitSet();
    for (FunctionCode fc : code) {
      if (JitTier.mayEverCompile(capture, fc)) {
        allowed.set(fc.funcidx());
      }
    }
    return allowed;
  }

  /** {@code <version>-<first 16 hex digits of SHA-256(fingerprint)>}, safe as a file name. */
  private static String buildDirectory(String fingerprint) {
    int plus = fingerprint.indexOf('+');
    String version = plus < 0 ? "dev" : fingerprint.substring(0, plus);
    String safe = version.replaceAll("[^A-Za-z0-9._-]", "_");
    byte[] digest = sha256(fingerprint.getBytes(StandardCharsets.UTF_8));
    return safe + "-" + HexFormat.of().formatHex(digest, 0, 8);
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /**
   * The build's compiler fingerprint (version + digest of the compiler's and engine's sources,
   * written by the build), or null in a build without one: then there is no cache.
   */
  private static String readFingerprint() {
    try (InputStream in = AotCache.class.getResourceAsStream("compiler.fingerprint")) {
      if (in == null) {
        return null;
      }
      String fp = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      return fp.isEmpty() ? null : fp;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
