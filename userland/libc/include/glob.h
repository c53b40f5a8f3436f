/*
 * Path names that match a pattern: glob(3).
 */
#ifndef _GLOB_H_
#define _GLOB_H_

#include <stddef.h>

typedef struct {
	size_t gl_pathc;	/* paths matched so far */
	size_t gl_matchc;	/* paths matched by the last call */
	size_t gl_offs;		/* NULL slots before the paths (GLOB_DOOFFS) */
	int gl_flags;		/* the flags given */
	char **gl_pathv;	/* the paths, then NULL */
	int (*gl_errfunc)(const char *, int);
} glob_t;

#define GLOB_APPEND	0x0001	/* add to the paths of an earlier call */
#define GLOB_DOOFFS	0x0002	/* gl_offs NULL slots first */
#define GLOB_ERR	0x0004	/* stop at a directory that cannot be read */
#define GLOB_MARK	0x0008	/* a '/' after each directory */
#define GLOB_NOCHECK	0x0010	/* no match: the pattern itself */
#define GLOB_NOSORT	0x0020	/* in the directories' order */
#define GLOB_NOESCAPE	0x1000	/* a backslash is an ordinary character */

#define GLOB_NOSPACE	(-1)	/* out of memory */
#define GLOB_ABORTED	(-2)	/* a directory could not be read */
#define GLOB_NOMATCH	(-3)	/* nothing matched */
#define GLOB_NOSYS	(-4)

int glob(const char *pattern, int flags,
    int (*errfunc)(const char *epath, int eerrno), glob_t *pglob);
void globfree(glob_t *pglob);

#endif
