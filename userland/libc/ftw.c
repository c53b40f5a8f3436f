/*
 * nftw(3) and ftw(3): call fn for each file under path, a directory
 * before its entries (or after, with FTW_DEPTH).  A nonzero return from
 * fn stops the walk and is returned.  The path passed to fn is built in
 * one buffer as the walk goes down; maxfds is not needed (each
 * directory is read whole and closed before going into it).  Entries
 * come in name order.  FTW_CHDIR is not offered.
 */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct walk {
	int (*fn)(const char *, const struct stat *, int, struct FTW *);
	int flags;
	dev_t dev;		/* FTW_MOUNT: the starting file system */
	char path[PATH_MAX];
};

static int walk_dir(struct walk *w, size_t len, int level);

/* The file whose path is w->path[0..len); its name starts at base. */
static int
visit(struct walk *w, size_t len, size_t base, int level)
{
	struct FTW ftw = { (int)base, level };
	struct stat sb;
	int r, kind;

	r = (w->flags & FTW_PHYS) ? lstat(w->path, &sb) : stat(w->path, &sb);
	if (r < 0) {
		kind = (!(w->flags & FTW_PHYS) && lstat(w->path, &sb) == 0) ? FTW_SLN : FTW_NS;
		return w->fn(w->path, &sb, kind, &ftw);
	}
	if (level == 0)
		w->dev = sb.st_dev;
	if ((w->flags & FTW_MOUNT) && sb.st_dev != w->dev)
		return 0;
	if (S_ISLNK(sb.st_mode))
		return w->fn(w->path, &sb, FTW_SL, &ftw);
	if (!S_ISDIR(sb.st_mode))
		return w->fn(w->path, &sb, FTW_F, &ftw);
	if (!(w->flags & FTW_DEPTH) && (r = w->fn(w->path, &sb, FTW_D, &ftw)) != 0)
		return r;
	r = walk_dir(w, len, level);
	if (r > 0)
		return r;
	if (r < 0)			/* unreadable */
		return w->fn(w->path, &sb, FTW_DNR, &ftw);
	if (w->flags & FTW_DEPTH)
		return w->fn(w->path, &sb, FTW_DP, &ftw);
	return 0;
}

/* Each entry of the directory w->path[0..len): fn's first nonzero
 * return, 0, or -1 if it cannot be read. */
static int
walk_dir(struct walk *w, size_t len, int level)
{
	struct dirent **names;
	int n = scandir(w->path, &names, NULL, alphasort), r = 0;

	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		size_t nlen = strlen(name), at = len;
		if (r != 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (at > 0 && w->path[at - 1] != '/')
			w->path[at++] = '/';
		if (at + nlen >= sizeof w->path) {
			errno = ENAMETOOLONG;
			r = -1;
			continue;
		}
		memcpy(w->path + at, name, nlen + 1);
		r = visit(w, at + nlen, at, level + 1);
		w->path[len] = '\0';
	}
	while (n > 0)
		free(names[--n]);
	free(names);
	return r < 0 ? 0 : r;
}

int
nftw(const char *path,
    int (*fn)(const char *, const struct stat *, int, struct FTW *),
    int maxfds, int flags)
{
	struct walk *w = malloc(sizeof *w);
	size_t len = strlen(path), base;
	int r;

	(void)maxfds;
	if (w == NULL)
		return -1;
	if (len >= sizeof w->path) {
		free(w);
		errno = ENAMETOOLONG;
		return -1;
	}
	w->fn = fn;
	w->flags = flags;
	memcpy(w->path, path, len + 1);
	for (base = len; base > 0 && path[base - 1] != '/'; base--)
		continue;
	r = visit(w, len, base, 0);
	free(w);
	return r;
}

/* ftw: nftw without the struct FTW (fn's callers' older form). */
static int (*ftw_fn)(const char *, const struct stat *, int);

static int
ftw_adapter(const char *path, const struct stat *sb, int kind, struct FTW *f)
{
	(void)f;
	return ftw_fn(path, sb, kind);
}

int
ftw(const char *path, int (*fn)(const char *, const struct stat *, int), int maxfds)
{
	ftw_fn = fn;
	return nftw(path, ftw_adapter, maxfds, 0);
}
