package io.wali4j.core.exec;

/**
 * The store (spec 4.2.3): owns the function instances that references may name, so a funcref can
 * be a plain id. Instances that call each other must share one store.
 */
public final class Store {

  public Store() {}
}
