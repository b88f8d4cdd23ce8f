package io.wali4j.bench;

/** A kernel's checksum differs between runs, or between a tier and the native build. */
public final class ChecksumMismatchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ChecksumMismatchException(String message) {
    super(message);
  }
}
