/*
 * wchartest: wchar.h, wctype.h and the multibyte functions of stdlib.h.
 *
 *	wchartest		the checks, then "N passed, M failed"
 *	wchartest classes	for each code point of the ranges wctype.c
 *				knows: "cp alpha upper lower toupper tolower"
 *	wchartest decode	each stdin line is bytes in hex: the code points
 *				mbstowcs gives (hex, space-separated), or "EILSEQ"
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "check.h"

static void
test_conversions(void)
{
	const char *text = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";	/* aé€😀 */
	wchar_t wide[8], wc;
	char back[16];
	mbstate_t st;
	size_t n;

	check("MB_CUR_MAX and MB_LEN_MAX", MB_CUR_MAX == 4 && MB_LEN_MAX >= 4);
	n = mbstowcs(wide, text, 8);
	check("mbstowcs decodes UTF-8", n == 4 && wide[0] == 'a' && wide[1] == 0xe9 &&
	    wide[2] == 0x20ac && wide[3] == 0x1f600 && wide[4] == 0);
	check("mbstowcs(NULL) counts", mbstowcs(NULL, text, 0) == 4);
	check("wcstombs encodes back", wcstombs(back, wide, sizeof back) == 10 &&
	    strcmp(back, text) == 0);
	check("wcstombs(NULL) counts bytes", wcstombs(NULL, wide, 0) == 10);
	check("wcstombs stops before a character that does not fit",
	    wcstombs(back, wide, 5) == 3 && memcmp(back, "a\xc3\xa9", 3) == 0);
	check("mbstowcs of an invalid string", mbstowcs(wide, "a\xff", 8) == (size_t)-1 &&
	    errno == EILSEQ);

	memset(&st, 0, sizeof st);
	check("mbsinit at the start", mbsinit(&st) && mbsinit(NULL));
	check("mbrtowc: a character in pieces", mbrtowc(&wc, "\xe2", 1, &st) == (size_t)-2 &&
	    !mbsinit(&st) && mbrtowc(&wc, "\x82", 1, &st) == (size_t)-2 &&
	    mbrtowc(&wc, "\xac!", 2, &st) == 1 && wc == 0x20ac && mbsinit(&st));
	check("mbrtowc of NUL is 0", mbrtowc(&wc, "", 1, &st) == 0 && wc == 0);
	check("mbrtowc: overlong is EILSEQ", mbrtowc(&wc, "\xc0\x80", 2, &st) == (size_t)-1 &&
	    errno == EILSEQ);
	check("mbrtowc: a surrogate is EILSEQ", mbrtowc(&wc, "\xed\xa0\x80", 3, &st) ==
	    (size_t)-1);
	check("mbrtowc: past U+10FFFF is EILSEQ", mbrtowc(&wc, "\xf4\x90\x80\x80", 4, &st) ==
	    (size_t)-1);
	check("mbrlen", mbrlen("\xf0\x9f\x98\x80", 4, NULL) == 4 &&
	    mbrlen("\xf0\x9f", 2, NULL) == (size_t)-2);
	check("wcrtomb", wcrtomb(back, 0x20ac, &st) == 3 &&
	    memcmp(back, "\xe2\x82\xac", 3) == 0);
	check("wcrtomb of a surrogate is EILSEQ", wcrtomb(back, 0xd800, &st) == (size_t)-1 &&
	    errno == EILSEQ);
	check("mbtowc and wctomb", mbtowc(&wc, "\xc3\xa9", 2) == 2 && wc == 0xe9 &&
	    wctomb(back, 0x10ffff) == 4 && mblen("abc", 3) == 1 && mbtowc(NULL, NULL, 0) == 0);
	check("btowc and wctob", btowc('A') == L'A' && btowc(0xe9) == WEOF &&
	    btowc(EOF) == WEOF && wctob(L'z') == 'z' && wctob(0xe9) == EOF);
	{
		const char *src = "x\xc3\xa9y";
		wchar_t two[2];
		check("mbsrtowcs stops at len, src moves on",
		    mbsrtowcs(two, &src, 2, &st) == 2 && two[1] == 0xe9 &&
		    strcmp(src, "y") == 0 && mbsrtowcs(two, &src, 2, &st) == 1 &&
		    src == NULL);
	}
}

static void
test_strings(void)
{
	wchar_t buf[16], *dup;

	check("wcslen", wcslen(L"h\u00e9llo") == 5 && wcslen(L"") == 0);
	check("wcscmp orders by code point", wcscmp(L"abc", L"abd") < 0 &&
	    wcscmp(L"\u00e9", L"z") > 0 && wcscmp(L"x", L"x") == 0 &&
	    wcscmp(L"ab", L"abc") < 0);
	check("wcsncmp", wcsncmp(L"abcX", L"abcY", 3) == 0 && wcsncmp(L"a", L"b", 1) < 0);
	check("wcscpy and wcscat", wcscpy(buf, L"wide") == buf && wcscat(buf, L" str") &&
	    wcscmp(buf, L"wide str") == 0);
	check("wcsncpy pads", wcsncpy(buf, L"ab", 5) == buf && buf[1] == 'b' && buf[4] == 0);
	check("wcschr and wcsrchr", wcschr(L"abca", L'a') != wcsrchr(L"abca", L'a') &&
	    wcschr(L"abc", L'z') == NULL && *wcsrchr(L"abc", L'\0') == 0);
	check("wcsstr", wcsstr(L"haystack", L"st") != NULL &&
	    wcscmp(wcsstr(L"haystack", L"st"), L"stack") == 0 &&
	    wcsstr(L"abc", L"abd") == NULL);
	check("wcsspn and wcscspn", wcsspn(L"aabx", L"ab") == 3 && wcscspn(L"aabx", L"x") == 3);
	dup = wcsdup(L"copy");
	check("wcsdup", dup != NULL && wcscmp(dup, L"copy") == 0);
	free(dup);
	check("wmemset, wmemcmp, wmemchr", wmemset(buf, L'z', 3) == buf &&
	    wmemcmp(buf, L"zzz", 3) == 0 && wmemchr(buf, L'z', 3) == buf);
	wcscpy(buf, L"abcdef");
	check("wmemmove overlapping", wmemmove(buf + 1, buf, 4) == buf + 1 &&
	    wcscmp(buf, L"aabcdf") == 0);
	check("wcwidth", wcwidth(L'a') == 1 && wcwidth(0x4e00) == 2 && wcwidth(0x301) == 0 &&
	    wcwidth(0x7) == -1 && wcwidth(0xac00) == 2 && wcwidth(0xff21) == 2);
	check("wcswidth", wcswidth(L"a\u4e00b", 10) == 4 && wcswidth(L"a\a", 2) == -1);
}

static void
test_classes(void)
{
	check("iswalpha", iswalpha(L'a') && iswalpha(0xe9) && iswalpha(0x3b1) &&
	    iswalpha(0x4e2d) && !iswalpha(L'1') && !iswalpha(0xd7) && !iswalpha(WEOF));
	check("iswdigit is ASCII only", iswdigit(L'7') && !iswdigit(0x661));
	check("iswspace", iswspace(L' ') && iswspace(L'\n') && iswspace(0x3000) &&
	    !iswspace(0xa0) && !iswspace(L'x'));
	check("iswpunct and iswgraph", iswpunct(L'!') && iswpunct(0xbf) && !iswpunct(L'a') &&
	    iswgraph(0xe9) && !iswgraph(L' '));
	check("iswcntrl and iswprint", iswcntrl(0x85) && !iswprint(0x85) && iswprint(0xe9) &&
	    iswprint(L' ') && !iswprint(0xd800));
	check("iswxdigit and iswblank", iswxdigit(L'F') && !iswxdigit(L'g') &&
	    iswblank(L'\t') && !iswblank(L'\n'));
	check("towupper and towlower", towupper(0xe9) == 0xc9 && towlower(0x416) == 0x436 &&
	    towupper(0x3c2) == 0x3a3 && towupper(0xdf) == 0xdf && towupper(WEOF) == WEOF);
	check("wctype and iswctype", iswctype(0xe9, wctype("alpha")) &&
	    !iswctype(L'1', wctype("alpha")) && wctype("nonsense") == 0 &&
	    iswctype(L'5', wctype("digit")));
	check("wctrans and towctrans", towctrans(L'q', wctrans("toupper")) == L'Q' &&
	    towctrans(0xc0, wctrans("tolower")) == 0xe0 && wctrans("x") == 0);
}

static void
test_streams(void)
{
	FILE *fp = fopen("/tmp/wchartest", "w+");

	check("fputwc and fputws write UTF-8", fp != NULL && fputwc(0xe9, fp) == 0xe9 &&
	    fputws(L"\u20ac!", fp) >= 0 && ftell(fp) == 6);
	rewind(fp);
	check("fgetwc reads it back", fgetwc(fp) == 0xe9 && fgetwc(fp) == 0x20ac &&
	    getwc(fp) == L'!' && fgetwc(fp) == WEOF && !ferror(fp));
	fclose(fp);
	fp = fopen("/tmp/wchartest", "w+");
	fputs("\xff", fp);
	rewind(fp);
	check("fgetwc of a bad byte: WEOF and an error", fgetwc(fp) == WEOF && ferror(fp));
	fclose(fp);
}

static void
print_classes(void)
{
	static const wint_t ranges[][2] = {
		{ 0, 0x17f }, { 0x386, 0x3ce }, { 0x400, 0x45f },
		{ 0x3041, 0x3096 }, { 0x30a1, 0x30fa }, { 0x4e00, 0x4e40 },
		{ 0xac00, 0xac40 },
	};

	for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++)
		for (wint_t c = ranges[r][0]; c <= ranges[r][1]; c++)
			printf("%x %d %d %d %x %x\n", c, iswalpha(c) != 0, iswupper(c) != 0,
			    iswlower(c) != 0, towupper(c), towlower(c));
}

static void
decode_lines(void)
{
	char line[256], bytes[128];
	wchar_t wide[128];

	while (fgets(line, sizeof line, stdin) != NULL) {
		size_t n = 0, count;
		unsigned int b;
		for (char *p = line; sscanf(p, "%2x", &b) == 1 && n < sizeof bytes - 1; p += 2)
			bytes[n++] = (char)b;
		bytes[n] = '\0';
		count = mbstowcs(wide, bytes, 128);
		if (count == (size_t)-1) {
			printf("EILSEQ\n");
			continue;
		}
		for (size_t i = 0; i < count; i++)
			printf("%s%x", i ? " " : "", wide[i]);
		printf("\n");
	}
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "classes") == 0) {
		print_classes();
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "decode") == 0) {
		decode_lines();
		return 0;
	}
	test_conversions();
	test_strings();
	test_classes();
	test_streams();
	return report();
}
