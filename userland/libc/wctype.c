/*
 * <wctype.h>: classes and case of Unicode code points.  ASCII follows
 * <ctype.h>; beyond it the tables below know Latin-1, Latin Extended-A
 * (U+0100-U+017F), Greek (U+0386-U+03CE) and Cyrillic (U+0400-U+045F)
 * letters and their cases, and count the kana, CJK ideograph and Hangul
 * syllable blocks as letters.  Other printable code points are
 * punctuation, as glibc's iswpunct (graph and not alnum) has it.
 */
#include <ctype.h>
#include <string.h>
#include <wctype.h>

static int
in(wint_t c, wint_t lo, wint_t hi)
{
	return c >= lo && c <= hi;
}

/* Latin Extended-A: pairs upper/lower, upper even or odd by the run. */
static int
latin_a_pair_upper_is_even(wint_t c)
{
	return in(c, 0x100, 0x137) || in(c, 0x14a, 0x177);
}

static int
latin_a_paired(wint_t c)
{
	return (in(c, 0x100, 0x137) && c != 0x130 && c != 0x131) ||
	    in(c, 0x139, 0x148) || in(c, 0x14a, 0x177) || in(c, 0x179, 0x17e);
}

wint_t
towupper(wint_t c)
{
	if (c < 0x80)
		return c < 0 ? c : toupper(c);
	if (c == 0xb5)
		return 0x39c;		/* micro sign: Greek capital mu */
	if (c == 0xff)
		return 0x178;
	if (in(c, 0xe0, 0xfe) && c != 0xf7)
		return c - 0x20;
	if (c == 0x131)
		return 'I';
	if (c == 0x17f)
		return 'S';
	if (latin_a_paired(c))
		return (c % 2 == 1) == latin_a_pair_upper_is_even(c) ? c - 1 : c;
	if (in(c, 0x3b1, 0x3cb))
		return c == 0x3c2 ? 0x3a3 : c - 0x20;	/* final sigma */
	if (c == 0x3ac)
		return 0x386;
	if (in(c, 0x3ad, 0x3af))
		return c - 0x25;
	if (c == 0x3cc)
		return 0x38c;
	if (in(c, 0x3cd, 0x3ce))
		return c - 0x3f;
	if (in(c, 0x430, 0x44f))
		return c - 0x20;
	if (in(c, 0x450, 0x45f))
		return c - 0x50;
	return c;
}

wint_t
towlower(wint_t c)
{
	if (c < 0x80)
		return c < 0 ? c : tolower(c);
	if (in(c, 0xc0, 0xde) && c != 0xd7)
		return c + 0x20;
	if (c == 0x178)
		return 0xff;
	if (latin_a_paired(c))
		return (c % 2 == 0) == latin_a_pair_upper_is_even(c) ? c + 1 : c;
	if (in(c, 0x391, 0x3ab) && c != 0x3a2)
		return c + 0x20;
	if (c == 0x386)
		return 0x3ac;
	if (in(c, 0x388, 0x38a))
		return c + 0x25;
	if (c == 0x38c)
		return 0x3cc;
	if (in(c, 0x38e, 0x38f))
		return c + 0x3f;
	if (in(c, 0x410, 0x42f))
		return c + 0x20;
	if (in(c, 0x400, 0x40f))
		return c + 0x50;
	return c;
}

int
iswalpha(wint_t c)
{
	if (c < 0x80)
		return c >= 0 && isalpha(c);
	return c == 0xaa || c == 0xb5 || c == 0xba ||
	    (in(c, 0xc0, 0x17f) && c != 0xd7 && c != 0xf7) ||
	    c == 0x386 || in(c, 0x388, 0x38a) || c == 0x38c ||
	    (in(c, 0x38e, 0x3ce) && c != 0x3a2) || in(c, 0x400, 0x45f) ||
	    in(c, 0x3041, 0x3096) || in(c, 0x30a1, 0x30fa) ||
	    in(c, 0x4e00, 0x9fff) || in(c, 0xac00, 0xd7a3);
}

int
iswupper(wint_t c)
{
	return towlower(c) != c || c == 0x130;		/* I with dot above */
}

int
iswlower(wint_t c)
{
	/* Lower-case letters with no one-character upper case: ordinal
	 * indicators, sharp s, kra, 'n, iota and upsilon with both accents. */
	return towupper(c) != c || c == 0xaa || c == 0xba || c == 0xdf ||
	    c == 0x138 || c == 0x149 || c == 0x390 || c == 0x3b0;
}

int
iswdigit(wint_t c)
{
	return in(c, '0', '9');
}

int
iswxdigit(wint_t c)
{
	return c >= 0 && c < 0x80 && isxdigit(c);
}

int
iswalnum(wint_t c)
{
	return iswalpha(c) || iswdigit(c);
}

int
iswblank(wint_t c)
{
	return c == ' ' || c == '\t' || c == 0x1680 || in(c, 0x2000, 0x2006) ||
	    in(c, 0x2008, 0x200a) || c == 0x205f || c == 0x3000;
}

/* Spaces, the no-break ones (U+00A0, U+2007, U+202F) excepted. */
int
iswspace(wint_t c)
{
	return in(c, '\t', '\r') || iswblank(c) || c == 0x2028 || c == 0x2029;
}

int
iswcntrl(wint_t c)
{
	return in(c, 0, 0x1f) || in(c, 0x7f, 0x9f) || c == 0x2028 || c == 0x2029;
}

int
iswprint(wint_t c)
{
	return c >= 0 && c <= 0x10ffff && !iswcntrl(c) && !in(c, 0xd800, 0xdfff) &&
	    c != 0xfffe && c != 0xffff;
}

int
iswgraph(wint_t c)
{
	return iswprint(c) && !iswspace(c) && c != 0xa0;
}

int
iswpunct(wint_t c)
{
	return iswgraph(c) && !iswalnum(c);
}

static const struct {
	const char *name;
	int (*is)(wint_t);
} classes[] = {
	{ "alnum", iswalnum }, { "alpha", iswalpha }, { "blank", iswblank },
	{ "cntrl", iswcntrl }, { "digit", iswdigit }, { "graph", iswgraph },
	{ "lower", iswlower }, { "print", iswprint }, { "punct", iswpunct },
	{ "space", iswspace }, { "upper", iswupper }, { "xdigit", iswxdigit },
};

wctype_t
wctype(const char *name)
{
	for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
		if (strcmp(name, classes[i].name) == 0)
			return (wctype_t)i + 1;
	return 0;
}

int
iswctype(wint_t c, wctype_t type)
{
	if (type < 1 || (size_t)type > sizeof classes / sizeof classes[0])
		return 0;
	return classes[type - 1].is(c);
}

wctrans_t
wctrans(const char *name)
{
	return strcmp(name, "toupper") == 0 ? 1 : strcmp(name, "tolower") == 0 ? 2 : 0;
}

wint_t
towctrans(wint_t c, wctrans_t t)
{
	return t == 1 ? towupper(c) : t == 2 ? towlower(c) : c;
}
