/*
 * cp source target, cp source ... directory: copy files (their bytes;
 * the copy gets the source's permission bits).  A target that is a
 * directory receives the copies under the sources' names.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "operands.h"

static int
copy_data(int in, int out)
{
	char buf[8192];
	ssize_t n;

	while ((n = read(in, buf, sizeof buf)) > 0)
		for (ssize_t done = 0; done < n; ) {
			ssize_t w = write(out, buf + done, n - done);
			if (w == -1)
				return -1;
			done += w;
		}
	return n == -1 ? -1 : 0;
}

static int
copy(const char *from, const char *to)
{
	struct stat sb;
	int in, out, status = 0;

	if ((in = open(from, O_RDONLY)) == -1 || fstat(in, &sb) == -1) {
		fprintf(stderr, "cp: %s: %s\n", from, strerror(errno));
		return 1;
	}
	if (S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "cp: %s is a directory (not copied)\n", from);
		close(in);
		return 1;
	}
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, sb.st_mode & 07777);
	if (out == -1 || copy_data(in, out) == -1) {
		fprintf(stderr, "cp: %s: %s\n", to, strerror(errno));
		status = 1;
	}
	close(in);
	if (out != -1)
		close(out);
	return status;
}

int
main(int argc, char *argv[])
{
	return each_operand("cp", argc, argv, copy);
}
