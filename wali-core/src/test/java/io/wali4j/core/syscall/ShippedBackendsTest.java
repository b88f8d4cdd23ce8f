package io.wali4j.core.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.api.ArchBackend;
import io.wali4j.api.SyscallTable;
import io.wali4j.core.kernel.OpenFlags;
import io.wali4j.core.kernel.SyscallNumbers;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the core needs of every backend it ships with (x86_64, aarch64, riscv64), whose tables the
 * contract tests prove against each ISA's real ABI: a number for every syscall it makes (older WALI
 * calls are emulated with these, so a -1 here would break that call on that ISA), and, for the
 * structs whose host layout the core fixes in code because every 64-bit Linux shares it, the same
 * layout as the backend's tables.
 */
class ShippedBackendsTest {

  private static List<ArchBackend> backends() {
    List<ArchBackend> all =
        ServiceLoader.load(ArchBackend.class).stream()
            .map(ServiceLoader.Provider::get)
            .collect(Collectors.toList());
    assertEquals(
        Set.of("x86_64", "aarch64", "riscv64"),
        all.stream().map(ArchBackend::isa).collect(Collectors.toSet()));
    return all;
  }

  @Test
  void everySyscallTheCoreMakesHasANumberOnEveryShippedIsa() throws IllegalAccessException {
    Map<String, Set<String>> missing = new TreeMap<>();
    for (ArchBackend b : backends()) {
      SyscallNumbers nr = new SyscallNumbers(b.syscalls());
      for (Field f : SyscallNumbers.class.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers())
            && f.getType() == int.class
            && f.getInt(nr) == SyscallTable.NO_SYSCALL) {
          missing.computeIfAbsent(b.isa(), k -> new TreeSet<>()).add(f.getName());
        }
      }
    }
    assertEquals(Map.of(), missing);
  }

  /**
   * WALI's open flags are x86_64's: the core's table of them ({@link OpenFlags}) must leave the
   * x86_64 backend's proven values untranslated, and so riscv64's (the generic values); aarch64's
   * differ.
   */
  @Test
  void theCoresWaliOpenFlagsAreX86_64sAndOnlyAarch64Translates() {
    for (ArchBackend b : backends()) {
      boolean identity = OpenFlags.of(b.constants()) == OpenFlags.IDENTITY;
      assertEquals(!b.isa().equals("aarch64"), identity, b.isa() + " translates open flags");
    }
  }

  @Test
  void theLayoutsTheCoreFixesAreEveryBackendsLayouts() {
    Map<Layout, Layout> fixed =
        Map.of(
            Layouts.WALI_MSGHDR, Layouts.HOST64_MSGHDR,
            Layouts.WALI_CMSGHDR, Layouts.HOST64_CMSGHDR,
            Layouts.WALI_IOVEC, Layouts.HOST64_IOVEC,
            Layouts.WALI_POLLFD, Layouts.HOST_POLLFD);
    for (ArchBackend b : backends()) {
      fixed.forEach(
          (wali, host) ->
              assertEquals(
                  host,
                  HostStructs.derive(b.layouts(), wali),
                  b.isa() + "'s struct " + wali.name()));
    }
  }
}
