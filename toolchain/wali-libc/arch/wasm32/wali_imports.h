/* The WALI auxiliary imports (ABI section B) other than the jump functions,
 * which bits/setjmp.h declares for programs. Internal to the libc. */
#ifndef _WALI_IMPORTS_H
#define _WALI_IMPORTS_H

#define __WALI_AUX(n) __attribute__((__import_module__("wali"), __import_name__(n)))

int __wali_init(void) __WALI_AUX("__init");
int __wali_deinit(void) __WALI_AUX("__deinit");
_Noreturn void __wali_proc_exit(int) __WALI_AUX("__proc_exit");
unsigned __wali_cl_get_argc(void) __WALI_AUX("__cl_get_argc");
unsigned __wali_cl_get_argv_len(unsigned) __WALI_AUX("__cl_get_argv_len");
int __wali_cl_copy_argv(char *, unsigned) __WALI_AUX("__cl_copy_argv");
int __wali_get_init_envfile(char *, unsigned) __WALI_AUX("__get_init_envfile");
int __wali_thread_spawn(void (*)(int, void *), void *) __WALI_AUX("__wasm_thread_spawn");

/* Set up by crt1: a pristine copy of the TLS image that new threads start from. */
extern void *__wali_tls_template;

#endif
