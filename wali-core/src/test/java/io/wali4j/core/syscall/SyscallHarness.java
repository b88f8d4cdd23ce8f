package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.WaliModules.HOST;

import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Memory;
import io.wali4j.core.exec.Store;
import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.Process;
import io.wali4j.core.testing.GuardedBacking;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.ModuleParser;
import io.wali4j.core.wasm.Validator;
import java.io.IOException;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.Stream;

/**
 * A WALI process whose module imports every implemented {@code wali} function and exports a
 * trampoline {@code "c:NAME"} for each, over a {@link GuardedBacking}, running in a temporary
 * directory. Its fds 0-2 are files there, fd 3 a data file, fd 4 the directory. {@link #reset} puts
 * memory, fds, cwd, umask and the directory back to that state, so every call starts alike.
 */
final class SyscallHarness implements AutoCloseable {

  static final int MAX_PAGES = 4;

  /** "f" (a file) at NAMES, "d" (a directory) at NAMES + 2. */
  static final int NAMES = 512;

  /** A pointer to zero bytes (a zero timespec, an empty string, an empty fd_set). */
  static final int ZERO = 1024;

  static final String DATA = "0123456789abcdefghijklmnopqrstuvwxyz";

  final Path dir;
  final SortedMap<String, MethodType> imports;
  final Process process;
  final Instance instance;
  final GuardedBacking backing;

  /** The test's own fds of out0-2, data and the directory: never given to the process. */
  final int[] ownFds;

  private final int[] baselineHostFds = new int[5];
  private int cwdFd;

  SyscallHarness(Path dir, Set<String> excluded) throws IOException {
    this.dir = dir;
    this.imports = SyscallBinder.implementedImports();
    imports.keySet().removeAll(excluded);
    Files.writeString(dir.resolve("data"), DATA);
    ownFds =
        new int[] {
          open(dir.resolve("out0")),
          open(dir.resolve("out1")),
          open(dir.resolve("out2")),
          open(dir.resolve("data")),
          open(dir)
        };
    restoreNames();
    process = Process.start(HOST, List.of("fuzz.wasm"), Map.of(), dir, ownFds);
    for (int i = 0; i < 5; i++) {
      baselineHostFds[i] = process.fds().host(i);
    }
    cwdFd = process.cwdFd();
    backing = new GuardedBacking((long) MAX_PAGES * 65536);
    Ctx ctx = new Ctx(process);
    Module m = ModuleParser.parse(Wat.compile(moduleText()));
    Store store =
        new Store(
            type -> {
              Memory mem = new Memory(type, backing);
              ctx.attach(mem);
              return mem;
            });
    instance = Instance.instantiate(store, Validator.validate(m), new WaliImports(m, ctx));
    reset();
  }

  private static int open(Path p) {
    long path = NativeAccess.U.allocateMemory(4096);
    try {
      NativeAccess.putCString(path, p.toAbsolutePath().toString());
      // O_RDWR | O_CREAT, or O_RDONLY | O_DIRECTORY for the directory; close-on-exec
      int flags = Files.isDirectory(p) ? 0x10000 : 0x2 | 0x40;
      long fd = HOST.trap().syscall4(HOST.nr().openat, -100, path, flags | 0x80000, 0644);
      if (fd < 0) {
        throw new IllegalStateException("open " + p + ": errno " + -fd);
      }
      return (int) fd;
    } finally {
      NativeAccess.U.freeMemory(path);
    }
  }

  private String moduleText() {
    StringBuilder sb = new StringBuilder("(module\n");
    imports.forEach(
        (name, type) ->
            sb.append("(import \"wali\" \"")
                .append(name)
                .append("\" (func $")
                .append(name)
                .append(params(type))
                .append(" (result i64)))\n"));
    sb.append("(memory (export \"memory\") 2 ").append(MAX_PAGES).append(")\n");
    imports.forEach(
        (name, type) -> {
          sb.append("(func (export \"c:")
              .append(name)
              .append("\")")
              .append(params(type))
              .append(" (result i64)");
          for (int i = 0; i < type.parameterCount(); i++) {
            sb.append(" (local.get ").append(i).append(')');
          }
          sb.append(" (call $").append(name).append("))\n");
        });
    return sb.append(")").toString();
  }

  private static String params(MethodType type) {
    StringBuilder sb = new StringBuilder();
    if (type.parameterCount() > 0) {
      sb.append(" (param");
      for (Class<?> c : type.parameterList()) {
        sb.append(c == int.class ? " i32" : " i64");
      }
      sb.append(')');
    }
    return sb.toString();
  }

  /** Calls import {@code name} through its trampoline; i32 arguments are given sign-extended. */
  long call(String name, long... args) {
    return instance.invoke("c:" + name, args)[0];
  }

  /**
   * Whether a call ended the process (exit_group, a fatal signal): from then on every call would
   * only end at its safe point without running, so the caller must start a new harness.
   */
  boolean ended() {
    return process.threads().exiting();
  }

  /** Current memory size in bytes. */
  long memorySize() {
    return instance.memory().size();
  }

  /** Puts the process back to its starting state. */
  void reset() throws IOException {
    backing.clear();
    NativeAccess.putCString(backing.address() + NAMES, "f");
    NativeAccess.putCString(backing.address() + NAMES + 2, "d");
    int limit = process.rlimits().fdLimit();
    if (process.fds().hostFds().length != 5) {
      for (int fd = 5; fd < Math.min(limit, 1 << 20); fd++) {
        closeFd(fd);
      }
    }
    for (int fd = 0; fd < 5; fd++) {
      if (process.fds().host(fd) != baselineHostFds[fd]) {
        closeFd(fd);
        long h = HOST.trap().syscall3(HOST.nr().fcntl, ownFds[fd], 1030, 5);
        if (h < 0) {
          throw new IllegalStateException("dup: errno " + -h);
        }
        process.fds().installAt(fd, (int) h, false);
        baselineHostFds[fd] = (int) h;
      }
    }
    if (process.cwdFd() != cwdFd) {
      process.changeCwd(open(dir));
      cwdFd = process.cwdFd();
    }
    process.umask(022);
    restoreNames();
  }

  private void closeFd(int fd) {
    int h = process.fds().remove(fd);
    if (h >= 0) {
      HOST.trap().syscall1(HOST.nr().close, h);
    }
  }

  /** Leaves only out0-2, data, the file f and the directory d (empty) in the directory. */
  private void restoreNames() throws IOException {
    Set<String> keep = Set.of("out0", "out1", "out2", "data", "f", "d");
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (!keep.contains(p.getFileName().toString())) {
          deleteTree(p);
        }
      }
    }
    Path f = dir.resolve("f");
    if (!Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      deleteTree(f);
      Files.createFile(f);
    }
    Path d = dir.resolve("d");
    if (!Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      deleteTree(d);
      Files.createDirectory(d);
    } else {
      try (Stream<Path> s = Files.list(d)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          deleteTree(p);
        }
      }
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> s = Files.walk(p)) {
        for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
          Files.delete(q);
        }
      }
    } else {
      Files.delete(p);
    }
  }

  @Override
  public void close() {
    process.close();
    for (int fd : ownFds) {
      HOST.trap().syscall1(HOST.nr().close, fd);
    }
    backing.release();
  }
}
