package io.wali4j.launcher;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code wali} command. The exit status is the program's own; failures before the program runs
 * (unreadable, malformed, invalid or unlinkable module) exit with {@link #EXIT_BAD_MODULE} after
 * one line on stderr, never a Java stack trace.
 */
@Command(
    name = "wali",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Runs WebAssembly Linux Interface (WALI) programs on the JVM.",
    subcommands = {RunCommand.class, CompileCommand.class, ValidateCommand.class})
public final class Main implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Exit status when the module cannot be read, decoded, validated or linked. */
  public static final int EXIT_BAD_MODULE = 1;

  /** Exit status for wrong command-line usage. */
  public static final int EXIT_USAGE = 2;

  /** Exit status for a failure of wali4j itself (a bug): reported in one line, never silent. */
  public static final int EXIT_INTERNAL = 70;

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command line with the given streams and returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new Main(), new Factory(err));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExitCodeExceptionMapper(
        e -> e instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_INTERNAL);
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          err.println("wali: internal error: " + e);
          if (Boolean.getBoolean("wali.debug")) {
            e.printStackTrace(err);
          } else {
            err.println("wali: run with -Dwali.debug=true (JAVA_OPTS) for the stack trace");
          }
          return EXIT_INTERNAL;
        });
    cli.getSubcommands().get("run").setStopAtPositional(true);
    int status = cli.execute(args);
    out.flush();
    err.flush();
    return status;
  }

  /**
   * No command given: the usage on stderr, through this command line (its factory makes the
   * subcommands, its streams are the ones {@link #run(String[], PrintStream, PrintStream)} was
   * given), and {@link #EXIT_USAGE}.
   */
  @Override
  public Integer call() {
    CommandLine cli = spec.commandLine();
    cli.getErr().println("wali: a command is required (run, compile or validate)");
    cli.usage(cli.getErr());
    return EXIT_USAGE;
  }

  /** Makes the subcommands; {@code run} reports the runtime's diagnostics to the CLI's stderr. */
  private record Factory(PrintStream err) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      if (cls == RunCommand.class) {
        return cls.cast(new RunCommand(err));
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }

  /** Reports the version recorded in the launcher's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"wali4j " + (v != null ? v : "0.1.0-SNAPSHOT")};
    }
  }
}
