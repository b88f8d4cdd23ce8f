package io.wali4j.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wali4j.core.exec.Extern;
import io.wali4j.core.exec.Function;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Store;
import io.wali4j.core.interp.ThreadState;
import io.wali4j.core.wasm.ErrorKind;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.ModuleParser;
import io.wali4j.core.wasm.ValidatedModule;
import io.wali4j.core.wasm.Validator;
import io.wali4j.core.wasm.WasmException;
import java.util.Map;

/**
 * Coverage-guided fuzz target for instantiation and the interpreter: a module that decodes and
 * validates is instantiated (its imports satisfied by {@link FuzzImports}) and each exported
 * function is called with zero arguments. Instantiation may fail only as unlinkable or
 * uninstantiable (a limit included); a call may only return or trap. Metered code, a fuel budget
 * per call and small stack and memory limits bound every run, so an endless loop or recursion is a
 * fuel or stack trap, never a hang; a run that still takes longer than the fuzzer's per-input
 * timeout is a finding, as is any throwable other than the expected {@link WasmException}s.
 */
class WasmRunFuzzTest {

  static final long FUEL_PER_CALL = 20_000;
  static final long MEMORY_PAGES = 64;
  static final int TABLE_ELEMENTS = 10_000;
  static final int STACK_SLOTS = 1 << 16;
  static final int FRAMES = 2_000;

  @FuzzTest(maxDuration = "60s")
  void run(byte[] bytes) {
    ValidatedModule validated;
    try {
      Module m = ModuleParser.parse(bytes);
      validated = Validator.validate(m, true);
    } catch (WasmException e) {
      Outcomes.expectKind(e, ErrorKind.MALFORMED, ErrorKind.INVALID);
      return;
    }
    ThreadState previous = ThreadState.bind(new ThreadState(STACK_SLOTS, FRAMES));
    try {
      ThreadState.current().fuel(FUEL_PER_CALL);
      Instance instance;
      try {
        instance =
            Instance.instantiate(
                Store.limited(MEMORY_PAGES, TABLE_ELEMENTS),
                validated,
                new FuzzImports(validated.module(), MEMORY_PAGES, TABLE_ELEMENTS));
      } catch (WasmException e) {
        Outcomes.expectKind(
            e,
            ErrorKind.UNLINKABLE,
            ErrorKind.UNINSTANTIABLE,
            ErrorKind.TRAP,
            ErrorKind.EXHAUSTION);
        return;
      }
      for (Map.Entry<String, Extern> e : instance.exports().entrySet()) {
        if (e.getValue() instanceof Function f) {
          ThreadState.current().fuel(FUEL_PER_CALL);
          call(f);
        }
      }
    } finally {
      ThreadState.bind(previous);
    }
  }

  private static void call(Function f) {
    try {
      f.call(new long[f.type().params().length]);
    } catch (WasmException e) {
      Outcomes.expectKind(e, ErrorKind.TRAP, ErrorKind.EXHAUSTION);
    }
  }
}
