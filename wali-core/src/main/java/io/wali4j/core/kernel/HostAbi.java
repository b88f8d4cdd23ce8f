package io.wali4j.core.kernel;

import io.wali4j.api.ArchBackend;
import io.wali4j.api.StructLayouts;
import java.util.Map;

/**
 * The host side of the translations the backend in force implies: its struct layouts and the open
 * flag translation derived from its constants. Refilled when the backend changes, like {@link
 * SyscallNumbers}; each value is published through its own volatile field.
 */
public final class HostAbi {

  private volatile StructLayouts layouts = new StructLayouts(Map.of());
  private volatile OpenFlags openFlags = OpenFlags.IDENTITY;

  void fill(ArchBackend backend) {
    openFlags = OpenFlags.of(backend.constants());
    layouts = backend.layouts();
  }

  /** The host's struct layouts (none described: the runtime takes the host's to be WALI's). */
  public StructLayouts layouts() {
    return layouts;
  }

  public OpenFlags openFlags() {
    return openFlags;
  }
}
