/*
 * realpath(3): the absolute path of a file with no ".", ".." or extra
 * slashes in it.  Every component must exist, and all but the last must
 * be directories (ENOENT, ENOTDIR), as POSIX asks.
 *
 * The names are taken apart one at a time and each one is looked at
 * with lstat().  The file systems here have no symbolic links (there is
 * no symlink(2) or readlink(2) yet): should one ever show up, the path
 * is refused with EOPNOTSUPP rather than resolved wrongly.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Add the component [name, name + n) to path and check what it is. */
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
	if (S_ISLNK(sb.st_mode)) {
		errno = EOPNOTSUPP;
		return -1;
	}
	return S_ISDIR(sb.st_mode);
}

char *
realpath(const char *restrict path, char *restrict resolved)
{
	char buf[PATH_MAX], *out;
	size_t len;
	int is_dir = 1;		/* what the path so far names */

	if (path == NULL) {
		errno = EINVAL;
		return NULL;
	}
	if (*path == '\0') {
		errno = ENOENT;
		return NULL;
	}
	if (*path == '/') {
		strcpy(buf, "/");
	} else if (getcwd(buf, sizeof buf) == NULL) {
		return NULL;
	}
	len = strlen(buf);
	for (const char *p = path; *p != '\0'; ) {
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
