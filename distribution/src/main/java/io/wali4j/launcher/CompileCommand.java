package io.wali4j.launcher;

import io.wali4j.core.Wali;
import io.wali4j.core.exec.CompilerTier;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.ModuleParser;
import io.wali4j.core.wasm.Validator;
import io.wali4j.core.wasm.WasmException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wali compile app.wasm...}: compiles every function the compiler tier takes to JVM classes
 * and stores them in the ahead-of-time cache, keyed by the module's SHA-256 and the runtime's
 * build, where later {@code wali run}s of the same module find them instead of compiling.
 */
@Command(
    name = "compile",
    mixinStandardHelpOptions = true,
    description = {
      "Compile modules ahead of time into the code cache that later runs of the same module use:"
          + " every function an eager run compiles, and the functions of the module's recorded"
          + " profile (`wali run --aot-record` beside it in the cache, or --profile), so that a"
          + " run applying the profile compiles nothing itself.",
      "The cache: --aot-cache, else -Dwali4j.aot.cache, else $XDG_CACHE_HOME/wali4j/aot, else"
          + " ~/.cache/wali4j/aot."
    })
final class CompileCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--aot-cache",
      paramLabel = "DIR",
      description = "the cache directory (default: ${DEFAULT-VALUE})")
  Path cache = Jit.DEFAULT_AOT_CACHE;

  @Option(
      names = "--profile",
      paramLabel = "FILE",
      description =
          "add the functions of this recorded profile (a .profile file written by `wali run"
              + " --aot-record`), for one MODULE; an unusable file is an error. Default: the"
              + " profile recorded in the cache for the module, if any (one line on stderr and"
              + " none used when it is unusable)")
  Path profile;

  @Option(
      names = "--no-profile",
      description = "compile only the functions an eager run compiles, whatever was recorded")
  boolean noProfile;

  @Parameters(arity = "1..*", paramLabel = "MODULE", description = "a .wasm (or .wat) file")
  List<Path> modules = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CompilerTier tier = Jit.tier();
    if (tier == null) {
      err.println("wali: no compiler tier (wali-jit) on the module path");
      return Main.EXIT_USAGE;
    }
    if (cache == null) {
      err.println("wali: no cache directory (-Dwali4j.aot.cache=none): give one with --aot-cache");
      return Main.EXIT_USAGE;
    }
    if (profile != null && (noProfile || modules.size() != 1)) {
      err.println("wali: --profile takes one MODULE, and not with --no-profile");
      return Main.EXIT_USAGE;
    }
    CompilerTier.Profile choice =
        noProfile
            ? CompilerTier.Profile.NONE
            : profile != null
                ? CompilerTier.Profile.file(profile.toAbsolutePath())
                : CompilerTier.Profile.RECORDED;
    int status = 0;
    for (Path module : modules) {
      try {
        Module parsed = ModuleParser.parse(ModuleFiles.read(module));
        // A WALI process's memory is a native reservation; another module's is on the heap.
        CompilerTier.Artifact a =
            tier.compileAhead(
                Validator.validate(parsed),
                Wali.isWaliModule(parsed),
                cache.toAbsolutePath(),
                choice);
        out.printf(
            "%s: %d of %d functions compiled to %s%s%n",
            module,
            a.compiled(),
            a.defined(),
            a.file(),
            a.profile() == null
                ? ""
                : " (" + a.fromProfile() + " more from the profile " + a.profile() + ")");
      } catch (CompilerTier.BadProfile e) {
        err.println("wali: " + module + ": " + e.getMessage());
        status = Main.EXIT_USAGE;
      } catch (IOException e) {
        err.println("wali: " + module + ": " + e.getMessage());
        status = Main.EXIT_BAD_MODULE;
      } catch (WasmException e) {
        err.println("wali: " + module + ": " + Failures.describe(e));
        status = Main.EXIT_BAD_MODULE;
      }
    }
    out.flush();
    return status;
  }
}
