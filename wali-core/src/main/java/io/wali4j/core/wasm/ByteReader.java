package io.wali4j.core.wasm;

import java.nio.charset.StandardCharsets;

/**
 * Reads the binary format's primitive encodings (spec 5.2) from a byte range, enforcing the LEB128
 * length and value limits. Every failure is a {@link WasmException} naming the offset.
 */
public final class ByteReader {

  private final byte[] bytes;
  private final Failure endFailure;
  private int pos;
  private int limit;

  /**
   * A reader of a section or function body: reading past {@code end} is {@link
   * Failure#UNEXPECTED_END_OF_SECTION}, even when {@code end} is the end of the module.
   */
  public ByteReader(byte[] bytes, int start, int end) {
    this(bytes, start, end, Failure.UNEXPECTED_END_OF_SECTION);
  }

  /** A reader of a whole module: reading past its end is {@link Failure#UNEXPECTED_END}. */
  public ByteReader(byte[] bytes) {
    this(bytes, 0, bytes.length, Failure.UNEXPECTED_END);
  }

  private ByteReader(byte[] bytes, int start, int end, Failure endFailure) {
    this.bytes = bytes;
    this.pos = start;
    this.limit = end;
    this.endFailure = endFailure;
  }

  public byte[] bytes() {
    return bytes;
  }

  /** Offset of the next byte to read, from the start of the module. */
  public int position() {
    return pos;
  }

  public void position(int position) {
    this.pos = position;
  }

  /** End of the readable range (exclusive). */
  public int limit() {
    return limit;
  }

  public void limit(int limit) {
    this.limit = limit;
  }

  public boolean atEnd() {
    return pos >= limit;
  }

  public int remaining() {
    return limit - pos;
  }

  /** A failure at the current position. */
  public WasmException fail(Failure failure) {
    return new WasmException(failure, "at byte offset " + pos);
  }

  /** A failure at {@code offset}. */
  public static WasmException fail(Failure failure, int offset) {
    return new WasmException(failure, "at byte offset " + offset);
  }

  public int u8() {
    if (pos >= limit) {
      throw fail(endFailure);
    }
    return bytes[pos++] & 0xFF;
  }

  /** An unsigned LEB128 of at most 32 bits (spec 5.2.2: at most 5 bytes, unused bits zero). */
  public int u32() {
    long result = 0;
    int shift = 0;
    int start = pos;
    while (true) {
      int b = u8();
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (shift == 28 && (b & 0x70) != 0) {
          throw fail(Failure.INTEGER_TOO_LARGE, start);
        }
        return (int) result;
      }
      shift += 7;
      if (shift >= 35) {
        throw fail(Failure.INTEGER_TOO_LONG, start);
      }
    }
  }

  /**
   * An index (a u32, spec 5.5.1). No index space can reach 2^31 entries, so larger values are
   * returned as {@link Integer#MAX_VALUE}: still out of range for the validator, never negative
   * (where -1 could read as "absent").
   */
  public int index() {
    long v = u32() & 0xFFFFFFFFL;
    return (int) Math.min(v, Integer.MAX_VALUE);
  }

  /** A signed LEB128 of at most 32 bits. */
  public int s32() {
    return (int) signed(32, pos);
  }

  /** A signed LEB128 of at most 33 bits (block types, spec 5.4.1). */
  public long s33() {
    return signed(33, pos);
  }

  /** A signed LEB128 of at most 64 bits. */
  public long s64() {
    return signed(64, pos);
  }

  private long signed(int bits, int start) {
    long result = 0;
    int shift = 0;
    int maxBytes = (bits + 6) / 7;
    int b;
    int count = 0;
    do {
      b = u8();
      count++;
      if (count > maxBytes) {
        throw fail(Failure.INTEGER_TOO_LONG, start);
      }
      if (count == maxBytes) {
        // The last byte may only carry the remaining bits, and its unused bits must all equal
        // the sign bit (spec 5.2.2).
        int used = bits - 7 * (maxBytes - 1);
        if ((b & 0x80) != 0) {
          throw fail(Failure.INTEGER_TOO_LONG, start);
        }
        int rest = b >> (used - 1) & (0x7F >> (used - 1));
        int allOnes = 0x7F >> (used - 1);
        if (rest != 0 && rest != allOnes) {
          throw fail(Failure.INTEGER_TOO_LARGE, start);
        }
      }
      result |= (long) (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    if (shift < 64 && (b & 0x40) != 0) {
      result |= -1L << shift;
    }
    return result;
  }

  public int f32Bits() {
    return u8() | u8() << 8 | u8() << 16 | u8() << 24;
  }

  public long f64Bits() {
    long lo = f32Bits() & 0xFFFFFFFFL;
    long hi = f32Bits() & 0xFFFFFFFFL;
    return lo | hi << 32;
  }

  /** {@code n} raw bytes. */
  public byte[] bytes(int n) {
    if (n < 0 || n > remaining()) {
      throw fail(endFailure);
    }
    byte[] out = new byte[n];
    System.arraycopy(bytes, pos, out, 0, n);
    pos += n;
    return out;
  }

  /**
   * A vector length (u32) that the bytes left can satisfy, one byte per element at least: a length
   * beyond the whole module is "length out of bounds" (as the reference interpreter reports it);
   * one beyond this range would run out of bytes while reading the elements, so it fails as that
   * would, before anything is allocated for them.
   */
  public int vecLength() {
    int start = pos;
    long n = u32() & 0xFFFFFFFFL;
    if (n > bytes.length) {
      throw fail(Failure.LENGTH_OUT_OF_BOUNDS, start);
    }
    if (n > remaining()) {
      throw fail(endFailure, limit);
    }
    return (int) n;
  }

  /**
   * A name: a length-prefixed, well-formed UTF-8 string (spec 5.2.4). Validated by hand rather than
   * with a {@code CharsetDecoder} so that the common all-ASCII name costs one pass and one
   * allocation.
   */
  public String name() {
    int start = pos;
    int len = vecLength();
    boolean ascii = Utf8.isAscii(bytes, pos, len);
    if (!ascii && !Utf8.isWellFormed(bytes, pos, len)) {
      throw fail(Failure.MALFORMED_UTF8, start);
    }
    String s =
        new String(bytes, pos, len, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    pos += len;
    return s;
  }

  /** Skips {@code n} bytes. */
  public void skip(int n) {
    if (n < 0 || n > remaining()) {
      throw fail(endFailure);
    }
    pos += n;
  }
}
