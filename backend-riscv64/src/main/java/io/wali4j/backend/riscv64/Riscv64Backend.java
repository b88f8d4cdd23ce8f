package io.wali4j.backend.riscv64;

import io.wali4j.api.ArchBackend;
import io.wali4j.api.HostConstants;
import io.wali4j.api.StructLayouts;
import io.wali4j.api.SyscallTable;
import org.osgi.service.component.annotations.Component;

/** The riscv64 host backend. Its tables are data files beside this class. */
@Component(service = ArchBackend.class, property = "wali.isa=riscv64")
public final class Riscv64Backend implements ArchBackend {

  private static final SyscallTable SYSCALLS =
      SyscallTable.load(Riscv64Backend.class.getResourceAsStream("syscalls.properties"));
  private static final StructLayouts LAYOUTS =
      StructLayouts.load(Riscv64Backend.class.getResourceAsStream("layouts.properties"));
  private static final HostConstants CONSTANTS =
      HostConstants.load(Riscv64Backend.class.getResourceAsStream("constants.properties"));

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

  @Override
  public StructLayouts layouts() {
    return LAYOUTS;
  }

  @Override
  public HostConstants constants() {
    return CONSTANTS;
  }
}
