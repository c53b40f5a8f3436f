/*
 * utime(3): set a file's access and modification times in seconds
 * (NULL: now), over utimes(2) as OpenBSD's libc has it.
 */
#ifndef _UTIME_H_
#define _UTIME_H_

#include <sys/types.h>

struct utimbuf {
	time_t actime;		/* access time */
	time_t modtime;		/* modification time */
};

int utime(const char *path, const struct utimbuf *times);

#endif
