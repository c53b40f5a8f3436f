/*
 * rm [-fr] file ...: remove files.  -r removes directories with all
 * they contain (the entries first, depth first, then the directory
 * itself); -f says nothing about files that do not exist.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int force, recursive;

static int remove_path(const char *path);

static int
complain(const char *path)
{
	if (force && errno == ENOENT)
		return 0;
	fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
	return 1;
}

/* Remove what dir contains, then dir.  The names are read first and
 * removed after: removing entries while reading the directory would
 * move the entries under the reader. */
static int
remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	int n = 0, status = 0;

	if (d == NULL)
		return complain(dir);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		names = realloc(names, (n + 1) * sizeof *names);
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		names[n] = malloc(len);
		snprintf(names[n++], len, "%s/%s", dir, e->d_name);
	}
	closedir(d);
	for (int i = 0; i < n; i++) {
		status |= remove_path(names[i]);
		free(names[i]);
	}
	free(names);
	if (rmdir(dir) == -1)
		return complain(dir);
	return status;
}

static int
remove_path(const char *path)
{
	struct stat sb;

	if (lstat(path, &sb) == -1)
		return complain(path);
	if (S_ISDIR(sb.st_mode)) {
		if (recursive)
			return remove_tree(path);
		fprintf(stderr, "rm: %s: is a directory\n", path);
		return 1;
	}
	if (unlink(path) == -1)
		return complain(path);
	return 0;
}

int
main(int argc, char *argv[])
{
	int status = 0, c;

	while ((c = getopt(argc, argv, "frR")) != -1) {
		switch (c) {
		case 'f': force = 1; break;
		case 'r': case 'R': recursive = 1; break;
		default:
			fprintf(stderr, "usage: rm [-fr] file ...\n");
			return 1;
		}
	}
	if (optind == argc && !force) {
		fprintf(stderr, "usage: rm [-fr] file ...\n");
		return 1;
	}
	for (int i = optind; i < argc; i++)
		status |= remove_path(argv[i]);
	return status;
}
