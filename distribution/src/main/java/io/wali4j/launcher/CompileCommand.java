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
    description = {
      "Compile modules ahead of time into the code cache that later runs of the same module use.",
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
    int status = 0;
    for (Path module : modules) {
      try {
        Module parsed = ModuleParser.parse(ModuleFiles.read(module));
        // A WALI process's memory is a native reservation; another module's is on the heap.
        CompilerTier.Artifact a =
            tier.compileAhead(
                Validator.validate(parsed), Wali.isWaliModule(parsed), cache.toAbsolutePath());
        out.printf(
            "%s: %d of %d functions compiled to %s%n", module, a.compiled(), a.defined(), a.file());
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
