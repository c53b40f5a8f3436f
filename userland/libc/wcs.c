/*
 * Strings of wide characters: <wchar.h>'s counterparts of <string.h>,
 * and the width a terminal gives a character (wcwidth).
 */
#include <stdlib.h>
#include <wchar.h>

size_t
wcslen(const wchar_t *s)
{
	const wchar_t *p = s;

	while (*p != L'\0')
		p++;
	return p - s;
}

/* As the code points compare (wchar_t is signed: compare as such). */
int
wcsncmp(const wchar_t *a, const wchar_t *b, size_t n)
{
	for (; n > 0; a++, b++, n--) {
		if (*a != *b)
			return *a < *b ? -1 : 1;
		if (*a == L'\0')
			break;
	}
	return 0;
}

int wcscmp(const wchar_t *a, const wchar_t *b) { return wcsncmp(a, b, (size_t)-1); }
int wcscoll(const wchar_t *a, const wchar_t *b) { return wcscmp(a, b); }

wchar_t *
wcscpy(wchar_t *restrict dst, const wchar_t *restrict src)
{
	return wmemcpy(dst, src, wcslen(src) + 1);
}

wchar_t *
wcsncpy(wchar_t *restrict dst, const wchar_t *restrict src, size_t n)
{
	size_t i = 0;

	for (; i < n && src[i] != L'\0'; i++)
		dst[i] = src[i];
	wmemset(dst + i, L'\0', n - i);
	return dst;
}

wchar_t *
wcscat(wchar_t *restrict dst, const wchar_t *restrict src)
{
	wcscpy(dst + wcslen(dst), src);
	return dst;
}

wchar_t *
wcsncat(wchar_t *restrict dst, const wchar_t *restrict src, size_t n)
{
	wchar_t *end = dst + wcslen(dst);
	size_t i = 0;

	for (; i < n && src[i] != L'\0'; i++)
		end[i] = src[i];
	end[i] = L'\0';
	return dst;
}

wchar_t *
wcschr(const wchar_t *s, wchar_t c)
{
	for (;; s++) {
		if (*s == c)
			return (wchar_t *)s;
		if (*s == L'\0')
			return NULL;
	}
}

wchar_t *
wcsrchr(const wchar_t *s, wchar_t c)
{
	const wchar_t *last = NULL;

	for (;; s++) {
		if (*s == c)
			last = s;
		if (*s == L'\0')
			return (wchar_t *)last;
	}
}

wchar_t *
wcsstr(const wchar_t *restrict haystack, const wchar_t *restrict needle)
{
	size_t n = wcslen(needle);

	for (; *haystack != L'\0' || n == 0; haystack++) {
		if (wcsncmp(haystack, needle, n) == 0)
			return (wchar_t *)haystack;
	}
	return NULL;
}

static size_t
span(const wchar_t *s, const wchar_t *set, int in_set)
{
	size_t n = 0;

	while (s[n] != L'\0' && (wcschr(set, s[n]) != NULL) == in_set)
		n++;
	return n;
}

size_t wcsspn(const wchar_t *s, const wchar_t *accept) { return span(s, accept, 1); }
size_t wcscspn(const wchar_t *s, const wchar_t *reject) { return span(s, reject, 0); }

wchar_t *
wcsdup(const wchar_t *s)
{
	size_t n = wcslen(s) + 1;
	wchar_t *copy = malloc(n * sizeof *copy);

	return copy != NULL ? wmemcpy(copy, s, n) : NULL;
}

wchar_t *
wmemchr(const wchar_t *s, wchar_t c, size_t n)
{
	for (; n > 0; s++, n--)
		if (*s == c)
			return (wchar_t *)s;
	return NULL;
}

int
wmemcmp(const wchar_t *a, const wchar_t *b, size_t n)
{
	for (; n > 0; a++, b++, n--)
		if (*a != *b)
			return *a < *b ? -1 : 1;
	return 0;
}

wchar_t *
wmemcpy(wchar_t *restrict dst, const wchar_t *restrict src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = src[i];
	return dst;
}

wchar_t *
wmemmove(wchar_t *dst, const wchar_t *src, size_t n)
{
	if (dst < src) {
		for (size_t i = 0; i < n; i++)
			dst[i] = src[i];
	} else {
		for (size_t i = n; i > 0; i--)
			dst[i - 1] = src[i - 1];
	}
	return dst;
}

wchar_t *
wmemset(wchar_t *s, wchar_t c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		s[i] = c;
	return s;
}

/* Blocks a terminal shows two columns wide (East Asian Wide and Fullwidth). */
static const struct { wchar_t lo, hi; } wide[] = {
	{ 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff },
	{ 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf },
	{ 0xac00, 0xd7a3 }, { 0xf900, 0xfaff }, { 0xfe30, 0xfe4f },
	{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f },
	{ 0x1f900, 0x1f9ff }, { 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};

/* Combining marks and other characters that take no column. */
static const struct { wchar_t lo, hi; } zero[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x200b, 0x200f }, { 0x20d0, 0x20ff }, { 0xfe00, 0xfe0f },
	{ 0xfe20, 0xfe2f },
};

/* Columns: 0, 1 or 2; -1 for a control character or a non-character. */
int
wcwidth(wchar_t c)
{
	if (c == 0)
		return 0;
	if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		return -1;
	for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
		if (c >= zero[i].lo && c <= zero[i].hi)
			return 0;
	for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
		if (c >= wide[i].lo && c <= wide[i].hi)
			return 2;
	return 1;
}

int
wcswidth(const wchar_t *s, size_t n)
{
	int total = 0;

	for (; n > 0 && *s != L'\0'; s++, n--) {
		int w = wcwidth(*s);
		if (w < 0)
			return -1;
		total += w;
	}
	return total;
}
