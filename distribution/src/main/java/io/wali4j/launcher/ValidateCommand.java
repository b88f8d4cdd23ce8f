package io.wali4j.launcher;

import io.wali4j.core.wasm.ModuleParser;
import io.wali4j.core.wasm.ValidatedModule;
import io.wali4j.core.wasm.Validator;
import io.wali4j.core.wasm.WasmException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wali validate app.wasm}: decodes and validates without running. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Check that a module decodes and validates.")
final class ValidateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODULE", description = "a .wasm (or .wat) file")
  Path module;

  @Override
  public Integer call() {
    try {
      ValidatedModule v = Validator.validate(ModuleParser.parse(ModuleFiles.read(module)));
      spec.commandLine()
          .getOut()
          .printf(
              "%s: valid (%d functions, %d imports, %d exports)%n",
              module,
              v.module().functionCount(),
              v.module().imports().size(),
              v.module().exports().size());
      return 0;
    } catch (IOException e) {
      spec.commandLine().getErr().println("wali: " + e.getMessage());
      return Main.EXIT_BAD_MODULE;
    } catch (WasmException e) {
      spec.commandLine().getErr().println("wali: " + module + ": " + Failures.describe(e));
      return Main.EXIT_BAD_MODULE;
    }
  }
}
