/** The command-line launcher: {@code wali run app.wasm args}. */
module io.wali4j.launcher {
  requires io.wali4j.api;
  requires io.wali4j.core;
  requires info.picocli;
  requires static osgi.annotation;

  opens io.wali4j.launcher to
      info.picocli;
}
