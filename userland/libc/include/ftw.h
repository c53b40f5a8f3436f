/*
 * Walking a file tree: nftw(3) and ftw(3).
 */
#ifndef _FTW_H_
#define _FTW_H_

#include <sys/stat.h>

/* The kinds of file fn is told about. */
#define FTW_F	0	/* a file */
#define FTW_D	1	/* a directory, before its contents */
#define FTW_DNR	2	/* a directory that cannot be read */
#define FTW_NS	3	/* stat failed: sb means nothing */
#define FTW_SL	4	/* a symbolic link (FTW_PHYS) */
#define FTW_DP	5	/* a directory, after its contents (FTW_DEPTH) */
#define FTW_SLN	6	/* a symbolic link to nothing */

/* nftw flags */
#define FTW_PHYS	0x01	/* do not follow symbolic links */
#define FTW_MOUNT	0x02	/* stay in the file system */
#define FTW_DEPTH	0x04	/* directories after their contents */

struct FTW {
	int base;	/* where the file's name starts in the path */
	int level;	/* depth below the starting point (0) */
};

int ftw(const char *path, int (*fn)(const char *, const struct stat *, int),
    int maxfds);
int nftw(const char *path,
    int (*fn)(const char *, const struct stat *, int, struct FTW *),
    int maxfds, int flags);

#endif
