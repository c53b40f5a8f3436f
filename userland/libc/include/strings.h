#ifndef _STRINGS_H_
#define _STRINGS_H_

#include <stddef.h>

int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);
void bzero(void *buf, size_t len);
void bcopy(const void *src, void *dst, size_t len);
int bcmp(const void *a, const void *b, size_t len);
int ffs(int mask);

#endif
