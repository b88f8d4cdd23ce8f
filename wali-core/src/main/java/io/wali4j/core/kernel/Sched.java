package io.wali4j.core.kernel;

/**
 * A thread's scheduling attributes as the program sees them (sched(7), setpriority(2)): its policy
 * (SCHED_OTHER, SCHED_BATCH or SCHED_IDLE, maybe ORed with {@link #RESET_ON_FORK}) and its nice
 * value. Virtual: every WALI thread runs as the JVM's threads do, whatever it asked for.
 */
public record Sched(int policy, int nice) {

  /** SCHED_OTHER, nice 0: what the first process starts with. */
  public static final Sched DEFAULT = new Sched(0, 0);

  /** sched_setscheduler's flag: a child made by fork or clone does not inherit it. */
  public static final int RESET_ON_FORK = 0x40000000;

  /**
   * What a thread or process made by a thread with these attributes starts with (sched(7)): the
   * same, except that SCHED_RESET_ON_FORK is dropped and, when it was set, a negative nice becomes
   * 0 (the real-time policies it would also reset are never set).
   */
  public Sched inherited() {
    boolean reset = (policy & RESET_ON_FORK) != 0;
    return new Sched(policy & ~RESET_ON_FORK, reset && nice < 0 ? 0 : nice);
  }
}
