/*
 * cat [-u] [file ...]: copy each file, or the standard input when there
 * is none or the name is "-", to the standard output.  It uses read(2)
 * and write(2) directly, so output is never held back (-u is accepted
 * for compatibility: cat is always unbuffered here).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Copy fd to the standard output; -1 on an error. */
static int
copy(int fd)
{
	char buf[8192];
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (ssize_t done = 0; done < n; ) {
			ssize_t w = write(1, buf + done, n - done);
			if (w == -1)
				return -1;
			done += w;
		}
	}
	return 0;
}

static int
cat_file(const char *name)
{
	int fd = strcmp(name, "-") == 0 ? 0 : open(name, O_RDONLY);
	int status = 0;

	if (fd == -1 || copy(fd) == -1) {
		fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
		status = 1;
	}
	if (fd > 0)
		close(fd);
	return status;
}

int
main(int argc, char *argv[])
{
	int status = 0, c;

	while ((c = getopt(argc, argv, "u")) != -1)
		if (c != 'u') {
			fprintf(stderr, "usage: cat [-u] [file ...]\n");
			return 1;
		}
	if (optind == argc)
		return cat_file("-");
	for (int i = optind; i < argc; i++)
		status |= cat_file(argv[i]);
	return status;
}
