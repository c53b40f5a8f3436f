/*
 * The C side of process start-up, called by _start in crt0.S.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "thread_private.h"

#define TIB_ON_STACK_MAX	(64 * 1024)

char **environ;
const char *__progname = "";	/* argv[0]'s last component (getprogname) */

int main(int argc, char **argv, char **envp);

void __start(long *stack) __attribute__((noreturn));

void
__start(long *stack)
{
	int argc = (int)stack[0];
	char **argv = (char **)(stack + 1);
	char **envp = argv + argc + 1;	/* after argv's NULL */
	char **end = envp;

	while (*end != NULL)		/* the auxiliary vector follows envp */
		end++;
	/* The main thread's TIB and TLS block, on this frame, which lives
	 * as long as the process (an alloca in a function that never
	 * returns); in pages of their own if they are big.  errno and
	 * _Thread_local variables work from here on. */
	size_t tib_size = __static_tls_size((const long *)(end + 1));
	__static_tls_init(tib_size <= TIB_ON_STACK_MAX ? __builtin_alloca(tib_size) : NULL,
	    tib_size);
	environ = envp;
	if (argc > 0 && argv[0] != NULL) {
		const char *slash = strrchr(argv[0], '/');
		__progname = slash != NULL ? slash + 1 : argv[0];
	}
	exit(main(argc, argv, environ));
}
