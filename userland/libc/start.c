/*
 * The C side of process start-up, called by _start in crt0.S.
 */
#include <stdlib.h>
#include <unistd.h>

char **environ;

int main(int argc, char **argv, char **envp);

void __start(long *stack) __attribute__((noreturn));

void
__start(long *stack)
{
	int argc = (int)stack[0];
	char **argv = (char **)(stack + 1);

	environ = argv + argc + 1;	/* after argv's NULL */
	exit(main(argc, argv, environ));
}
