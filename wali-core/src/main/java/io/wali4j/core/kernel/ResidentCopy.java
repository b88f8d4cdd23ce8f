package io.wali4j.core.kernel;

/**
 * Copies a fork's memory page by page where the parent has pages: a page the parent never touched
 * (committed by memory.grow but not written) reads as zero, so its copy is skipped and the child's
 * page is dropped to zero instead (MADV_DONTNEED). Which pages exist comes from {@code
 * /proc/self/pagemap} (present or swapped out: bits 63 and 62 of each entry, readable without
 * privileges), not from mincore, which calls a swapped-out page absent and would lose its data.
 * Without pagemap, everything is copied.
 */
public final class ResidentCopy {

  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 0x80000;
  private static final int AT_FDCWD = -100;
  private static final int MADV_DONTNEED = 4;

  /** Pagemap entries read at a time (32 KiB: 16 MiB of 4 KiB pages). */
  private static final int CHUNK = 4096;

  /** Below this, a plain copy costs less than reading the pagemap. */
  private static final long MIN_BYTES = 1L << 20;

  private static final long PAGE = NativeAccess.U.pageSize();

  /** The JVM's pagemap fd, -1 before the first use, -2 when it cannot be opened. */
  private static int pagemap = -1;

  private ResidentCopy() {}

  /**
   * Copies {@code size} bytes from {@code src} to {@code dst}, both page-aligned host addresses.
   */
  public static void copy(Host host, long src, long dst, long size) {
    int fd = size < MIN_BYTES || src % PAGE != 0 || dst % PAGE != 0 ? -2 : pagemap(host);
    if (fd < 0) {
      NativeAccess.U.copyMemory(src, dst, size);
      return;
    }
    long buf = NativeAccess.U.allocateMemory(CHUNK * 8L);
    try {
      long pages = (size + PAGE - 1) / PAGE;
      for (long first = 0; first < pages; first += CHUNK) {
        int n = (int) Math.min(CHUNK, pages - first);
        long want = n * 8L;
        long r = host.trap().syscall4(host.nr().pread64, fd, buf, want, (src / PAGE + first) * 8);
        if (r != want) {
          long off = first * PAGE;
          NativeAccess.U.copyMemory(src + off, dst + off, size - off);
          return;
        }
        copyChunk(host, buf, n, src + first * PAGE, dst + first * PAGE, size - first * PAGE);
      }
    } finally {
      NativeAccess.U.freeMemory(buf);
    }
  }

  /** One chunk of {@code n} pages (at most {@code left} bytes), by runs of pages that exist. */
  private static void copyChunk(Host host, long entries, int n, long src, long dst, long left) {
    int i = 0;
    while (i < n) {
      boolean exists = exists(NativeAccess.U.getLong(entries + i * 8L));
      int j = i + 1;
      while (j < n && exists(NativeAccess.U.getLong(entries + j * 8L)) == exists) {
        j++;
      }
      long off = i * PAGE;
      long len = Math.min((j - i) * PAGE, left - off);
      if (exists) {
        NativeAccess.U.copyMemory(src + off, dst + off, len);
      } else {
        host.trap()
            .syscall3(host.nr().madvise, dst + off, (len + PAGE - 1) / PAGE * PAGE, MADV_DONTNEED);
      }
      i = j;
    }
  }

  private static final long PFN_MASK = (1L << 55) - 1;

  /**
   * The frame of the kernel's shared zero page, which a read of an untouched page maps (0 when the
   * pagemap hides frame numbers, as it does from unprivileged processes).
   */
  private static long zeroPfn;

  /** Whether the page of pagemap {@code entry} holds data: present (63) or swapped (62). */
  private static boolean exists(long entry) {
    if ((entry >>> 62) == 0) {
      return false;
    }
    // Present as the shared zero page: it only reads as zeros.
    return zeroPfn == 0 || entry >= 0 || (entry & PFN_MASK) != zeroPfn;
  }

  private static synchronized int pagemap(Host host) {
    if (pagemap == -1) {
      long path = NativeAccess.U.allocateMemory(32);
      try {
        NativeAccess.putCString(path, "/proc/self/pagemap");
        long r = host.trap().syscall4(host.nr().openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
        pagemap = r >= 0 ? (int) r : -2;
      } finally {
        NativeAccess.U.freeMemory(path);
      }
      if (pagemap >= 0 && !truthful(host, pagemap)) {
        host.trap().syscall1(host.nr().close, pagemap);
        pagemap = -2;
      }
    }
    return pagemap;
  }

  /**
   * Whether the pagemap tells a written page from an untouched one at our addresses: under an
   * emulator (qemu-user) the addresses the program sees need not be the host's, and a pagemap read
   * at them would describe other pages.
   */
  private static boolean truthful(Host host, int fd) {
    final int protRw = 3;
    final int mapPrivateAnonymous = 0x22;
    long a = host.trap().syscall6(host.nr().mmap, 0, 2 * PAGE, protRw, mapPrivateAnonymous, -1, 0);
    if (a < 0 && a > -4096) {
      return false;
    }
    long buf = NativeAccess.U.allocateMemory(16);
    try {
      NativeAccess.U.putByte(a, (byte) 1); // written: a page of its own
      if (NativeAccess.U.getByte(a + PAGE) != 0) { // read: the zero page, if anything
        return false;
      }
      long r = host.trap().syscall4(host.nr().pread64, fd, buf, 16, a / PAGE * 8);
      long written = NativeAccess.U.getLong(buf);
      long read = NativeAccess.U.getLong(buf + 8);
      if (r != 16 || (written >>> 63) == 0 || (read >>> 62) == 1) {
        return false;
      }
      long pfn = read & PFN_MASK;
      if (read < 0 && pfn != 0 && pfn != (written & PFN_MASK)) {
        zeroPfn = pfn;
      }
      return read >= 0 || zeroPfn != 0 || pfn == 0;
    } finally {
      NativeAccess.U.freeMemory(buf);
      host.trap().syscall2(host.nr().munmap, a, 2 * PAGE);
    }
  }
}
