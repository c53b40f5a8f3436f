/*
 * Multibyte characters: UTF-8 to and from code points (RFC 3629).  A
 * sequence that is not UTF-8 (a stray continuation byte, an overlong
 * form, a surrogate, beyond U+10FFFF) is EILSEQ.  The restartable
 * forms keep the bytes of a character split between calls in their
 * mbstate_t; the others use a state of their own.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define INCOMPLETE	((size_t)-2)
#define ILLEGAL		((size_t)-1)

/* The length of the sequence lead starts; 0 if it starts none. */
static int
sequence_length(unsigned char lead)
{
	if (lead < 0x80)
		return 1;
	if (lead >= 0xc2 && lead <= 0xdf)
		return 2;
	if (lead >= 0xe0 && lead <= 0xef)
		return 3;
	if (lead >= 0xf0 && lead <= 0xf4)
		return 4;
	return 0;
}

/* Is b allowed as byte i (1..3) after lead?  The second byte's range
 * excludes overlong forms, surrogates and code points past U+10FFFF. */
static int
continuation_ok(unsigned char lead, int i, unsigned char b)
{
	unsigned char lo = 0x80, hi = 0xbf;

	if (i == 1) {
		if (lead == 0xe0)
			lo = 0xa0;
		else if (lead == 0xed)
			hi = 0x9f;
		else if (lead == 0xf0)
			lo = 0x90;
		else if (lead == 0xf4)
			hi = 0x8f;
	}
	return b >= lo && b <= hi;
}

/*
 * Decode the n bytes at s: the length of the character, 0 if they are
 * a valid start of one but too few, -1 if they are not UTF-8.
 */
static int
decode(const unsigned char *s, size_t n, wchar_t *wc)
{
	int len = sequence_length(s[0]);
	wchar_t c;

	if (len == 0)
		return -1;
	for (int i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return 0;
		if (!continuation_ok(s[0], i, s[i]))
			return -1;
	}
	c = len == 1 ? s[0] : s[0] & (0x7f >> len);
	for (int i = 1; i < len; i++)
		c = (c << 6) | (s[i] & 0x3f);
	*wc = c;
	return len;
}

size_t
mbrtowc(wchar_t *restrict pwc, const char *restrict s, size_t n,
    mbstate_t *restrict ps)
{
	static mbstate_t own;
	unsigned char buf[4];
	size_t have, take;
	wchar_t wc;
	int len;

	if (ps == NULL)
		ps = &own;
	if (s == NULL) {		/* back to the initial state? */
		pwc = NULL;
		s = "";
		n = 1;
	}
	if (n == 0)
		return INCOMPLETE;
	have = ps->__count;
	memcpy(buf, ps->__bytes, have);
	take = n < 4 - have ? n : 4 - have;
	memcpy(buf + have, s, take);
	len = decode(buf, have + take, &wc);
	if (len < 0) {
		ps->__count = 0;
		errno = EILSEQ;
		return ILLEGAL;
	}
	if (len == 0) {			/* all n bytes kept for the next call */
		memcpy(ps->__bytes, buf, have + take);
		ps->__count = (unsigned int)(have + take);
		return INCOMPLETE;
	}
	ps->__count = 0;
	if (pwc != NULL)
		*pwc = wc;
	return wc == 0 ? 0 : (size_t)len - have;
}

size_t
mbrlen(const char *restrict s, size_t n, mbstate_t *restrict ps)
{
	static mbstate_t own;

	return mbrtowc(NULL, s, n, ps != NULL ? ps : &own);
}

int
mbsinit(const mbstate_t *ps)
{
	return ps == NULL || ps->__count == 0;
}

/* The UTF-8 of wc into s (4 bytes at most): its length, or -1 (EILSEQ). */
static size_t
encode(char *s, wchar_t wc)
{
	unsigned char *u = (unsigned char *)s;

	if (wc < 0 || wc > 0x10ffff || (wc >= 0xd800 && wc <= 0xdfff)) {
		errno = EILSEQ;
		return ILLEGAL;
	}
	if (wc < 0x80) {
		u[0] = (unsigned char)wc;
		return 1;
	}
	if (wc < 0x800) {
		u[0] = 0xc0 | (wc >> 6);
		u[1] = 0x80 | (wc & 0x3f);
		return 2;
	}
	if (wc < 0x10000) {
		u[0] = 0xe0 | (wc >> 12);
		u[1] = 0x80 | ((wc >> 6) & 0x3f);
		u[2] = 0x80 | (wc & 0x3f);
		return 3;
	}
	u[0] = 0xf0 | (wc >> 18);
	u[1] = 0x80 | ((wc >> 12) & 0x3f);
	u[2] = 0x80 | ((wc >> 6) & 0x3f);
	u[3] = 0x80 | (wc & 0x3f);
	return 4;
}

size_t
wcrtomb(char *restrict s, wchar_t wc, mbstate_t *restrict ps)
{
	char buf[4];

	if (ps != NULL)
		ps->__count = 0;	/* UTF-8 has no shift state to end */
	if (s == NULL)
		return encode(buf, L'\0');
	return encode(s, wc);
}

/*
 * A string: at most len wide characters into dst (or, with dst NULL,
 * just count them all).  *src moves past what was converted, to NULL at
 * the end of the string.
 */
size_t
mbsrtowcs(wchar_t *restrict dst, const char **restrict src, size_t len,
    mbstate_t *restrict ps)
{
	const char *s = *src;
	size_t count = 0;

	while (dst == NULL || count < len) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, MB_CUR_MAX, ps);
		if (n == ILLEGAL || n == INCOMPLETE) {
			if (dst != NULL)
				*src = s;
			errno = EILSEQ;
			return ILLEGAL;
		}
		if (dst != NULL)
			dst[count] = wc;
		if (n == 0) {
			if (dst != NULL)
				*src = NULL;
			return count;
		}
		s += n;
		count++;
	}
	*src = s;
	return count;
}

size_t
wcsrtombs(char *restrict dst, const wchar_t **restrict src, size_t len,
    mbstate_t *restrict ps)
{
	const wchar_t *w = *src;
	size_t count = 0;
	char buf[4];

	(void)ps;
	for (;; w++) {
		size_t n = encode(buf, *w);
		if (n == ILLEGAL || (dst != NULL && count + n > len)) {
			if (dst != NULL)
				*src = w;	/* where it stopped */
			return n == ILLEGAL ? ILLEGAL : count;
		}
		if (dst != NULL)
			memcpy(dst + count, buf, n);
		if (*w == L'\0') {
			if (dst != NULL)
				*src = NULL;
			return count;
		}
		count += n;
	}
}

wint_t
btowc(int c)
{
	return c >= 0 && c < 0x80 ? c : WEOF;
}

int
wctob(wint_t c)
{
	return c >= 0 && c < 0x80 ? c : EOF;
}

/* <stdlib.h>'s forms, with a state of their own. */

int
mbtowc(wchar_t *restrict pwc, const char *restrict s, size_t n)
{
	static mbstate_t state;
	size_t r;

	if (s == NULL) {
		memset(&state, 0, sizeof state);
		return 0;		/* UTF-8 has no shift states */
	}
	r = mbrtowc(pwc, s, n, &state);
	if (r == ILLEGAL || r == INCOMPLETE) {
		memset(&state, 0, sizeof state);
		errno = EILSEQ;
		return -1;
	}
	return (int)r;
}

int
mblen(const char *s, size_t n)
{
	return mbtowc(NULL, s, n);
}

int
wctomb(char *s, wchar_t wc)
{
	if (s == NULL)
		return 0;
	return (int)encode(s, wc);
}

size_t
mbstowcs(wchar_t *restrict dst, const char *restrict src, size_t n)
{
	mbstate_t state = { { 0 }, 0 };
	const char *s = src;

	return mbsrtowcs(dst, &s, n, &state);
}

size_t
wcstombs(char *restrict dst, const wchar_t *restrict src, size_t n)
{
	mbstate_t state = { { 0 }, 0 };
	const wchar_t *w = src;

	return wcsrtombs(dst, &w, n, &state);
}

/* --- wide characters on byte streams ------------------------------------- */

wint_t
fgetwc(FILE *fp)
{
	mbstate_t state = { { 0 }, 0 };

	for (;;) {
		int c = getc(fp);
		char byte = (char)c;
		wchar_t wc;
		size_t n;

		if (c == EOF) {
			if (!mbsinit(&state)) {		/* cut off inside a character */
				fp->flags |= __SERR;
				errno = EILSEQ;
			}
			return WEOF;
		}
		n = mbrtowc(&wc, &byte, 1, &state);
		if (n == ILLEGAL) {
			fp->flags |= __SERR;
			return WEOF;
		}
		if (n != INCOMPLETE)
			return wc;
	}
}

wint_t getwc(FILE *fp) { return fgetwc(fp); }
wint_t getwchar(void) { return fgetwc(stdin); }

wint_t
fputwc(wchar_t c, FILE *fp)
{
	char buf[4];
	size_t n = encode(buf, c);

	if (n == ILLEGAL) {
		fp->flags |= __SERR;
		return WEOF;
	}
	return fwrite(buf, 1, n, fp) == n ? (wint_t)c : WEOF;
}

wint_t putwc(wchar_t c, FILE *fp) { return fputwc(c, fp); }
wint_t putwchar(wchar_t c) { return fputwc(c, stdout); }

int
fputws(const wchar_t *restrict s, FILE *restrict fp)
{
	for (; *s != L'\0'; s++)
		if (fputwc(*s, fp) == WEOF)
			return -1;
	return 0;
}
