package io.wali4j.core.kernel;

import io.wali4j.api.HostSpawner;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The {@link HostSpawner} service: found through {@link ServiceLoader} on a plain JVM, or
 * registered by a service registry (in OSGi, where ServiceLoader sees no provider, the wali-shell
 * component binds the one the wali-native bundle registers); null when there is none.
 */
public final class HostPrograms {

  private static volatile HostSpawner spawner = load();

  private HostPrograms() {}

  /**
   * The first provider this class's own loader sees (not the thread's context loader, which in a
   * container may see a copy of the provider whose {@code HostSpawner} is another class), or null;
   * a broken provider file means no provider rather than a class that fails to initialise.
   */
  private static HostSpawner load() {
    try {
      return ServiceLoader.load(HostSpawner.class, HostPrograms.class.getClassLoader())
          .findFirst()
          .orElse(null);
    } catch (ServiceConfigurationError e) {
      return null;
    }
  }

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
