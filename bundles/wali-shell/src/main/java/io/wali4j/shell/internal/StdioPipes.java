package io.wali4j.shell.internal;

import io.wali4j.core.WaliRuntime;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.function.BooleanSupplier;

/**
 * Three host pipes that stand for a WALI process's fds 0, 1 and 2, and the copying between them and
 * a shell session's Java streams. The process gets host fds (it duplicates them when it starts);
 * this side reads and writes the other ends as Java streams, opened through {@code /proc/self/fd}.
 */
final class StdioPipes implements AutoCloseable {

  private static final int CHUNK = 8192;

  private final WaliRuntime runtime;
  private final int[] in;
  private final int[] out;
  private final int[] err;
  private final OutputStream toStdin;
  private final InputStream fromStdout;
  private final InputStream fromStderr;
  private final PrintStream diagnostics;

  StdioPipes(WaliRuntime runtime) throws IOException {
    this.runtime = runtime;
    this.in = runtime.pipe();
    this.out = runtime.pipe();
    this.err = runtime.pipe();
    this.toStdin = new FileOutputStream(procFd(in[1]));
    this.fromStdout = new FileInputStream(procFd(out[0]));
    this.fromStderr = new FileInputStream(procFd(err[0]));
    this.diagnostics = new PrintStream(new FileOutputStream(procFd(err[1])), true);
    // The Java streams hold their own descriptors; these ends are no longer needed here.
    runtime.close(in[1]);
    runtime.close(out[0]);
    runtime.close(err[0]);
  }

  private static String procFd(int fd) {
    return "/proc/self/fd/" + fd;
  }

  /** Where the runtime reports about the process (traps, unsupported calls): its stderr. */
  PrintStream diagnostics() {
    return diagnostics;
  }

  /** The host fds the process takes as its stdin, stdout and stderr. */
  int[] processEnds() {
    return new int[] {in[0], out[1], err[1]};
  }

  /**
   * Copies what the session types to the process, and what the process writes to the session, until
   * {@code running} turns false and both pipes are drained. Polls, so that it never blocks on a
   * stream that will not end (a terminal's keyboard) and can run in the session's own thread, where
   * Gogo directs System.out to the session.
   */
  void pump(
      InputStream keyboard,
      OutputStream sessionOut,
      OutputStream sessionErr,
      BooleanSupplier running)
      throws IOException, InterruptedException {
    byte[] buf = new byte[CHUNK];
    boolean stdinOpen = keyboard != null;
    while (true) {
      boolean alive = running.getAsBoolean();
      int moved =
          copyAvailable(fromStdout, sessionOut, buf) + copyAvailable(fromStderr, sessionErr, buf);
      if (stdinOpen && alive) {
        stdinOpen = forwardKeyboard(keyboard, buf);
      }
      if (!alive && moved == 0) {
        break;
      }
      if (moved == 0) {
        Thread.sleep(2);
      }
    }
    sessionOut.flush();
    sessionErr.flush();
  }

  private boolean forwardKeyboard(InputStream keyboard, byte[] buf) throws IOException {
    int n = keyboard.available();
    if (n <= 0) {
      return true;
    }
    int r = keyboard.read(buf, 0, Math.min(n, buf.length));
    if (r < 0) {
      toStdin.close();
      return false;
    }
    try {
      toStdin.write(buf, 0, r);
      toStdin.flush();
      return true;
    } catch (IOException e) {
      // The process closed its stdin: what the session types next is no longer its business.
      return false;
    }
  }

  private static int copyAvailable(InputStream from, OutputStream to, byte[] buf)
      throws IOException {
    int n = from.available();
    if (n <= 0) {
      return 0;
    }
    int r = from.read(buf, 0, Math.min(n, buf.length));
    if (r > 0) {
      to.write(buf, 0, r);
      to.flush();
    }
    return Math.max(r, 0);
  }

  /** Gives the process an end of file on stdin (used when it is killed while it reads). */
  void closeStdin() {
    try {
      toStdin.close();
    } catch (IOException e) {
      // already closed: nothing is left to release
    }
  }

  /** Closes this side's host fds that the process duplicated when it started. */
  void closeProcessEnds() {
    for (int fd : processEnds()) {
      runtime.close(fd);
    }
  }

  @Override
  public void close() throws IOException {
    closeStdin();
    diagnostics.close();
    fromStdout.close();
    fromStderr.close();
  }
}
