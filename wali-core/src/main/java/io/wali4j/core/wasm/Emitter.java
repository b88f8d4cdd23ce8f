package io.wali4j.core.wasm;

import java.util.Arrays;

/**
 * The growable output of {@link CodeValidator}: the instruction stream of the pre-decoded form
 * ({@link FunctionCode}) and, parallel to it, the byte offset each instruction came from. One
 * instance is reused for every function of a module so that validation allocates only the final,
 * trimmed arrays.
 */
final class Emitter {

  private int[] code = new int[256];
  private int[] offsets = new int[256];
  private int size;

  void reset() {
    size = 0;
  }

  /** Index of the next slot to be written. */
  int size() {
    return size;
  }

  /** Starts an instruction {@code id} that came from byte {@code byteOffset} of the module. */
  void op(int id, int byteOffset) {
    ensure();
    offsets[size] = byteOffset;
    code[size++] = id;
  }

  /** Appends one immediate of the current instruction. */
  void imm(int value) {
    ensure();
    offsets[size] = 0;
    code[size++] = value;
  }

  int get(int index) {
    return code[index];
  }

  void set(int index, int value) {
    code[index] = value;
  }

  int[] code() {
    return Arrays.copyOf(code, size);
  }

  int[] offsets() {
    return Arrays.copyOf(offsets, size);
  }

  private void ensure() {
    if (size == code.length) {
      code = Arrays.copyOf(code, size * 2);
      offsets = Arrays.copyOf(offsets, size * 2);
    }
  }
}
