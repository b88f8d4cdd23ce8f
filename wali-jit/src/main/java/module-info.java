/**
 * The compiler tier of wali4j: Wasm functions compiled to JVM bytecode (ASM), one class per batch.
 */
module io.wali4j.jit {
  requires io.wali4j.core;
  requires org.objectweb.asm;
  // sun.misc.Unsafe: compiled loads and stores address linear memory as Memory does.
  requires jdk.unsupported;
  // The compiler's CPU time, for -v=3 (ThreadMXBean).
  requires java.management;
  requires static osgi.annotation;
  requires static org.osgi.service.component.annotations;

  provides io.wali4j.core.exec.CompilerTier with
      io.wali4j.jit.internal.JitTier;
}
