package io.wali4j.core.spec;

import io.wali4j.core.exec.Extern;
import io.wali4j.core.exec.Function;
import io.wali4j.core.exec.Global;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Store;
import io.wali4j.core.spec.SpecCommand.Action;
import io.wali4j.core.spec.SpecCommand.Value;
import io.wali4j.core.wasm.ErrorKind;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.ModuleParser;
import io.wali4j.core.wasm.ValidatedModule;
import io.wali4j.core.wasm.Validator;
import io.wali4j.core.wasm.WasmException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the commands of one script in order against one store, as the spec's reference interpreter
 * does: the current module, named modules, registered modules and one {@code spectest} instance.
 * Each command yields an {@link Outcome}; a failure describes what differed.
 */
final class ScriptRun {

  /** What running one command gave. */
  record Outcome(Status status, String detail) {
    static final Outcome PASS = new Outcome(Status.PASS, "");

    static Outcome fail(String detail) {
      return new Outcome(Status.FAIL, detail);
    }

    static Outcome skip(String detail) {
      return new Outcome(Status.SKIP, detail);
    }
  }

  enum Status {
    PASS,
    FAIL,
    SKIP
  }

  /** Thrown inside a command when it cannot pass; becomes a FAIL outcome. */
  private static final class Mismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Mismatch(String message) {
      super(message);
    }
  }

  private static final Set<ErrorKind> INSTANTIATION_FAILURES =
      EnumSet.of(ErrorKind.UNINSTANTIABLE, ErrorKind.TRAP, ErrorKind.EXHAUSTION);

  private final Path dir;
  private final SpecTally tally;
  private final Store store = new Store();
  private final SpectestModule spectest = new SpectestModule();
  private final Map<String, Instance> named = new HashMap<>();
  private final Map<String, Instance> registered = new HashMap<>();
  private Instance current;

  /**
   * @param dir the directory holding the script's JSON and module files
   * @param tally where outcomes and message matches are counted
   */
  ScriptRun(Path dir, SpecTally tally) {
    this.dir = dir;
    this.tally = tally;
  }

  /** Runs {@code cmd}, counts and returns its outcome. */
  Outcome run(SpecCommand cmd) {
    Outcome outcome;
    try {
      outcome = dispatch(cmd);
    } catch (Mismatch e) {
      outcome = Outcome.fail(e.getMessage());
    } catch (SpecValues.UnsupportedValueException e) {
      outcome = Outcome.fail(e.getMessage());
    } catch (WasmException e) {
      outcome = Outcome.fail("unexpected " + e.kind() + ": " + e.getMessage());
    } catch (StackOverflowError e) {
      outcome = Outcome.fail("engine let a StackOverflowError escape (expected EXHAUSTION)");
    } catch (RuntimeException e) {
      // An engine bug (or an unwritten part: UnsupportedOperationException); report, don't hide.
      outcome = Outcome.fail("engine threw " + e);
    }
    tally.count(cmd, outcome);
    return outcome;
  }

  private Outcome dispatch(SpecCommand cmd) {
    switch (cmd.type()) {
      case "module":
        current = instantiate(decode(cmd));
        if (cmd.name() != null) {
          named.put(cmd.name(), current);
        }
        return Outcome.PASS;
      case "register":
        registered.put(cmd.as(), instance(cmd.name()));
        return Outcome.PASS;
      case "action":
        perform(cmd.action());
        return Outcome.PASS;
      case "assert_return":
        return assertReturn(cmd);
      case "assert_trap":
        return assertFails(cmd, ErrorKind.TRAP);
      case "assert_exhaustion":
        return assertFails(cmd, ErrorKind.EXHAUSTION);
      case "assert_malformed":
      case "assert_invalid":
      case "assert_unlinkable":
      case "assert_uninstantiable":
        return assertModuleFails(cmd);
      default:
        return Outcome.fail("unknown command type " + cmd.type());
    }
  }

  private Outcome assertReturn(SpecCommand cmd) {
    long[] results = perform(cmd.action());
    List<Value> expected = cmd.expected();
    if (results.length != expected.size()) {
      throw new Mismatch(
          "expected " + expected.size() + " results " + expected + ", got " + results.length);
    }
    for (int i = 0; i < results.length; i++) {
      if (!SpecValues.matches(expected.get(i), results[i])) {
        throw new Mismatch(
            "result "
                + i
                + ": expected "
                + expected.get(i)
                + ", got "
                + SpecValues.describe(expected.get(i).type(), results[i]));
      }
    }
    return Outcome.PASS;
  }

  /** assert_trap and assert_exhaustion on an action: kind must match, spec text is a prefix. */
  private Outcome assertFails(SpecCommand cmd, ErrorKind kind) {
    if (cmd.action() == null) {
      return assertModuleFails(cmd);
    }
    long[] results;
    try {
      results = perform(cmd.action());
    } catch (WasmException e) {
      if (e.kind() != kind) {
        throw new Mismatch("expected " + kind + " \"" + cmd.text() + "\", got " + describe(e));
      }
      if (!messageMatches(cmd.text(), e)) {
        throw new Mismatch("expected \"" + cmd.text() + "\", got \"" + e.getMessage() + "\"");
      }
      return Outcome.PASS;
    }
    throw new Mismatch(
        "expected " + kind + " \"" + cmd.text() + "\", returned " + results.length + " results");
  }

  /**
   * A module that must fail with the failure kind the command names. Only the kind decides; a
   * message that differs is counted (see {@link SpecTally#messageMismatches()}).
   */
  private Outcome assertModuleFails(SpecCommand cmd) {
    if ("text".equals(cmd.moduleType())) {
      return Outcome.skip("text-format module: tests the text parser, not applicable");
    }
    Set<ErrorKind> kinds =
        switch (cmd.type()) {
          case "assert_malformed" -> EnumSet.of(ErrorKind.MALFORMED);
          case "assert_invalid" -> EnumSet.of(ErrorKind.INVALID);
          case "assert_unlinkable" -> EnumSet.of(ErrorKind.UNLINKABLE);
          default -> INSTANTIATION_FAILURES;
        };
    boolean linkToo = !kinds.contains(ErrorKind.MALFORMED) && !kinds.contains(ErrorKind.INVALID);
    WasmException failure = null;
    try {
      ValidatedModule module = decode(cmd);
      if (linkToo) {
        instantiate(module);
      }
    } catch (WasmException e) {
      failure = e;
    }
    if (failure == null) {
      throw new Mismatch("expected " + kinds + " \"" + cmd.text() + "\", module was accepted");
    }
    if (!kinds.contains(failure.kind())) {
      throw new Mismatch("expected " + kinds + " \"" + cmd.text() + "\", got " + describe(failure));
    }
    tally.message(cmd, messageMatches(cmd.text(), failure), failure.getMessage());
    return Outcome.PASS;
  }

  private ValidatedModule decode(SpecCommand cmd) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(dir.resolve(cmd.filename()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Module module = ModuleParser.parse(bytes);
    return Validator.validate(module);
  }

  private Instance instantiate(ValidatedModule module) {
    return Instance.instantiate(store, module, this::resolveImport);
  }

  private Extern resolveImport(String module, String name) {
    if (module.equals("spectest")) {
      return spectest.resolve(name);
    }
    Instance instance = registered.get(module);
    return instance == null ? null : instance.export(name);
  }

  private long[] perform(Action action) {
    Instance instance = instance(action.module());
    Extern extern = instance.export(action.field());
    if (extern == null) {
      throw new Mismatch("no export named \"" + action.field() + "\"");
    }
    if (action.type().equals("get")) {
      if (!(extern instanceof Global global)) {
        throw new Mismatch("export \"" + action.field() + "\" is not a global");
      }
      return new long[] {global.get()};
    }
    if (!(extern instanceof Function function)) {
      throw new Mismatch("export \"" + action.field() + "\" is not a function");
    }
    long[] args = new long[action.args().size()];
    for (int i = 0; i < args.length; i++) {
      args[i] = SpecValues.encode(action.args().get(i));
    }
    return function.call(args);
  }

  private Instance instance(String name) {
    Instance instance = name == null ? current : named.get(name);
    if (instance == null) {
      throw new Mismatch(name == null ? "no module instantiated" : "no module named " + name);
    }
    return instance;
  }

  /** The spec's text is a prefix of ours (ours may say where the failure happened). */
  private static boolean messageMatches(String expected, WasmException e) {
    return expected == null
        || e.getMessage().startsWith(expected)
        || e.failure().message().startsWith(expected);
  }

  private static String describe(WasmException e) {
    return e.kind() + " \"" + e.getMessage() + "\"";
  }
}
