package io.wali4j.api.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wali4j.api.ArchBackend;
import io.wali4j.api.HostConstants;
import io.wali4j.api.StructLayouts;
import io.wali4j.api.SyscallTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link ArchBackend} keeps, as a JUnit 5 test kit: a backend's test class
 * extends this class and says which backend it tests and which {@code os.arch} values name its ISA;
 * the inherited tests then check the backend against the WALI ABI (wali-abi.md section A) and
 * against the real ABI of its ISA (a probe built from the backend's tables, run natively or under
 * qemu-user). Shipped in wali-api's test-jar ({@code <type>test-jar</type>}); docs/BACKENDS.md
 * walks through writing a backend.
 */
public abstract class ArchBackendContract {

  /** The ISA names of the backends wali4j ships; a backend serves none but its own. */
  private static final Map<String, List<String>> KNOWN_OS_ARCH =
      Map.of(
          "x86_64", List.of("amd64", "x86_64"),
          "aarch64", List.of("aarch64"),
          "riscv64", List.of("riscv64"));

  /**
   * Calls the runtime makes on every host, including those it emulates older calls with (open with
   * openat, poll with ppoll, ...): a backend must give each a real number.
   */
  private static final List<String> EVERY_HOST_HAS =
      List.of(
          ("read write close openat newfstatat fstat lseek mmap munmap mprotect ioctl readv "
                  + "writev pread64 pwrite64 fcntl dup3 pipe2 ppoll pselect6 getpid getppid getuid "
                  + "getgid geteuid getegid clock_gettime nanosleep exit_group getdents64 unlinkat "
                  + "mkdirat renameat2 readlinkat faccessat utimensat socket accept4 epoll_create1 "
                  + "epoll_pwait eventfd2 prlimit64 getrandom uname")
              .split(" "));

  @TempDir Path tmp;

  /** A fresh instance of the backend under test, as the runtime would create it. */
  protected abstract ArchBackend backend();

  /** The values of {@code os.arch} a JVM reports on the backend's ISA. */
  protected abstract List<String> osArchValues();

  /**
   * The name {@code <sys/syscall.h>} gives the WALI call {@code name} on this ISA (as {@code
   * SYS_<name>}); the WALI name by default. Override for renamed calls.
   */
  protected String hostHeaderName(String name) {
    switch (name) {
      case "fadvise":
        return "fadvise64";
      case "getdents":
        return "getdents64";
      case "fstatat":
        return "newfstatat";
      default:
        return name;
    }
  }

  /** The WALI syscall names, each mapped to its alias (or to itself). */
  static Map<String, String> waliSyscalls() throws IOException {
    return syscallList("wali-syscalls.txt");
  }

  /**
   * The syscalls the ABI defines beyond section A's core set (a runtime may still provide them;
   * wali-libc imports some): a backend may give them numbers, and need not.
   */
  static Map<String, String> extraSyscalls() throws IOException {
    return syscallList("wali-extra-syscalls.txt");
  }

  private static Map<String, String> syscallList(String resource) throws IOException {
    Map<String, String> names = new LinkedHashMap<>();
    try (InputStream in = ArchBackendContract.class.getResourceAsStream(resource);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        line = line.trim();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split(" +");
        names.put(parts[0], parts[0]);
        if (parts.length > 1) {
          names.put(parts[1], parts[0]);
        }
      }
    }
    return names;
  }

  @Test
  void theTableHasAnEntryForEveryWaliSyscall() throws IOException {
    Set<String> missing = new TreeSet<>(waliSyscalls().keySet());
    missing.removeAll(backend().syscalls().names());
    assertEquals(Set.of(), missing, "WALI syscalls the table lacks (use -1 for 'not on this ISA')");
  }

  @Test
  void theTableNamesNoCallOutsideTheAbi() throws IOException {
    Set<String> extra = new TreeSet<>(backend().syscalls().names());
    extra.removeAll(waliSyscalls().keySet());
    extra.removeAll(extraSyscalls().keySet());
    assertEquals(Set.of(), extra, "names that are no WALI syscall (typos?)");
  }

  @Test
  void numbersAreUniqueExceptForAliases() throws IOException {
    Map<String, String> canonical = waliSyscalls();
    SyscallTable table = backend().syscalls();
    Map<Integer, String> owner = new HashMap<>();
    for (String name : table.names()) {
      int nr = table.number(name);
      if (nr == SyscallTable.NO_SYSCALL) {
        continue;
      }
      String call = canonical.getOrDefault(name, name);
      String previous = owner.putIfAbsent(nr, call);
      assertTrue(
          previous == null || previous.equals(call),
          "host number " + nr + " given to both " + previous + " and " + call);
    }
  }

  @Test
  void numbersAreSyscallNumbersOrNone() {
    SyscallTable table = backend().syscalls();
    for (String name : table.names()) {
      int nr = table.number(name);
      assertTrue(
          nr == SyscallTable.NO_SYSCALL || (nr >= 0 && nr < 4096), name + " has host number " + nr);
    }
  }

  @Test
  void callsEveryHostHasAreThere() {
    SyscallTable table = backend().syscalls();
    for (String name : EVERY_HOST_HAS) {
      assertTrue(table.knows(name), name + " is in the table");
      assertTrue(table.number(name) != SyscallTable.NO_SYSCALL, name + " has a host number");
    }
  }

  @Test
  void isaAndOsArchAgree() {
    ArchBackend backend = backend();
    String isa = backend.isa();
    assertNotNull(isa);
    assertTrue(isa.matches("[a-z0-9_]+"), "a canonical ISA name: " + isa);
    assertFalse(osArchValues().isEmpty());
    for (String osArch : osArchValues()) {
      assertTrue(backend.servesOsArch(osArch), isa + " serves os.arch " + osArch);
    }
    KNOWN_OS_ARCH.forEach(
        (otherIsa, values) -> {
          if (!otherIsa.equals(isa)) {
            for (String osArch : values) {
              assertFalse(backend.servesOsArch(osArch), isa + " must not serve os.arch " + osArch);
            }
          }
        });
    assertFalse(backend.servesOsArch(""), "serves no empty os.arch");
  }

  @Test
  void isStatelessData() {
    SyscallTable a = backend().syscalls();
    SyscallTable b = backend().syscalls();
    assertEquals(a.names(), b.names());
    for (String name : a.names()) {
      assertEquals(a.number(name), b.number(name), name);
    }
    assertEquals(backend().isa(), backend().isa());
  }

  @Test
  void isFoundByServiceLoader() {
    Class<?> type = backend().getClass();
    assertTrue(
        ServiceLoader.load(ArchBackend.class).stream().anyMatch(p -> p.type() == type),
        type.getName() + " is listed in META-INF/services/io.wali4j.api.ArchBackend");
  }

  @Test
  void isADeclarativeServicesComponent() throws IOException {
    Class<?> type = backend().getClass();
    String descriptor = "OSGI-INF/" + type.getName() + ".xml";
    try (InputStream in = type.getClassLoader().getResourceAsStream(descriptor)) {
      assertNotNull(in, descriptor + " (a @Component processed by bnd)");
      String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(xml.contains("interface=\"io.wali4j.api.ArchBackend\""), xml);
    }
  }

  /**
   * The structs the runtime converts between WALI's view and the host's, with the fields it reads
   * or writes: a backend describes each (its size and where each field lies on the host).
   */
  private static final Map<String, List<String>> CONVERTED_STRUCTS =
      Map.of(
          "stat",
          List.of(
              "st_dev st_ino st_nlink st_mode st_uid st_gid st_rdev st_size st_blksize st_blocks"
                  .split(" ")),
          "statfs",
          List.of(
              "f_type f_bsize f_blocks f_bfree f_bavail f_files f_ffree f_fsid f_namelen f_frsize"
                  .split(" ")),
          "epoll_event",
          List.of("events", "data"));

  /** The timestamps of struct stat, each a seconds and a nanoseconds field. */
  private static final List<String> STAT_TIMES =
      List.of(
          "st_atime", "st_atime_nsec", "st_mtime", "st_mtime_nsec", "st_ctime", "st_ctime_nsec");

  /**
   * The open flags the runtime translates bit by bit between WALI (x86_64's values) and the host:
   * each is one bit, and no two share one.
   */
  static final List<String> OPEN_FLAG_BITS =
      List.of(
          ("O_WRONLY O_RDWR O_CREAT O_EXCL O_NOCTTY O_TRUNC O_APPEND O_NONBLOCK O_DSYNC FASYNC "
                  + "O_DIRECT O_LARGEFILE O_DIRECTORY O_NOFOLLOW O_NOATIME O_CLOEXEC O_PATH")
              .split(" "));

  /** The cross toolchains (GNU triples) that build the probe for the shipped ISAs off them. */
  private static final Map<String, String> CROSS_TRIPLES =
      Map.of(
          "x86_64", "x86_64-linux-gnu",
          "aarch64", "aarch64-linux-gnu",
          "riscv64", "riscv64-linux-gnu");

  @Test
  void layoutsDescribeEveryStructTheRuntimeConverts() {
    StructLayouts layouts = backend().layouts();
    CONVERTED_STRUCTS.forEach(
        (name, fields) -> {
          assertTrue(layouts.knows(name), "struct " + name + " is described");
          List<String> need = new ArrayList<>(fields);
          if (name.equals("stat")) {
            need.addAll(STAT_TIMES);
          }
          for (String field : need) {
            assertTrue(layouts.struct(name).field(field).isPresent(), name + "." + field);
          }
        });
  }

  @Test
  void fieldsLieInsideTheirStructAndDoNotOverlap() {
    StructLayouts layouts = backend().layouts();
    for (String name : layouts.names()) {
      StructLayouts.Struct s = layouts.struct(name);
      int end = 0;
      for (StructLayouts.Field f : s.fields()) {
        assertTrue(f.offset() >= end, name + "." + f.name() + " overlaps the field before it");
        assertTrue(List.of(1, 2, 4, 8).contains(f.size()), name + "." + f.name() + " size");
        end = f.offset() + f.size();
        assertTrue(end <= s.size(), name + "." + f.name() + " ends past the struct");
      }
    }
  }

  @Test
  void openFlagsAreDistinctSingleBits() {
    HostConstants constants = backend().constants();
    long seen = 0;
    for (String name : OPEN_FLAG_BITS) {
      assertTrue(constants.knows(name), name + " is in the constants");
      long v = constants.value(name);
      assertEquals(1, Long.bitCount(v), name + " is one bit: " + Long.toOctalString(v));
      assertEquals(0, seen & v, name + " shares its bit with another flag");
      seen |= v;
    }
  }

  /**
   * Every syscall number, constant and struct layout of the backend's tables equals what the real
   * ABI of its ISA says: a probe generated from the tables is built with the ISA's C compiler and
   * run, natively on the ISA, elsewhere statically linked by the cross compiler under qemu-user
   * (Debian's gcc-aarch64-linux-gnu, gcc-riscv64-linux-gnu and qemu-user; scripts/ensure-deps.sh
   * installs them). Skipped only for an ISA with no known cross toolchain, off that ISA.
   */
  @Test
  void tablesMatchTheRealAbi() throws IOException, InterruptedException {
    String isa = backend().isa();
    List<String> compile;
    List<String> runPrefix;
    if (osArchValues().contains(System.getProperty("os.arch"))) {
      compile = List.of("cc");
      runPrefix = List.of();
    } else {
      String triple = crossTriple();
      assumeTrue(triple != null, "no cross toolchain known for " + isa + ": run on " + isa);
      String gcc = triple + "-gcc";
      String qemu = "qemu-" + isa;
      assertTrue(
          onPath(gcc) && onPath(qemu),
          gcc
              + " and "
              + qemu
              + " are needed to prove the "
              + isa
              + " tables off "
              + isa
              + " (scripts/ensure-deps.sh installs them)");
      compile = List.of(gcc, "-static");
      runPrefix = List.of(qemu);
    }
    Map<String, String> real =
        AbiProbe.run(backend(), this::hostHeaderName, tmp, compile, runPrefix);
    assertEquals(
        Map.of(), AbiProbe.mismatches(backend(), real), "table entries the real ABI contradicts");
  }

  /**
   * The GNU triple of a cross toolchain for the backend's ISA ({@code <triple>-gcc}, with {@code
   * qemu-<isa>} to run what it builds), or null when none is known.
   */
  protected String crossTriple() {
    return CROSS_TRIPLES.get(backend().isa());
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
