package io.wali4j.core.kernel;

import io.wali4j.api.SyscallTable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * The host numbers of the syscalls the WALI layer itself makes, copied once from the backend's
 * {@link SyscallTable} into fields (a field read per call instead of a map lookup). A field is
 * {@link SyscallTable#NO_SYSCALL} when the host lacks that call.
 */
public final class SyscallNumbers {

  public int read;
  public int write;
  public int close;
  public int fstat;
  public int lseek;
  public int mmap;
  public int mprotect;
  public int munmap;
  public int ioctl;
  public int pread64;
  public int pwrite64;
  public int readv;
  public int writev;
  public int sched_yield;
  public int sched_rr_get_interval;
  public int msync;
  public int madvise;
  public int nanosleep;
  public int getpid;
  public int uname;
  public int fcntl;
  public int flock;
  public int fsync;
  public int fdatasync;
  public int fadvise;
  public int timerfd_create;
  public int timerfd_settime;
  public int timerfd_gettime;
  public int ftruncate;
  public int fchmod;
  public int fchown;
  public int gettimeofday;
  public int getrusage;
  public int sysinfo;
  public int getuid;
  public int getgid;
  public int geteuid;
  public int getegid;
  public int getppid;
  public int kill;
  public int wait4;
  public int fstatfs;
  public int getdents64;
  public int clock_gettime;
  public int clock_getres;
  public int clock_nanosleep;
  public int openat;
  public int mkdirat;
  public int fchownat;
  public int newfstatat;
  public int unlinkat;
  public int linkat;
  public int symlinkat;
  public int readlinkat;
  public int fchmodat;
  public int faccessat;
  public int faccessat2;
  public int utimensat;
  public int pipe2;
  public int prlimit64;
  public int renameat2;
  public int getrandom;
  public int statx;
  // sockets and polling: only calls every host ISA has (accept4, ppoll, pselect6, epoll_pwait,
  // epoll_create1, eventfd2), so the older WALI calls are emulated with them everywhere.
  public int socket;
  public int socketpair;
  public int bind;
  public int connect;
  public int listen;
  public int accept4;
  public int getsockname;
  public int getpeername;
  public int setsockopt;
  public int getsockopt;
  public int shutdown;
  public int sendto;
  public int recvfrom;
  public int sendmsg;
  public int recvmsg;
  public int ppoll;
  public int pselect6;
  public int epoll_create1;
  public int epoll_ctl;
  public int epoll_pwait;
  public int eventfd2;

  // vectored I/O at an offset, supplementary groups, device nodes and fifos
  public int preadv;
  public int pwritev;
  public int preadv2;
  public int pwritev2;
  public int getgroups;
  public int setgroups;
  public int mknodat;

  // threads
  public int gettid;
  public int tgkill;
  public int membarrier;
  public int sched_getaffinity;
  public int prctl;

  /** Fills every field from {@code table}. */
  public SyscallNumbers(SyscallTable table) {
    fill(table);
  }

  /**
   * Refills every field from {@code table} (a replacement backend); readers see the new values
   * after their next read of the volatile field that publishes the backend ({@link BackendSlot}).
   */
  void fill(SyscallTable table) {
    for (Field f : SyscallNumbers.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) || f.getType() != int.class) {
        continue;
      }
      String name = f.getName();
      int nr = table.knows(name) ? table.number(name) : SyscallTable.NO_SYSCALL;
      try {
        f.setInt(this, nr);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
