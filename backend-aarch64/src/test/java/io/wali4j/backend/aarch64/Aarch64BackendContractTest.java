package io.wali4j.backend.aarch64;

import io.wali4j.api.ArchBackend;
import io.wali4j.api.tck.ArchBackendContract;
import java.util.List;

/** The aarch64 backend keeps the backend contract (wali-api's test kit). */
class Aarch64BackendContractTest extends ArchBackendContract {

  @Override
  protected ArchBackend backend() {
    return new Aarch64Backend();
  }

  @Override
  protected List<String> osArchValues() {
    return List.of("aarch64");
  }
}
