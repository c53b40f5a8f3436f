/*
 * realpath(3): the absolute path of a file with no ".", ".." or extra
 * slashes in it.  Every component must exist, and all but the last must
 * be directories (ENOENT, ENOTDIR), as POSIX asks.
 *
 * The names are taken apart one at a time and each one is looked at
 * with lstat().  A symbolic link is replaced by its contents (read with
 * readlink), which go in front of the names still to come: an absolute
 * one starts again from "/", a relative one from the link's directory.
 * More than MAXSYMLINKS links is ELOOP, as the kernel's namei says.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAXSYMLINKS	32	/* the kernel's limit (vfs_lookup.py) */

/* Drop the last component of an absolute path ("/a/b" -> "/a", "/a" -> "/"). */
static void
drop_last(char *path, size_t *len)
{
	while (*len > 1 && path[*len - 1] != '/')
		(*len)--;
	if (*len > 1)
		(*len)--;
	path[*len] = '\0';
}

/* Add the component [name, name + n) to path and check what it is:
 * 1 a directory, 0 something else, 2 a symbolic link, -1 an error. */
static int
add_component(char *path, size_t *len, const char *name, size_t n)
{
	struct stat sb;

	if (*len + (*len > 1) + n >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (*len > 1)
		path[(*len)++] = '/';
	memcpy(path + *len, name, n);
	*len += n;
	path[*len] = '\0';
	if (lstat(path, &sb) < 0)
		return -1;
	if (S_ISLNK(sb.st_mode))
		return 2;
	return S_ISDIR(sb.st_mode);
}

/* path ends in a symbolic link: its contents go in front of rest (the
 * names still to come), and the link leaves path. */
static int
follow_link(char *path, size_t *len, char *rest, int *links)
{
	char target[PATH_MAX], joined[PATH_MAX];
	ssize_t n;

	if (++*links > MAXSYMLINKS) {
		errno = ELOOP;
		return -1;
	}
	n = readlink(path, target, sizeof target - 1);
	if (n < 0)
		return -1;
	target[n] = '\0';
	if (snprintf(joined, sizeof joined, *rest ? "%s/%s" : "%s%s", target, rest) >=
	    (int)sizeof joined) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(rest, joined);
	if (target[0] == '/') {
		strcpy(path, "/");
		*len = 1;
	} else {
		drop_last(path, len);
	}
	return 0;
}

char *
realpath(const char *restrict path, char *restrict resolved)
{
	char buf[PATH_MAX], rest[PATH_MAX], *out;
	size_t len;
	int is_dir = 1;		/* what the path so far names */
	int links = 0;

	if (path == NULL) {
		errno = EINVAL;
		return NULL;
	}
	if (*path == '\0') {
		errno = ENOENT;
		return NULL;
	}
	if (strlen(path) >= sizeof rest) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	strcpy(rest, path);
	if (*path == '/') {
		strcpy(buf, "/");
	} else if (getcwd(buf, sizeof buf) == NULL) {
		return NULL;
	}
	len = strlen(buf);
	for (const char *p = rest; *p != '\0'; ) {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (n == 0)
			break;
		if (!is_dir) {		/* "file/..." */
			errno = ENOTDIR;
			return NULL;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.')
			drop_last(buf, &len);	/* a directory, as was "/" */
		else if (!(n == 1 && p[0] == '.') &&
		    (is_dir = add_component(buf, &len, p, n)) < 0)
			return NULL;
		p += n;
		if (is_dir == 2) {
			memmove(rest, p, strlen(p) + 1);
			if (follow_link(buf, &len, rest, &links) < 0)
				return NULL;
			p = rest;
			is_dir = 1;
		}
	}
	if (!is_dir && path[strlen(path) - 1] == '/') {	/* "file/" */
		errno = ENOTDIR;
		return NULL;
	}
	out = resolved != NULL ? resolved : malloc(PATH_MAX);
	if (out != NULL)
		memcpy(out, buf, len + 1);
	return out;
}
