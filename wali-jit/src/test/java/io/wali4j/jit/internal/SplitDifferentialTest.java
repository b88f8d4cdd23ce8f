package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The differential fuzz target's seeds ({@link JitDifferentialFuzzTest}: the spec suite's modules,
 * every export called on the interpreter and on compiled code, results, traps and final state
 * compared) with every function of 6 pre-decoded slots or more split into regions.
 */
class SplitDifferentialTest {

  @RegisterExtension static final SplitFunctions SPLIT = new SplitFunctions(6);

  @Test
  void everySeedAgreesWithFunctionsSplit() throws IOException, URISyntaxException {
    Path seeds =
        Path.of(
            SplitDifferentialTest.class
                .getResource("JitDifferentialFuzzTestInputs/differential")
                .toURI());
    List<Path> files;
    try (Stream<Path> list = Files.list(seeds)) {
      files = list.sorted().toList();
    }
    assertTrue(files.size() > 50, "seeds: " + files.size());
    JitDifferentialFuzzTest target = new JitDifferentialFuzzTest();
    for (Path seed : files) {
      target.differential(Files.readAllBytes(seed));
    }
  }
}
