package io.wali4j.core.syscall;

import io.wali4j.core.kernel.FileLocks;
import io.wali4j.core.kernel.NativeAccess;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * execve: a WALI module (a file starting with the Wasm magic) replaces the process's image in
 * place; any other file is for the host to run ({@link NativeExec}).
 */
final class ExecCalls {

  static final int X_OK = 1;
  static final int O_RDONLY = 0;

  /** Linux's MAX_ARG_STRLEN (32 pages) and a bound on argv plus envp entries. */
  static final int MAX_ARG_STRLEN = 32 * 4096;

  static final int MAX_ARGS = 1 << 16;

  private static final byte[] WASM_MAGIC = {0, 'a', 's', 'm'};

  @WaliImport("SYS_execve")
  long execve(Ctx c, int path, int argv, int envp) {
    long pathAt = c.str(path);
    List<String> args = strings(c, argv);
    List<String> envList = strings(c, envp);
    int dir = c.dirfd(Ctx.AT_FDCWD);
    long r = c.sys4(c.nr.faccessat, dir, pathAt, X_OK, 0);
    if (r < 0) {
      return r;
    }
    long fd = c.sys4(c.nr.openat, dir, pathAt, O_RDONLY | Ctx.O_CLOEXEC, 0);
    if (fd < 0) {
      return fd == -Errno.EISDIR ? -Errno.EACCES : fd;
    }
    byte[] image;
    try {
      image = readAll(c, (int) fd);
    } finally {
      c.sys1(c.nr.close, fd);
    }
    if (image == null) {
      return -Errno.EACCES; // not a regular file (a directory reads EISDIR)
    }
    if (!startsWith(image, WASM_MAGIC)) {
      return NativeExec.run(c, cString(c, path), args, envList);
    }
    // A successful exec ends in an exception that unwinds to the new image's start.
    Map<Integer, FileLocks.FileKey> cloexecFiles = RecordLocks.beforeExec(c);
    try {
      return c.p.image().exec(c.p, image, args, environment(envList));
    } finally {
      RecordLocks.afterExec(c, cloexecFiles);
    }
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** The whole file, or null when it cannot be read as one (a directory). */
  private static byte[] readAll(Ctx c, int fd) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long buf = c.scratch();
    while (true) {
      long n = c.sys3(c.nr.read, fd, buf, 1 << 16);
      if (n < 0) {
        return null;
      }
      if (n == 0) {
        return out.toByteArray();
      }
      out.writeBytes(NativeAccess.getBytes(buf, (int) n));
    }
  }

  /** KEY=VALUE entries as a map in their order; an entry without '=' has an empty value. */
  static Map<String, String> environment(List<String> entries) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String e : entries) {
      int eq = e.indexOf('=');
      if (eq < 0) {
        env.putIfAbsent(e, "");
      } else {
        env.putIfAbsent(e.substring(0, eq), e.substring(eq + 1));
      }
    }
    return env;
  }

  /** A NULL-terminated array of C strings in memory (NULL itself is an empty array). */
  static List<String> strings(Ctx c, int array) {
    List<String> out = new ArrayList<>();
    if (array == 0) {
      return out;
    }
    for (int i = 0; ; i++) {
      if (i >= MAX_ARGS) {
        throw SyscallError.E2BIG;
      }
      int ptr = NativeAccess.U.getInt(c.addr(array + 4 * i, 4));
      if (ptr == 0) {
        return out;
      }
      out.add(cString(c, ptr));
    }
  }

  static String cString(Ctx c, int ptr) {
    long at = c.addr(ptr, 1);
    long room = c.memory().size() - Ctx.u(ptr);
    for (int i = 0; i < MAX_ARG_STRLEN; i++) {
      if (i >= room) {
        throw SyscallError.EFAULT;
      }
      if (NativeAccess.U.getByte(at + i) == 0) {
        return new String(NativeAccess.getBytes(at, i), StandardCharsets.UTF_8);
      }
    }
    throw SyscallError.E2BIG;
  }
}
