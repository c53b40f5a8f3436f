/*
 * scandir(3): a directory's entries that a filter keeps, in an array
 * sorted by compar (alphasort: by name, strcoll).
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

int
alphasort(const struct dirent **a, const struct dirent **b)
{
	return strcoll((*a)->d_name, (*b)->d_name);
}

int
scandir(const char *dirname, struct dirent ***namelist,
    int (*select)(const struct dirent *),
    int (*compar)(const struct dirent **, const struct dirent **))
{
	struct dirent **list = NULL, *d, *copy;
	size_t n = 0, cap = 0;
	DIR *dir = opendir(dirname);
	int saved;

	if (dir == NULL)
		return -1;
	while ((d = readdir(dir)) != NULL) {
		if (select != NULL && !select(d))
			continue;
		if (n == cap) {
			struct dirent **bigger = reallocarray(list, cap ? 2 * cap : 16,
			    sizeof *list);
			if (bigger == NULL)
				goto fail;
			list = bigger;
			cap = cap ? 2 * cap : 16;
		}
		if ((copy = malloc(sizeof *copy)) == NULL)
			goto fail;
		memcpy(copy, d, sizeof *copy);
		list[n++] = copy;
	}
	closedir(dir);
	if (compar != NULL && n > 1)
		qsort(list, n, sizeof *list,
		    (int (*)(const void *, const void *))compar);
	*namelist = list;
	return (int)n;
fail:
	saved = errno;
	while (n > 0)
		free(list[--n]);
	free(list);
	closedir(dir);
	errno = saved;
	return -1;
}
