/*
 * mkdir [-p] directory ...: make directories.  With -p the missing
 * parents are made too, and a directory that already exists is fine.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Make each prefix of path that ends at a '/', then path itself. */
static int
make_parents(char *path)
{
	struct stat sb;

	for (char *p = path + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(path, 0777) == -1 && (errno != EEXIST
		    || stat(path, &sb) == -1 || !S_ISDIR(sb.st_mode))) {
			*p = saved;
			return -1;
		}
		*p = saved;
		if (*p == '\0')
			return 0;
	}
}

int
main(int argc, char *argv[])
{
	int parents = 0, status = 0, c;

	while ((c = getopt(argc, argv, "p")) != -1) {
		if (c != 'p') {
			fprintf(stderr, "usage: mkdir [-p] directory ...\n");
			return 1;
		}
		parents = 1;
	}
	if (optind == argc) {
		fprintf(stderr, "usage: mkdir [-p] directory ...\n");
		return 1;
	}
	for (int i = optind; i < argc; i++) {
		if ((parents ? make_parents(argv[i]) : mkdir(argv[i], 0777)) == -1) {
			fprintf(stderr, "mkdir: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
}
