package io.wali4j.jit.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * The file format of a module's recorded profile: the functions a tiered run found hot and ran
 * compiled, which a later tiered run with the cache installs at its first hot function instead of
 * interpreting each until it pays (docs/JIT.md, "Ahead of time"). Big-endian:
 *
 * <pre>
 *   magic "WALI4JHP", format version (int)
 *   key: as in {@link AotArtifact} (fingerprint, module SHA-256, memory kind, metered, count)
 *   function count n (int), n funcidx (int, ascending)
 *   CRC32C of everything before it (int)
 * </pre>
 *
 * Decoding trusts nothing: a short, corrupt or foreign file, or one written for another key, is
 * {@link AotArtifact.Invalid}; so is a funcidx that is not a defined function of the module.
 */
final class AotProfile {

  private static final byte[] MAGIC = "WALI4JHP".getBytes(StandardCharsets.US_ASCII);
  private static final int FORMAT = 1;

  private AotProfile() {}

  static byte[] encode(AotArtifact.Key key, BitSet functions) {
    return AotArtifact.frame(
        MAGIC,
        FORMAT,
        key,
        out -> {
          out.writeInt(functions.cardinality());
          for (int f = functions.nextSetBit(0); f >= 0; f = functions.nextSetBit(f + 1)) {
            out.writeInt(f);
          }
        });
  }

  /**
   * The functions of {@code bytes}, which must be a profile for {@code expected} whose funcidx are
   * all in {@code [first, end)} (the module's defined functions), ascending.
   */
  static BitSet decode(byte[] bytes, AotArtifact.Key expected, int first, int end)
      throws AotArtifact.Invalid {
    ByteBuffer in = AotArtifact.openChecked(bytes, MAGIC, "a profile file", FORMAT, expected);
    try {
      int n = in.getInt();
      if (n < 0 || n > end - first || n > in.remaining() / 4) {
        throw new AotArtifact.Invalid("function count " + n);
      }
      BitSet functions = new BitSet();
      int last = first - 1;
      for (int i = 0; i < n; i++) {
        int f = in.getInt();
        if (f <= last || f >= end) {
          throw new AotArtifact.Invalid("function " + f + " is not a function of the module");
        }
        functions.set(f);
        last = f;
      }
      if (in.hasRemaining()) {
        throw new AotArtifact.Invalid(in.remaining() + " bytes after the last function");
      }
      return functions;
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw new AotArtifact.Invalid("malformed: " + e);
    }
  }
}
