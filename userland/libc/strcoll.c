/*
 * Collation in the C locale (the only one here): the order of the bytes,
 * as strcmp().  strxfrm's transformed string is then the string itself.
 */
#include <string.h>

int
strcoll(const char *a, const char *b)
{
	return strcmp(a, b);
}

/*
 * The transformed src into dst (at most n bytes, the NUL included);
 * returns the length the whole of it needs, without the NUL: if that is
 * n or more, dst's contents are unspecified (C11 7.24.4.5).
 */
size_t
strxfrm(char *restrict dst, const char *restrict src, size_t n)
{
	size_t len = strlen(src);

	if (len < n)
		memcpy(dst, src, len + 1);
	return len;
}
