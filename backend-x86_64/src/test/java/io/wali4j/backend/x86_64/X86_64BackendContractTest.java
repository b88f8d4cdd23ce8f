package io.wali4j.backend.x86_64;

import io.wali4j.api.ArchBackend;
import io.wali4j.api.tck.ArchBackendContract;
import java.util.List;

/** The x86_64 backend keeps the backend contract (wali-api's test kit). */
class X86_64BackendContractTest extends ArchBackendContract {

  @Override
  protected ArchBackend backend() {
    return new X86_64Backend();
  }

  @Override
  protected List<String> osArchValues() {
    return List.of("amd64", "x86_64");
  }
}
