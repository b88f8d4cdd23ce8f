package io.wali4j.backend.aarch64;

import io.wali4j.api.ArchBackend;
import io.wali4j.api.HostConstants;
import io.wali4j.api.StructLayouts;
import io.wali4j.api.SyscallTable;
import org.osgi.service.component.annotations.Component;

/** The aarch64 host backend. Its tables are data files beside this class. */
@Component(service = ArchBackend.class, property = "wali.isa=aarch64")
public final class Aarch64Backend implements ArchBackend {

  private static final SyscallTable SYSCALLS =
      SyscallTable.load(Aarch64Backend.class.getResourceAsStream("syscalls.properties"));
  private static final StructLayouts LAYOUTS =
      StructLayouts.load(Aarch64Backend.class.getResourceAsStream("layouts.properties"));
  private static final HostConstants CONSTANTS =
      HostConstants.load(Aarch64Backend.class.getResourceAsStream("constants.properties"));

  @Override
  public String isa() {
    return "aarch64";
  }

  @Override
  public boolean servesOsArch(String osArch) {
    return "aarch64".equals(osArch);
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
