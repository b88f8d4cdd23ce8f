package io.wali4j.core.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.Limits;
import io.wali4j.core.wasm.MemoryType;
import io.wali4j.core.wasm.WasmException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class MemoryTest {

  private static Memory memory(long min, long max, boolean shared) {
    return new Memory(new MemoryType(new Limits(min, max, shared)));
  }

  private static void traps(Failure f, Executable e) {
    assertEquals(f, assertThrows(WasmException.class, e).failure());
  }

  @Test
  void accessesUpToTheLastByteWorkAndOnePastTraps() {
    Memory m = memory(1, 2, false);
    m.storeI32(65532, 0x11223344);
    assertEquals(0x11223344, m.loadI32(65532));
    assertEquals(0x44, m.loadI8(65532));
    traps(Failure.OUT_OF_BOUNDS_MEMORY, () -> m.loadI32(65533));
    traps(Failure.OUT_OF_BOUNDS_MEMORY, () -> m.loadI64(65529));
    traps(Failure.OUT_OF_BOUNDS_MEMORY, () -> m.storeI8(65536, (byte) 1));
    traps(Failure.OUT_OF_BOUNDS_MEMORY, () -> m.loadI8(-1));
  }

  @Test
  void effectiveAddressIsU32PlusU32WithoutWrapping() {
    assertEquals(0x1_FFFF_FFFEL, Memory.ea(-1, -1));
    Memory m = memory(1, 1, false);
    traps(Failure.OUT_OF_BOUNDS_MEMORY, () -> m.loadI32(Memory.ea(-4, 4)));
  }

  @Test
  void storesAreLittleEndian() {
    Memory m = memory(1, 1, false);
    m.storeI64(8, 0x0102030405060708L);
    byte[] out = new byte[8];
    m.read(8, out, 0, 8);
    assertArrayEquals(new byte[] {8, 7, 6, 5, 4, 3, 2, 1}, out);
  }

  @Test
  void growReturnsOldPagesKeepsContentsAndRespectsMax() {
    Memory m = memory(1, 3, false);
    m.storeI32(100, 42);
    assertEquals(1, m.grow(1));
    assertEquals(42, m.loadI32(100));
    assertEquals(0, m.loadI32(65536 + 100));
    assertEquals(2, m.grow(0));
    assertEquals(-1, m.grow(2));
    assertEquals(2, m.pages());
    assertEquals(2, m.grow(1));
    assertEquals(-1, m.grow(0x1_0000_0000L));
  }

  @Test
  void memoryWithoutMaxGrowsUpToTheSpecLimit() {
    Memory m = memory(0, Limits.NO_MAX, false);
    assertEquals(0, m.grow(2));
    assertEquals(-1, m.grow(65535));
    traps(Failure.OUT_OF_BOUNDS_MEMORY, () -> m.loadI8(2 * 65536));
  }

  @Test
  void sharedMemoryGrowsInPlace() {
    Memory m = memory(1, 4, true);
    m.storeI32(0, 7);
    assertEquals(1, m.grow(3));
    assertEquals(7, m.loadI32(0));
    m.storeI32(4 * 65536 - 4, 9);
    assertEquals(9, m.loadI32(4 * 65536 - 4));
  }

  @Test
  void bulkOperationsCheckBoundsBeforeWriting() {
    Memory m = memory(1, 1, false);
    traps(Failure.OUT_OF_BOUNDS_MEMORY, () -> m.fill(65530, (byte) 1, 7));
    assertEquals(0, m.loadI8(65530));
    m.fill(10, (byte) 5, 4);
    assertEquals(0x05050505, m.loadI32(10));
    m.copy(11, 10, 4); // overlapping, forward
    assertEquals(0x05050505, m.loadI32(11));
    m.init(100, new byte[] {1, 2, 3}, 1, 2);
    assertEquals(0x0302, m.loadI16(100));
    traps(Failure.OUT_OF_BOUNDS_MEMORY, () -> m.init(0, new byte[] {1}, 1, 1));
    m.init(65536, new byte[0], 0, 0); // zero length at the end is fine
    traps(Failure.OUT_OF_BOUNDS_MEMORY, () -> m.copy(65537, 0, 0));
  }

  @Test
  void atomicsTrapWhenUnalignedAndWorkOnSubWords() {
    Memory m = memory(1, 1, true);
    traps(Failure.UNALIGNED_ATOMIC, () -> m.atomicLoad(2, 4));
    traps(Failure.UNALIGNED_ATOMIC, () -> m.atomicRmw(Memory.Rmw.ADD, 4, 8, 1));
    traps(Failure.OUT_OF_BOUNDS_MEMORY, () -> m.atomicLoad(65536, 4));
    m.storeI32(0, 0x11FF2233);
    assertEquals(0xFF, m.atomicRmw(Memory.Rmw.ADD, 2, 1, 1)); // wraps within the byte
    assertEquals(0x11002233, m.loadI32(0));
    assertEquals(0x1100, m.atomicRmw(Memory.Rmw.XCHG, 2, 2, 0xABCD));
    assertEquals(0xABCD2233, m.loadI32(0));
    assertEquals(0x33, m.atomicCmpxchg(0, 1, 0x99, 0x44)); // no match: unchanged
    assertEquals(0x33, m.atomicCmpxchg(0, 1, 0x133, 0x44)); // expected wraps to 0x33
    assertEquals(0xABCD2244L, m.atomicLoad(0, 4));
    assertEquals(0xABCD2244L, m.atomicRmw(Memory.Rmw.SUB, 0, 4, 0x44));
    assertEquals(0xABCD2200L, m.atomicLoad(0, 4));
    m.atomicStore(8, 8, -1L);
    assertEquals(-1L, m.atomicCmpxchg(8, 8, -1L, 5L));
    assertEquals(5L, m.loadI64(8));
  }

  @Test
  void atomicAddIsAtomicAcrossThreads() throws InterruptedException {
    Memory m = memory(1, 1, true);
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 100_000; i++) {
                  m.atomicRmw(Memory.Rmw.ADD, 16, 4, 1);
                  m.atomicRmw(Memory.Rmw.ADD, 21, 1, 1);
                }
              });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(400_000, m.loadI32(16));
    assertEquals(400_000 & 0xFF, m.loadI8(21) & 0xFF);
    assertEquals(0, m.loadI8(20));
    assertEquals(0, m.loadI8(22));
  }
}
