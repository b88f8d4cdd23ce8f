package io.wali4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class KernelSetTest {

  @Test
  void everyKernelSourceHasAnEntryAndEveryEntryASource() throws IOException {
    Path sources = Path.of(System.getProperty("wali.bench.sources", "kernels"));
    Set<String> files;
    try (Stream<Path> list = Files.list(sources)) {
      files =
          list.map(p -> p.getFileName().toString())
              .filter(name -> name.endsWith(".c") && !name.equals("driver.c"))
              .map(name -> name.substring(0, name.length() - 2))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> declared =
        Arrays.stream(Kernel.values())
            .map(Kernel::fileName)
            .collect(Collectors.toCollection(TreeSet::new));

    assertEquals(files, declared);
  }
}
