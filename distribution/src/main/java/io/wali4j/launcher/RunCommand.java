package io.wali4j.launcher;

import io.wali4j.core.Wali;
import io.wali4j.core.exec.Extern;
import io.wali4j.core.exec.Function;
import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Store;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.ModuleParser;
import io.wali4j.core.wasm.ValidatedModule;
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
 * {@code wali run [--invoke NAME] app.wasm args...}: instantiates the module and runs its {@code
 * _start}, or calls the export {@code NAME} with the arguments parsed by its parameter types and
 * prints each result on a line. A module importing from {@code wali} runs as a WALI process.
 */
@Command(name = "run", description = "Run a module: its _start, or the export given by --invoke.")
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--invoke",
      paramLabel = "NAME",
      description = "call this exported function with ARGS instead of _start; print its results")
  String invoke;

  @Parameters(index = "0", paramLabel = "MODULE", description = "a .wasm (or .wat) file")
  Path module;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "the program's arguments")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      Module parsed = ModuleParser.parse(ModuleFiles.read(module));
      if (invoke == null && Wali.isWaliModule(parsed)) {
        return runWali(parsed);
      }
      ValidatedModule v = Validator.validate(parsed);
      Instance instance = Instance.instantiate(new Store(), v, Imports.NONE);
      String name = invoke != null ? invoke : "_start";
      Function function = exportedFunction(instance, name);
      if (function == null) {
        err.println(
            "wali: "
                + module
                + " exports no function '"
                + name
                + "'"
                + (invoke == null ? " (name one with --invoke NAME)" : ""));
        return Main.EXIT_BAD_MODULE;
      }
      long[] arguments =
          invoke != null ? Values.parseArguments(function.type(), args) : new long[0];
      long[] results = function.call(arguments);
      if (invoke != null) {
        printResults(function.type(), results);
      }
      return 0;
    } catch (IOException e) {
      err.println("wali: " + e.getMessage());
      return Main.EXIT_BAD_MODULE;
    } catch (IllegalArgumentException e) {
      err.println("wali: " + e.getMessage());
      return Main.EXIT_USAGE;
    } catch (WasmException e) {
      err.println("wali: " + module + ": " + Failures.describe(e));
      return Failures.status(e).shellStatus();
    }
  }

  /**
   * A module that imports from {@code wali} runs as a WALI process: argv[0] is the module's path,
   * the environment and working directory are the launcher's, and the launcher exits with the
   * process's status (128 + n for a signal death).
   */
  private int runWali(Module parsed) {
    List<String> argv = new ArrayList<>();
    argv.add(module.toString());
    argv.addAll(args);
    System.out.flush();
    return Wali.process(parsed).argv(argv).run().shellStatus();
  }

  private static Function exportedFunction(Instance instance, String name) {
    Extern e = instance.export(name);
    return e instanceof Function f ? f : null;
  }

  private void printResults(FuncType type, long[] results) {
    PrintWriter out = spec.commandLine().getOut();
    for (int i = 0; i < results.length; i++) {
      out.println(Values.format(type.results()[i], results[i]));
    }
    out.flush();
  }
}
