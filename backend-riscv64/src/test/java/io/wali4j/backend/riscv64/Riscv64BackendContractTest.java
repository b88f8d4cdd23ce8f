package io.wali4j.backend.riscv64;

import io.wali4j.api.ArchBackend;
import io.wali4j.api.tck.ArchBackendContract;
import java.util.List;

/** The riscv64 backend keeps the backend contract (wali-api's test kit). */
class Riscv64BackendContractTest extends ArchBackendContract {

  @Override
  protected ArchBackend backend() {
    return new Riscv64Backend();
  }

  @Override
  protected List<String> osArchValues() {
    return List.of("riscv64");
  }
}
