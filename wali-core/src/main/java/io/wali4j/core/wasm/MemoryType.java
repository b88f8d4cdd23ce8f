package io.wali4j.core.wasm;

/** A memory type: limits in 64 KiB pages (spec 2.3.7). */
public record MemoryType(Limits limits) implements ImportDesc {

  public static final int PAGE_SIZE = 65536;
  public static final long MAX_PAGES = 65536;
}
