/*
 * <string.h>: simple byte-at-a-time versions, easy to read and check.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *
memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n-- > 0)
		*d++ = *s++;
	return dst;
}

void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((uintptr_t)d - (uintptr_t)s >= n)	/* d before s, or no overlap */
		return memcpy(dst, src, n);
	while (n-- > 0)				/* d inside s: copy backwards */
		d[n] = s[n];
	return dst;
}

void *
memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n-- > 0)
		*d++ = (unsigned char)c;
	return dst;
}

int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n > 0; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

void *
memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n > 0; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t
strlen(const char *s)
{
	const char *p = s;

	while (*p != '\0')
		p++;
	return p - s;
}

size_t
strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n] != '\0')
		n++;
	return n;
}

int
strncmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (*a == '\0')
			return 0;
	}
	return 0;
}

int
strcmp(const char *a, const char *b)
{
	return strncmp(a, b, SIZE_MAX);
}

int
strncasecmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; n--, a++, b++) {
		int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
		if (ca != cb)
			return ca - cb;
		if (ca == '\0')
			return 0;
	}
	return 0;
}

int
strcasecmp(const char *a, const char *b)
{
	return strncasecmp(a, b, SIZE_MAX);
}

char *
strcpy(char *restrict dst, const char *restrict src)
{
	return memcpy(dst, src, strlen(src) + 1);
}

/* Copy at most n bytes and fill the rest of dst with NULs (even if that
 * leaves dst unterminated: strncpy is for fixed-size fields). */
char *
strncpy(char *restrict dst, const char *restrict src, size_t n)
{
	size_t len = strnlen(src, n);

	memcpy(dst, src, len);
	memset(dst + len, '\0', n - len);
	return dst;
}

/* OpenBSD's strlcpy: always terminates; returns strlen(src) so that
 * a result >= size tells the caller the copy was cut short. */
size_t
strlcpy(char *restrict dst, const char *restrict src, size_t size)
{
	size_t len = strlen(src);

	if (size > 0) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

size_t
strlcat(char *restrict dst, const char *restrict src, size_t size)
{
	size_t used = strnlen(dst, size);

	if (used == size)		/* dst was not terminated within size */
		return size + strlen(src);
	return used + strlcpy(dst + used, src, size - used);
}

char *
strcat(char *restrict dst, const char *restrict src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

char *
strncat(char *restrict dst, const char *restrict src, size_t n)
{
	char *end = dst + strlen(dst);
	size_t len = strnlen(src, n);

	memcpy(end, src, len);
	end[len] = '\0';
	return dst;
}

char *
strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (*s == '\0')
			return NULL;
	}
}

char *
strrchr(const char *s, int c)
{
	const char *found = NULL;

	for (;; s++) {
		if (*s == (char)c)
			found = s;
		if (*s == '\0')
			return (char *)found;
	}
}

char *
strstr(const char *haystack, const char *needle)
{
	size_t len = strlen(needle);

	for (; *haystack != '\0'; haystack++)
		if (strncmp(haystack, needle, len) == 0)
			return (char *)haystack;
	return len == 0 ? (char *)haystack : NULL;
}

char *
strndup(const char *s, size_t maxlen)
{
	size_t len = strnlen(s, maxlen);
	char *copy = malloc(len + 1);

	if (copy != NULL) {
		memcpy(copy, s, len);
		copy[len] = '\0';
	}
	return copy;
}

char *
strdup(const char *s)
{
	return strndup(s, SIZE_MAX);
}

/* The length of the first part of s made of bytes that are (in_set) or
 * are not (!in_set) in `set`. */
static size_t
span(const char *s, const char *set, int in_set)
{
	size_t n = 0;

	while (s[n] != '\0' && (strchr(set, s[n]) != NULL) == in_set)
		n++;
	return n;
}

size_t
strspn(const char *s, const char *accept)
{
	return span(s, accept, 1);
}

size_t
strcspn(const char *s, const char *reject)
{
	return span(s, reject, 0);
}

char *
strpbrk(const char *s, const char *accept)
{
	s += strcspn(s, accept);
	return *s != '\0' ? (char *)s : NULL;
}

char *
strtok_r(char *restrict s, const char *restrict sep, char **restrict last)
{
	if (s == NULL)
		s = *last;
	s += strspn(s, sep);		/* skip separators in front */
	if (*s == '\0') {
		*last = s;
		return NULL;
	}
	char *end = s + strcspn(s, sep);
	if (*end != '\0')
		*end++ = '\0';
	*last = end;
	return s;
}

char *
strtok(char *restrict s, const char *restrict sep)
{
	static char *last;

	return strtok_r(s, sep, &last);
}
