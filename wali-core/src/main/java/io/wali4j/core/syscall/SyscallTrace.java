package io.wali4j.core.syscall;

import io.wali4j.core.exec.HostCode;
import io.wali4j.core.interp.NonLocalJumps;
import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.ProcessExit;
import io.wali4j.core.kernel.ThreadExit;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.ValType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code --strace}: wraps the host code of a syscall import so that every call prints one line, in
 * strace's form, e.g. {@code openat(AT_FDCWD, "/tmp/x", O_RDONLY) = -2 ENOENT}. Each argument is
 * decoded by its C type and name in the ABI's table (resource {@code syscall-signatures.txt}, from
 * wali-abi.md section A): pointers and ioctl requests in hex, path strings read from memory,
 * dirfds, open flags and modes symbolically, sizes unsigned. {@link SyscallBinder} applies the
 * wrapper only when tracing is on, so an untraced process runs the bare host code.
 */
final class SyscallTrace {

  /** How one argument is shown. */
  enum Kind {
    INT,
    UINT,
    HEX,
    POINTER,
    PATH,
    DIRFD,
    OPEN_FLAGS,
    MODE
  }

  private static final int MAX_STRING = 64;
  private static final int O_CREAT = 0100;
  private static final int O_TMPFILE = 020000000;
  private static final int MAX_ERRNO = 4095;

  private static final String[] ERRNO_NAMES = {
    "",
    "EPERM",
    "ENOENT",
    "ESRCH",
    "EINTR",
    "EIO",
    "ENXIO",
    "E2BIG",
    "ENOEXEC",
    "EBADF",
    "ECHILD",
    "EAGAIN",
    "ENOMEM",
    "EACCES",
    "EFAULT",
    "ENOTBLK",
    "EBUSY",
    "EEXIST",
    "EXDEV",
    "ENODEV",
    "ENOTDIR",
    "EISDIR",
    "EINVAL",
    "ENFILE",
    "EMFILE",
    "ENOTTY",
    "ETXTBSY",
    "EFBIG",
    "ENOSPC",
    "ESPIPE",
    "EROFS",
    "EMLINK",
    "EPIPE",
    "EDOM",
    "ERANGE",
    "EDEADLK",
    "ENAMETOOLONG",
    "ENOLCK",
    "ENOSYS",
    "ENOTEMPTY",
    "ELOOP",
    "",
    "ENOMSG",
    "EIDRM",
    "ECHRNG",
    "EL2NSYNC",
    "EL3HLT",
    "EL3RST",
    "ELNRNG",
    "EUNATCH",
    "ENOCSI",
    "EL2HLT",
    "EBADE",
    "EBADR",
    "EXFULL",
    "ENOANO",
    "EBADRQC",
    "EBADSLT",
    "",
    "EBFONT",
    "ENOSTR",
    "ENODATA",
    "ETIME",
    "ENOSR",
    "ENONET",
    "ENOPKG",
    "EREMOTE",
    "ENOLINK",
    "EADV",
    "ESRMNT",
    "ECOMM",
    "EPROTO",
    "EMULTIHOP",
    "EDOTDOT",
    "EBADMSG",
    "EOVERFLOW",
    "ENOTUNIQ",
    "EBADFD",
    "EREMCHG",
    "ELIBACC",
    "ELIBBAD",
    "ELIBSCN",
    "ELIBMAX",
    "ELIBEXEC",
    "EILSEQ",
    "ERESTART",
    "ESTRPIPE",
    "EUSERS",
    "ENOTSOCK",
    "EDESTADDRREQ",
    "EMSGSIZE",
    "EPROTOTYPE",
    "ENOPROTOOPT",
    "EPROTONOSUPPORT",
    "ESOCKTNOSUPPORT",
    "EOPNOTSUPP",
    "EPFNOSUPPORT",
    "EAFNOSUPPORT",
    "EADDRINUSE",
    "EADDRNOTAVAIL",
    "ENETDOWN",
    "ENETUNREACH",
    "ENETRESET",
    "ECONNABORTED",
    "ECONNRESET",
    "ENOBUFS",
    "EISCONN",
    "ENOTCONN",
    "ESHUTDOWN",
    "ETOOMANYREFS",
    "ETIMEDOUT",
    "ECONNREFUSED",
    "EHOSTDOWN",
    "EHOSTUNREACH",
    "EALREADY",
    "EINPROGRESS",
    "ESTALE",
    "EUCLEAN",
    "ENOTNAM",
    "ENAVAIL",
    "EISNAM",
    "EREMOTEIO",
    "EDQUOT",
    "ENOMEDIUM",
    "EMEDIUMTYPE",
    "ECANCELED",
    "ENOKEY",
    "EKEYEXPIRED",
    "EKEYREVOKED",
    "EKEYREJECTED",
    "EOWNERDEAD",
    "ENOTRECOVERABLE",
    "ERFKILL",
    "",
  };

  private static final String[] OPEN_FLAG_NAMES = {
    "O_CREAT",
    "O_EXCL",
    "O_NOCTTY",
    "O_TRUNC",
    "O_APPEND",
    "O_NONBLOCK",
    "O_DSYNC",
    "O_ASYNC",
    "O_DIRECT",
    "O_LARGEFILE",
    "O_DIRECTORY",
    "O_NOFOLLOW",
    "O_NOATIME",
    "O_CLOEXEC",
    "__O_SYNC",
    "O_PATH",
    "__O_TMPFILE"
  };

  /** Bit positions of {@link #OPEN_FLAG_NAMES} (x86_64 and asm-generic values, octal 0100 on). */
  private static final int FIRST_OPEN_FLAG_BIT = 6;

  private static final Map<String, String[]> SIGNATURES = load();

  private SyscallTrace() {}

  /** {@code code} for import {@code wali.name}, printing a line per call to {@code out}. */
  static HostCode wrap(String name, FuncType type, HostCode code, Ctx ctx, PrintStream out) {
    String call = name.startsWith("SYS_") ? name.substring(4) : name;
    Kind[] kinds = kinds(call, type);
    ValType[] params = type.params();
    boolean hasResult = type.results().length > 0;
    boolean pointerResult = call.equals("mmap") || call.equals("mremap") || call.equals("brk");
    return (caller, stack, base) -> {
      StringBuilder line = new StringBuilder();
      // As strace -f marks the calls of threads other than the first.
      int tid = ctx.p.threads().currentTid();
      if (tid != ctx.p.pid()) {
        line.append("[pid ").append(tid).append("] ");
      }
      line.append(call).append('(');
      for (int i = 0; i < params.length; i++) {
        if (kinds[i] == Kind.MODE && i > 0 && !usesMode(kinds[i - 1], stack[base + i - 1])) {
          continue;
        }
        if (i > 0) {
          line.append(", ");
        }
        appendArg(line, kinds[i], params[i], stack[base + i], ctx);
      }
      line.append(')');
      try {
        code.call(caller, stack, base);
      } catch (ProcessExit | ThreadExit | NonLocalJumps.Jump e) {
        out.println(line.append(" = ?"));
        throw e;
      }
      if (hasResult) {
        line.append(" = ");
        appendResult(line, stack[base], pointerResult);
      }
      out.println(line);
    };
  }

  /** Like strace, open and openat show their mode only when the flags create a file. */
  private static boolean usesMode(Kind previous, long flags) {
    return previous != Kind.OPEN_FLAGS || (flags & (O_CREAT | O_TMPFILE)) != 0;
  }

  /** The argument kinds of {@code call}; plain integers when the table does not know it. */
  static Kind[] kinds(String call, FuncType type) {
    Kind[] kinds = new Kind[type.params().length];
    String[] c = SIGNATURES.get(call);
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = c != null && c.length == kinds.length ? kind(call, c[i]) : Kind.INT;
    }
    return kinds;
  }

  /** The kind of one C argument, e.g. {@code char* pathname} or {@code int dirfd}. */
  static Kind kind(String call, String cArg) {
    String a = cArg.strip();
    int space = a.lastIndexOf(' ');
    String ctype = space < 0 ? a : a.substring(0, space).strip();
    String cname = space < 0 ? "" : a.substring(space + 1);
    if (ctype.contains("*")) {
      boolean path =
          ctype.equals("char*")
              && (cname.endsWith("path") || cname.equals("pathname") || cname.equals("target"));
      return path ? Kind.PATH : Kind.POINTER;
    }
    if (cname.endsWith("dirfd")) {
      return Kind.DIRFD;
    }
    if (cname.equals("flags") && (call.equals("open") || call.equals("openat"))) {
      return Kind.OPEN_FLAGS;
    }
    if (cname.equals("request")) {
      return Kind.HEX;
    }
    if (ctype.equals("mode_t")) {
      return Kind.MODE;
    }
    boolean unsigned =
        ctype.equals("size_t")
            || ctype.equals("socklen_t")
            || ctype.equals("nfds_t")
            || ctype.startsWith("unsigned");
    return unsigned ? Kind.UINT : Kind.INT;
  }

  private static void appendArg(StringBuilder sb, Kind kind, ValType t, long slot, Ctx ctx) {
    boolean wide = t == ValType.I64;
    long v = wide ? slot : (int) slot;
    switch (kind) {
      case UINT -> sb.append(wide ? Long.toUnsignedString(v) : Long.toString(v & 0xFFFFFFFFL));
      case HEX -> sb.append("0x").append(Long.toHexString(wide ? v : v & 0xFFFFFFFFL));
      case POINTER -> appendPointer(sb, v, wide);
      case PATH -> appendPath(sb, v, wide, ctx);
      case DIRFD -> sb.append(v == Ctx.AT_FDCWD ? "AT_FDCWD" : Long.toString(v));
      case OPEN_FLAGS -> appendOpenFlags(sb, (int) v);
      case MODE -> sb.append('0').append(Long.toOctalString(v & 0xFFFFFFFFL));
      default -> sb.append(v);
    }
  }

  private static void appendPointer(StringBuilder sb, long v, boolean wide) {
    if (v == 0) {
      sb.append("NULL");
    } else {
      sb.append("0x").append(Long.toHexString(wide ? v : v & 0xFFFFFFFFL));
    }
  }

  /**
   * A NUL-terminated string in memory, escaped and cut like strace's; the pointer if unreadable.
   */
  private static void appendPath(StringBuilder sb, long v, boolean wide, Ctx ctx) {
    long off = v & 0xFFFFFFFFL;
    long size = ctx.memory() == null ? 0 : ctx.memory().size();
    if (v == 0 || off >= size) {
      appendPointer(sb, v, wide);
      return;
    }
    long at = ctx.base() + off;
    long n = 0;
    while (off + n < size && n <= MAX_STRING && NativeAccess.U.getByte(at + n) != 0) {
      n++;
    }
    if (off + n >= size) {
      appendPointer(sb, v, wide);
      return;
    }
    sb.append('"');
    for (long i = 0; i < Math.min(n, MAX_STRING); i++) {
      appendChar(sb, NativeAccess.U.getByte(at + i) & 0xFF);
    }
    sb.append('"');
    if (n > MAX_STRING) {
      sb.append("...");
    }
  }

  private static void appendChar(StringBuilder sb, int b) {
    switch (b) {
      case '"' -> sb.append("\\\"");
      case '\\' -> sb.append("\\\\");
      case '\n' -> sb.append("\\n");
      case '\t' -> sb.append("\\t");
      default -> {
        if (b < 0x20 || b >= 0x7F) {
          sb.append(String.format("\\x%02x", b));
        } else {
          sb.append((char) b);
        }
      }
    }
  }

  /** O_RDONLY, O_WRONLY or O_RDWR, then every named flag bit, then any unknown bits in hex. */
  static void appendOpenFlags(StringBuilder sb, int flags) {
    String[] access = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
    sb.append(access[flags & 3]);
    int rest = flags & ~3;
    for (int i = 0; i < OPEN_FLAG_NAMES.length; i++) {
      int bit = 1 << (FIRST_OPEN_FLAG_BIT + i);
      if ((rest & bit) != 0) {
        sb.append('|').append(OPEN_FLAG_NAMES[i]);
        rest &= ~bit;
      }
    }
    if (rest != 0) {
      sb.append("|0x").append(Integer.toHexString(rest));
    }
  }

  /** The result as strace shows it: {@code -2 ENOENT} for an error, else the value. */
  static void appendResult(StringBuilder sb, long r, boolean pointer) {
    if (r < 0 && r >= -MAX_ERRNO) {
      sb.append(r).append(' ').append(errnoName((int) -r));
    } else if (pointer) {
      sb.append("0x").append(Long.toHexString(r));
    } else {
      sb.append(r);
    }
  }

  /** The symbolic name of Linux errno {@code e}, or {@code E<number>} for one without a name. */
  static String errnoName(int e) {
    return e < ERRNO_NAMES.length && !ERRNO_NAMES[e].isEmpty() ? ERRNO_NAMES[e] : "E" + e;
  }

  private static Map<String, String[]> load() {
    Map<String, String[]> out = new HashMap<>();
    InputStream in = SyscallTrace.class.getResourceAsStream("syscall-signatures.txt");
    if (in == null) {
      throw new IllegalStateException("syscall-signatures.txt missing");
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        String args = tab < 0 ? "" : line.substring(tab + 1).strip();
        out.put(
            tab < 0 ? line.strip() : line.substring(0, tab),
            args.isEmpty() ? new String[0] : args.split(",\\s*"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
