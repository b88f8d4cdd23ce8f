package io.wali4j.core.syscall;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.Wali;
import io.wali4j.core.kernel.Host;
import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.testing.Wat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Test helper: small WALI modules in WebAssembly text. {@link #module} wraps a {@code _start} body
 * and data segments with the imports the tests use and a few helpers: {@code $exit} (status),
 * {@code $must} (a syscall result; exits with 100 + errno when it is negative) and {@code $errno}
 * (exits with -result, the errno, whatever it is).
 */
final class WaliModules {

  static final Host HOST = Host.load();

  static final String IMPORTS =
      """
      (import "wali" "SYS_read" (func $read (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_write" (func $write (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_open" (func $open (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_openat" (func $openat (param i32 i32 i32 i32) (result i64)))
      (import "wali" "SYS_close" (func $close (param i32) (result i64)))
      (import "wali" "SYS_lseek" (func $lseek (param i32 i64 i32) (result i64)))
      (import "wali" "SYS_pread64" (func $pread64 (param i32 i32 i32 i64) (result i64)))
      (import "wali" "SYS_pwrite64" (func $pwrite64 (param i32 i32 i32 i64) (result i64)))
      (import "wali" "SYS_readv" (func $readv (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_writev" (func $writev (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_stat" (func $stat (param i32 i32) (result i64)))
      (import "wali" "SYS_fstat" (func $fstat (param i32 i32) (result i64)))
      (import "wali" "SYS_mkdir" (func $mkdir (param i32 i32) (result i64)))
      (import "wali" "SYS_rmdir" (func $rmdir (param i32) (result i64)))
      (import "wali" "SYS_unlink" (func $unlink (param i32) (result i64)))
      (import "wali" "SYS_rename" (func $rename (param i32 i32) (result i64)))
      (import "wali" "SYS_symlink" (func $symlink (param i32 i32) (result i64)))
      (import "wali" "SYS_readlink" (func $readlink (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_access" (func $access (param i32 i32) (result i64)))
      (import "wali" "SYS_chdir" (func $chdir (param i32) (result i64)))
      (import "wali" "SYS_fchdir" (func $fchdir (param i32) (result i64)))
      (import "wali" "SYS_getcwd" (func $getcwd (param i32 i32) (result i64)))
      (import "wali" "SYS_getdents64" (func $getdents64 (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_dup" (func $dup (param i32) (result i64)))
      (import "wali" "SYS_dup2" (func $dup2 (param i32 i32) (result i64)))
      (import "wali" "SYS_fcntl" (func $fcntl (param i32 i32 i64) (result i64)))
      (import "wali" "SYS_pipe" (func $pipe (param i32) (result i64)))
      (import "wali" "SYS_ftruncate" (func $ftruncate (param i32 i64) (result i64)))
      (import "wali" "SYS_umask" (func $umask (param i32) (result i64)))
      (import "wali" "SYS_mmap"
        (func $mmap (param i32 i32 i32 i32 i32 i64) (result i64)))
      (import "wali" "SYS_mremap"
        (func $mremap (param i32 i32 i32 i32 i32) (result i64)))
      (import "wali" "SYS_munmap" (func $munmap (param i32 i32) (result i64)))
      (import "wali" "SYS_brk" (func $brk (param i32) (result i64)))
      (import "wali" "SYS_clock_gettime" (func $clock_gettime (param i32 i32) (result i64)))
      (import "wali" "SYS_getpid" (func $getpid (result i64)))
      (import "wali" "SYS_uname" (func $uname (param i32) (result i64)))
      (import "wali" "SYS_getrlimit" (func $getrlimit (param i32 i32) (result i64)))
      (import "wali" "SYS_setrlimit" (func $setrlimit (param i32 i32) (result i64)))
      (import "wali" "SYS_getrandom" (func $getrandom (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_ioctl" (func $ioctl (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_exit_group" (func $exit_group (param i32) (result i64)))
      (import "wali" "__cl_get_argc" (func $argc (result i32)))
      (import "wali" "__cl_get_argv_len" (func $argv_len (param i32) (result i32)))
      (import "wali" "__cl_copy_argv" (func $copy_argv (param i32 i32) (result i32)))
      (import "wali" "__get_init_envfile" (func $envfile (param i32 i32) (result i32)))
      """;

  static final String HELPERS =
      """
      (func $exit (param i32) (drop (call $exit_group (local.get 0))))
      (func $must (param i64) (result i64)
        (if (i64.lt_s (local.get 0) (i64.const 0))
          (then (call $exit (i32.add (i32.const 100) (i32.wrap_i64 (i64.sub (i64.const 0) (local.get 0)))))))
        (local.get 0))
      (func $errno (param i64) (call $exit (i32.wrap_i64 (i64.sub (i64.const 0) (local.get 0)))))
      """;

  private WaliModules() {}

  /** A WALI module: the shared imports, {@code extra} module fields, and a {@code _start}. */
  static byte[] module(String extra, String start) {
    return module("", extra, start);
  }

  /**
   * A WALI module: the shared imports, then {@code imports} (more of them), {@code extra} module
   * fields, and a {@code _start}.
   */
  static byte[] module(String imports, String extra, String start) {
    return Wat.compile(
        "(module\n"
            + IMPORTS
            + imports
            + "(memory (export \"memory\") 2 64 shared)\n"
            + HELPERS
            + extra
            + "\n(func (export \"_start\")\n"
            + start
            + "))");
  }

  /** A data segment at {@code offset}, with NUL-terminated {@code strings} back to back. */
  static String cstrings(int offset, String... strings) {
    StringBuilder sb = new StringBuilder("(data (i32.const " + offset + ") \"");
    for (String s : strings) {
      sb.append(s).append("\\00");
    }
    return sb.append("\")\n").toString();
  }

  static ExitStatus run(byte[] module, Path cwd) {
    return Wali.process(module).argv(List.of("app.wasm")).env(Map.of()).cwd(cwd).run();
  }

  /** A host fd open for writing on {@code file} (created), for a process's stdout. */
  static int hostFdForWriting(Path file) {
    long path = NativeAccess.U.allocateMemory(4096);
    try {
      NativeAccess.putCString(path, file.toAbsolutePath().toString());
      long fd =
          HOST.trap().syscall4(HOST.nr().openat, -100, path, 0x1 | 0x40 | 0x200 | 0x80000, 0644);
      if (fd < 0) {
        throw new IllegalStateException("open " + file + ": errno " + -fd);
      }
      return (int) fd;
    } finally {
      NativeAccess.U.freeMemory(path);
    }
  }

  static void closeHostFd(int fd) {
    HOST.trap().syscall1(HOST.nr().close, fd);
  }
}
