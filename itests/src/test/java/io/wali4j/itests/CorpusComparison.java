package io.wali4j.itests;

/**
 * The native and the WALI run of one corpus program, and how they differ: exit status, stdout,
 * files left in TMPDIR. stderr is not compared (it holds file names and the runtime's warnings) but
 * is shown when the runs differ.
 */
final class CorpusComparison {

  private final NativeRun nativeRun;
  private final WaliRun waliRun;
  private final String waliBuildError;

  private CorpusComparison(NativeRun nativeRun, WaliRun waliRun, String waliBuildError) {
    this.nativeRun = nativeRun;
    this.waliRun = waliRun;
    this.waliBuildError = waliBuildError;
  }

  static CorpusComparison of(NativeRun nativeRun, WaliRun waliRun) {
    return new CorpusComparison(nativeRun, waliRun, null);
  }

  /** The WALI build failed: that is a difference too (the native build must have succeeded). */
  static CorpusComparison waliBuildFailed(NativeRun nativeRun, String error) {
    return new CorpusComparison(nativeRun, null, error);
  }

  NativeRun nativeRun() {
    return nativeRun;
  }

  /** Null when the WALI run behaved as the native one, else what differs, for a failure message. */
  String difference() {
    if (waliBuildError != null) {
      return "wali-cc failed: " + waliBuildError;
    }
    String nativeStatus = "exit " + nativeRun.exitStatus();
    if (!nativeStatus.equals(waliRun.status())) {
      return "status: native " + nativeStatus + ", wali4j " + waliRun.status() + details();
    }
    if (!nativeRun.stdout().equals(waliRun.stdout())) {
      return "stdout differs at " + firstDifference() + details();
    }
    if (!waliRun.leftovers().isEmpty()) {
      return "wali4j left files in TMPDIR: " + waliRun.leftovers() + details();
    }
    return null;
  }

  private String firstDifference() {
    String[] a = nativeRun.stdout().split("\n", -1);
    String[] b = waliRun.stdout().split("\n", -1);
    int i = 0;
    while (i < a.length && i < b.length && a[i].equals(b[i])) {
      i++;
    }
    return "line "
        + (i + 1)
        + ": native '"
        + (i < a.length ? a[i] : "<end>")
        + "', wali4j '"
        + (i < b.length ? b[i] : "<end>")
        + "'";
  }

  private String details() {
    return "\nwali4j stderr:\n" + waliRun.stderr() + "wali4j stdout:\n" + waliRun.stdout();
  }
}
