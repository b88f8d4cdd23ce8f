package io.wali4j.core.wasm;

/** Validates a module (spec 3) and emits each function body in the pre-decoded form. */
public final class Validator {

  private Validator() {}

  /**
   * Validates {@code module}.
   *
   * @throws WasmException of kind {@link ErrorKind#INVALID} naming the function, byte offset and
   *     rule; or {@link ErrorKind#MALFORMED} for body bytes that do not decode
   */
  public static ValidatedModule validate(Module module) {
    throw new UnsupportedOperationException("Validator.validate is not written yet");
  }
}
