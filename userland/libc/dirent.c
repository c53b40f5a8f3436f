/*
 * Directory streams on getdents(2): opendir() opens the directory,
 * readdir() hands out the entries of a buffer that getdents() fills,
 * a bufferful at a time.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#define DIRBLKSIZ	4096

struct _dirdesc {
	int fd;
	size_t pos;		/* next record in buf */
	size_t len;		/* bytes of records in buf */
	char buf[DIRBLKSIZ];
};

DIR *
fdopendir(int fd)
{
	DIR *dirp = malloc(sizeof *dirp);

	if (dirp == NULL)
		return NULL;
	dirp->fd = fd;
	dirp->pos = dirp->len = 0;
	return dirp;
}

DIR *
opendir(const char *name)
{
	int fd = open(name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dirp;

	if (fd < 0)
		return NULL;
	if ((dirp = fdopendir(fd)) == NULL) {
		int saved = errno;
		close(fd);
		errno = saved;
	}
	return dirp;
}

struct dirent *
readdir(DIR *dirp)
{
	struct dirent *dp;

	if (dirp->pos >= dirp->len) {
		int n = getdents(dirp->fd, dirp->buf, sizeof dirp->buf);
		if (n <= 0)
			return NULL;	/* the end (errno unchanged) or an error */
		dirp->len = n;
		dirp->pos = 0;
	}
	dp = (struct dirent *)(dirp->buf + dirp->pos);
	dirp->pos += dp->d_reclen;
	return dp;
}

void
rewinddir(DIR *dirp)
{
	lseek(dirp->fd, 0, SEEK_SET);
	dirp->pos = dirp->len = 0;
}

int
dirfd(DIR *dirp)
{
	return dirp->fd;
}

int
closedir(DIR *dirp)
{
	int fd = dirp->fd;

	free(dirp);
	return close(fd);
}
