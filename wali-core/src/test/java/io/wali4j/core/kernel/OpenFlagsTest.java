package io.wali4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.wali4j.api.HostConstants;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Open flags go between WALI's (x86_64's) numbering and the host's bit by bit. */
class OpenFlagsTest {

  private static final int O_RDWR = 02;
  private static final int O_CREAT = 0100;
  private static final int O_CLOEXEC = 02000000;
  private static final int O_PATH = 010000000;

  /** aarch64's values (its asm/fcntl.h; the backend's constants are proven against it). */
  private static HostConstants aarch64() {
    Map<String, Long> v = new HashMap<>();
    OpenFlags.WALI.forEach((name, bit) -> v.put(name, (long) bit));
    v.put("O_DIRECTORY", 040000L);
    v.put("O_NOFOLLOW", 0100000L);
    v.put("O_DIRECT", 0200000L);
    v.put("O_LARGEFILE", 0400000L);
    return new HostConstants(v);
  }

  @Test
  void aHostThatNumbersEveryFlagAsWaliTranslatesNothing() {
    Map<String, Long> same = new HashMap<>();
    OpenFlags.WALI.forEach((name, bit) -> same.put(name, (long) bit));
    assertSame(OpenFlags.IDENTITY, OpenFlags.of(new HostConstants(same)));
    assertEquals(0x7fffffff, OpenFlags.IDENTITY.toHost(0x7fffffff));
  }

  @Test
  void aarch64SwapsDirectoryWithDirectAndNofollowWithLargefile() {
    OpenFlags f = OpenFlags.of(aarch64());
    assertEquals(040000, f.toHost(0200000), "O_DIRECTORY");
    assertEquals(0200000, f.toHost(040000), "O_DIRECT");
    assertEquals(0100000, f.toHost(0400000), "O_NOFOLLOW");
    assertEquals(0400000, f.toHost(0100000), "O_LARGEFILE");
    int cwd = O_PATH | 0200000 | O_CLOEXEC;
    assertEquals(O_PATH | 040000 | O_CLOEXEC, f.toHost(cwd), "the cwd's flags");
    assertEquals(O_RDWR | O_CREAT, f.toHost(O_RDWR | O_CREAT), "flags both number alike");
  }

  @Test
  void hostFlagsComeBackAsWalisForFGetfl() {
    OpenFlags f = OpenFlags.of(aarch64());
    for (int bits : new int[] {0, 0200000, 040000, 0400000 | O_RDWR, 0x7fffffff}) {
      assertEquals(bits, f.toWali(f.toHost(bits)), Integer.toOctalString(bits));
    }
    // O_LARGEFILE as the kernel reports it for every file on a 64-bit aarch64 host.
    assertEquals(0100000 | O_RDWR, f.toWali(0400000 | O_RDWR));
  }
}
