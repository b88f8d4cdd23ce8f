package io.wali4j.api;

import java.io.InputStream;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A host's syscall numbers for the WALI syscalls, by WALI name (as in {@code wali.SYS_<name>}). A
 * number of {@link #NO_SYSCALL} means the host has no such call and the runtime emulates it with
 * newer ones (for example {@code open} with {@code openat} on aarch64).
 */
public final class SyscallTable {

  public static final int NO_SYSCALL = -1;

  private final Map<String, Integer> numbers;

  public SyscallTable(Map<String, Integer> numbers) {
    this.numbers = Collections.unmodifiableMap(new TreeMap<>(numbers));
  }

  /** Reads {@code name=number} lines ({@code #} comments allowed), as backends ship them. */
  public static SyscallTable load(InputStream in) {
    Map<String, Integer> numbers = new TreeMap<>();
    Tables.read(in, "syscall table")
        .forEach((name, value) -> numbers.put(name, Tables.parseInt("syscall " + name, value)));
    return new SyscallTable(numbers);
  }

  /** Whether WALI syscall {@code name} is known to this table. */
  public boolean knows(String name) {
    return numbers.containsKey(name);
  }

  /**
   * The host number of WALI syscall {@code name}, or {@link #NO_SYSCALL} when the host lacks it.
   *
   * @throws IllegalArgumentException when the table does not know {@code name}
   */
  public int number(String name) {
    Integer n = numbers.get(name);
    if (n == null) {
      throw new IllegalArgumentException("unknown WALI syscall: " + name);
    }
    return n;
  }

  /** Every WALI syscall name this table knows. */
  public Set<String> names() {
    return numbers.keySet();
  }
}
