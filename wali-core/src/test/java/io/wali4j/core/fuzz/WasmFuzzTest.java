package io.wali4j.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wali4j.core.wasm.ErrorKind;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.ModuleParser;
import io.wali4j.core.wasm.Validator;
import io.wali4j.core.wasm.WasmException;

/**
 * Coverage-guided fuzz targets for the decoder and the validator: any bytes must either decode (and
 * validate) or be rejected with a {@link WasmException} of the matching kind. Any other throwable
 * (an index out of bounds, a negative array size, an OutOfMemoryError, a StackOverflowError) is a
 * finding. Without {@code JAZZER_FUZZ=1} these run as regression tests over the committed seeds in
 * {@code WasmFuzzTestInputs/<method>} (spec-suite modules and every input that once was a finding);
 * with it, one target fuzzes for its {@code maxDuration} (see docs/FUZZING.md).
 */
class WasmFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void parse(byte[] bytes) {
    try {
      ModuleParser.parse(bytes);
    } catch (WasmException e) {
      Outcomes.expectKind(e, ErrorKind.MALFORMED);
    }
  }

  @FuzzTest(maxDuration = "60s")
  void validate(byte[] bytes) {
    Module m;
    try {
      m = ModuleParser.parse(bytes);
    } catch (WasmException e) {
      Outcomes.expectKind(e, ErrorKind.MALFORMED);
      return;
    }
    try {
      Validator.validate(m);
    } catch (WasmException e) {
      // Some rules (e.g. a data count mismatch) are decode errors met only while checking code.
      Outcomes.expectKind(e, ErrorKind.INVALID, ErrorKind.MALFORMED);
    }
  }
}
