/* Non-local jumps are implemented by the WALI runtime (ABI section B): the
 * program calls the imports directly, so the runtime sees the frame that
 * called setjmp. The buffer gives the runtime at least 208 bytes. */
typedef unsigned long long __jmp_buf[26];

struct __jmp_buf_tag;
int setjmp(struct __jmp_buf_tag *)
	__attribute__((__returns_twice__, __import_module__("wali"), __import_name__("setjmp")));
int sigsetjmp(struct __jmp_buf_tag *, int)
	__attribute__((__returns_twice__, __import_module__("wali"), __import_name__("sigsetjmp")));
_Noreturn void longjmp(struct __jmp_buf_tag *, int)
	__attribute__((__import_module__("wali"), __import_name__("longjmp")));
/* The BSD and SysV spellings are the same runtime operations. */
#define _setjmp setjmp
#define _longjmp longjmp
