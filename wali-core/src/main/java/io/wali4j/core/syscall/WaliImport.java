package io.wali4j.core.syscall;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a syscall family as the implementation of the {@code wali} imports it names (an
 * alias shares the method, e.g. {@code SYS_getdents64} and {@code SYS_getdents}). The method takes
 * a {@link Ctx} and then the import's parameters as Java {@code int} (Wasm i32) and {@code long}
 * (i64), in the ABI's order, and returns the result as a long (the syscall's value or -errno). That
 * signature is the ABI table: a module whose import disagrees fails to link.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WaliImport {
  String[] value();
}
