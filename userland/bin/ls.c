/*
 * ls [-1al] [file ...]: list directory contents, sorted by name.
 *
 *   -a  include the names that begin with a dot
 *   -l  long format: mode, links, size, name, as in
 *           drwxr-xr-x   2      512 dir
 *   -1  one name a line (always the case: there is no isatty() yet to
 *       decide on columns for a terminal)
 *
 * A file operand is listed as itself, a directory by its entries; with
 * several operands each directory gets a "name:" heading.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int show_all, long_format;

/* "drwxr-xr-x" from st_mode. */
static void
mode_string(mode_t mode, char out[11])
{
	const char *rwx = "rwxrwxrwx";

	switch (mode & S_IFMT) {
	case S_IFDIR: out[0] = 'd'; break;
	case S_IFCHR: out[0] = 'c'; break;
	case S_IFIFO: out[0] = 'p'; break;
	case S_IFLNK: out[0] = 'l'; break;
	default: out[0] = '-'; break;
	}
	for (int i = 0; i < 9; i++)
		out[i + 1] = mode & (0400 >> i) ? rwx[i] : '-';
	out[10] = '\0';
}

/* One entry; path is where to stat it, name what to print. */
static int
print_entry(const char *path, const char *name)
{
	struct stat sb;
	char mode[11];

	if (!long_format) {
		printf("%s\n", name);
		return 0;
	}
	if (lstat(path, &sb) == -1) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return 1;
	}
	mode_string(sb.st_mode, mode);
	printf("%s %3u %8lld %s\n", mode, (unsigned)sb.st_nlink,
	    (long long)sb.st_size, name);
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir (without dot files unless -a), sorted; NULL on error. */
static char **
read_names(const char *dir, int *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	int n = 0;

	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' && !show_all)
			continue;
		names = realloc(names, (n + 1) * sizeof *names);
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	*count = n;
	return names != NULL ? names : malloc(1);
}

static int
list_directory(const char *dir)
{
	int count, status = 0;
	char **names = read_names(dir, &count);

	if (names == NULL) {
		fprintf(stderr, "ls: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	for (int i = 0; i < count; i++) {
		size_t len = strlen(dir) + strlen(names[i]) + 2;
		char *path = malloc(len);
		snprintf(path, len, "%s/%s", dir, names[i]);
		status |= print_entry(path, names[i]);
		free(path);
		free(names[i]);
	}
	free(names);
	return status;
}

/* Files first, then each directory, as BSD ls orders its operands. */
static int
list_operands(int argc, char **argv)
{
	struct stat sb;
	int status = 0, ndirs = 0;

	qsort(argv, argc, sizeof *argv, by_name);
	for (int i = 0; i < argc; i++) {
		if (stat(argv[i], &sb) == -1) {
			fprintf(stderr, "ls: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			argv[i] = NULL;
		} else if (S_ISDIR(sb.st_mode))
			ndirs++;
		else {
			status |= print_entry(argv[i], argv[i]);
			argv[i] = NULL;
		}
	}
	int first = ndirs == argc;
	for (int i = 0; i < argc; i++) {
		if (argv[i] == NULL)
			continue;
		if (argc > 1)
			printf("%s%s:\n", first ? "" : "\n", argv[i]);
		first = 0;
		status |= list_directory(argv[i]);
	}
	return status;
}

int
main(int argc, char *argv[])
{
	int c;

	while ((c = getopt(argc, argv, "1al")) != -1) {
		switch (c) {
		case '1': break;
		case 'a': show_all = 1; break;
		case 'l': long_format = 1; break;
		default:
			fprintf(stderr, "usage: ls [-1al] [file ...]\n");
			return 1;
		}
	}
	if (optind == argc)
		return list_directory(".");
	return list_operands(argc - optind, argv + optind);
}
