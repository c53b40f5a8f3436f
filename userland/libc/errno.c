/*
 * strerror().  The messages come from the kernel's errno table (the
 * build generates errno_messages.c from minikern/sys/errno.py).  errno
 * itself is per thread, in the thread's TIB (tib.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

extern const char *const __errno_messages[];
extern const int __errno_count;

char *
strerror(int errnum)
{
	static _Thread_local char unknown[32];	/* one per thread */

	if (errnum > 0 && errnum < __errno_count && __errno_messages[errnum])
		return (char *)__errno_messages[errnum];
	snprintf(unknown, sizeof unknown, "Unknown error: %d", errnum);
	return unknown;
}
