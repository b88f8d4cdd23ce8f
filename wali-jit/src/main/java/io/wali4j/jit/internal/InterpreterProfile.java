package io.wali4j.jit.internal;

import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.wasm.Module;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * With {@code -Dwali4j.jit.profile=N} (diagnostics): at the JVM's exit, the N functions of each
 * module that made hot functions where the interpreter spent the most samples (its own code, one
 * sample per {@link Jit#LOOP_SAMPLE} branches and entries; slow-path calls from compiled code count
 * one per {@link Jit#SLOW_CALLS_PER_SAMPLE}), with their calls, length, and whether they ended
 * compiled: where a tiered run's interpreted time went, by Wasm function.
 */
final class InterpreterProfile {

  static final int TOP = Integer.getInteger("wali4j.jit.profile", 0);

  private static final Map<Module, Instance> SEEN = new WeakHashMap<>();

  private InterpreterProfile() {}

  /** Remembers {@code inst}'s module (one instance each) for the report at exit. */
  static void see(Instance inst) {
    if (TOP <= 0) {
      return;
    }
    synchronized (SEEN) {
      if (SEEN.isEmpty()) {
        Runtime.getRuntime().addShutdownHook(new Thread(InterpreterProfile::report));
      }
      SEEN.putIfAbsent(inst.module(), inst);
    }
  }

  private static void report() {
    List<Instance> all;
    synchronized (SEEN) {
      all = new ArrayList<>(SEEN.values());
    }
    for (Instance inst : all) {
      System.err.println(lines(inst, TOP));
    }
  }

  /** The report for one instance: a total, then the top {@code n} functions by samples. */
  static String lines(Instance inst, int n) {
    Module m = inst.module();
    List<WasmFunction> fs = new ArrayList<>();
    long total = 0;
    for (int i = m.importedFunctionCount(); i < m.functionCount(); i++) {
      WasmFunction w = (WasmFunction) inst.function(i);
      total += w.samplesCounted();
      if (w.samplesCounted() > 0) {
        fs.add(w);
      }
    }
    fs.sort(Comparator.comparingInt(WasmFunction::samplesCounted).reversed());
    StringBuilder sb = new StringBuilder();
    sb.append("wali4j: jit: interpreter samples: ")
        .append(total)
        .append(" in ")
        .append(fs.size())
        .append(" functions (samples, share, calls, slots, compiled at exit)");
    for (WasmFunction w : fs.subList(0, Math.min(n, fs.size()))) {
      sb.append(
          String.format(
              "%nwali4j: jit:   %8d %5.1f%% %10d %6d %s %s",
              w.samplesCounted(),
              100.0 * w.samplesCounted() / Math.max(1, total),
              w.callsCounted(),
              w.code().code().length,
              w.compiled() != null ? "yes" : "no ",
              w.name()));
    }
    return sb.toString();
  }
}
