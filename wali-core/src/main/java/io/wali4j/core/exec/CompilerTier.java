package io.wali4j.core.exec;

import io.wali4j.core.wasm.ValidatedModule;
import java.io.IOException;
import java.nio.file.Path;
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

  /**
   * Compiles every function of {@code module} that may be compiled, for instances whose memory is a
   * native reservation ({@code nativeMemory}, as WALI processes have) or on the Java heap, and
   * stores the code in the ahead-of-time cache under {@code cacheDir}, where later runs find it.
   *
   * @throws IOException when the artifact cannot be written
   * @throws UnsupportedOperationException when the tier has no ahead-of-time cache
   */
  default Artifact compileAhead(ValidatedModule module, boolean nativeMemory, Path cacheDir)
      throws IOException {
    throw new UnsupportedOperationException("this compiler tier has no ahead-of-time cache");
  }

  /** What the tier did so far in this JVM (for {@code wali:jit} and diagnostics). */
  default Stats stats() {
    return new Stats(0, 0);
  }

  /**
   * Modules the tier compiled, and modules whose code it took from the ahead-of-time cache instead.
   */
  record Stats(int compiledModules, int cachedModules) {}

  /**
   * What {@link #compileAhead} wrote: the artifact file, and how many of the module's defined
   * functions it holds compiled (the rest stay interpreted).
   */
  record Artifact(Path file, int compiled, int defined) {}
}
