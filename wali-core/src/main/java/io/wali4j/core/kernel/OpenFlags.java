package io.wali4j.core.kernel;

import io.wali4j.api.HostConstants;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Translates open flags (open, openat, fcntl F_GETFL/F_SETFL, pipe2) between WALI's values, which
 * are x86_64's, and the host's, bit by bit, from the backend's constants: aarch64 swaps O_DIRECTORY
 * with O_DIRECT and O_NOFOLLOW with O_LARGEFILE, x86_64 and riscv64 translate nothing. Composite
 * flags (O_SYNC, O_TMPFILE) follow from their bits.
 */
public final class OpenFlags {

  /** WALI's value of each single-bit open flag (x86_64's, octal as in its asm/fcntl.h). */
  static final Map<String, Integer> WALI = new LinkedHashMap<>();

  static {
    WALI.put("O_WRONLY", 01);
    WALI.put("O_RDWR", 02);
    WALI.put("O_CREAT", 0100);
    WALI.put("O_EXCL", 0200);
    WALI.put("O_NOCTTY", 0400);
    WALI.put("O_TRUNC", 01000);
    WALI.put("O_APPEND", 02000);
    WALI.put("O_NONBLOCK", 04000);
    WALI.put("O_DSYNC", 010000);
    WALI.put("FASYNC", 020000);
    WALI.put("O_DIRECT", 040000);
    WALI.put("O_LARGEFILE", 0100000);
    WALI.put("O_DIRECTORY", 0200000);
    WALI.put("O_NOFOLLOW", 0400000);
    WALI.put("O_NOATIME", 01000000);
    WALI.put("O_CLOEXEC", 02000000);
    WALI.put("O_PATH", 010000000);
  }

  /** No translation: the host numbers every flag as WALI does. */
  public static final OpenFlags IDENTITY = new OpenFlags(new int[0], new int[0]);

  /** The WALI bits the host numbers differently, and the host's bit for each. */
  private final int[] waliBits;

  private final int[] hostBits;
  private final int waliMask;
  private final int hostMask;

  private OpenFlags(int[] waliBits, int[] hostBits) {
    this.waliBits = waliBits;
    this.hostBits = hostBits;
    this.waliMask = Arrays.stream(waliBits).reduce(0, (a, b) -> a | b);
    this.hostMask = Arrays.stream(hostBits).reduce(0, (a, b) -> a | b);
  }

  /** The translation {@code host}'s constants imply; a flag they do not name keeps its value. */
  public static OpenFlags of(HostConstants host) {
    int[] wali = new int[WALI.size()];
    int[] hostBits = new int[WALI.size()];
    int n = 0;
    for (Map.Entry<String, Integer> e : WALI.entrySet()) {
      if (host.knows(e.getKey()) && host.value(e.getKey()) != e.getValue()) {
        wali[n] = e.getValue();
        hostBits[n] = (int) host.value(e.getKey());
        n++;
      }
    }
    return n == 0 ? IDENTITY : new OpenFlags(Arrays.copyOf(wali, n), Arrays.copyOf(hostBits, n));
  }

  /** WALI open flags as the host numbers them. */
  public int toHost(int flags) {
    return move(flags, waliMask, waliBits, hostBits);
  }

  /** Host open flags (fcntl F_GETFL) as WALI numbers them. */
  public int toWali(int flags) {
    return move(flags, hostMask, hostBits, waliBits);
  }

  private static int move(int flags, int mask, int[] from, int[] to) {
    if (mask == 0) {
      return flags;
    }
    int r = flags & ~mask;
    for (int i = 0; i < from.length; i++) {
      if ((flags & from[i]) != 0) {
        r |= to[i];
      }
    }
    return r;
  }
}
