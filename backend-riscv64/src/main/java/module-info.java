/** The riscv64 backend: WALI ABI to riscv64 host translation tables. */
module io.wali4j.backend.riscv64 {
  requires io.wali4j.api;
  requires static osgi.annotation;
  requires static org.osgi.service.component.annotations;

  provides io.wali4j.api.ArchBackend with
      io.wali4j.backend.riscv64.Riscv64Backend;
}
