package io.wali4j.jit.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.zip.CRC32C;

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
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buf)) {
      out.write(MAGIC);
      out.writeInt(FORMAT);
      byte[] fp = key.fingerprint().getBytes(StandardCharsets.UTF_8);
      out.writeInt(fp.length);
      out.write(fp);
      out.write(key.moduleSha256());
      out.writeByte(key.kind().ordinal());
      out.writeByte(key.metered() ? 1 : 0);
      out.writeInt(key.functions());
      out.writeInt(functions.cardinality());
      for (int f = functions.nextSetBit(0); f >= 0; f = functions.nextSetBit(f + 1)) {
        out.writeInt(f);
      }
      CRC32C crc = new CRC32C();
      crc.update(buf.toByteArray());
      out.writeInt((int) crc.getValue());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  /**
   * The functions of {@code bytes}, which must be a profile for {@code expected} whose funcidx are
   * all in {@code [first, end)} (the module's defined functions), ascending.
   */
  static BitSet decode(byte[] bytes, AotArtifact.Key expected, int first, int end)
      throws AotArtifact.Invalid {
    if (bytes.length < MAGIC.length + 8) {
      throw new AotArtifact.Invalid("truncated");
    }
    if (!Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw new AotArtifact.Invalid("not a profile file");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
      throw new AotArtifact.Invalid("checksum mismatch (truncated or corrupt)");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, bytes.length - 4);
    try {
      in.position(MAGIC.length);
      int format = in.getInt();
      if (format != FORMAT) {
        throw new AotArtifact.Invalid("format " + format + ", this runtime reads " + FORMAT);
      }
      AotArtifact.Key key = AotArtifact.readKey(in);
      if (!key.fingerprint().equals(expected.fingerprint())) {
        throw new AotArtifact.Invalid(
            "written by another wali4j build (" + key.fingerprint() + ")");
      }
      if (!key.matches(expected)) {
        throw new AotArtifact.Invalid("written for another module or memory kind");
      }
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
