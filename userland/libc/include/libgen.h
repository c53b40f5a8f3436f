/*
 * Parts of a path: basename(3), dirname(3).
 */
#ifndef _LIBGEN_H_
#define _LIBGEN_H_

char *basename(const char *path);
char *dirname(const char *path);

#endif
