package io.wali4j.core.syscall;

import static io.wali4j.core.kernel.NativeAccess.U;

import io.wali4j.api.StructLayouts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongUnaryOperator;

/**
 * The host layouts of WALI's structs, derived from the backend's {@link StructLayouts} by field
 * name (WALI's field {@code st_mode} is the host's {@code st_mode}, wherever each lies), and the
 * one way a syscall that fills a struct gets it converted: the kernel fills a host-layout copy in
 * scratch and {@link StructCodec} converts it into WALI's layout. Where the host's layout is WALI's
 * (x86_64) the kernel fills the program's struct in place.
 */
final class HostStructs {

  /** Scratch offset of the host copy of a struct the kernel fills (clear of the path slots). */
  static final int STRUCT_SLOT = 12 << 10;

  /** The layouts derived from one backend's tables; replaced when the backend is. */
  private record Derived(StructLayouts source, Map<Layout, Layout> hosts) {}

  private static volatile Derived derived = new Derived(null, Map.of());

  private HostStructs() {}

  /**
   * The host layout of {@code wali}: {@code wali} itself when the host's is the same or the backend
   * does not describe the struct.
   */
  static Layout of(Ctx c, Layout wali) {
    StructLayouts source = c.abi.layouts();
    Derived d = derived;
    if (d.source() != source) {
      d = new Derived(source, new ConcurrentHashMap<>());
      derived = d;
    }
    return d.hosts().computeIfAbsent(wali, w -> derive(source, w));
  }

  /** {@code wali}'s fields where the host's struct of the same name has them. */
  static Layout derive(StructLayouts host, Layout wali) {
    if (!host.knows(wali.name())) {
      return wali;
    }
    StructLayouts.Struct s = host.struct(wali.name());
    List<Layout.Field> fields = new ArrayList<>();
    boolean same = s.size() == wali.size();
    for (Layout.Field w : wali.fields()) {
      StructLayouts.Field h =
          s.field(w.name())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "the backend's struct " + wali.name() + " lacks field " + w.name()));
      fields.add(new Layout.Field(w.name(), h.offset(), h.size(), w.signed()));
      same &= h.offset() == w.offset() && h.size() == w.size();
    }
    return same ? wali : new Layout(wali.name(), s.size(), List.copyOf(fields));
  }

  /**
   * Runs {@code call} with the address the kernel is to fill with a {@code wali} struct for the
   * program's struct at {@code dst} (a checked host address): {@code dst} itself when the layouts
   * agree, else a scratch copy converted into {@code dst} when the call succeeds (bytes WALI has
   * and the host lacks, padding included, become 0). Returns the call's result.
   */
  static long fill(Ctx c, Layout wali, long dst, LongUnaryOperator call) {
    Layout host = of(c, wali);
    if (host == wali) {
      return call.applyAsLong(dst);
    }
    long buf = c.scratch() + STRUCT_SLOT;
    U.setMemory(buf, host.size(), (byte) 0);
    long r = call.applyAsLong(buf);
    if (r >= 0) {
      U.setMemory(dst, wali.size(), (byte) 0);
      StructCodec.convert(host, buf, wali, dst, 1);
    }
    return r;
  }
}
