/** The wali4j engine: Wasm decoding, validation, execution, and the WALI layer. */
module io.wali4j.core {
  requires io.wali4j.api;
  requires static osgi.annotation;
  // sun.misc.Unsafe: linear memory is addressed with long offsets (memories reach 4 GiB, past
  // what a ByteBuffer can index), on the heap and natively alike.
  requires jdk.unsupported;

  exports io.wali4j.core.wasm;
  exports io.wali4j.core.exec;
  exports io.wali4j.core;

  uses io.wali4j.api.SyscallTrap;
  uses io.wali4j.api.ArchBackend;
  uses io.wali4j.core.exec.CompilerTier;
  uses io.wali4j.api.HostSpawner;
}
