/*
 * Leaving the process: exit() (atexit handlers, then stdout), abort().
 */
#include <assert.h>
#include <signal.h>
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
	sigset_t abrt;

	/* SIGABRT, even if blocked; a handler may run (and longjmp away).
	 * If it returns, or the signal is ignored, the default action
	 * must still end the process.  No atexit handlers, no flushing. */
	sigemptyset(&abrt);
	sigaddset(&abrt, SIGABRT);
	sigprocmask(SIG_UNBLOCK, &abrt, NULL);
	raise(SIGABRT);
	signal(SIGABRT, SIG_DFL);
	raise(SIGABRT);
	_exit(128 + SIGABRT);	/* not reached */
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
