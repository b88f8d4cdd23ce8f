/** The wali4j service API: interfaces and value types shared by the core, backends and bundles. */
module io.wali4j.api {
  requires static osgi.annotation;

  exports io.wali4j.api;
}
