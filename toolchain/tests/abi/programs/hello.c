/* Startup path: argv, environment file, stdio, malloc, exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	char *copy = strdup(argc > 0 ? argv[0] : "");
	printf("hello from %s, %d args, HOME=%s\n", copy, argc, getenv("HOME") ? getenv("HOME") : "(unset)");
	free(copy);
	return 0;
}
