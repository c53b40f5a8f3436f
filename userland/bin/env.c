/*
 * env [-i] [name=value ...] [command [arg ...]]: run a command with a
 * changed environment, or print the environment (one NAME=value a line)
 * when no command is given.  -i starts from an empty environment.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	static char *empty[] = { NULL };
	int i = 1;

	if (i < argc && strcmp(argv[i], "-i") == 0) {
		environ = empty;
		i++;
	}
	for (; i < argc && strchr(argv[i], '=') != NULL; i++) {
		char *eq = strchr(argv[i], '=');
		*eq = '\0';
		setenv(argv[i], eq + 1, 1);
		*eq = '=';
	}
	if (i == argc) {
		for (char **e = environ; *e != NULL; e++)
			printf("%s\n", *e);
		return 0;
	}
	execvp(argv[i], argv + i);
	fprintf(stderr, "env: %s: %s\n", argv[i], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
