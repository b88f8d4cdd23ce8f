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
   * Compiles every function of {@code module} that may be compiled, and those of the module's
   * recorded profile in the cache, if any ({@link Profile#RECORDED}): as {@link #compileAhead(
   * ValidatedModule, boolean, Path, Profile)}.
   *
   * @throws IOException when the artifact cannot be written
   * @throws UnsupportedOperationException when the tier has no ahead-of-time cache
   */
  default Artifact compileAhead(ValidatedModule module, boolean nativeMemory, Path cacheDir)
      throws IOException {
    return compileAhead(module, nativeMemory, cacheDir, Profile.RECORDED);
  }

  /**
   * Compiles every function of {@code module} that may be compiled, for instances whose memory is a
   * native reservation ({@code nativeMemory}, as WALI processes have) or on the Java heap, and
   * stores the code in the ahead-of-time cache under {@code cacheDir}, where later runs find it.
   * The functions of {@code profile} (a run's recorded profile: the functions it ran compiled) are
   * compiled too, also those a run compiles only once they have paid, so that a run applying that
   * profile compiles none of them itself.
   *
   * @throws IOException when the artifact cannot be written, or the profile given as a file cannot
   *     be read or is not a profile of this module for this build ({@link BadProfile})
   * @throws UnsupportedOperationException when the tier has no ahead-of-time cache
   */
  default Artifact compileAhead(
      ValidatedModule module, boolean nativeMemory, Path cacheDir, Profile profile)
      throws IOException {
    throw new UnsupportedOperationException("this compiler tier has no ahead-of-time cache");
  }

  /**
   * Which recorded profile {@link #compileAhead} adds to the artifact: none, the one a run with
   * {@code --aot-record} left beside the module's artifact in the cache ({@link #RECORDED}; a file
   * that is unusable there is ignored with one line on stderr, as a run ignores it), or a given
   * file ({@link #file}; an unusable one is an error).
   */
  record Profile(boolean recorded, Path file) {
    public static final Profile NONE = new Profile(false, null);
    public static final Profile RECORDED = new Profile(true, null);

    public static Profile file(Path file) {
      return new Profile(false, file);
    }
  }

  /** A profile given as a file that cannot be used: the message says which file and why. */
  final class BadProfile extends IOException {
    private static final long serialVersionUID = 1L;

    public BadProfile(String message) {
      super(message);
    }
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
   * functions it holds compiled (the rest stay interpreted); the profile it read (null for none),
   * and how many of the compiled functions are there because the profile names them.
   */
  record Artifact(Path file, int compiled, int defined, Path profile, int fromProfile) {}
}
