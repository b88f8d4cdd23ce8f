/** The x86_64 backend: WALI ABI to x86_64 host translation tables. */
module io.wali4j.backend.x86_64 {
  requires io.wali4j.api;
  requires static osgi.annotation;
  requires static org.osgi.service.component.annotations;

  provides io.wali4j.api.ArchBackend with
      io.wali4j.backend.x86_64.X86_64Backend;
}
