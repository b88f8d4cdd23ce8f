/* Non-local jumps: setjmp/longjmp and sigsetjmp/siglongjmp are WALI imports. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

static jmp_buf env;
static sigjmp_buf senv;

static void deep(int n)
{
	if (n < 0) return;
	if (n == 0) longjmp(env, 42);
	deep(n - 1);
}

static void on_usr1(int sig)
{
	siglongjmp(senv, sig);
}

int main(void)
{
	int r = setjmp(env);
	if (r == 0) deep(10);
	signal(SIGUSR1, on_usr1);
	int s = sigsetjmp(senv, 1);
	if (s == 0) raise(SIGUSR1);
	int b = _setjmp(env);
	if (b == 0) _longjmp(env, 0);
	printf("%d %d %d\n", r, s, b);
	return r == 42 && s == SIGUSR1 && b == 1 ? 0 : 1;
}
