/*
 * glob(3): the path names that match a pattern, as a shell expands
 * a word with wildcards.  The pattern is taken one component (between
 * slashes) at a time: a component with no wildcard is just added to the path; one
 * with wildcards is matched by fnmatch() against each name that
 * readdir() gives in the directory so far.  A name starting with '.'
 * is matched only by a component that starts with '.'.  The paths found
 * by one call are sorted (strcmp) unless GLOB_NOSORT.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct globber {
	glob_t *g;
	int flags;
	int (*errfunc)(const char *, int);
	int error;		/* GLOB_NOSPACE or GLOB_ABORTED, once it happens */
};

static bool
has_wildcard(const char *s, size_t n, int flags)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && !(flags & GLOB_NOESCAPE) && i + 1 < n)
			i++;
		else if (s[i] == '*' || s[i] == '?' || s[i] == '[')
			return true;
	}
	return false;
}

/* Add a path (and the '/' GLOB_MARK puts after a directory). */
static void
add_path(struct globber *gb, const char *path)
{
	glob_t *g = gb->g;
	size_t len = strlen(path);
	struct stat sb;
	bool mark = (gb->flags & GLOB_MARK) && len > 0 && path[len - 1] != '/' &&
	    stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
	size_t slots = g->gl_offs + g->gl_pathc + 2;
	char **v = realloc(g->gl_pathv, slots * sizeof *v);
	char *copy = malloc(len + 2);

	if (v == NULL || copy == NULL) {
		free(copy);
		if (v != NULL)
			g->gl_pathv = v;
		gb->error = GLOB_NOSPACE;
		return;
	}
	memcpy(copy, path, len);
	if (mark)
		copy[len++] = '/';
	copy[len] = '\0';
	g->gl_pathv = v;
	v[g->gl_offs + g->gl_pathc++] = copy;
	v[g->gl_offs + g->gl_pathc] = NULL;
	g->gl_matchc++;
}

/* Copy a literal component into path at len, dropping escapes. */
static size_t
append_literal(char *path, size_t len, const char *s, size_t n, int flags)
{
	for (size_t i = 0; i < n && len < PATH_MAX - 1; i++) {
		if (s[i] == '\\' && !(flags & GLOB_NOESCAPE) && i + 1 < n)
			i++;
		path[len++] = s[i];
	}
	path[len] = '\0';
	return len;
}

static void expand(struct globber *gb, char *path, size_t len, const char *rest);

/* The component [comp, comp + n) has wildcards: try each name in path. */
static void
expand_wild(struct globber *gb, char *path, size_t len, const char *comp,
    size_t n, const char *rest)
{
	char pattern[NAME_MAX + 1];
	int fnflags = FNM_PERIOD | ((gb->flags & GLOB_NOESCAPE) ? FNM_NOESCAPE : 0);
	struct dirent *d;
	DIR *dir;

	if (n > NAME_MAX)
		return;			/* no name can match */
	memcpy(pattern, comp, n);
	pattern[n] = '\0';
	if ((dir = opendir(len > 0 ? path : ".")) == NULL) {
		if ((gb->errfunc != NULL && gb->errfunc(len > 0 ? path : ".", errno)) ||
		    (gb->flags & GLOB_ERR))
			gb->error = GLOB_ABORTED;
		return;
	}
	while (gb->error == 0 && (d = readdir(dir)) != NULL) {
		size_t namelen = strlen(d->d_name);
		if (fnmatch(pattern, d->d_name, fnflags) != 0 ||
		    len + namelen >= PATH_MAX - 1)
			continue;
		memcpy(path + len, d->d_name, namelen + 1);
		expand(gb, path, len + namelen, rest);
	}
	closedir(dir);
	path[len] = '\0';
}

/*
 * path[0..len) matched the pattern so far; rest is what is left of it
 * (starting at a '/' or at the end).
 */
static void
expand(struct globber *gb, char *path, size_t len, const char *rest)
{
	struct stat sb;

	while (*rest == '/' && len < PATH_MAX - 1) {	/* the slashes as they are */
		path[len++] = '/';
		path[len] = '\0';
		rest++;
	}
	if (*rest == '\0') {
		if (lstat(path, &sb) == 0)
			add_path(gb, path);
		return;
	}
	size_t n = strcspn(rest, "/");
	if (has_wildcard(rest, n, gb->flags)) {
		expand_wild(gb, path, len, rest, n, rest + n);
		return;
	}
	len = append_literal(path, len, rest, n, gb->flags);
	expand(gb, path, len, rest + n);
}

static int
compare_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
glob(const char *restrict pattern, int flags,
    int (*errfunc)(const char *, int), glob_t *restrict g)
{
	struct globber gb = { g, flags, errfunc, 0 };
	char path[PATH_MAX];
	size_t first;

	if (!(flags & GLOB_APPEND)) {
		g->gl_pathc = 0;
		g->gl_pathv = NULL;
		if (!(flags & GLOB_DOOFFS))
			g->gl_offs = 0;
	}
	g->gl_flags = flags;
	g->gl_errfunc = errfunc;
	g->gl_matchc = 0;
	if (g->gl_pathv == NULL) {	/* the NULL slots and the final NULL */
		if ((g->gl_pathv = calloc(g->gl_offs + 1, sizeof *g->gl_pathv)) == NULL)
			return GLOB_NOSPACE;
	}
	first = g->gl_pathc;
	path[0] = '\0';
	if (strlen(pattern) < PATH_MAX)
		expand(&gb, path, 0, pattern);
	if (gb.error != 0)
		return gb.error;
	if (g->gl_pathc == first) {
		if (!(flags & GLOB_NOCHECK))
			return GLOB_NOMATCH;
		gb.flags &= ~GLOB_MARK;
		add_path(&gb, pattern);
		return gb.error;
	}
	if (!(flags & GLOB_NOSORT))
		qsort(g->gl_pathv + g->gl_offs + first, g->gl_pathc - first,
		    sizeof(char *), compare_paths);
	return 0;
}

void
globfree(glob_t *g)
{
	if (g->gl_pathv != NULL) {
		for (size_t i = 0; i < g->gl_pathc; i++)
			free(g->gl_pathv[g->gl_offs + i]);
		free(g->gl_pathv);
	}
	g->gl_pathv = NULL;
	g->gl_pathc = 0;
}
