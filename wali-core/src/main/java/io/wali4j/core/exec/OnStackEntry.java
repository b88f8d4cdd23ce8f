package io.wali4j.core.exec;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Compiled code that a running interpreted invocation of its function can continue in, at a loop
 * head (on-stack entry). Offered by the {@link HostCode} of a compiled function ({@link
 * WasmFunction#compiled()}) whose code has such entries: a function split into several methods,
 * whose frame lives in an array laid out as the interpreter's frame. The interpreter asks at its
 * loop samples and, when the code has an entry where it is, hands its frame over (see {@code
 * interp.OnStackEntries}).
 */
@ConsumerType
public interface OnStackEntry {

  /**
   * The entry at {@code pc} of the function's pre-decoded code (a loop head): {@code (operands <<
   * 32) | entry}, where {@code operands} is the operand-stack height the entry expects above the
   * locals; or -1 when the code has no entry there.
   */
  long entryAt(int pc);

  /**
   * Runs the function from {@code entry} to its return. {@code frame} holds its locals, then its
   * operands, in the interpreter's encoding, and has room for {@link WasmFunction#frameSize()}
   * slots and the results; {@code budget} is the stack budget a call of the function would get
   * ({@link Jit#stackLeft}), which it spends as that call would. The results are left at the start
   * of {@code frame}.
   */
  void enter(long[] frame, int entry, int budget);
}
