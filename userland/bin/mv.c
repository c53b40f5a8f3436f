/*
 * mv source target, mv source ... directory: rename files.  A target
 * that is a directory receives the sources under their own names.
 * rename(2) does the work: within one file system a move is just a
 * change of names, the data does not move.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int
is_directory(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* dir/basename(path), in a new string. */
static char *
path_in(const char *dir, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash != NULL ? slash + 1 : path;
	size_t len = strlen(dir) + strlen(base) + 2;
	char *s = malloc(len);

	snprintf(s, len, "%s/%s", dir, base);
	return s;
}

static int
move(const char *from, const char *to)
{
	if (rename(from, to) == -1) {
		fprintf(stderr, "mv: %s to %s: %s\n", from, to, strerror(errno));
		return 1;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	const char *target = argv[argc - 1];
	int status = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: mv source target\n"
		    "       mv source ... directory\n");
		return 1;
	}
	if (!is_directory(target)) {
		if (argc > 3) {
			fprintf(stderr, "mv: %s: not a directory\n", target);
			return 1;
		}
		return move(argv[1], target);
	}
	for (int i = 1; i < argc - 1; i++) {
		char *to = path_in(target, argv[i]);
		status |= move(argv[i], to);
		free(to);
	}
	return status;
}
