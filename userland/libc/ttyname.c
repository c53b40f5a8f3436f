/*
 * ttyname(3): the name of the terminal on a descriptor, found as
 * OpenBSD's is, by looking in /dev for the character device with the
 * same device number.  And pathconf(2)/fpathconf(2), which answer with
 * the kernel's fixed limits once the file is known to exist.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define _PATH_DEV	"/dev/"

int
ttyname_r(int fd, char *buf, size_t len)
{
	struct stat sb, dsb;
	struct dirent *d;
	char path[sizeof _PATH_DEV + NAME_MAX];
	DIR *dir;
	int error = ENOENT;

	if (!isatty(fd))
		return errno;
	if (fstat(fd, &sb) < 0)
		return errno;
	if ((dir = opendir(_PATH_DEV)) == NULL)
		return errno;
	while ((d = readdir(dir)) != NULL) {
		strcpy(path, _PATH_DEV);
		strlcat(path, d->d_name, sizeof path);
		if (stat(path, &dsb) < 0 || !S_ISCHR(dsb.st_mode) ||
		    dsb.st_rdev != sb.st_rdev)
			continue;
		error = strlcpy(buf, path, len) < len ? 0 : ERANGE;
		break;
	}
	closedir(dir);
	return error;
}

char *
ttyname(int fd)
{
	static char name[TTY_NAME_MAX];
	int error = ttyname_r(fd, name, sizeof name);

	if (error != 0) {
		errno = error;
		return NULL;
	}
	return name;
}

/* The limits, the same for every file: tmpfs's and the tty's. */
static long
limit(int name)
{
	switch (name) {
	case _PC_LINK_MAX:		return LINK_MAX;
	case _PC_MAX_CANON:		return MAX_CANON;
	case _PC_MAX_INPUT:		return MAX_INPUT;
	case _PC_NAME_MAX:		return NAME_MAX;
	case _PC_PATH_MAX:		return PATH_MAX;
	case _PC_PIPE_BUF:		return PIPE_BUF;
	case _PC_CHOWN_RESTRICTED:	return 1;
	case _PC_NO_TRUNC:		return 1;	/* long names: ENAMETOOLONG */
	case _PC_VDISABLE:		return 0xff;
	default:
		errno = EINVAL;
		return -1;
	}
}

long
pathconf(const char *path, int name)
{
	struct stat sb;

	return stat(path, &sb) < 0 ? -1 : limit(name);
}

long
fpathconf(int fd, int name)
{
	struct stat sb;

	return fstat(fd, &sb) < 0 ? -1 : limit(name);
}
