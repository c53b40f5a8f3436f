/*
 * operands.h: the operand rules cp(1) and mv(1) share.
 *
 *	PROG source target		one source, to the name target
 *	PROG source ... directory	each source into directory, under its
 *					own last name component
 *
 * each_operand() applies `act` to every (source, destination) pair and
 * returns the exit status.
 */
#ifndef OPERANDS_H
#define OPERANDS_H

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
each_operand(const char *prog, int argc, char *argv[],
    int (*act)(const char *from, const char *to))
{
	const char *target = argv[argc - 1];
	int status = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: %s source target\n"
		    "       %s source ... directory\n", prog, prog);
		return 1;
	}
	if (!is_directory(target)) {
		if (argc > 3) {
			fprintf(stderr, "%s: %s: not a directory\n", prog, target);
			return 1;
		}
		return act(argv[1], target);
	}
	for (int i = 1; i < argc - 1; i++) {
		char *to = path_in(target, argv[i]);
		status |= act(argv[i], to);
		free(to);
	}
	return status;
}

#endif
