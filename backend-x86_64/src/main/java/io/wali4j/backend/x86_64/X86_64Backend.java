package io.wali4j.backend.x86_64;

import io.wali4j.api.ArchBackend;
import io.wali4j.api.HostConstants;
import io.wali4j.api.StructLayouts;
import io.wali4j.api.SyscallTable;
import org.osgi.service.component.annotations.Component;

/** The x86_64 host backend. Its tables are data files beside this class. */
@Component(service = ArchBackend.class, property = "wali.isa=x86_64")
public final class X86_64Backend implements ArchBackend {

  private static final SyscallTable SYSCALLS =
      SyscallTable.load(X86_64Backend.class.getResourceAsStream("syscalls.properties"));
  private static final StructLayouts LAYOUTS =
      StructLayouts.load(X86_64Backend.class.getResourceAsStream("layouts.properties"));
  private static final HostConstants CONSTANTS =
      HostConstants.load(X86_64Backend.class.getResourceAsStream("constants.properties"));

  @Override
  public String isa() {
    return "x86_64";
  }

  @Override
  public boolean servesOsArch(String osArch) {
    return "amd64".equals(osArch) || "x86_64".equals(osArch);
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
