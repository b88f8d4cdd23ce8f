package io.wali4j.core.kernel;

import io.wali4j.api.HostSpawner;
import java.util.ServiceLoader;

/** The {@link HostSpawner} service, found once through {@link ServiceLoader}; null when absent. */
public final class HostPrograms {

  private static final HostSpawner SPAWNER =
      ServiceLoader.load(HostSpawner.class).findFirst().orElse(null);

  private HostPrograms() {}

  public static HostSpawner spawner() {
    return SPAWNER;
  }
}
