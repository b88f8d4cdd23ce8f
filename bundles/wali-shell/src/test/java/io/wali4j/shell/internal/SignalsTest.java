package io.wali4j.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SignalsTest {

  @Test
  void parsesNumbersNamesAndKillStyleSpellings() {
    assertEquals(9, Signals.parse("9"));
    assertEquals(9, Signals.parse("KILL"));
    assertEquals(9, Signals.parse("sigkill"));
    assertEquals(9, Signals.parse("-9"));
    assertEquals(15, Signals.parse("-TERM"));
    assertEquals(2, Signals.parse("SIGINT"));
    assertEquals(0, Signals.parse("0"));
  }

  @Test
  void rejectsWhatIsNoSignal() {
    assertThrows(IllegalArgumentException.class, () -> Signals.parse("FOO"));
    assertThrows(IllegalArgumentException.class, () -> Signals.parse("65"));
    assertThrows(IllegalArgumentException.class, () -> Signals.parse(""));
  }

  @Test
  void onlySignalsWhoseDefaultActionIsToTerminateEndAProcess() {
    assertTrue(Signals.endsProcess(15));
    assertTrue(Signals.endsProcess(9));
    assertTrue(Signals.endsProcess(11));
    assertFalse(Signals.endsProcess(0));
    assertFalse(Signals.endsProcess(17), "SIGCHLD is ignored");
    assertFalse(Signals.endsProcess(28), "SIGWINCH is ignored");
    assertFalse(Signals.endsProcess(19), "SIGSTOP stops");
    assertTrue(Signals.endsProcess(40), "a real-time signal's default action ends a process");
    assertFalse(Signals.endsProcess(65));
  }
}
