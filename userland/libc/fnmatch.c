/*
 * fnmatch(3): the shell's wildcards.  '*' matches any run of characters,
 * '?' one character, [...] one of a set ([!...] or [^...] one not in
 * it; ranges a-z and classes [:alpha:] inside), '\' makes the next
 * character literal.  With FNM_PATHNAME no wildcard matches a '/'; with
 * FNM_PERIOD a '.' that starts the string (or, with FNM_PATHNAME, a
 * component) must be matched by a '.' in the pattern.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <stdbool.h>
#include <string.h>

#include "local.h"

#define STAR_DEPTH_MAX	64	/* nested '*' retries, as OpenBSD bounds them */

static int
fold(int c, int flags)
{
	return (flags & FNM_CASEFOLD) ? tolower(c) : c;
}

/* Would a wildcard here meet a period it may not match? */
static bool
hidden_period(const char *s, const char *start, int flags)
{
	return *s == '.' && (flags & FNM_PERIOD) && (s == start ||
	    ((flags & FNM_PATHNAME) && s[-1] == '/'));
}

/* [:name:] at p: does c belong?  *len gets the class's length, 0 if p
 * is not a known class. */
static bool
in_class(const char *p, int c, size_t *len)
{
	const char *end = strstr(p + 2, ":]");
	int (*is)(int) = end != NULL ? __ctype_class(p + 2, end - (p + 2)) : NULL;

	*len = is != NULL ? (size_t)(end + 2 - p) : 0;
	return is != NULL && is(c);
}

/*
 * The bracket expression at p (just after '[') against c: 1 matched,
 * 0 not, -1 if it is not a bracket expression (no closing ']': then the
 * '[' is an ordinary character).  *end gets the text after it.
 */
static int
bracket(const char *p, int c, int flags, const char **end)
{
	bool negate = false, found = false;
	const char *start;

	if (*p == '!' || *p == '^') {
		negate = true;
		p++;
	}
	start = p;
	c = fold(c, flags);
	while (*p != ']' || p == start) {
		int lo, hi;
		size_t clen;

		if (*p == '\0' || (*p == '/' && (flags & FNM_PATHNAME)))
			return -1;
		if (p[0] == '[' && p[1] == ':') {
			if (in_class(p, c, &clen))
				found = true;
			if (clen > 0) {
				p += clen;
				continue;
			}
		}
		if (*p == '\\' && !(flags & FNM_NOESCAPE) && p[1] != '\0')
			p++;
		lo = hi = (unsigned char)*p++;
		if (p[0] == '-' && p[1] != ']' && p[1] != '\0') {
			p++;
			if (*p == '\\' && !(flags & FNM_NOESCAPE) && p[1] != '\0')
				p++;
			hi = (unsigned char)*p++;
		}
		if ((flags & FNM_CASEFOLD) ? (fold(lo, flags) <= c && c <= fold(hi, flags)) ||
		    (lo <= c && c <= hi) : (lo <= c && c <= hi))
			found = true;
	}
	*end = p + 1;
	return found != negate;
}

static int
match(const char *p, const char *s, const char *start, int flags, int depth)
{
	const char *after;
	int r;

	for (;;) {
		switch (*p) {
		case '\0':
			if (*s == '\0' || ((flags & FNM_LEADING_DIR) && *s == '/'))
				return 0;
			return FNM_NOMATCH;
		case '?':
			if (*s == '\0' || (*s == '/' && (flags & FNM_PATHNAME)) ||
			    hidden_period(s, start, flags))
				return FNM_NOMATCH;
			p++, s++;
			break;
		case '*':
			while (*p == '*')
				p++;
			if (hidden_period(s, start, flags))
				return FNM_NOMATCH;
			if (*p == '\0') {	/* the rest, up to a '/' */
				if (!(flags & FNM_PATHNAME) || (flags & FNM_LEADING_DIR) ||
				    strchr(s, '/') == NULL)
					return 0;
				return FNM_NOMATCH;
			}
			if (depth >= STAR_DEPTH_MAX)
				return FNM_NOMATCH;
			for (;; s++) {
				if (match(p, s, start, flags, depth + 1) == 0)
					return 0;
				if (*s == '\0' || (*s == '/' && (flags & FNM_PATHNAME)))
					return FNM_NOMATCH;
			}
		case '[':
			if (*s == '\0' || (*s == '/' && (flags & FNM_PATHNAME)) ||
			    hidden_period(s, start, flags))
				return FNM_NOMATCH;
			r = bracket(p + 1, (unsigned char)*s, flags, &after);
			if (r == 0)
				return FNM_NOMATCH;
			if (r < 0) {		/* a lone '[' */
				if (*s != '[')
					return FNM_NOMATCH;
				after = p + 1;
			}
			p = after, s++;
			break;
		case '\\':
			if (!(flags & FNM_NOESCAPE) && p[1] != '\0')
				p++;
			/* FALLTHROUGH */
		default:
			if (fold((unsigned char)*p, flags) != fold((unsigned char)*s, flags))
				return FNM_NOMATCH;
			p++, s++;
			break;
		}
	}
}

int
fnmatch(const char *pattern, const char *string, int flags)
{
	return match(pattern, string, string, flags, 0);
}
