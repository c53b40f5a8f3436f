/*
 * Files and directories with names nobody else has: mkstemp(), mkstemps(),
 * mkdtemp(), and on them tmpfile() and tmpnam().
 *
 * A template ends in at least six X's (OpenBSD's minimum); each X
 * becomes one of 62 letters and digits drawn from arc4random().  The
 * name is taken with O_CREAT|O_EXCL (or mkdir), which fails if the name
 * exists, so two programs never get the same file; on EEXIST another
 * name is tried.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MIN_X		6
#define TRIES		1000	/* names tried before giving up (EEXIST) */

static const char letters[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

enum temp_kind { TEMP_FILE, TEMP_DIR, TEMP_NAME };

/* Fill the X's in [start, end) with random letters. */
static void
fill_random(char *start, char *end)
{
	for (; start < end; start++)
		*start = letters[arc4random_uniform(sizeof letters - 1)];
}

/*
 * Make the file (or directory) and return its descriptor (0 for a
 * directory or a name only); -1 with errno set.  suffixlen characters
 * at the end of the template are kept as they are.
 */
static int
make_temp(char *template, int suffixlen, enum temp_kind kind)
{
	size_t len = strlen(template);
	char *end, *start;

	if (suffixlen < 0 || (size_t)suffixlen > len) {
		errno = EINVAL;
		return -1;
	}
	end = template + len - suffixlen;
	for (start = end; start > template && start[-1] == 'X'; start--)
		continue;
	if (end - start < MIN_X) {
		errno = EINVAL;
		return -1;
	}
	for (int i = 0; i < TRIES; i++) {
		struct stat sb;
		int fd;

		fill_random(start, end);
		switch (kind) {
		case TEMP_FILE:
			fd = open(template, O_RDWR | O_CREAT | O_EXCL, 0600);
			if (fd >= 0)
				return fd;
			break;
		case TEMP_DIR:
			if (mkdir(template, 0700) == 0)
				return 0;
			break;
		case TEMP_NAME:
			if (lstat(template, &sb) == 0)
				errno = EEXIST;
			else if (errno == ENOENT)
				return 0;
			break;
		}
		if (errno != EEXIST)
			return -1;
	}
	errno = EEXIST;
	return -1;
}

int
mkstemp(char *template)
{
	return make_temp(template, 0, TEMP_FILE);
}

int
mkstemps(char *template, int suffixlen)
{
	return make_temp(template, suffixlen, TEMP_FILE);
}

char *
mkdtemp(char *template)
{
	return make_temp(template, 0, TEMP_DIR) == 0 ? template : NULL;
}

/*
 * A file opened "w+" that disappears when it is closed (or the program
 * ends): its name is removed at once, the open descriptor keeps it.
 */
FILE *
tmpfile(void)
{
	char path[] = P_tmpdir "tmp.XXXXXXXXXX";
	int fd = make_temp(path, 0, TEMP_FILE);
	FILE *fp;

	if (fd < 0)
		return NULL;
	(void)unlink(path);
	if ((fp = fdopen(fd, "w+")) == NULL) {
		int saved = errno;
		close(fd);
		errno = saved;
	}
	return fp;
}

/*
 * A name that no file has now (nothing stops another program from
 * taking it before the caller does: mkstemp() is the safe way).  Into
 * s (L_tmpnam bytes), or a buffer of its own that the next call reuses.
 */
char *
tmpnam(char *s)
{
	static char name[L_tmpnam];
	char path[] = P_tmpdir "tmp.XXXXXXXXXX";

	if (make_temp(path, 0, TEMP_NAME) != 0)
		return NULL;
	if (s == NULL)
		s = name;
	memcpy(s, path, sizeof path);
	return s;
}
