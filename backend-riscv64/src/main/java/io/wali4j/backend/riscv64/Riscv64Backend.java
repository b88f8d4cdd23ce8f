package io.wali4j.backend.riscv64;

import io.wali4j.api.ArchBackend;
import io.wali4j.api.SyscallTable;

/** The riscv64 host backend. Its tables are data files beside this class. */
public final class Riscv64Backend implements ArchBackend {

  private static final SyscallTable SYSCALLS =
      SyscallTable.load(Riscv64Backend.class.getResourceAsStream("syscalls.properties"));

  @Override
  public String isa() {
    return "riscv64";
  }

  @Override
  public boolean servesOsArch(String osArch) {
    return "riscv64".equals(osArch);
  }

  @Override
  public SyscallTable syscalls() {
    return SYSCALLS;
  }
}
