package io.wali4j.core.syscall;

/**
 * A WALI import that links but that wali4j cannot perform yet (setjmp/longjmp, thread spawn): it
 * ends the process as a bad system call would (SIGSYS), with a message naming the import.
 */
public final class UnsupportedImport extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UnsupportedImport(String name) {
    super("wali." + name + " is not supported yet", null, false, false);
  }
}
