package io.wali4j.core.wasm;

/** Decodes the binary format (spec 5) into a {@link Module}. */
public final class ModuleParser {

  private ModuleParser() {}

  /**
   * Decodes {@code bytes}.
   *
   * @throws WasmException of kind {@link ErrorKind#MALFORMED} naming the byte offset and the rule
   */
  public static Module parse(byte[] bytes) {
    throw new UnsupportedOperationException("ModuleParser.parse is not written yet");
  }
}
