package io.wali4j.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The app workloads: a real C program built as a WALI module and natively from the same source
 * (benchmarks/build-apps.sh), run on a workload from benchmarks/apps that takes a few seconds
 * natively. Selected by name on the {@code ./bench} command line.
 */
public enum App {
  /** Lua 5.4 running benchmarks/apps/workload.lua: tables, strings, closures. */
  LUA("lua") {
    @Override
    List<String> args(Path workloads) {
      return List.of(workloads.resolve("workload.lua").toString());
    }
  },
  /** The sqlite3 shell on benchmarks/apps/workload.sql: 200k rows inserted and queried. */
  SQLITE("sqlite3") {
    @Override
    List<String> args(Path workloads) {
      return List.of(":memory:", ".read " + workloads.resolve("workload.sql"));
    }
  };

  private final String program;

  App(String program) {
    this.program = program;
  }

  /** The name the command line selects it by, e.g. {@code sqlite}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The native executable's file name; the module is this plus {@code .wasm}. */
  public String program() {
    return program;
  }

  /** The program's arguments (after argv[0]) for the workload files in {@code workloads}. */
  abstract List<String> args(Path workloads);

  /** The app a command-line word names ({@code lua}, {@code sqlite}, {@code sqlite3}), or null. */
  static App named(String word) {
    for (App app : values()) {
      if (app.label().equals(word) || app.program.equals(word)) {
        return app;
      }
    }
    return null;
  }
}
