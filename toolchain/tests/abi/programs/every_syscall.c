/* syscall(2) with a number known only at run time: the libc's dispatch then references every
 * syscall import it can emit, so one module shows all of their types. */
#include <unistd.h>

int main(int argc, char **argv)
{
	(void)argv;
	return (int)syscall(argc, 0, 0, 0, 0, 0, 0);
}
