package io.wali4j.api.tck;

import io.wali4j.api.ArchBackend;
import io.wali4j.api.HostConstants;
import io.wali4j.api.StructLayouts;
import io.wali4j.api.SyscallTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A C program generated from a backend's own tables that prints what the real ABI of its ISA says
 * about every entry: the {@code SYS_*} number of each syscall, the value of each constant, and the
 * size of each struct and the offset and size of each field. Built with the ISA's C compiler (the
 * host's {@code cc}, or a cross compiler linking statically) and run natively or under qemu-user;
 * {@link #mismatches} names every entry where the table and the real ABI disagree.
 *
 * <p>Two translation units: one sees only the kernel's uapi headers (the values and layouts the raw
 * syscalls use: struct stat of {@code <asm/stat.h>}, not libc's), the other the C library's
 * (structs the kernel's uapi does not export, such as struct msghdr).
 */
final class AbiProbe {

  /** Where the probe finds a struct: its C type and whether the kernel's or libc's headers. */
  record StructSource(String type, boolean kernel) {}

  static final Map<String, StructSource> STRUCTS =
      Map.of(
          "stat", new StructSource("struct stat", true),
          "statfs", new StructSource("struct statfs", true),
          "flock", new StructSource("struct flock", true),
          "sigaction", new StructSource("struct sigaction", true),
          "epoll_event", new StructSource("struct epoll_event", true),
          "pollfd", new StructSource("struct pollfd", true),
          "iovec", new StructSource("struct iovec", true),
          "msghdr", new StructSource("struct msghdr", false),
          "cmsghdr", new StructSource("struct cmsghdr", false),
          "timespec", new StructSource("struct timespec", false));

  private static final String KERNEL_HEADERS =
      "#include <stddef.h>\n#include <stdio.h>\n#include <sys/syscall.h>\n"
          + "#include <asm/stat.h>\n#include <asm/statfs.h>\n#include <linux/fcntl.h>\n"
          + "#include <asm/signal.h>\n#include <linux/eventpoll.h>\n#include <linux/poll.h>\n"
          + "#include <linux/uio.h>\n";

  private static final String LIBC_HEADERS =
      "#include <stddef.h>\n#include <stdio.h>\n#include <sys/socket.h>\n#include <time.h>\n";

  private AbiProbe() {}

  /** The C sources of the probe for {@code backend}: the kernel unit (with main) and libc's. */
  static List<String> sources(ArchBackend backend, UnaryOperator<String> hostHeaderName) {
    StringBuilder k = new StringBuilder(KERNEL_HEADERS).append("void probe_libc(void);\n");
    StringBuilder l = new StringBuilder(LIBC_HEADERS).append("void probe_libc(void) {\n");
    k.append("int main(void) {\n");
    SyscallTable syscalls = backend.syscalls();
    for (String name : syscalls.names()) {
      String h = "SYS_" + hostHeaderName.apply(name);
      ifdef(k, h, "syscall." + name, "%d", h);
    }
    HostConstants constants = backend.constants();
    for (String name : constants.names()) {
      ifdef(k, name, "const." + name, "%lld", "(long long) (" + name + ")");
    }
    StructLayouts layouts = backend.layouts();
    for (String name : layouts.names()) {
      StructSource src = STRUCTS.get(name);
      if (src == null) {
        throw new IllegalArgumentException(
            "the probe does not know the header of struct " + name + " (AbiProbe.STRUCTS)");
      }
      StringBuilder c = src.kernel() ? k : l;
      print(c, "struct." + name, "%zu", "sizeof(" + src.type() + ")");
      for (StructLayouts.Field f : layouts.struct(name).fields()) {
        String member = "((" + src.type() + " *) 0)->" + f.name();
        print(
            c,
            "struct." + name + "." + f.name(),
            "%zu:%zu",
            "offsetof(" + src.type() + ", " + f.name() + "), sizeof(" + member + ")");
      }
    }
    k.append("  probe_libc();\n  return 0;\n}\n");
    l.append("}\n");
    return List.of(k.toString(), l.toString());
  }

  private static void ifdef(StringBuilder c, String macro, String key, String format, String expr) {
    c.append("#ifdef ").append(macro).append('\n');
    print(c, key, format, expr);
    c.append("#else\n  puts(\"").append(key).append("=missing\");\n#endif\n");
  }

  private static void print(StringBuilder c, String key, String format, String expr) {
    c.append("  printf(\"").append(key).append('=').append(format).append("\\n\", ");
    c.append(expr).append(");\n");
  }

  /**
   * Builds the probe in {@code dir} with {@code compile} (the compiler command; the output and the
   * sources are appended), runs it with {@code runPrefix} before the executable (empty natively,
   * {@code qemu-<isa>} otherwise) and returns its {@code key=value} lines.
   */
  static Map<String, String> run(
      ArchBackend backend,
      UnaryOperator<String> hostHeaderName,
      Path dir,
      List<String> compile,
      List<String> runPrefix)
      throws IOException, InterruptedException {
    List<String> src = sources(backend, hostHeaderName);
    Path kernel = Files.writeString(dir.resolve("probe_kernel.c"), src.get(0));
    Path libc = Files.writeString(dir.resolve("probe_libc.c"), src.get(1));
    Path exe = dir.resolve("probe");
    List<String> cc = new ArrayList<>(compile);
    cc.addAll(List.of("-o", exe.toString(), kernel.toString(), libc.toString()));
    exec(cc);
    List<String> run = new ArrayList<>(runPrefix);
    run.add(exe.toString());
    Map<String, String> values = new TreeMap<>();
    for (String line : exec(run).split("\n")) {
      String[] kv = line.split("=", 2);
      if (kv.length == 2) {
        values.put(kv[0], kv[1]);
      }
    }
    return values;
  }

  /** Every entry of {@code backend}'s tables that differs from the probe's {@code real} values. */
  static Map<String, String> mismatches(ArchBackend backend, Map<String, String> real) {
    Map<String, String> wrong = new TreeMap<>();
    SyscallTable syscalls = backend.syscalls();
    for (String name : syscalls.names()) {
      int nr = syscalls.number(name);
      compare(wrong, real, "syscall." + name, nr == SyscallTable.NO_SYSCALL ? "missing" : "" + nr);
    }
    HostConstants constants = backend.constants();
    for (String name : constants.names()) {
      compare(wrong, real, "const." + name, Long.toString(constants.value(name)));
    }
    StructLayouts layouts = backend.layouts();
    for (String name : layouts.names()) {
      StructLayouts.Struct s = layouts.struct(name);
      compare(wrong, real, "struct." + name, Integer.toString(s.size()));
      for (StructLayouts.Field f : s.fields()) {
        compare(wrong, real, "struct." + name + "." + f.name(), f.offset() + ":" + f.size());
      }
    }
    return wrong;
  }

  private static void compare(
      Map<String, String> wrong, Map<String, String> real, String key, String table) {
    String actual = real.get(key);
    if (!table.equals(actual)) {
      wrong.put(key, "table " + table + ", real ABI " + actual);
    }
  }

  private static String exec(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " timed out");
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command) + " exited " + p.exitValue() + ":\n" + output);
    }
    return output;
  }
}
