#ifndef _STRINGS_H_
#define _STRINGS_H_

#include <stddef.h>

int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);

#endif
