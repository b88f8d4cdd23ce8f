/** The aarch64 backend: WALI ABI to aarch64 host translation tables. */
module io.wali4j.backend.aarch64 {
  requires io.wali4j.api;
  requires static osgi.annotation;
  requires static org.osgi.service.component.annotations;

  provides io.wali4j.api.ArchBackend with
      io.wali4j.backend.aarch64.Aarch64Backend;
}
