package io.wali4j.core.kernel;

import java.util.HashMap;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Routes SIGINT, SIGTERM, SIGHUP and SIGWINCH that the JVM receives to the foreground process group
 * of a WALI root's session (a terminal's Ctrl-C reaches the program, not the JVM), while that root
 * runs; then the JVM's own handlers come back. For a launcher that runs one program as the JVM's
 * main work; an embedder that shares its JVM leaves it off.
 */
public final class HostSignals {

  private static final String[] ROUTED = {"INT", "TERM", "HUP", "WINCH"};

  private static final Map<String, SignalHandler> SAVED = new HashMap<>();
  private static Process root;

  private HostSignals() {}

  /** Routes the host signals to {@code p}'s foreground group until {@link #release}. */
  public static synchronized void route(Process p) {
    if (root != null) {
      return;
    }
    root = p;
    for (String name : ROUTED) {
      try {
        Signal s = new Signal(name);
        SAVED.put(name, Signal.handle(s, HostSignals::deliver));
      } catch (IllegalArgumentException e) {
        // The VM reserves this one here: leave it to the VM.
      }
    }
  }

  /** Gives the JVM its handlers back once {@code p} ends. */
  public static synchronized void release(Process p) {
    if (root != p) {
      return;
    }
    SAVED.forEach((name, h) -> Signal.handle(new Signal(name), h));
    SAVED.clear();
    root = null;
  }

  private static void deliver(Signal s) {
    Process r;
    synchronized (HostSignals.class) {
      r = root;
    }
    if (r == null) {
      return;
    }
    Kernel k = r.kernel();
    for (Process q : k.group(r, k.foreground(r))) {
      q.signal(s.getNumber(), 0x80, 0); // SI_KERNEL: from the terminal, not a process
    }
  }
}
