package io.wali4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The default methods of {@link SyscallTrap}. */
class SyscallTrapTest {

  /** Records the last six-argument call; the others are never made here. */
  private static final class Recorder implements SyscallTrap {
    long[] last;

    @Override
    public long syscall0(int nr) {
      throw new AssertionError();
    }

    @Override
    public long syscall1(int nr, long a1) {
      throw new AssertionError();
    }

    @Override
    public long syscall2(int nr, long a1, long a2) {
      throw new AssertionError();
    }

    @Override
    public long syscall3(int nr, long a1, long a2, long a3) {
      throw new AssertionError();
    }

    @Override
    public long syscall4(int nr, long a1, long a2, long a3, long a4) {
      throw new AssertionError();
    }

    @Override
    public long syscall5(int nr, long a1, long a2, long a3, long a4, long a5) {
      throw new AssertionError();
    }

    @Override
    public long syscall6(int nr, long a1, long a2, long a3, long a4, long a5, long a6) {
      last = new long[] {nr, a1, a2, a3, a4, a5, a6};
      return -11;
    }
  }

  @Test
  void preadv2IsTheRawSyscallAtTheFilePosition() {
    Recorder r = new Recorder();
    assertEquals(-11, r.preadv2(327, 5, 0x1000, 2, 8));
    // offset -1 (pos_l) and 0 (pos_h): read at the file position, as readv does
    assertArrayEquals(new long[] {327, 5, 0x1000, 2, -1, 0, 8}, r.last);
  }
}
