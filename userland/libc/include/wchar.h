/*
 * Wide characters.  wchar_t holds a Unicode code point; the multibyte
 * encoding is UTF-8 (in the C locale, the only one here).
 */
#ifndef _WCHAR_H_
#define _WCHAR_H_

#include <stddef.h>

#ifndef _WINT_T_DEFINED_
#define _WINT_T_DEFINED_
typedef int wint_t;
#endif

/* A conversion's place inside a character: the bytes of it seen so far. */
typedef struct {
	unsigned char __bytes[4];
	unsigned int __count;
} mbstate_t;

#define WEOF	((wint_t)-1)
#define WCHAR_MIN	(-2147483647 - 1)
#define WCHAR_MAX	2147483647

size_t mbrtowc(wchar_t *__restrict pwc, const char *__restrict s, size_t n,
    mbstate_t *__restrict ps);
size_t wcrtomb(char *__restrict s, wchar_t wc, mbstate_t *__restrict ps);
size_t mbrlen(const char *__restrict s, size_t n, mbstate_t *__restrict ps);
int mbsinit(const mbstate_t *ps);
size_t mbsrtowcs(wchar_t *__restrict dst, const char **__restrict src, size_t len,
    mbstate_t *__restrict ps);
size_t wcsrtombs(char *__restrict dst, const wchar_t **__restrict src, size_t len,
    mbstate_t *__restrict ps);
wint_t btowc(int c);
int wctob(wint_t c);

size_t wcslen(const wchar_t *s);
int wcscmp(const wchar_t *a, const wchar_t *b);
int wcsncmp(const wchar_t *a, const wchar_t *b, size_t n);
int wcscoll(const wchar_t *a, const wchar_t *b);
wchar_t *wcscpy(wchar_t *__restrict dst, const wchar_t *__restrict src);
wchar_t *wcsncpy(wchar_t *__restrict dst, const wchar_t *__restrict src, size_t n);
wchar_t *wcscat(wchar_t *__restrict dst, const wchar_t *__restrict src);
wchar_t *wcsncat(wchar_t *__restrict dst, const wchar_t *__restrict src, size_t n);
wchar_t *wcschr(const wchar_t *s, wchar_t c);
wchar_t *wcsrchr(const wchar_t *s, wchar_t c);
wchar_t *wcsstr(const wchar_t *__restrict haystack, const wchar_t *__restrict needle);
size_t wcsspn(const wchar_t *s, const wchar_t *accept);
size_t wcscspn(const wchar_t *s, const wchar_t *reject);
wchar_t *wcsdup(const wchar_t *s);
wchar_t *wmemchr(const wchar_t *s, wchar_t c, size_t n);
int wmemcmp(const wchar_t *a, const wchar_t *b, size_t n);
wchar_t *wmemcpy(wchar_t *__restrict dst, const wchar_t *__restrict src, size_t n);
wchar_t *wmemmove(wchar_t *dst, const wchar_t *src, size_t n);
wchar_t *wmemset(wchar_t *s, wchar_t c, size_t n);
int wcwidth(wchar_t c);
int wcswidth(const wchar_t *s, size_t n);

struct __sFILE;			/* FILE, from <stdio.h> */
wint_t fgetwc(struct __sFILE *fp);
wint_t getwc(struct __sFILE *fp);
wint_t getwchar(void);
wint_t fputwc(wchar_t c, struct __sFILE *fp);
wint_t putwc(wchar_t c, struct __sFILE *fp);
wint_t putwchar(wchar_t c);
int fputws(const wchar_t *__restrict s, struct __sFILE *__restrict fp);

#endif
