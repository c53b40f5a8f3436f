/*
 * The exec family on execve(2).  execvp and execlp search $PATH (default
 * /bin:/usr/bin) for a name without a slash, as a shell does, and run a
 * file the kernel will not (ENOEXEC: a script without #!) with /bin/sh.
 * The execl forms gather their arguments, up to the NULL, into an array.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define _PATH_BSHELL	"/bin/sh"
#define EXECL_MAX	4096	/* execl arguments (ARG_MAX bounds them anyway) */

int
execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

/*
 * Collect execl's arguments after arg0 up to the NULL into argv; for
 * execle, *envp gets the pointer after the NULL.  -1 (E2BIG) if too many.
 */
static int
gather(char **argv, const char *arg0, va_list ap, char *const **envp)
{
	int n = 0;

	argv[n++] = (char *)arg0;
	while (argv[n - 1] != NULL) {
		if (n == EXECL_MAX) {
			errno = E2BIG;
			return -1;
		}
		argv[n++] = va_arg(ap, char *);
	}
	if (envp != NULL)
		*envp = va_arg(ap, char *const *);
	return 0;
}

int
execl(const char *path, const char *arg0, ...)
{
	static char *argv[EXECL_MAX];	/* static: exec replaces us anyway */
	va_list ap;
	int ok;

	va_start(ap, arg0);
	ok = gather(argv, arg0, ap, NULL);
	va_end(ap);
	return ok < 0 ? -1 : execve(path, argv, environ);
}

int
execle(const char *path, const char *arg0, ...)
{
	static char *argv[EXECL_MAX];
	char *const *envp;
	va_list ap;
	int ok;

	va_start(ap, arg0);
	ok = gather(argv, arg0, ap, &envp);
	va_end(ap);
	return ok < 0 ? -1 : execve(path, argv, envp);
}

int
execlp(const char *file, const char *arg0, ...)
{
	static char *argv[EXECL_MAX];
	va_list ap;
	int ok;

	va_start(ap, arg0);
	ok = gather(argv, arg0, ap, NULL);
	va_end(ap);
	return ok < 0 ? -1 : execvp(file, argv);
}

/*
 * execve, and a file of no format the kernel knows (a script without
 * "#!") run by the shell instead: sh path arg1 ... (argv[0] dropped).
 */
static int
exec_or_script(const char *path, char *const argv[])
{
	static char *shargv[EXECL_MAX + 2];
	int i = 2;

	execve(path, argv, environ);
	if (errno != ENOEXEC)
		return -1;
	shargv[0] = "sh";
	shargv[1] = (char *)path;
	if (argv[0] != NULL) {
		for (char *const *a = argv + 1; *a != NULL && i < EXECL_MAX + 1; a++)
			shargv[i++] = *a;
	}
	shargv[i] = NULL;
	execve(_PATH_BSHELL, shargv, environ);
	errno = ENOEXEC;
	return -1;
}

int
execvp(const char *file, char *const argv[])
{
	char buf[1024];
	const char *path, *p, *end;
	int saved = ENOENT;

	if (*file == '\0') {
		errno = ENOENT;
		return -1;
	}
	if (strchr(file, '/') != NULL)
		return exec_or_script(file, argv);
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
			exec_or_script(buf, argv);
			if (errno != ENOENT)
				saved = errno;	/* EACCES and the like are worth reporting */
		}
		if (*end == '\0')
			break;
	}
	errno = saved;
	return -1;
}
