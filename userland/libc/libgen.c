/*
 * <libgen.h>: the last component of a path and the directory it is in,
 * as OpenBSD's basename(3) and dirname(3): the argument is not changed,
 * the answer is in a buffer of the function's own (overwritten by the
 * next call).  Trailing slashes do not count: basename("/usr/lib/")
 * is "lib", dirname of it "/usr".  NULL or "" gives ".".
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <string.h>

/* Copy [start, end) into buf; NULL (ENAMETOOLONG) if it does not fit. */
static char *
answer(char *buf, const char *start, const char *end)
{
	size_t len = end - start;

	if (len >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	memcpy(buf, start, len);
	buf[len] = '\0';
	return buf;
}

char *
basename(const char *path)
{
	static char buf[PATH_MAX];
	const char *end, *start;

	if (path == NULL || *path == '\0')
		return answer(buf, ".", ".") ? strcpy(buf, ".") : NULL;
	end = path + strlen(path);
	while (end > path + 1 && end[-1] == '/')	/* trailing slashes */
		end--;
	if (end == path + 1 && *path == '/')
		return answer(buf, path, end);		/* all slashes: "/" */
	for (start = end; start > path && start[-1] != '/'; start--)
		continue;
	return answer(buf, start, end);
}

char *
dirname(const char *path)
{
	static char buf[PATH_MAX];
	const char *end;

	if (path == NULL || *path == '\0')
		return strcpy(buf, ".");
	end = path + strlen(path);
	while (end > path + 1 && end[-1] == '/')	/* trailing slashes */
		end--;
	while (end > path && end[-1] != '/')		/* the last component */
		end--;
	if (end == path)				/* no slash: here */
		return strcpy(buf, *path == '/' ? "/" : ".");
	while (end > path + 1 && end[-1] == '/')	/* the slashes before it */
		end--;
	return answer(buf, path, end);
}
