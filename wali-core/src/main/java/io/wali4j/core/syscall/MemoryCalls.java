package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.Ctx.u;

import io.wali4j.core.exec.Memory;
import io.wali4j.core.kernel.AddressSpace;
import io.wali4j.core.kernel.NativeAccess;

/**
 * mmap and friends inside linear memory. A mapping is a page range of the memory: anonymous ones
 * come from ranges munmap freed or from growing the memory; file mappings are placed over such a
 * range with MAP_FIXED at {@code base + addr}. Linear memory stays readable and writable everywhere
 * (Java code touches it directly and must never fault), so protections are not enforced and a
 * read-only shared file mapping is made private. mmap, munmap, mremap and brk of one process run
 * one at a time (as under Linux's mmap lock): their checks and claims on the address space must not
 * interleave between threads.
 */
final class MemoryCalls {

  static final int PROT_READ = 1;
  static final int PROT_WRITE = 2;
  static final int MAP_SHARED = 0x01;
  static final int MAP_PRIVATE = 0x02;
  static final int MAP_FIXED = 0x10;
  static final int MAP_ANONYMOUS = 0x20;
  static final int MREMAP_MAYMOVE = 1;
  static final int MADV_FREE = 8;
  static final int MAP_TYPE = 0x0f;
  static final int MAP_SHARED_VALIDATE = 0x03;
  static final int PROT_EXEC = 4;
  static final int PROT_SEM = 8;
  static final int PROT_GROWSDOWN = 0x01000000;
  static final int PROT_GROWSUP = 0x02000000;

  @WaliImport("SYS_mmap")
  long mmap(Ctx c, int addr, int length, int prot, int flags, int fd, long offset) {
    synchronized (c.p.addressSpace()) {
      return mmapLocked(c, addr, length, prot, flags, fd, offset);
    }
  }

  private long mmapLocked(Ctx c, int addr, int length, int prot, int flags, int fd, long offset) {
    long n = AddressSpace.roundUp(u(length));
    boolean fixed = (flags & MAP_FIXED) != 0;
    if ((offset & (AddressSpace.PAGE - 1)) != 0) {
      return -Errno.EINVAL;
    }
    // ksys_mmap_pgoff looks up the fd first (EBADF), then do_mmap checks the length and the
    // mapping type: exactly one of MAP_SHARED, MAP_PRIVATE or MAP_SHARED_VALIDATE.
    int hostFd = (flags & MAP_ANONYMOUS) != 0 ? -1 : c.fd(fd);
    int type = flags & MAP_TYPE;
    boolean badType = type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE;
    if (n == 0 || badType || (fixed && (addr & 0xFFF) != 0)) {
      return -Errno.EINVAL;
    }
    long at = fixed ? u(addr) : allocate(c, n);
    if (at < 0) {
      return at;
    }
    c.addr((int) at, n);
    c.p.addressSpace().claim(at, n);
    long r = mapAt(c, at, n, prot, flags, hostFd, offset);
    if (r < 0 && !fixed) {
      c.p.addressSpace().release(at, n);
    }
    return r < 0 ? r : at;
  }

  /** A page range of {@code n} bytes of memory for a new mapping, growing memory if needed. */
  static long allocate(Ctx c, long n) {
    long at = c.p.addressSpace().take(n);
    if (at >= 0) {
      return at;
    }
    Memory m = c.memory();
    long pages = (n + Memory.PAGE_SIZE - 1) / Memory.PAGE_SIZE;
    long old = m.grow(pages);
    if (old < 0) {
      return -Errno.ENOMEM;
    }
    long start = old * Memory.PAGE_SIZE;
    c.p.addressSpace().release(start + n, pages * Memory.PAGE_SIZE - n);
    return start;
  }

  /** Zero pages over {@code [at, at + n)}, then the file's pages over what the file covers. */
  private static long mapAt(Ctx c, long at, long n, int prot, int flags, int hostFd, long off) {
    long r = zero(c, at, n);
    if (r < 0 || hostFd < 0) {
      return r;
    }
    // Pages past the end of the file would raise SIGBUS in the JVM: they stay zero instead.
    long st = c.scratch();
    r = c.sys2(c.nr.fstat, hostFd, st);
    if (r < 0) {
      return r;
    }
    long size = StructCodec.get(HostStructs.of(c, Layouts.WALI_STAT), st, Layouts.STAT_ST_SIZE);
    long fileBytes = AddressSpace.roundUp(size) - off;
    long len = Math.min(n, Math.max(fileBytes, 0));
    if (len == 0) {
      return 0;
    }
    int share = (prot & PROT_WRITE) != 0 ? flags & (MAP_SHARED | MAP_PRIVATE) : MAP_PRIVATE;
    return c.sys6(
        c.nr.mmap, c.base() + at, len, PROT_READ | PROT_WRITE, share | MAP_FIXED, hostFd, off);
  }

  private static long zero(Ctx c, long at, long n) {
    long r =
        c.sys6(
            c.nr.mmap,
            c.base() + at,
            n,
            PROT_READ | PROT_WRITE,
            MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
            -1,
            0);
    return r < 0 ? r : 0;
  }

  @WaliImport("SYS_munmap")
  long munmap(Ctx c, int addr, int length) {
    synchronized (c.p.addressSpace()) {
      return munmapLocked(c, addr, length);
    }
  }

  private long munmapLocked(Ctx c, int addr, int length) {
    long n = AddressSpace.roundUp(u(length));
    if (n == 0 || (addr & 0xFFF) != 0 || u(addr) + n > c.memory().size()) {
      return -Errno.EINVAL;
    }
    long r = zero(c, u(addr), n);
    if (r == 0) {
      c.p.addressSpace().release(u(addr), n);
    }
    return r;
  }

  @WaliImport("SYS_mremap")
  long mremap(Ctx c, int oldAddress, int oldSize, int newSize, int flags, int newAddress) {
    synchronized (c.p.addressSpace()) {
      return mremapLocked(c, oldAddress, oldSize, newSize, flags, newAddress);
    }
  }

  private long mremapLocked(
      Ctx c, int oldAddress, int oldSize, int newSize, int flags, int newAddress) {
    long on = AddressSpace.roundUp(u(oldSize));
    long nn = AddressSpace.roundUp(u(newSize));
    if (nn == 0 || (oldAddress & 0xFFF) != 0 || (flags & ~MREMAP_MAYMOVE) != 0) {
      return -Errno.EINVAL;
    }
    long old = u(oldAddress);
    long src = c.addr(oldAddress, on);
    if (nn <= on) {
      return nn == on
          ? old
          : munmap(c, (int) (old + nn), (int) (on - nn)) < 0 ? -Errno.EINVAL : old;
    }
    if (c.p.addressSpace().isFree(old + on, nn - on)) {
      c.p.addressSpace().claim(old + on, nn - on);
      return old;
    }
    if ((flags & MREMAP_MAYMOVE) == 0) {
      return -Errno.ENOMEM;
    }
    long at = allocate(c, nn);
    if (at < 0) {
      return at;
    }
    c.p.addressSpace().claim(at, nn);
    NativeAccess.U.copyMemory(src, c.base() + at, on);
    munmap(c, oldAddress, (int) on);
    return at;
  }

  /**
   * Protections are not enforced inside linear memory (see the class comment), but the arguments
   * are checked as do_mprotect_pkey checks them: both GROWS flags, an unaligned start, then (for a
   * non-empty range) unknown prot bits are EINVAL, and a range not wholly mapped is ENOMEM.
   */
  @WaliImport("SYS_mprotect")
  long mprotect(Ctx c, int addr, int len, int prot) {
    int grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
    if (grows == (PROT_GROWSDOWN | PROT_GROWSUP) || (addr & 0xFFF) != 0) {
      return -Errno.EINVAL;
    }
    if (len == 0) {
      return 0;
    }
    if ((prot & ~(grows | PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM)) != 0) {
      return -Errno.EINVAL;
    }
    return mapped(c, u(addr), AddressSpace.roundUp(u(len))) ? 0 : -Errno.ENOMEM;
  }

  /**
   * Advice that cannot make memory inaccessible passes to the host; the rest is ignored. Whether
   * the advice is valid is the host's answer for an empty range (do_madvise checks it before
   * anything else); then an unaligned start is EINVAL and a range not wholly mapped ENOMEM.
   */
  @WaliImport("SYS_madvise")
  long madvise(Ctx c, int addr, int length, int advice) {
    long valid = c.sys3(c.nr.madvise, c.base(), 0, advice);
    if (valid < 0) {
      return valid;
    }
    if ((addr & 0xFFF) != 0) {
      return -Errno.EINVAL;
    }
    long n = AddressSpace.roundUp(u(length));
    if (n == 0) {
      return 0;
    }
    if (!mapped(c, u(addr), n)) {
      return -Errno.ENOMEM;
    }
    long a = c.addr(addr, n);
    return advice <= 4 || advice == MADV_FREE ? c.sys3(c.nr.madvise, a, n, advice) : 0;
  }

  static final int MCL_CURRENT = 1;
  static final int MCL_FUTURE = 2;
  static final int MCL_ONFAULT = 4;
  static final int MLOCK_ONFAULT = 1;

  /**
   * mlock, mlock2, mlockall. Locking would pin the JVM's own memory, which every WALI process of
   * the JVM shares, so a process may lock nothing: its RLIMIT_MEMLOCK is 0 (getrlimit says so, and
   * the hard limit cannot be raised) and, without CAP_IPC_LOCK, Linux then answers EPERM
   * (can_do_mlock) once the flags are checked. munlock and munlockall succeed as they do natively.
   */
  @WaliImport("SYS_mlock")
  long mlock(Ctx c, int addr, int len) {
    return -Errno.EPERM;
  }

  @WaliImport("SYS_mlock2")
  long mlock2(Ctx c, int addr, int len, int flags) {
    return (flags & ~MLOCK_ONFAULT) != 0 ? -Errno.EINVAL : -Errno.EPERM;
  }

  @WaliImport("SYS_mlockall")
  long mlockall(Ctx c, int flags) {
    if (flags == 0
        || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) != 0
        || flags == MCL_ONFAULT) {
      return -Errno.EINVAL;
    }
    return -Errno.EPERM;
  }

  /** Nothing is locked: 0 for a range of mapped memory, ENOMEM where part of it is not mapped. */
  @WaliImport("SYS_munlock")
  long munlock(Ctx c, int addr, int len) {
    long start = u(addr) & ~0xFFFL;
    long n = AddressSpace.roundUp(u(len) + (u(addr) & 0xFFF));
    if (n == 0) {
      return 0;
    }
    return mapped(c, start, n) ? 0 : -Errno.ENOMEM;
  }

  @WaliImport("SYS_munlockall")
  long munlockall(Ctx c) {
    return 0;
  }

  /** Whether {@code [at, at + n)} lies in memory and munmap freed none of it. */
  private static boolean mapped(Ctx c, long at, long n) {
    return at + n <= c.memory().size() && !c.p.addressSpace().anyFree(at, n);
  }

  @WaliImport("SYS_msync")
  long msync(Ctx c, int addr, int length, int flags) {
    return c.sys3(c.nr.msync, c.addr(addr, u(length)), u(length), flags);
  }

  /**
   * brk(2): the break starts at the end of memory and grows the memory while nothing was mapped
   * after it; like the kernel, it returns the (possibly unchanged) break, never an error.
   */
  @WaliImport("SYS_brk")
  long brk(Ctx c, int addr) {
    synchronized (c.p.addressSpace()) {
      return brkLocked(c, addr);
    }
  }

  private long brkLocked(Ctx c, int addr) {
    AddressSpace s = c.p.addressSpace();
    Memory m = c.memory();
    s.initBrk(m.size());
    long want = u(addr);
    long end = s.brkEnd();
    if (addr == 0 || want < s.brkStart()) {
      return s.brk();
    }
    if (want > end) {
      if (end != m.size()) {
        return s.brk();
      }
      long pages = (want - end + Memory.PAGE_SIZE - 1) / Memory.PAGE_SIZE;
      if (m.grow(pages) < 0) {
        return s.brk();
      }
      end = m.size();
    }
    s.setBrk(want, end);
    return want;
  }
}
