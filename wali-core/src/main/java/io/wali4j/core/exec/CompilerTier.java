package io.wali4j.core.exec;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The compiler tier as the engine sees it: Wasm functions compiled to JVM code by another bundle
 * (wali-jit), found by {@link java.util.ServiceLoader} or registered with {@link
 * Jit#register(CompilerTier)}. A tier installs what it compiles with {@link
 * WasmFunction#install(HostCode)}; the interpreter then calls that code instead of interpreting.
 */
@ConsumerType
public interface CompilerTier {

  /**
   * Function {@code f} is hot (its interpreted calls passed {@link Jit#HOT_CALLS}): compile it, and
   * what it calls, in the background.
   */
  void hot(WasmFunction f);

  /** Compiles every function of {@code instance} that may be compiled, before any runs. */
  void compileAll(Instance instance);
}
