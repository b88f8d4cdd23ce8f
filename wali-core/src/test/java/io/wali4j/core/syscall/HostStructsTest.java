package io.wali4j.core.syscall;

import static io.wali4j.core.kernel.NativeAccess.U;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.wali4j.api.ArchBackend;
import io.wali4j.api.StructLayouts;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** WALI's structs are converted from the host's layouts the backend describes, by field name. */
class HostStructsTest {

  /** asm-generic/stat.h (aarch64, riscv64), as their backends describe it. */
  private static final String GENERIC =
      "stat=128\nstat.st_dev=0:8\nstat.st_ino=8:8\nstat.st_mode=16:4\nstat.st_nlink=20:4\n"
          + "stat.st_uid=24:4\nstat.st_gid=28:4\nstat.st_rdev=32:8\nstat.st_size=48:8\n"
          + "stat.st_blksize=56:4\nstat.st_blocks=64:8\nstat.st_atime=72:8\n"
          + "stat.st_atime_nsec=80:8\nstat.st_mtime=88:8\nstat.st_mtime_nsec=96:8\n"
          + "stat.st_ctime=104:8\nstat.st_ctime_nsec=112:8\n"
          + "epoll_event=16\nepoll_event.events=0:4\nepoll_event.data=8:8\n";

  private static StructLayouts generic() {
    return StructLayouts.load(new ByteArrayInputStream(GENERIC.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aStructTheBackendDoesNotDescribeIsTakenAsWalis() {
    assertSame(
        Layouts.WALI_STAT, HostStructs.derive(new StructLayouts(Map.of()), Layouts.WALI_STAT));
  }

  @Test
  void theGenericStatConvertsFieldByField() {
    Layout host = HostStructs.derive(generic(), Layouts.WALI_STAT);
    assertEquals(128, host.size());
    long src = U.allocateMemory(host.size());
    long dst = U.allocateMemory(Layouts.STAT_SIZE);
    try {
      U.setMemory(src, host.size(), (byte) 0);
      U.setMemory(dst, Layouts.STAT_SIZE, (byte) 0x55);
      U.putLong(src, 0x801L); // st_dev
      U.putLong(src + 8, 123456789L); // st_ino
      U.putInt(src + 16, 0100644); // st_mode
      U.putInt(src + 20, 3); // st_nlink
      U.putInt(src + 24, 1000); // st_uid
      U.putLong(src + 48, 349L); // st_size
      U.putInt(src + 56, 4096); // st_blksize
      U.putLong(src + 96, 999_999_999L); // st_mtime_nsec
      U.setMemory(dst, Layouts.STAT_SIZE, (byte) 0);
      StructCodec.convert(host, src, Layouts.WALI_STAT, dst, 1);
      assertEquals(0x801L, U.getLong(dst));
      assertEquals(123456789L, U.getLong(dst + 8));
      assertEquals(3L, U.getLong(dst + 16), "st_nlink widens to 8 bytes");
      assertEquals(0100644, U.getInt(dst + 24), "st_mode");
      assertEquals(1000, U.getInt(dst + 28), "st_uid");
      assertEquals(349L, U.getLong(dst + 48), "st_size");
      assertEquals(4096L, U.getLong(dst + 56), "st_blksize widens");
      assertEquals(999_999_999L, U.getLong(dst + 96), "st_mtime_nsec");
    } finally {
      U.freeMemory(src);
      U.freeMemory(dst);
    }
  }

  @Test
  void theUnpackedEpollEventHasItsDataAtEight() {
    Layout host = HostStructs.derive(generic(), Layouts.WALI_EPOLL_EVENT);
    assertEquals(16, host.size());
    assertEquals(8, host.field(1).offset());
  }

  @Test
  void x86_64sLayoutsAreWalisSoNothingIsConverted() {
    StructLayouts x86 =
        ServiceLoader.load(ArchBackend.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(b -> b.isa().equals("x86_64"))
            .findFirst()
            .orElseThrow()
            .layouts();
    assertSame(Layouts.WALI_STAT, HostStructs.derive(x86, Layouts.WALI_STAT));
    assertSame(Layouts.WALI_STATFS, HostStructs.derive(x86, Layouts.WALI_STATFS));
    assertSame(Layouts.WALI_EPOLL_EVENT, HostStructs.derive(x86, Layouts.WALI_EPOLL_EVENT));
  }
}
