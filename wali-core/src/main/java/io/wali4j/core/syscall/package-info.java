/**
 * The WALI syscall layer: one class per family ({@code IoCalls}, {@code FdCalls}, {@code
 * FileCalls}, {@code TimeCalls}, {@code MemoryCalls}, {@code IdentityCalls}, {@code NetCalls},
 * {@code MsgCalls}, {@code PollCalls}, {@code EpollCalls}, {@code SignalFdCalls}, {@code
 * SchedCalls}, {@code AuxCalls}), each import a typed method marked {@link
 * io.wali4j.core.syscall.WaliImport}, bound to the module's imports by {@link
 * io.wali4j.core.syscall.SyscallBinder}. Host syscall numbers come from the {@link
 * io.wali4j.api.ArchBackend}; struct conversion goes through {@link
 * io.wali4j.core.syscall.StructCodec} and {@link io.wali4j.core.syscall.Layouts}. Internal: not
 * exported.
 */
package io.wali4j.core.syscall;
