package io.wali4j.jit.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The file format of one module's ahead-of-time code (big-endian):
 *
 * <pre>
 *   magic "WALI4JAC", format version (int)
 *   key: compiler fingerprint (int length + UTF-8), module SHA-256 (32 bytes),
 *        memory kind (byte), metered (byte), defined function count (int)
 *   batch count (int), then per batch: function count n (int), n funcidx (int),
 *        class file length (int), class file
 *   CRC32C of everything before it (int)
 * </pre>
 *
 * Decoding trusts nothing: a short, corrupt or foreign file, or one written for another key, is
 * {@link Invalid}, and every count and funcidx is checked before it is used. The class files are
 * verified by the JVM when they are defined.
 */
final class AotArtifact {

  private static final byte[] MAGIC = "WALI4JAC".getBytes(StandardCharsets.US_ASCII);
  private static final int FORMAT = 1;

  private AotArtifact() {}

  /** What an artifact is for: the same key, the same code. */
  record Key(
      String fingerprint, byte[] moduleSha256, MemoryKind kind, boolean metered, int functions) {

    boolean matches(Key o) {
      return fingerprint.equals(o.fingerprint)
          && Arrays.equals(moduleSha256, o.moduleSha256)
          && kind == o.kind
          && metered == o.metered
          && functions == o.functions;
    }
  }

  /** A file that is not a valid artifact for the expected key; the message says why. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String why) {
      super(why, null, false, false);
    }
  }

  static byte[] encode(Key key, List<GeneratedBatch> batches) {
    return frame(
        MAGIC,
        FORMAT,
        key,
        out -> {
          out.writeInt(batches.size());
          for (GeneratedBatch b : batches) {
            out.writeInt(b.funcidx().length);
            for (int f : b.funcidx()) {
              out.writeInt(f);
            }
            out.writeInt(b.classFile().length);
            out.write(b.classFile());
          }
        });
  }

  /** Writes a file's body after its header. */
  interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  /**
   * A cache file: {@code magic}, {@code format} and {@code key} (the header {@link #openChecked}
   * checks), {@code body}, then the CRC-32C of everything before it.
   */
  static byte[] frame(byte[] magic, int format, Key key, Body body) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buf)) {
      writeHeader(out, magic, format, key);
      body.write(out);
      CRC32C crc = new CRC32C();
      crc.update(buf.toByteArray());
      out.writeInt((int) crc.getValue());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  /**
   * The batches of {@code bytes}, which must be an artifact for {@code expected} whose funcidx are
   * all in {@code allowed} (the functions that may be compiled), each at most once.
   */
  static List<GeneratedBatch> decode(byte[] bytes, Key expected, BitSet allowed) throws Invalid {
    ByteBuffer in = openChecked(bytes, MAGIC, "an ahead-of-time code file", FORMAT, expected);
    try {
      return readBatches(in, allowed);
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw new Invalid("malformed: " + e);
    }
  }

  /** Writes the header the cache's files share: {@code magic}, {@code format} and {@code key}. */
  private static void writeHeader(DataOutputStream out, byte[] magic, int format, Key key)
      throws IOException {
    out.write(magic);
    out.writeInt(format);
    byte[] fp = key.fingerprint().getBytes(StandardCharsets.UTF_8);
    out.writeInt(fp.length);
    out.write(fp);
    out.write(key.moduleSha256());
    out.writeByte(key.kind().ordinal());
    out.writeByte(key.metered() ? 1 : 0);
    out.writeInt(key.functions());
  }

  /**
   * The body of {@code bytes} (positioned after the header, the checksum left out) once its magic,
   * checksum, format and key are those {@link #writeHeader} wrote for {@code expected}; {@code
   * what} names the kind of file in the error.
   */
  static ByteBuffer openChecked(byte[] bytes, byte[] magic, String what, int format, Key expected)
      throws Invalid {
    if (bytes.length < magic.length + 8) {
      throw new Invalid("truncated");
    }
    if (!Arrays.equals(Arrays.copyOf(bytes, magic.length), magic)) {
      throw new Invalid("not " + what);
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
      throw new Invalid("checksum mismatch (truncated or corrupt)");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, bytes.length - 4);
    try {
      in.position(magic.length);
      int f = in.getInt();
      if (f != format) {
        throw new Invalid("format " + f + ", this runtime reads " + format);
      }
      Key key = readKey(in);
      if (!key.fingerprint().equals(expected.fingerprint())) {
        throw new Invalid("written by another wali4j build (" + key.fingerprint() + ")");
      }
      if (!key.matches(expected)) {
        throw new Invalid("written for another module or memory kind");
      }
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw new Invalid("malformed: " + e);
    }
    return in;
  }

  static Key readKey(ByteBuffer in) throws Invalid {
    String fingerprint = new String(bytes(in, in.getInt()), StandardCharsets.UTF_8);
    byte[] sha = bytes(in, 32);
    int kind = in.get();
    if (kind < 0 || kind >= MemoryKind.values().length) {
      throw new Invalid("unknown memory kind " + kind);
    }
    boolean metered = in.get() != 0;
    return new Key(fingerprint, sha, MemoryKind.values()[kind], metered, in.getInt());
  }

  private static List<GeneratedBatch> readBatches(ByteBuffer in, BitSet allowed) throws Invalid {
    int count = in.getInt();
    if (count < 0 || count > allowed.cardinality()) {
      throw new Invalid("batch count " + count);
    }
    BitSet seen = new BitSet();
    List<GeneratedBatch> batches = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int n = in.getInt();
      if (n <= 0 || n > JitTier.MAX_BATCH || n > in.remaining() / 4) {
        throw new Invalid("batch of " + n + " functions");
      }
      int[] funcidx = new int[n];
      for (int k = 0; k < n; k++) {
        int f = in.getInt();
        if (f < 0 || !allowed.get(f) || seen.get(f)) {
          throw new Invalid("function " + f + " may not be compiled here");
        }
        seen.set(f);
        funcidx[k] = f;
      }
      batches.add(new GeneratedBatch(funcidx, bytes(in, in.getInt())));
    }
    if (in.hasRemaining()) {
      throw new Invalid(in.remaining() + " bytes after the last batch");
    }
    return batches;
  }

  private static byte[] bytes(ByteBuffer in, int n) throws Invalid {
    if (n < 0 || n > in.remaining()) {
      throw new Invalid("length " + n + " past the end");
    }
    byte[] b = new byte[n];
    in.get(b);
    return b;
  }
}
