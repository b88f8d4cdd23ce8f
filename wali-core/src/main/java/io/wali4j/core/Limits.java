package io.wali4j.core;

import io.wali4j.core.exec.Table;
import io.wali4j.core.interp.ThreadState;
import io.wali4j.core.wasm.MemoryType;

/**
 * The resource limits of WALI processes, one immutable value: set on a {@link WaliRuntime} (for
 * every process it starts) or on one {@link Wali.Builder}; the CLI's {@code --max-*} flags build
 * one. Every limit fails in the way the program can see and handle, never by hurting the JVM:
 *
 * <ul>
 *   <li>{@link #memoryPages}: linear memory never grows past it; memory.grow returns -1 (so malloc
 *       returns NULL, mmap fails with ENOMEM); a module whose minimum is over it cannot be
 *       instantiated ("memory minimum exceeds the memory limit").
 *   <li>{@link #tableElements}: the same for tables (table.grow returns -1).
 *   <li>{@link #openFiles}: the process's RLIMIT_NOFILE starts at most here (open, dup, socket...
 *       fail with EMFILE past it); a process can lower it, never raise it above.
 *   <li>{@link #stackBytes}: the Wasm value and frame stacks ({@link Wali.Builder#stackSize}); deep
 *       recursion past it traps with call stack exhausted (SIGSEGV).
 *   <li>{@link #fuel}: units of work (one per call and loop iteration) before a trap with fuel
 *       exhausted (SIGXCPU); finite fuel makes the code metered, which costs a little speed.
 *   <li>{@link #processes}: live processes of one runtime; starting one more from the runtime fails
 *       with IllegalStateException. Each process holds its runtime's {@code ProcessSlots}, so that
 *       fork fails with EAGAIN past it (as past RLIMIT_NPROC): a fork bomb stops there.
 *   <li>{@link #threads}: live threads of one process, the main thread included, kept as {@code
 *       Process.threadLimit()}: thread creation (pthread_create) fails with EAGAIN past it.
 * </ul>
 *
 * <p>The defaults limit nothing beyond what the engine and the host impose.
 */
public final class Limits {

  /** No limit beyond the engine's and the host's. */
  public static final Limits DEFAULT =
      new Limits(
          MemoryType.MAX_PAGES,
          Table.MAX_ELEMENTS,
          Integer.MAX_VALUE,
          0,
          Long.MAX_VALUE,
          Integer.MAX_VALUE,
          Integer.MAX_VALUE);

  private final long memoryPages;
  private final int tableElements;
  private final int openFiles;
  private final long stackBytes;
  private final long fuel;
  private final int processes;
  private final int threads;

  private Limits(
      long memoryPages,
      int tableElements,
      int openFiles,
      long stackBytes,
      long fuel,
      int processes,
      int threads) {
    this.memoryPages = memoryPages;
    this.tableElements = tableElements;
    this.openFiles = openFiles;
    this.stackBytes = stackBytes;
    this.fuel = fuel;
    this.processes = processes;
    this.threads = threads;
  }

  /** Pages (64 KiB) of linear memory a process may have; 65536 (4 GiB) by default. */
  public long memoryPages() {
    return memoryPages;
  }

  /** The memory limit given in bytes, rounded down to whole pages. */
  public Limits withMemoryBytes(long bytes) {
    return withMemoryPages(bytes / MemoryType.PAGE_SIZE);
  }

  public Limits withMemoryPages(long pages) {
    return new Limits(
        requireRange("memory pages", pages, 0, MemoryType.MAX_PAGES),
        tableElements,
        openFiles,
        stackBytes,
        fuel,
        processes,
        threads);
  }

  /** Elements a table may have. */
  public int tableElements() {
    return tableElements;
  }

  public Limits withTableElements(int elements) {
    return new Limits(
        memoryPages,
        (int) requireRange("table elements", elements, 0, Table.MAX_ELEMENTS),
        openFiles,
        stackBytes,
        fuel,
        processes,
        threads);
  }

  /** The highest RLIMIT_NOFILE a process starts with (lower if the host's is lower). */
  public int openFiles() {
    return openFiles;
  }

  public Limits withOpenFiles(int files) {
    return new Limits(
        memoryPages,
        tableElements,
        (int) requireRange("open files", files, 3, Integer.MAX_VALUE),
        stackBytes,
        fuel,
        processes,
        threads);
  }

  /** The Wasm stack budget in bytes; 0 for the engine's default. */
  public long stackBytes() {
    return stackBytes;
  }

  public Limits withStackBytes(long bytes) {
    return new Limits(
        memoryPages,
        tableElements,
        openFiles,
        requireRange("stack bytes", bytes, 1, Long.MAX_VALUE),
        fuel,
        processes,
        threads);
  }

  /** Units of work each thread may do; {@link Long#MAX_VALUE} (unmetered) by default. */
  public long fuel() {
    return fuel;
  }

  /** Whether code must be metered to enforce {@link #fuel}. */
  public boolean metered() {
    return fuel != Long.MAX_VALUE;
  }

  public Limits withFuel(long units) {
    return new Limits(
        memoryPages,
        tableElements,
        openFiles,
        stackBytes,
        requireRange("fuel", units, 0, Long.MAX_VALUE),
        processes,
        threads);
  }

  /** Live processes one runtime may have. */
  public int processes() {
    return processes;
  }

  public Limits withProcesses(int count) {
    return new Limits(
        memoryPages,
        tableElements,
        openFiles,
        stackBytes,
        fuel,
        (int) requireRange("processes", count, 1, Integer.MAX_VALUE),
        threads);
  }

  /** Live threads one process may have (its main thread included). */
  public int threads() {
    return threads;
  }

  public Limits withThreads(int count) {
    return new Limits(
        memoryPages,
        tableElements,
        openFiles,
        stackBytes,
        fuel,
        processes,
        (int) requireRange("threads", count, 1, Integer.MAX_VALUE));
  }

  /**
   * Gives the calling thread a fresh Wasm stack of {@link #stackBytes} (when set) holding {@link
   * #fuel}, for code called directly ({@code Function.call}) rather than through a process.
   */
  public void applyToCurrentThread() {
    ThreadState t = newThreadState();
    ThreadState.bind(t);
  }

  /** A Wasm stack of {@link #stackBytes} (the default when 0) holding {@link #fuel}. */
  ThreadState newThreadState() {
    ThreadState t =
        stackBytes == 0
            ? new ThreadState()
            : new ThreadState(
                (int) Math.max(16, Math.min(Integer.MAX_VALUE - 8, stackBytes / 8)),
                (int) Math.max(16, Math.min(Integer.MAX_VALUE / 2 - 8, stackBytes / 64)));
    t.fuel(fuel);
    return t;
  }

  private static long requireRange(String what, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          what + " limit must be in [" + min + ", " + max + "]: " + value);
    }
    return value;
  }

  @Override
  public String toString() {
    return "Limits[memoryPages="
        + memoryPages
        + ", tableElements="
        + tableElements
        + ", openFiles="
        + openFiles
        + ", stackBytes="
        + stackBytes
        + ", fuel="
        + fuel
        + ", processes="
        + processes
        + ", threads="
        + threads
        + "]";
  }
}
