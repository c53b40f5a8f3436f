/*
 * The C side of process start-up, called by _start in crt0.S.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char **environ;
const char *__progname = "";	/* argv[0]'s last component (getprogname) */

int main(int argc, char **argv, char **envp);

void __start(long *stack) __attribute__((noreturn));

void
__start(long *stack)
{
	int argc = (int)stack[0];
	char **argv = (char **)(stack + 1);

	environ = argv + argc + 1;	/* after argv's NULL */
	if (argc > 0 && argv[0] != NULL) {
		const char *slash = strrchr(argv[0], '/');
		__progname = slash != NULL ? slash + 1 : argv[0];
	}
	exit(main(argc, argv, environ));
}
