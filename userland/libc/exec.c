/*
 * execv and execvp on execve(2).  execvp searches $PATH (default
 * /bin:/usr/bin) for a name without a slash, as a shell does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

int
execvp(const char *file, char *const argv[])
{
	char buf[1024];
	const char *path, *p, *end;
	int saved = ENOENT;

	if (strchr(file, '/') != NULL)
		return execve(file, argv, environ);
	path = getenv("PATH");
	if (path == NULL)
		path = "/bin:/usr/bin";
	for (p = path; ; p = end + 1) {
		size_t dirlen, namelen = strlen(file);

		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		dirlen = end - p;
		if (dirlen == 0)
			dirlen = 1, p = ".";		/* an empty entry means "." */
		if (dirlen + 1 + namelen + 1 <= sizeof buf) {
			memcpy(buf, p, dirlen);
			buf[dirlen] = '/';
			memcpy(buf + dirlen + 1, file, namelen + 1);
			execve(buf, argv, environ);
			if (errno != ENOENT)
				saved = errno;	/* EACCES and the like are worth reporting */
		}
		if (*end == '\0')
			break;
	}
	errno = saved;
	return -1;
}
