package io.wali4j.nativeaccess;

import io.wali4j.api.HostSpawner;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.osgi.service.component.annotations.Component;

/**
 * {@link HostSpawner} over glibc's posix_spawn: file actions put each host fd at its WALI number
 * (through temporaries above every number involved, so no source is overwritten before it is used),
 * change to the directory, and close everything above the last WALI number; the attributes reset
 * every signal to its default and clear the mask, whatever the JVM set.
 */
@Component(service = HostSpawner.class)
public final class JnrHostSpawner implements HostSpawner {

  static {
    // posix_spawn has six arguments: see JnrSyscallTrap (jnr-ffi issue 181).
    System.setProperty("jnr.ffi.x86asm.enabled", "false");
  }

  /** The libc entry points of posix_spawn. */
  public interface LibC {
    int posix_spawn_file_actions_init(Pointer fa);

    int posix_spawn_file_actions_destroy(Pointer fa);

    int posix_spawn_file_actions_adddup2(Pointer fa, int fd, int newfd);

    int posix_spawn_file_actions_addclose(Pointer fa, int fd);

    int posix_spawn_file_actions_addfchdir_np(Pointer fa, int fd);

    int posix_spawn_file_actions_addclosefrom_np(Pointer fa, int from);

    int posix_spawnattr_init(Pointer attr);

    int posix_spawnattr_destroy(Pointer attr);

    int posix_spawnattr_setflags(Pointer attr, short flags);

    int posix_spawnattr_setsigmask(Pointer attr, Pointer set);

    int posix_spawnattr_setsigdefault(Pointer attr, Pointer set);

    int posix_spawn(
        Pointer pid, Pointer path, Pointer actions, Pointer attr, Pointer argv, Pointer envp);
  }

  private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
  private static final short POSIX_SPAWN_SETSIGMASK = 0x08;

  /** glibc's posix_spawn_file_actions_t is 80 bytes and posix_spawnattr_t 336: room to spare. */
  private static final int OPAQUE = 1024;

  private static final int SIGSET = 128;

  private final LibC libc;
  private final Runtime runtime;

  public JnrHostSpawner() {
    libc = LibraryLoader.create(LibC.class).load("c");
    runtime = Runtime.getRuntime(libc);
  }

  @Override
  public long spawn(String path, String[] argv, String[] envp, int[] fds, int cwdFd) {
    Pointer fa = Memory.allocateDirect(runtime, OPAQUE);
    Pointer attr = Memory.allocateDirect(runtime, OPAQUE);
    Pointer empty = Memory.allocateDirect(runtime, SIGSET);
    Pointer all = Memory.allocateDirect(runtime, SIGSET);
    Pointer pid = Memory.allocateDirect(runtime, 8);
    libc.posix_spawn_file_actions_init(fa);
    libc.posix_spawnattr_init(attr);
    try {
      // The directory first, while cwdFd still names it.
      if (cwdFd >= 0) {
        libc.posix_spawn_file_actions_addfchdir_np(fa, cwdFd);
      }
      int top = Math.max(fds.length, cwdFd + 1);
      for (int h : fds) {
        top = Math.max(top, h + 1);
      }
      // 1: every source to a temporary above all numbers in play; 2: temporaries to their WALI
      // numbers; 3: nothing else survives (the temporaries and whatever the JVM left open).
      for (int i = 0; i < fds.length; i++) {
        if (fds[i] >= 0) {
          libc.posix_spawn_file_actions_adddup2(fa, fds[i], top + i);
        }
      }
      for (int i = 0; i < fds.length; i++) {
        if (fds[i] >= 0) {
          libc.posix_spawn_file_actions_adddup2(fa, top + i, i);
        }
      }
      libc.posix_spawn_file_actions_addclosefrom_np(fa, fds.length);
      all.setMemory(0, SIGSET, (byte) 0xff);
      all.putLong(0, ~((1L << 8) | (1L << 18))); // SIGKILL and SIGSTOP cannot be set
      empty.setMemory(0, SIGSET, (byte) 0);
      libc.posix_spawnattr_setsigmask(attr, empty);
      libc.posix_spawnattr_setsigdefault(attr, all);
      libc.posix_spawnattr_setflags(attr, (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK));
      List<Pointer> keep = new ArrayList<>();
      int r =
          libc.posix_spawn(
              pid, cString(path, keep), fa, attr, cStrings(argv, keep), cStrings(envp, keep));
      Reference.reachabilityFence(keep);
      return r != 0 ? -r : pid.getInt(0);
    } finally {
      libc.posix_spawn_file_actions_destroy(fa);
      libc.posix_spawnattr_destroy(attr);
    }
  }

  /** A C string in direct memory, kept reachable through {@code keep} until the spawn is made. */
  private Pointer cString(String s, List<Pointer> keep) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    Pointer p = Memory.allocateDirect(runtime, b.length + 1);
    p.put(0, b, 0, b.length);
    p.putByte(b.length, (byte) 0);
    keep.add(p);
    return p;
  }

  /** A NULL-terminated array of C strings. */
  private Pointer cStrings(String[] strings, List<Pointer> keep) {
    Pointer array = Memory.allocateDirect(runtime, (strings.length + 1) * 8L);
    for (int i = 0; i < strings.length; i++) {
      array.putAddress(i * 8L, cString(strings[i], keep).address());
    }
    array.putAddress(strings.length * 8L, 0L);
    keep.add(array);
    return array;
  }
}
