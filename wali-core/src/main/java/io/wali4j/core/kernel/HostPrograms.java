package io.wali4j.core.kernel;

import io.wali4j.api.HostSpawner;
import java.util.ServiceLoader;

/**
 * The {@link HostSpawner} service: found through {@link ServiceLoader} on a plain JVM, or
 * registered by a service registry (in OSGi, where ServiceLoader sees no provider, the wali-shell
 * component binds the one the wali-native bundle registers); null when there is none.
 */
public final class HostPrograms {

  private static volatile HostSpawner spawner =
      ServiceLoader.load(HostSpawner.class).findFirst().orElse(null);

  private HostPrograms() {}

  public static HostSpawner spawner() {
    return spawner;
  }

  /** Makes {@code s} the spawner in use (a service that appeared). */
  public static synchronized void register(HostSpawner s) {
    spawner = s;
  }

  /** Withdraws {@code s} if it is the spawner in use (a service that went away). */
  public static synchronized void unregister(HostSpawner s) {
    if (spawner == s) {
      spawner = null;
    }
  }
}
