/** Native access for wali4j: the host syscall trap (jnr-ffi over libc's syscall()). */
module io.wali4j.nativeaccess {
  requires io.wali4j.api;
  requires org.jnrproject.ffi;
  requires static osgi.annotation;
  requires static org.osgi.service.component.annotations;

  // jnr-ffi generates the binding class for LibC reflectively.
  opens io.wali4j.nativeaccess to
      org.jnrproject.ffi;

  provides io.wali4j.api.SyscallTrap with
      io.wali4j.nativeaccess.JnrSyscallTrap;
  provides io.wali4j.api.HostSpawner with
      io.wali4j.nativeaccess.JnrHostSpawner;
}
