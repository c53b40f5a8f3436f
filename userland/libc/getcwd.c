/*
 * getcwd() on the __getcwd(2) system call, which fills the buffer with
 * the path and its NUL (ERANGE when it does not fit).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

int __getcwd(char *buf, size_t len);

char *
getcwd(char *buf, size_t size)
{
	char *allocated = NULL;

	if (buf == NULL) {	/* as OpenBSD: a buffer of our own */
		size = PATH_MAX;
		if ((buf = allocated = malloc(size)) == NULL)
			return NULL;
	}
	if (__getcwd(buf, size) < 0) {
		free(allocated);
		return NULL;
	}
	return buf;
}
