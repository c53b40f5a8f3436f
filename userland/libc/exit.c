/*
 * Leaving the process: exit() (atexit handlers, then stdout), abort().
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "local.h"

#define ATEXIT_MAX 32		/* the least POSIX allows */

static void (*handlers[ATEXIT_MAX])(void);
static int nhandlers;

int
atexit(void (*function)(void))
{
	if (nhandlers == ATEXIT_MAX)
		return -1;
	handlers[nhandlers++] = function;
	return 0;
}

void
exit(int status)
{
	/* Last registered, first called; a handler may call atexit(). */
	while (nhandlers > 0)
		handlers[--nhandlers]();
	__stdio_flush_all();
	_exit(status);
}

void
abort(void)
{
	/* There are no signals yet: end as a shell would report SIGABRT
	 * (128 + 6), without running atexit handlers or flushing stdout. */
	_exit(128 + 6);
}

void
__assert_fail(const char *expr, const char *file, int line, const char *func)
{
	__stdio_flush_all();
	dprintf(2, "assertion \"%s\" failed: file \"%s\", line %d, function \"%s\"\n",
	    expr, file, line, func);
	abort();
}

void
__libc_fatal(const char *message)
{
	__write_all(2, message, strlen(message));
	__write_all(2, "\n", 1);
	abort();
}
