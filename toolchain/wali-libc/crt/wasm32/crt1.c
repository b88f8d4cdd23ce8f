/* Program entry for WALI: the runtime calls the exported _start with no
 * arguments. It builds what the ELF kernel would put on the initial stack
 * (argv, envp, auxv) from the WALI auxiliary imports, then enters musl's
 * __libc_start_main. Everything lives in this never-returning frame. */
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include "syscall.h"
#include "wali_imports.h"

int __libc_start_main(int (*)(), int, char **, void (*)(), void (*)(), void (*)());
void __wasm_init_tls(void *);
void __wasm_call_ctors(void);

/* clang names main(int, char **) __main_argc_argv and main(void) main. */
int __main_argc_argv(int, char **) __attribute__((__weak__));
int main(void) __attribute__((__weak__));

void *__wali_tls_template;

static int call_main(int argc, char **argv, char **envp)
{
	(void)envp;
	if (__main_argc_argv) return __main_argc_argv(argc, argv);
	return main();
}

/* Replaces musl's ELF .init_array walk: wasm-ld gathers constructors into
 * __wasm_call_ctors. Strong here, weak in __libc_start_main.o. */
void __libc_start_init(void)
{
	__wasm_call_ctors();
}

/* Reads the runtime's environment file (one KEY=VALUE per line) into buf;
 * returns the number of bytes read, or 0 if there is none. */
static size_t env_file_size(char *path, int *fd)
{
	struct stat st;
	if (!__wali_get_init_envfile(path, 4096)) return 0;
	*fd = __syscall(SYS_open, path, O_RDONLY|O_CLOEXEC, 0);
	if (*fd < 0) return 0;
	if (__syscall(SYS_fstat, *fd, &st) < 0 || st.st_size <= 0) {
		__syscall(SYS_close, *fd);
		return 0;
	}
	return st.st_size;
}

static size_t read_all(int fd, char *buf, size_t size)
{
	size_t got = 0;
	while (got < size) {
		long r = __syscall(SYS_read, fd, buf + got, size - got);
		if (r == -EINTR) continue;
		if (r <= 0) break;
		got += r;
	}
	__syscall(SYS_close, fd);
	buf[got] = 0;
	return got;
}

static size_t count_lines(const char *s, size_t n)
{
	size_t lines = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n' || i + 1 == n) lines++;
	return lines;
}

/* Splits buf into NUL-terminated lines, storing those that look like
 * KEY=VALUE; returns how many were stored. */
static size_t split_env(char *buf, size_t n, char **envp)
{
	size_t count = 0;
	char *line = buf;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && buf[i] != '\n') continue;
		buf[i] = 0;
		if (*line && strchr(line, '=')) envp[count++] = line;
		line = buf + i + 1;
	}
	return count;
}

_Noreturn void _start(void)
{
	if (__wali_init() != 0) __wali_proc_exit(127);

	/* Main-thread TLS in this frame; keep a pristine copy for new threads. */
	size_t tls_size = __builtin_wasm_tls_size();
	size_t tls_align = __builtin_wasm_tls_align();
	unsigned char *tls = __builtin_alloca(tls_size + tls_align);
	tls += -(uintptr_t)tls & (tls_align - 1);
	__wasm_init_tls(tls);
	__wali_tls_template = __builtin_alloca(tls_size);
	memcpy(__wali_tls_template, tls, tls_size);

	char path[4096];
	int fd = -1;
	size_t env_size = env_file_size(path, &fd);
	char *env_buf = 0;
	size_t env_lines = 0;
	if (env_size) {
		env_buf = __builtin_alloca(env_size + 1);
		env_size = read_all(fd, env_buf, env_size);
		env_lines = count_lines(env_buf, env_size);
	}

	unsigned argc = __wali_cl_get_argc();
	/* argv, NULL, envp, NULL, then auxv pairs ending in AT_NULL. */
	size_t slots = argc + 1 + env_lines + 1 + 4;
	char **vec = __builtin_alloca(slots * sizeof(char *));
	for (unsigned i = 0; i < argc; i++) {
		vec[i] = __builtin_alloca(__wali_cl_get_argv_len(i) + 1);
		__wali_cl_copy_argv(vec[i], i);
	}
	vec[argc] = 0;
	char **envp = vec + argc + 1;
	size_t envc = env_buf ? split_env(env_buf, env_size, envp) : 0;
	envp[envc] = 0;
	size_t *auxv = (size_t *)(envp + envc + 1);
	auxv[0] = AT_PAGESZ;
	auxv[1] = PAGESIZE;
	auxv[2] = AT_NULL;
	auxv[3] = 0;

	__libc_start_main((int (*)())call_main, argc, vec, 0, 0, 0);
	for (;;) __wali_proc_exit(127);
}
