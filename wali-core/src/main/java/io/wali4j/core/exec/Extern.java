package io.wali4j.core.exec;

/** A runtime entity that can be imported or exported: function, table, memory or global. */
public sealed interface Extern permits Function, Table, Memory, Global {}
