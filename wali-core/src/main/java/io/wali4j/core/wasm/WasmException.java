package io.wali4j.core.wasm;

/**
 * A failure of decoding, validation, linking, instantiation or execution. {@link #failure()} gives
 * the spec's kind and message; {@link #getMessage()} adds where it happened (function, byte offset,
 * the rule or import concerned) for people.
 */
public class WasmException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Failure failure;

  public WasmException(Failure failure, String where) {
    super(where == null || where.isEmpty() ? failure.message() : failure.message() + ": " + where);
    this.failure = failure;
  }

  public Failure failure() {
    return failure;
  }

  public ErrorKind kind() {
    return failure.kind();
  }
}
