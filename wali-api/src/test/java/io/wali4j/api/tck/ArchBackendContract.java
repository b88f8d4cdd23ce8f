package io.wali4j.api.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wali4j.api.ArchBackend;
import io.wali4j.api.SyscallTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link ArchBackend} keeps, as a JUnit 5 test kit: a backend's test class
 * extends this class and says which backend it tests and which {@code os.arch} values name its ISA;
 * the inherited tests then check the backend against the WALI ABI (wali-abi.md section A) and, when
 * the tests run on that ISA, against the host kernel's own headers. Shipped in wali-api's test-jar
 * ({@code <type>test-jar</type>}); docs/BACKENDS.md walks through writing a backend.
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
   * On the backend's own ISA, every number equals the one in the host's {@code <sys/syscall.h>}
   * (read by compiling a probe with {@code cc}), and -1 marks exactly the calls the host lacks.
   */
  @Test
  void numbersMatchTheHostKernelHeaders() throws IOException, InterruptedException {
    String osArch = System.getProperty("os.arch");
    assumeTrue(osArchValues().contains(osArch), "runs on " + backend().isa() + " hosts only");
    SyscallTable table = backend().syscalls();
    Map<String, String> host = probeHostNumbers(table.names());
    Map<String, String> wrong = new TreeMap<>();
    for (String name : table.names()) {
      int nr = table.number(name);
      String expected = nr == SyscallTable.NO_SYSCALL ? "missing" : Integer.toString(nr);
      if (!expected.equals(host.get(name))) {
        wrong.put(name, "table " + expected + ", host " + host.get(name));
      }
    }
    assertEquals(Map.of(), wrong);
  }

  private Map<String, String> probeHostNumbers(Set<String> names)
      throws IOException, InterruptedException {
    StringBuilder c =
        new StringBuilder("#include <stdio.h>\n#include <sys/syscall.h>\nint main(void){\n");
    for (String name : names) {
      String h = hostHeaderName(name);
      c.append("#ifdef SYS_").append(h).append("\n  printf(\"").append(name);
      c.append("=%d\\n\", SYS_").append(h).append(");\n#else\n  printf(\"").append(name);
      c.append("=missing\\n\");\n#endif\n");
    }
    c.append("  return 0;\n}\n");
    Path src = Files.writeString(tmp.resolve("probe.c"), c);
    Path exe = tmp.resolve("probe");
    run("cc", "-o", exe.toString(), src.toString());
    Map<String, String> host = new HashMap<>();
    for (String line : run(exe.toString()).split("\n")) {
      String[] kv = line.split("=", 2);
      host.put(kv[0], kv[1]);
    }
    return host;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " timed out");
    assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + output);
    return output;
  }
}
