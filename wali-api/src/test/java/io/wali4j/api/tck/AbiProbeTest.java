package io.wali4j.api.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.api.ArchBackend;
import io.wali4j.api.HostConstants;
import io.wali4j.api.StructLayouts;
import io.wali4j.api.SyscallTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The probe asks the real ABI about every table entry, and names each entry it contradicts. */
class AbiProbeTest {

  private static final ArchBackend TABLES =
      new ArchBackend() {
        @Override
        public String isa() {
          return "test";
        }

        @Override
        public boolean servesOsArch(String osArch) {
          return false;
        }

        @Override
        public SyscallTable syscalls() {
          return new SyscallTable(Map.of("read", 63, "open", -1));
        }

        @Override
        public StructLayouts layouts() {
          StructLayouts.Struct stat =
              new StructLayouts.Struct(
                  "stat", 128, List.of(new StructLayouts.Field("st_mode", 16, 4)));
          return new StructLayouts(Map.of("stat", stat));
        }

        @Override
        public HostConstants constants() {
          return new HostConstants(Map.of("O_DIRECTORY", 040000L));
        }
      };

  @Test
  void theProbeAsksAboutEveryEntry() {
    String kernel = AbiProbe.sources(TABLES, n -> n).get(0);
    for (String expected :
        List.of(
            "SYS_read",
            "SYS_open",
            "(long long) (O_DIRECTORY)",
            "sizeof(struct stat)",
            "offsetof(struct stat, st_mode)")) {
      assertTrue(kernel.contains(expected), expected + " in:\n" + kernel);
    }
  }

  @Test
  void agreementIsNoMismatch() {
    Map<String, String> real =
        Map.of(
            "syscall.read", "63",
            "syscall.open", "missing",
            "const.O_DIRECTORY", "16384",
            "struct.stat", "128",
            "struct.stat.st_mode", "16:4");
    assertEquals(Map.of(), AbiProbe.mismatches(TABLES, real));
  }

  @Test
  void eachContradictedEntryIsNamed() {
    Map<String, String> real =
        Map.of(
            "syscall.read", "63",
            "syscall.open", "2",
            "const.O_DIRECTORY", "65536",
            "struct.stat", "144",
            "struct.stat.st_mode", "24:4");
    assertEquals(
        Map.of(
            "syscall.open", "table missing, real ABI 2",
            "const.O_DIRECTORY", "table 16384, real ABI 65536",
            "struct.stat", "table 128, real ABI 144",
            "struct.stat.st_mode", "table 16:4, real ABI 24:4"),
        AbiProbe.mismatches(TABLES, real));
  }
}
