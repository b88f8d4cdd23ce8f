package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.SyscallHarness.NAMES;
import static io.wali4j.core.syscall.SyscallHarness.ZERO;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wali4j.core.interp.NonLocalJumps;
import io.wali4j.core.kernel.ProcessExit;
import io.wali4j.core.kernel.ProcessKilled;
import io.wali4j.core.kernel.ThreadExit;
import io.wali4j.core.wasm.ErrorKind;
import io.wali4j.core.wasm.WasmException;
import java.io.IOException;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The coverage-guided form of {@link SyscallFuzzTest}: the fuzzer picks the import and each
 * argument (a wild value of the families there, or any int or long), under the same sandbox and
 * checks: a result or -errno, intact canaries around linear memory.
 */
class SyscallCoverageFuzzTest {

  private static Path dir;
  private static SyscallHarness h;
  private static List<String> names;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("wali-syscall-fuzz");
    h = new SyscallHarness(dir, SyscallFuzzTest.EXCLUDED.keySet());
    names = new ArrayList<>(h.imports.keySet());
  }

  @AfterAll
  static void stop() throws IOException {
    if (h != null) {
      h.close();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  private static final long[] SPECIAL = {
    0, 1, 3, 4, -1, -100, NAMES, NAMES + 2, ZERO, 0xFFFFFFF0L, 0x7FFFFFFF, 0x20000, 0x1FFFF
  };

  @FuzzTest(maxDuration = "60s")
  void syscall(FuzzedDataProvider data) throws IOException {
    String name = names.get(data.consumeInt(0, names.size() - 1));
    MethodType type = h.imports.get(name);
    long[] args = new long[type.parameterCount()];
    Map<Integer, long[]> bounded = SyscallFuzzTest.BOUNDED.getOrDefault(name, Map.of());
    for (int i = 0; i < args.length; i++) {
      boolean i32 = type.parameterType(i) == int.class;
      long[] allowed = bounded.get(i);
      if (allowed != null) {
        args[i] = allowed[data.consumeInt(0, allowed.length - 1)];
      } else if (data.consumeBoolean()) {
        args[i] = SPECIAL[data.consumeInt(0, SPECIAL.length - 1)];
      } else {
        args[i] = i32 ? data.consumeInt() : data.consumeLong();
      }
      if (i32) {
        args[i] = (int) args[i];
      }
    }
    h.reset();
    try {
      long r = h.call(name, args);
      if (r < -4095) {
        throw new AssertionError(name + " returned " + r + ": neither a result nor -errno");
      }
    } catch (WasmException e) {
      if (e.kind() != ErrorKind.TRAP) {
        throw e;
      }
    } catch (ProcessExit | ThreadExit | ProcessKilled | NonLocalJumps.Jump e) {
      // exit_group, exit, a signal's default action and longjmp end or leave the call this way.
    }
    assertNull(h.backing.damagedCanary(), name);
    if (h.ended()) {
      // exit_group ended the process: every later input would end at its safe point, unrun.
      h.close();
      h = new SyscallHarness(dir, SyscallFuzzTest.EXCLUDED.keySet());
    }
  }
}
